"""Synthetic AuditData (Management Activity API schema) records for one BEC story:
Megan Bowen's mailbox is taken over from hosting IPs, inbox rules hide replies,
mail is forwarded, an OAuth app is consented, MFA is tampered with, auditing is off.
catalogue(tag) returns [(datetime, AuditData dict)] with Ids unique per tag."""
import json
from common import *  # noqa: F401,F403
from common import gid, iso, t

PUID = {VICTIM: "10032001A2B3C4D5", ALEX: "10032001B7C8D9E0", ADMIN: "10032000F1E2D3C4",
        FAB_USER: "1003BFFDA1B2C3D4"}
OWA_CIS = "Client=OWA;Action=ViaProxy"
EWS_CIS = "Client=WebServices;ExchangeWebServices"
REST_CIS = "Client=REST;Client=RESTSystem;;"
SERVER = "AM6PR04MB5560 (15.20.7270.010)"


WHEN = {}


def base(tag, i, when, op, rtype, workload, user, utype=0, **kw):
    rec = {
        "CreationTime": iso(when),
        "Id": gid(tag, i, op),
        "Operation": op,
        "OrganizationId": CONTOSO_TENANT,
        "RecordType": rtype,
        "ResultStatus": kw.pop("ResultStatus", "Succeeded" if rtype in (1, 15) else "Success"),
        "UserKey": PUID.get(user.strip().lower(), user),
        "UserType": utype,
        "Version": 1,
        "Workload": workload,
    }
    rec.update(kw)
    rec["UserId"] = user
    WHEN[rec["Id"]] = when
    return rec


def exo_admin(tag, i, when, op, user, params, object_id, ip="159.203.1.1:52344", utype=0):
    r = base(tag, i, when, op, 1, "Exchange", user, utype, ClientIP=ip, ObjectId=object_id)
    r.update({
        "AppId": "", "ClientAppId": "",
        "ExternalAccess": utype == 4, "OrganizationName": CONTOSO_ORG,
        "OriginatingServer": SERVER + "\r\n",
        "Parameters": [{"Name": k, "Value": v} for k, v in params],
        "SessionId": gid(tag, "exo-session"),
        "AppAccessContext": {"IssuedAtTime": iso(when, 0), "UniqueTokenId": "Ab3dEf9hIjKlMnOp0q1r2s",
                             "AADSessionId": gid("aad-session-attacker")},
    })
    return r


def exo_item(tag, i, when, op, user, rtype=2, ip="159.203.1.1", cis=OWA_CIS, owner=VICTIM, **kw):
    r = base(tag, i, when, op, rtype, "Exchange", user, 0, ClientIP=ip,
             ObjectId=kw.pop("ObjectId", ""))
    r.update({
        "AppId": APP_OWA[0], "ClientAppId": "",
        "ClientIPAddress": ip, "ClientInfoString": cis,
        "ExternalAccess": False, "InternalLogonType": 0,
        "LogonType": 0 if user.strip().lower() == owner else 1,
        "LogonUserSid": "S-1-5-21-1004336348-1177238915-682003330-51201",
        "MailboxGuid": gid("mbx", owner),
        "MailboxOwnerSid": "S-1-5-21-1004336348-1177238915-682003330-51201",
        "MailboxOwnerUPN": owner, "OrganizationName": CONTOSO_ORG,
        "OriginatingServer": SERVER + "\r\n",
        "SessionId": gid(tag, "owa-session"),
        "AppAccessContext": {"AADSessionId": gid("aad-session-attacker"),
                             "UniqueTokenId": "Zx9yW8vU7tS6rQ5pO4nM3l"},
    })
    del r["ClientIP"]
    r.update(kw)
    return r


