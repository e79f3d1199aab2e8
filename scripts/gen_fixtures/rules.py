"""Mailbox-rule inventory CSV as collection tools write it (Get-MailboxRules -> Export-Csv)."""
from common import ADMIN, ALEX, ATTACKER_MAIL, VICTIM, csv_text, encode, register, write_bytes

HEADER = ["UserName", "RuleName", "Enabled", "Priority", "RuleIdentity", "StopProcessingRules", "CopyToFolder",
          "MoveToFolder", "RedirectTo", "ForwardTo", "ForwardAsAttachmentTo", "ApplyCategory", "MarkImportance",
          "MarkAsRead", "DeleteMessage", "SoftDeleteMessage", "From", "SubjectContainsWords",
          "SubjectOrBodyContainsWords", "BodyContainsWords", "HasAttachment", "Description", "InError", "ErrorType"]


def desc(conds, actions):
    s = "If the message:\r\n" + "".join("\t%s\r\n" % c for c in conds)
    s += "Take the following actions:\r\n" + "\r\n".join("\t" + ("and " if i else "") + a
                                                           for i, a in enumerate(actions)) + "\r\n"
    return s


def rule(user, name, prio, ident, **kw):
    row = {h: "" for h in HEADER}
    row.update({"UserName": user, "RuleName": name, "Enabled": "True", "Priority": str(prio),
                "RuleIdentity": ident, "StopProcessingRules": "False", "MarkAsRead": "False",
                "DeleteMessage": "False", "SoftDeleteMessage": "False", "HasAttachment": "False",
                "InError": "False", "MarkImportance": ""})
    row.update(kw)
    return [row[h] for h in HEADER]


def generate():
    rows = [
        rule(VICTIM, ".", 1, "7061865138213748737", StopProcessingRules="True", MoveToFolder="RSS Feeds",
             MarkAsRead="True", SubjectOrBodyContainsWords="invoice, payment",
             Description=desc(["includes 'invoice' or 'payment' in the subject or body"],
                              ["move the message to folder 'RSS Feeds'", "mark the message as read",
                               "stop processing more rules on this message"])),
        rule(VICTIM, "Sync", 2, "7061865138213748738",
             ForwardTo='"%s" [SMTP:%s], "Backup" [SMTP:backup@evil.example]' % (ATTACKER_MAIL, ATTACKER_MAIL),
             Description=desc(["Applied to all messages"],
                              ["forward the message to '%s' or 'Backup'" % ATTACKER_MAIL])),
        rule(VICTIM, "..", 3, "7061865138213748739", StopProcessingRules="True", DeleteMessage="True",
             From='"Accounts Payable" [SMTP:accounts@fabrikam.com]',
             Description=desc(["is received from 'Accounts Payable'"],
                              ["delete the message", "stop processing more rules on this message"])),
        rule(ALEX, "Newsletters", 1, "5390120984723456001", MoveToFolder="Newsletters",
             From='"Contoso News" [SMTP:news@contoso.com]',
             Description=desc(["is received from 'Contoso News'"], ["move the message to folder 'Newsletters'"])),
        rule(ALEX, "Flag boss mail", 2, "5390120984723456002", ApplyCategory="Red category", MarkImportance="High",
             From='"Megan Bowen" [SMTP:%s]' % VICTIM, HasAttachment="True",
             Description=desc(["is received from 'Megan Bowen'", "has an attachment"],
                              ["mark the message with 'High' importance", "apply the category 'Red category'"])),
        rule(ADMIN, "Out of office assistant", 1, "2810450071934812161", Enabled="False",
             RedirectTo='"Executive Assistant" [SMTP:assistant@contoso.com]', CopyToFolder="Archive",
             SubjectContainsWords="urgent, travel", BodyContainsWords="itinerary",
             Description=desc(["includes 'urgent' or 'travel' in the subject", "includes 'itinerary' in the body"],
                              ["redirect the message to 'Executive Assistant'", "copy the message to folder 'Archive'"])),
        rule(ADMIN, "Old forward", 2, "2810450071934812162", ForwardAsAttachmentTo='"Old Helpdesk" [EX:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=helpdesk]',
             SoftDeleteMessage="True", InError="True", ErrorType="RecipientNotFound",
             Description=desc(["Applied to all messages"], ["forward the message as an attachment to 'Old Helpdesk'"])),
    ]
    write_bytes("rules/MailboxRules.csv", encode(csv_text(HEADER, rows, quote_all=True), "utf8bom"))
    register("rules/MailboxRules.csv", "rules-inventory-csv", len(rows), len(rows),
             notes="all quoted, UTF-8 BOM, multi-line Description; BEC rules '.', 'Sync' (external ForwardTo), "
                   "'..' (delete); benign rules incl. a disabled RedirectTo and an InError rule")