def aad(tag, i, when, op, user, mods, target, actor_ip=DOC_ATTACK_IP, utype=0, extra=None):
    r = base(tag, i, when, op, 8, "AzureActiveDirectory", user, utype, ObjectId=target,
             AzureActiveDirectoryEventType=1)
    r.update({
        "ActorIpAddress": actor_ip,
        "Actor": [{"ID": user, "Type": 5}, {"ID": PUID.get(user.lower(), ""), "Type": 3}],
        "ActorContextId": CONTOSO_TENANT,
        "InterSystemsId": gid(tag, i, "inter"), "IntraSystemId": gid(tag, i, "intra"),
        "ModifiedProperties": [{"Name": n, "NewValue": nv, "OldValue": ov} for n, ov, nv in mods],
        "Target": [{"ID": target, "Type": 5}],
        "TargetContextId": CONTOSO_TENANT,
        "ExtendedProperties": extra or [{"Name": "additionalDetails", "Value": "{}"},
                                        {"Name": "extendedAuditEventCategory", "Value": "User"}],
    })
    return r


def sts(tag, i, when, op, user, ip, ua, request_id, corr, ok=True, err=0, app=APP_OFFICE,
        os_="Windows10", browser="Edge", rtype_detail="Success"):
    r = base(tag, i, when, op, 15, "AzureActiveDirectory", user, 0,
             ResultStatus="Success" if ok else "Failed", ClientIP=ip, ObjectId=app[0],
             AzureActiveDirectoryEventType=1)
    r.update({
        "ExtendedProperties": [
            {"Name": "ResultStatusDetail", "Value": rtype_detail},
            {"Name": "UserAgent", "Value": ua},
            {"Name": "UserAuthenticationMethod", "Value": "1"},
            {"Name": "RequestType", "Value": "OAuth2:Authorize" if ok else "Login:login"}],
        "ModifiedProperties": [],
        "Actor": [{"ID": PUID.get(user.lower(), ""), "Type": 0}, {"ID": user, "Type": 5}],
        "ActorContextId": CONTOSO_TENANT, "ActorIpAddress": ip,
        "InterSystemsId": corr, "IntraSystemId": request_id,
        "SupportTicketId": "",
        "Target": [{"ID": app[0], "Type": 0}], "TargetContextId": CONTOSO_TENANT,
        "ApplicationId": app[0],
        "DeviceProperties": [{"Name": "OS", "Value": os_}, {"Name": "BrowserType", "Value": browser},
                             {"Name": "Id", "Value": ""},
                             {"Name": "SessionId", "Value": gid(tag, "sess", ip)}],
        "ErrorNumber": str(err),
    })
    if not ok:
        r["LogonError"] = {50126: "InvalidUserNameOrPassword", 50074: "UserStrongAuthClientAuthNRequiredInterrupt",
                           50140: "KmsiInterrupt"}.get(err, "Other")
    return r


def spo(tag, i, when, user, fname, ip=OFFICE_IP):
    url = "https://contoso.sharepoint.com/sites/Finance/Shared Documents/" + fname
    r = base(tag, i, when, "FileAccessed", 6, "SharePoint", user, 0, ClientIP=ip, ObjectId=url)
    r.update({"UserAgent": UA_EDGE, "EventSource": "SharePoint", "ItemType": "File",
              "ListId": gid("list-finance"), "ListItemUniqueId": gid("item", fname),
              "Site": gid("site-finance"), "WebId": gid("web-finance"),
              "SiteUrl": "https://contoso.sharepoint.com/sites/Finance/",
              "SourceFileExtension": fname.rsplit(".", 1)[1], "SourceFileName": fname,
              "SourceRelativeUrl": "Shared Documents"})
    return r


def folders(*paths):
    out = []
    for n, p in enumerate(paths):
        items = [{"InternetMessageId": "<%s@AM6PR04MB5560.eurprd04.prod.outlook.com>" % gid("msg", p, k)[:23].upper(),
                  "SizeInBytes": 18234 + 977 * k} for k in range(2 + n)]
        out.append({"Id": "LgAAAADm" + gid("fld", p).replace("-", "")[:40] + "AQ", "Path": p, "FolderItems": items})
    return out


RULE_ACTIONS = json.dumps([{"ActionType": "ForwardToRecipientsAction", "Recipients": [ATTACKER_MAIL]}],
                          separators=(",", ":"))
RULE_COND = ("{\"Type\":\"AndCondition\",\"SubConditions\":[{\"Type\":\"ContainsSubjectOrBodyStringsCondition\","
             "\"Strings\":[\"invoice\",\"payment\"]}]}")
MIRROR_REQUEST_ID = "8f3c2a10-5b7e-4d21-9c44-1e0a7b6d2f00"
MIRROR_CORRELATION_ID = "e2b7c4d1-9a3f-4e58-b6c0-7d1f2a3b4c5d"
MIRROR_TIME = "2026-01-04 08:19:41"


def catalogue(tag, start="2026-01-04 08:19:41"):
    """The whole story, ~32 records, in time order."""
    T0 = t(start)
    import datetime as _dt

    def at(m, s=0):
        return T0 + _dt.timedelta(minutes=m, seconds=s)
    V, rid = VICTIM, lambda k: gid(tag, "req", k)
    rule_obj = VICTIM + "\\."
    R = [
        sts(tag, 0, at(-7), "UserLoginFailed", V, OVH_IP, UA_PY, rid(0), gid(tag, "c", 0), ok=False, err=50126,
            os_="Linux", browser="Other", rtype_detail="Redirect"),
        sts(tag, 1, at(0), "UserLoggedIn", V, DO_IP, UA_LINUX, rid(1), gid(tag, "c", 1), os_="Linux",
            browser="Chrome"),
        exo_admin(tag, 2, at(9, 12), "New-InboxRule", V,
                  [("Name", "."), ("MoveToFolder", "RSS Feeds"), ("MarkAsRead", "True"),
                   ("StopProcessingRules", "True"), ("SubjectOrBodyContainsWords", "invoice;payment")], rule_obj),
        exo_admin(tag, 3, at(10, 3), "Set-InboxRule", V,
                  [("Identity", rule_obj), ("DeleteMessage", "True"), ("MarkAsRead", "True")], rule_obj),
        exo_admin(tag, 4, at(11, 40), "New-InboxRule", V,
                  [("Name", "Sync"), ("ForwardTo", ATTACKER_MAIL), ("StopProcessingRules", "False")],
                  VICTIM + "\\Sync", ip="[2001:db8::1]:443"),
        exo_item(tag, 5, at(12, 5), "UpdateInboxRules", V, ObjectId=VICTIM + "\\Inbox", cis="Client=MSExchangeRPC",
                 OperationProperties=[{"Name": "RuleName", "Value": "..."},
                                      {"Name": "RuleId", "Value": "7061865138213748737"},
                                      {"Name": "RuleOperation", "Value": "AddMailboxRule"},
                                      {"Name": "RuleState", "Value": "Enabled"},
                                      {"Name": "RuleCondition", "Value": RULE_COND},
                                      {"Name": "RuleActions", "Value": RULE_ACTIONS},
                                      {"Name": "ServerRule", "Value": "True"}]),
        exo_admin(tag, 6, at(13), "Set-Mailbox", V,
                  [("Identity", VICTIM), ("ForwardingSmtpAddress", "smtp:" + ATTACKER_MAIL),
                   ("DeliverToMailboxAndForward", "True")], VICTIM),
        exo_item(tag, 7, at(14, 22), "MailItemsAccessed", V, rtype=50, cis=REST_CIS,
                 OperationProperties=[{"Name": "MailAccessType", "Value": "Bind"},
                                      {"Name": "IsThrottled", "Value": "False"}],
                 OperationCount=5, Folders=folders("\\Inbox", "\\Sent Items")),
        exo_item(tag, 8, at(15, 1), "MailItemsAccessed", V, rtype=50, cis="Client=WebServices;eM Client",
                 OperationProperties=[{"Name": "MailAccessType", "Value": "Sync"},
                                      {"Name": "IsThrottled", "Value": "False"}],
                 OperationCount=1, Folders=[{"Id": "LgAAAADmInboxSync0001AQ", "Path": "\\Inbox"}]),
        exo_item(tag, 9, at(16, 30), "Send", V, Item={
            "Id": gid(tag, "item", 9), "InternetMessageId": "<CONTOSO%s@contoso.com>" % gid(tag, 9)[:8].upper(),
            "ParentFolder": {"Id": "LgAAAADmDrafts", "Path": "\\Drafts"},
            "Subject": "RE: Updated banking details for invoice INV-20417", "SizeInBytes": 48211,
            "Attachments": "INV-20417.pdf (41022b)"}),
        exo_item(tag, 10, at(17), "SendAs", V, SendAsUserSmtp="finance@contoso.com",
                 SendAsUserMailboxGuid=gid("mbx", "finance"),
                 Item={"Id": gid(tag, "item", 10), "Subject": "Payment instructions", "SizeInBytes": 20113}),
        exo_item(tag, 11, at(17, 30), "SendOnBehalf", ALEX, owner=V, SendOnBehalfOfUserSmtp=V,
                 SendOnBehalfOfUserMailboxGuid=gid("mbx", V),
                 Item={"Id": gid(tag, "item", 11), "Subject": "Wire today please", "SizeInBytes": 9921}),
        exo_item(tag, 12, at(18), "SoftDelete", V, Folder={"Id": "LgAAAADmSent", "Path": "\\Sent Items"},
                 AffectedItems=[{"Id": gid(tag, "ai", 12), "InternetMessageId": "<SENT1@contoso.com>",
                                 "ParentFolder": {"Path": "\\Sent Items"},
                                 "Subject": "RE: Updated banking details for invoice INV-20417"}]),
        exo_item(tag, 13, at(18, 20), "HardDelete", V, Folder={"Id": "LgAAAADmRecov", "Path": "\\Recoverable Items\\Deletions"},
                 AffectedItems=[{"Id": gid(tag, "ai", 13), "InternetMessageId": "<SENT1@contoso.com>",
                                 "Subject": "RE: Updated banking details for invoice INV-20417"}]),
        exo_item(tag, 14, at(18, 40), "MoveToDeletedItems", V, Folder={"Id": "LgAAAADmInbox", "Path": "\\Inbox"},
                 DestFolder={"Id": "LgAAAADmDel", "Path": "\\Deleted Items"},
                 AffectedItems=[{"Id": gid(tag, "ai", 14), "InternetMessageId": "<NDR88@fabrikam.com>",
                                 "Subject": "Undeliverable: Payment instructions"}]),
        exo_item(tag, 15, at(19, 2), "SearchQueryInitiatedExchange", V, QueryText="invoice OR \"wire transfer\"",
                 QuerySource="OWA"),
        exo_admin(tag, 16, at(20), "Add-MailboxPermission", V,
                  [("Identity", "finance@contoso.com"), ("User", V), ("AccessRights", "FullAccess"),
                   ("InheritanceType", "All")], "finance@contoso.com"),
        exo_admin(tag, 17, at(20, 30), "Add-RecipientPermission", V,
                  [("Identity", "finance@contoso.com"), ("Trustee", V), ("AccessRights", "SendAs"),
                   ("Confirm", "False")], "finance@contoso.com"),
        exo_admin(tag, 18, at(21), "Add-MailboxFolderPermission", V,
                  [("Identity", V + ":\\Inbox"), ("User", "Default"), ("AccessRights", "Reviewer")], V + ":\\Inbox"),
        aad(tag, 19, at(22), "Consent to application.", V, [
            ("ConsentContext.IsAdminConsent", "", "False"), ("ConsentContext.IsAppOnly", "", "False"),
            ("ConsentContext.OnBehalfOfAll", "", "False"), ("ConsentContext.Tags", "", "WindowsAzureActiveDirectoryIntegratedApp"),
            ("ConsentAction.Permissions", "",
             "[] => [[Id: %s, ClientId: %s, PrincipalId: %s, ResourceId: %s, ConsentType: Principal, "
             "Scope: Mail.Read offline_access, CreatedDateTime: , LastModifiedDateTime ]]; "
             % (gid("grant"), gid("sp", APP_EVIL[0]), VICTIM_OID, gid("sp-graph"))),
            ("ConsentAction.Reason", "", "Risky application detected"),
            ("TargetId.ServicePrincipalNames", "", APP_EVIL[0])], APP_EVIL[1]),
        aad(tag, 20, at(22, 1), "Add OAuth2PermissionGrant.", V, [
            ("DelegatedPermissionGrant.Scope", "", "Mail.Read offline_access"),
            ("DelegatedPermissionGrant.ConsentType", "", "Principal"),
            ("ServicePrincipal.ObjectID", "", gid("sp", APP_EVIL[0])),
            ("Included Updated Properties", "", "")], "Microsoft Graph"),
        aad(tag, 21, at(24), "User registered security info.", V, [], V,
            extra=[{"Name": "additionalDetails", "Value": "{\"Method\":\"Authenticator App\"}"},
                   {"Name": "extendedAuditEventCategory", "Value": "UserManagement"}]),
        aad(tag, 22, at(24, 5), "Update user.", "ServicePrincipal_" + gid("sp-mfa")[:8], [
            ("StrongAuthenticationMethod", "[{\"MethodType\":6,\"Default\":true}]",
             "[{\"MethodType\":6,\"Default\":false},{\"MethodType\":7,\"Default\":true}]"),
            ("Included Updated Properties", "", "StrongAuthenticationMethod")], V, utype=4),
        aad(tag, 23, at(26), "Disable Strong Authentication.", ADMIN, [
            ("StrongAuthenticationRequirement", "[{\"RelyingParty\":\"*\",\"State\":1}]", "[]")], V,
            actor_ip=DOC_ATTACK_IP, utype=2),
        aad(tag, 24, at(27), "Add member to role.", ADMIN, [
            ("Role.DisplayName", "", "Exchange Administrator"), ("Role.WellKnownObjectName", "", "ExchangeServiceAdmin")],
            V, utype=2),
        exo_admin(tag, 25, at(28), "Set-AdminAuditLogConfig", ADMIN,
                  [("UnifiedAuditLogIngestionEnabled", "False")], "Admin Audit Log Settings", utype=2),
        exo_admin(tag, 26, at(29), "Set-MailUser", ADMIN,
                  [("Identity", "ext.contractor"), ("ExternalEmailAddress", "SMTP:" + ATTACKER_MAIL)], "ext.contractor",
                  utype=2),
        exo_admin(tag, 27, at(30), "New-TransportRule", ADMIN,
                  [("Name", "Compliance copy"), ("BlindCopyTo", ATTACKER_MAIL), ("RedirectMessageTo", "archive@evil.example"),
                   ("SentToScope", "NotInOrganization")], "Compliance copy", utype=2),
        exo_admin(tag, 28, at(31), "Disable-InboxRule", V, [("Identity", VICTIM + "\\Sync")], VICTIM + "\\Sync"),
        exo_admin(tag, 29, at(31, 10), "Enable-InboxRule", V, [("Identity", VICTIM + "\\Sync")], VICTIM + "\\Sync"),
        exo_admin(tag, 30, at(32), "Remove-InboxRule", V, [("Identity", VICTIM + "\\Sync"), ("Confirm", "False")],
                  VICTIM + "\\Sync"),
        spo(tag, 31, at(35), V, "Vendor bank details.xlsx", ip=DO_IP),
        spo(tag, 32, at(36), ALEX, "Q1 budget.docx"),
        exo_admin(tag, 33, at(40), "Set-Mailbox", SYSTEM_ACTOR,
                  [("Identity", ALEX), ("RetentionPolicy", "Default MRM Policy")], ALEX, ip="", utype=4),
        exo_item(tag, 34, at(41), "MailItemsAccessed", SID_SYSTEM, rtype=50, owner=ALEX, ip="",
                 cis="Client=Microsoft.Exchange.Search.Service", OperationCount=1,
                 OperationProperties=[{"Name": "MailAccessType", "Value": "Bind"},
                                      {"Name": "IsThrottled", "Value": "False"}],
                 Folders=folders("\\Inbox")),
    ]
    out = []
    for r in R:
        out.append((WHEN[r["Id"]], r))
    return out


def set_ip(rec, value):
    """Put an IP into the field the workload really uses."""
    if "ClientIPAddress" in rec:
        rec["ClientIPAddress"] = value
    elif "ActorIpAddress" in rec and rec["RecordType"] == 8:
        rec["ActorIpAddress"] = value
    else:
        rec["ClientIP"] = value
        if "ActorIpAddress" in rec:
            rec["ActorIpAddress"] = value


def mirrored_logon(tag="mirror"):
    """The UAL twin of the Entra interactive sign-in row with MIRROR_REQUEST_ID."""
    return sts(tag, 0, t(MIRROR_TIME), "UserLoggedIn", VICTIM, DO_IP, UA_LINUX, MIRROR_REQUEST_ID,
               MIRROR_CORRELATION_ID, os_="Linux", browser="Chrome")
