#!/usr/bin/env python3
"""Generate the end-to-end test stories under fixtures/stories/.

  (a) bec_takeover   contoso.com, 2026-02-02 .. 2026-02-15: an AiTM takeover of
                     megan.bowen@contoso.com from a DigitalOcean host, hidden inbox rule,
                     bulk mail access, a payment-redirect mail, mailbox forwarding, a new
                     authenticator app, deleted evidence; then, on 12 Feb, a second wave from
                     an unlisted VPS (91.92.240.10, AS202412): Megan's stolen session replayed,
                     five more hiding rules in her mailbox (two with a mailbox-GUID ObjectId),
                     a password sign-in to diego.siciliani@contoso.com minutes later, and an
                     anonymous OneDrive sharing link created by Diego and used from that IP.
  (b) benign_tenant  fabrikam.com, same fortnight: a busy tenant with a traveller, a corporate
                     VPN on a hosting ASN (allow-listed in mailtrail.toml), ordinary rules,
                     delegation by the admin, MFA prompts, a new employee.

Python 3 standard library only. Deterministic: ids are uuid5 over fixed names, jitter comes
from random.Random seeded per story, files are rewritten byte-identically on every run.

Usage: python3 scripts/gen_stories.py [--out DIR]   (default: <repo>/fixtures/stories)
"""
import argparse
import base64
import csv
import datetime as dt
import hashlib
import io
import json
import os
import random
import uuid

UTC = dt.timezone.utc
NS = uuid.UUID("5a0c7e1e-3b7d-4c55-9a61-73746f726965")  # fixed namespace for the stories
MS_TENANT = "f8cdef31-a31e-4b4a-93e4-5f571e91255a"      # Microsoft Services (app owner)

ENTRA_HEADER = (
    "Date (UTC),Request ID,User agent,Correlation ID,User ID,User,Username,User type,Cross tenant access type,"
    "Incoming token type,Authentication Protocol,Unique token identifier,Original transfer method,"
    "Client credential type,Token Protection - Sign In Session,Token Protection - Sign In Session StatusCode,"
    "Application,Application ID ,App owner tenant ID,Resource,Resource ID ,Resource tenant ID,Resource owner tenant ID,"
    "Home tenant ID,Home tenant name,IP address,Location,Status,Sign-in error code,Failure reason,Client app,Device ID,"
    "Browser,Operating System,Compliant,Managed,Join Type,Multifactor authentication result,"
    "Multifactor authentication auth method,Multifactor authentication auth detail,Authentication requirement,"
    "Sign-in identifier,Session ID,IP address (seen by resource),Through Global Secure Access,"
    "Global Secure Access IP address,Autonomous system  number,Flagged for review,Token issuer type,"
    "Incoming token type,Token issuer name,Latency,Conditional Access,Managed Identity type,Associated Resource Id,"
    "Federated Token Id,Federated Token Issuer").split(",")
assert len(ENTRA_HEADER) == 57
PURVIEW_HEADER = ["RecordId", "CreationDate", "RecordType", "Operation", "UserId", "AuditData",
                  "AssociatedAdminUnits", "AssociatedAdminUnitsNames"]
RT_NAME = {1: "ExchangeAdmin", 2: "ExchangeItem", 3: "ExchangeItemGroup", 8: "AzureActiveDirectory",
           6: "SharePointFileOperation", 14: "SharePointSharingOperation", 15: "AzureActiveDirectoryStsLogon",
           50: "ExchangeItemAggregated", 101: "ExchangeSearch"}

# ------------------------------------------------------------------ applications
APP_OFFICEHOME = ("4765445b-32c6-49b0-83e6-1d93765276ca", "OfficeHome")
APP_OFFICE = ("d3590ed6-52b3-4102-aeff-aad2292ab01c", "Microsoft Office")
APP_TEAMS = ("1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams")
APP_OWA = ("00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online")
APP_PORTAL = ("00000006-0000-0ff1-ce00-000000000000", "Microsoft Office 365 Portal")
APP_OUTLOOK_MOBILE = ("27922004-5251-4030-b22d-91ecd9a37ea4", "Outlook Mobile")
APP_MYSIGNINS = ("19db86c3-b2b9-44cc-b339-36da233a3be2", "My Signins")
RES_EXO = ("00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online")
RES_GRAPH = ("00000003-0000-0000-c000-000000000000", "Microsoft Graph")
RES_SKYPE = ("00000004-0000-0ff1-ce00-000000000000", "Skype for Business Online")
RES_PORTAL = ("00000006-0000-0ff1-ce00-000000000000", "Microsoft Office 365 Portal")

UA_EDGE = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/121.0.0.0 Safari/537.36 Edg/121.0.0.0")
UA_OUTLOOK = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17231; Pro)"
UA_TEAMS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/121.0.0.0 Safari/537.36 Edg/121.0.0.0 Teams/24004.1403.2634.2418")
UA_IOS_OUTLOOK = "Outlook-iOS/709.2231003.prod.iphone (4.2405.0)"
UA_SAFARI_MAC = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                 "Version/17.2 Safari/605.1.15")
UA_AXIOS = "axios/1.7.2"
UA_CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/122.0.0.0 Safari/537.36")

FAIL = {
    0: "Other.",
    50126: "Error validating credentials due to invalid username or password.",
    50074: "Strong Authentication is required.",
    50079: "Due to a configuration change made by your administrator, or because you moved to a new location, "
           "you must enroll in multi-factor authentication to access the resource.",
    50140: "This error occurred due to 'Keep me signed in' interrupt when the user was signing in.",
}
OUTLOOK_CIS = "Client=MSExchangeRPC"
REST_CIS = "Client=REST;Client=RESTSystem;;"
OWA_PROXY_CIS = "Client=OWA;Action=ViaProxy"


# ------------------------------------------------------------------ small helpers
def iso(d, frac=0, z=False):
    s = d.strftime("%Y-%m-%dT%H:%M:%S")
    if frac:
        s += "." + ("%06d" % d.microsecond + "000")[:frac]
    return s + ("Z" if z else "")


def utc(y, mo, d, h=0, mi=0, s=0):
    return dt.datetime(y, mo, d, h, mi, s, tzinfo=UTC)


def csv_bytes(header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def jdump(o):
    return json.dumps(o, ensure_ascii=False, separators=(",", ":"))


class Person:
    def __init__(self, st, upn, name, home, office, tz, device, seq):
        self.upn, self.name = upn, name
        self.oid = st.gid("oid", upn)
        self.puid = "1003%012X" % (0x2001A0000000 + seq * 0x1F3A5B7)
        self.sid = "S-1-5-21-%d-%d-%d-%d" % (st.sid_base, st.sid_base // 3 + 77, 682003330, 5120 + seq)
        self.home, self.office, self.tz = home, office, tz
        self.device = device        # (id, name, os, browser, join type) or None
        self.mbx = st.gid("mailbox", upn)


class Story:
    """Collects Entra sign-in rows and UAL AuditData records for one tenant."""

    def __init__(self, tag, tenant_id, tenant_name, org_name, nets, seed, server):
        self.tag, self.tenant, self.tenant_name, self.org = tag, tenant_id, tenant_name, org_name
        self.nets, self.rng, self.server = nets, random.Random(seed), server
        self.sid_base = 1004336348 if tag == "STA" else 2093118812
        self.interactive, self.noninteractive, self.ual = [], [], []
        self.n = 0

    def gid(self, *parts):
        return str(uuid.uuid5(NS, "/".join([self.tag] + [str(p) for p in parts])))

    def nid(self):
        self.n += 1
        return self.gid("rec", self.n)

    def token(self, *parts):
        raw = uuid.uuid5(NS, "/".join([self.tag, "tok"] + [str(p) for p in parts])).bytes
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")[:22]

    # -------------------------------------------------------------- sign-ins
    def signin(self, when, p, ip, app, *, err=0, ua=UA_OUTLOOK, client="Mobile Apps and Desktop clients",
               resource=RES_EXO, session="", corr=None, mfa="token", device=True, interactive=True,
               os_=None, browser=None, ca=None):
        city, state, cc, asn = self.nets[ip]
        dev = p.device if device else None
        req = self.nid()
        status = "Success" if err == 0 else ("Failure" if err == 50126 else "Interrupted")
        if mfa == "token" and err == 0:
            mfa_res, mfa_meth, req_lvl = "MFA requirement satisfied by claim in the token", "Previously satisfied", \
                "Multifactor authentication"
        elif mfa == "push" and err == 0:
            mfa_res, mfa_meth, req_lvl = "MFA successfully completed", "Mobile app notification", \
                "Multifactor authentication"
        elif mfa == "push":
            mfa_res, mfa_meth, req_lvl = "", "", "Multifactor authentication"
        else:
            mfa_res, mfa_meth, req_lvl = "", "", "Single-factor authentication"
        v = {
            "Date (UTC)": iso(when, z=True), "Request ID": req, "User agent": ua,
            "Correlation ID": corr or self.gid("corr", req), "User ID": p.oid, "User": p.name, "Username": p.upn,
            "User type": "Member", "Cross tenant access type": "None",
            "Incoming token type": "None" if interactive else "Primary Refresh Token" if dev else "Refresh token",
            "Authentication Protocol": "None", "Unique token identifier": self.token(req) if err == 0 else "",
            "Original transfer method": "None", "Client credential type": "None",
            "Token Protection - Sign In Session": "Unbound",
            "Token Protection - Sign In Session StatusCode": "",
            "Application": app[1], "Application ID": app[0], "App owner tenant ID": MS_TENANT,
            "Resource": resource[1], "Resource ID": resource[0], "Resource tenant ID": self.tenant,
            "Resource owner tenant ID": MS_TENANT, "Home tenant ID": self.tenant, "Home tenant name": self.tenant_name,
            "IP address": ip, "Location": "%s, %s, %s" % (city, state, cc), "Status": status,
            "Sign-in error code": str(err), "Failure reason": FAIL[err], "Client app": client,
            "Device ID": dev[0] if dev else "", "Browser": browser if browser is not None else (dev[3] if dev else ""),
            "Operating System": os_ if os_ is not None else (dev[2] if dev else ""),
            "Compliant": "True" if dev else "False", "Managed": "True" if dev else "False",
            "Join Type": dev[4] if dev else "",
            "Multifactor authentication result": mfa_res, "Multifactor authentication auth method": mfa_meth,
            "Multifactor authentication auth detail": "", "Authentication requirement": req_lvl,
            "Sign-in identifier": p.upn, "Session ID": session, "IP address (seen by resource)": "",
            "Through Global Secure Access": "No", "Global Secure Access IP address": "",
            "Autonomous system number": str(asn), "Flagged for review": "No", "Token issuer type": "AzureAD",
            "Token issuer name": "", "Latency": str(self.rng.randint(48, 260)),
            "Conditional Access": ca or ("Success" if err == 0 and interactive else "Not Applied"),
            "Managed Identity type": "", "Associated Resource Id": "", "Federated Token Id": "",
            "Federated Token Issuer": "",
        }
        row = [v[" ".join(h.split())] for h in ENTRA_HEADER]
        (self.interactive if interactive else self.noninteractive).append((when, row))
        return req

    # -------------------------------------------------------------- UAL
    def _base(self, when, op, rtype, workload, user, utype, status, **kw):
        rec = {"CreationTime": iso(when), "Id": self.nid(), "Operation": op, "OrganizationId": self.tenant,
               "RecordType": rtype, "ResultStatus": status, "UserKey": user.puid if isinstance(user, Person) else user,
               "UserType": utype, "Version": 1, "Workload": workload}
        rec.update(kw)
        rec["UserId"] = user.upn if isinstance(user, Person) else user
        self.ual.append((when, rec))
        return rec

    def _ctx(self, when, p, session, app):
        return {"AADSessionId": session, "ClientAppId": app[0], "ClientAppName": app[1],
                "IssuedAtTime": iso(when.replace(second=0) - dt.timedelta(minutes=self.rng.randint(3, 40))),
                "UniqueTokenId": self.token("uti", p.upn, session, when.date())}

    def exo_admin(self, when, p, op, params, object_id, ip, session, app=APP_OWA, utype=2, port=None):
        return self._base(when, op, 1, "Exchange", p, utype, "True",
                          ClientIP="%s:%d" % (ip, port) if port else ip, ObjectId=object_id,
                          AppId="", ClientAppId="", ExternalAccess=False, OrganizationName=self.org,
                          OriginatingServer=self.server + " (15.20.8445.017)\r\n",
                          Parameters=[{"Name": k, "Value": v} for k, v in params],
                          SessionId=session, AppAccessContext=self._ctx(when, p, session, app))

    def exo_item(self, when, p, op, rtype, ip, cis, session, app, owner=None, **kw):
        owner = owner or p
        rec = self._base(when, op, rtype, "Exchange", p, 0, "Succeeded",
                         AppId=app[0], ClientAppId="", ClientIPAddress=ip, ClientInfoString=cis,
                         ExternalAccess=False, InternalLogonType=0, LogonType=0 if owner is p else 2,
                         LogonUserSid=p.sid, MailboxGuid=owner.mbx, MailboxOwnerSid=owner.sid,
                         MailboxOwnerUPN=owner.upn, OrganizationName=self.org,
                         OriginatingServer=self.server + " (15.20.8445.017)\r\n",
                         SessionId=session, AppAccessContext=self._ctx(when, p, session, app))
        rec.update(kw)
        return rec

    def folder_id(self, p, path):
        return "LgAAAAB" + self.gid("folder", p.upn, path).replace("-", "")[:44].upper() + "AQ"

    def mail_access(self, when, p, ip, cis, session, app, access, folders, throttled=False, owner=None):
        """folders: [(path, [(internet_message_id, size)])] (Sync: empty item lists)."""
        fl, count = [], 0
        for path, items in folders:
            f = {"Id": self.folder_id(p, path), "Path": path}
            if items:
                f["FolderItems"] = [{"InternetMessageId": m, "SizeInBytes": s} for m, s in items]
                count += len(items)
            else:
                count += 1
            fl.append(f)
        return self.exo_item(when, p, "MailItemsAccessed", 50, ip, cis, session, app, owner=owner, Folders=fl,
                             OperationCount=count,
                             OperationProperties=[{"Name": "MailAccessType", "Value": access},
                                                  {"Name": "IsThrottled", "Value": str(throttled)}])

    def send(self, when, p, ip, cis, session, app, subject, size, attachments="", send_as=None):
        msgid = "<%s@%s.namprd%02d.prod.outlook.com>" % (
            self.gid("msg", p.upn, when).replace("-", "")[:26].upper(), self.server, 4 if self.tag == "STA" else 11)
        item = {"Id": "RgAAAAB" + self.gid("item", msgid).replace("-", "")[:40].upper() + "AAAJ",
                "InternetMessageId": msgid,
                "ParentFolder": {"Id": self.folder_id(p, "\\Sent Items"), "Path": "\\Sent Items"},
                "SizeInBytes": size, "Subject": subject}
        if attachments:
            item["Attachments"] = attachments
        op, extra = "Send", {}
        if send_as:
            op = "SendAs"
            extra = {"SendAsUserSmtp": send_as.upn, "SendAsUserMailboxGuid": send_as.mbx}
        self.exo_item(when, p, op, 2, ip, cis, session, app, Item=item, **extra)
        return msgid

    def delete(self, when, p, ip, cis, session, app, op, folder, items):
        """items: [(subject, internet_message_id)]"""
        aff = [{"Attachments": "", "Id": "RgAAAAB" + self.gid("item", m).replace("-", "")[:40].upper() + "AAAJ",
                "InternetMessageId": m, "ParentFolder": {"Id": self.folder_id(p, folder), "Path": folder},
                "Subject": s} for s, m in items]
        return self.exo_item(when, p, op, 3, ip, cis, session, app, AffectedItems=aff, CrossMailboxOperation=False,
                             Folder={"Id": self.folder_id(p, folder), "Path": folder})

    def search(self, when, p, ip, cis, session, app, query):
        return self.exo_item(when, p, "SearchQueryInitiatedExchange", 101, ip, cis, session, app,
                             QueryText=query, QuerySource="Search", SearchQueryScope="AllFolders")

    def security_info(self, when, p, ip, method, device_name):
        return self._base(when, "User registered security info.", 8, "AzureActiveDirectory", p, 0, "Success",
                          ObjectId=p.upn, AzureActiveDirectoryEventType=1, ClientIP=ip, ActorIpAddress=ip,
                          Actor=[{"ID": p.upn, "Type": 5}, {"ID": p.puid, "Type": 3},
                                 {"ID": "User_" + p.oid, "Type": 2}],
                          ActorContextId=self.tenant, InterSystemsId=self.gid("inter", p.upn, when),
                          IntraSystemId=self.gid("intra", p.upn, when),
                          ModifiedProperties=[],
                          Target=[{"ID": "User_" + p.oid, "Type": 2}, {"ID": p.oid, "Type": 2},
                                  {"ID": "User", "Type": 2}, {"ID": p.upn, "Type": 5}],
                          TargetContextId=self.tenant,
                          ExtendedProperties=[
                              {"Name": "additionalDetails",
                               "Value": jdump({"Method": method, "DeviceName": device_name})},
                              {"Name": "extendedAuditEventCategory", "Value": "User"}])

    def spo(self, when, user, op, rtype, ip, ua, site_url, folder, file_name, *, session=None, app=None, **kw):
        """A SharePoint/OneDrive record (Management Activity API SharePoint base + file
        operation / sharing schema). `user` is a Person or an anonymous id (urn:spo:anon#...);
        `session` (the Entra session id) adds AppAccessContext for a signed-in user."""
        anon = not isinstance(user, Person)
        site = self.gid("site", site_url)
        rec = {"CreationTime": iso(when), "Id": self.nid(), "Operation": op, "OrganizationId": self.tenant,
               "RecordType": rtype,
               "UserKey": user if anon else "i:0h.f|membership|%s@live.com" % user.puid.lower(),
               "UserType": 0, "Version": 1,
               "Workload": "OneDrive" if "-my.sharepoint.com" in site_url else "SharePoint",
               "ClientIP": ip, "ObjectId": site_url + folder + "/" + file_name,
               "UserId": user if anon else user.upn}
        if session:
            rec["AppAccessContext"] = {"AADSessionId": session, "ClientAppId": app[0], "ClientAppName": app[1],
                                       "CorrelationId": self.gid("spo-corr", when),
                                       "UniqueTokenId": self.token("uti", user.upn, session, when.date())}
        rec.update({"CorrelationId": self.gid("spo-corr", when), "EventSource": "SharePoint", "ItemType": "File",
                    "ListId": self.gid("list", site_url, folder),
                    "ListItemUniqueId": self.gid("item", site_url, folder, file_name),
                    "Site": site, "UserAgent": ua, "WebId": self.gid("web", site_url),
                    "SourceFileExtension": file_name.rsplit(".", 1)[-1], "SiteUrl": site_url + "/",
                    "SourceFileName": file_name, "SourceRelativeUrl": folder.strip("/")})
        rec.update(kw)
        self.ual.append((when, rec))
        return rec

    # -------------------------------------------------------------- output
    def write(self, folder, signin_name, nonint_name, audit_name):
        os.makedirs(folder, exist_ok=True)
        key = lambda x: (x[0], x[1][1])  # noqa: E731  (time, request id)
        rows = [r for _, r in sorted(self.interactive, key=key, reverse=True)]   # portal: newest first
        with open(os.path.join(folder, signin_name), "wb") as f:
            f.write(csv_bytes(ENTRA_HEADER, rows))
        if nonint_name:
            rows = [r for _, r in sorted(self.noninteractive, key=key, reverse=True)]
            with open(os.path.join(folder, nonint_name), "wb") as f:
                f.write(csv_bytes(ENTRA_HEADER, rows))
        rows = []
        for when, r in sorted(self.ual, key=lambda x: (x[0], x[1]["Id"]), reverse=True):
            rows.append([r["Id"], iso(when, 7, z=True) + " ", RT_NAME[r["RecordType"]], r["Operation"],
                         r["UserId"], jdump(r), "", ""])
        with open(os.path.join(folder, audit_name), "wb") as f:
            f.write(csv_bytes(PURVIEW_HEADER, rows))
        return len(self.interactive), len(self.noninteractive), len(self.ual)


def weekdays(start, end):
    d = start
    while d <= end:
        if d.weekday() < 5:
            yield d
        d += dt.date.resolution


# ------------------------------------------------------------------ background activity
SUBJECTS = [
    "Re: Q1 planning offsite", "Weekly status update", "Re: Contract renewal draft", "Agenda for Thursday",
    "FW: Facilities notice - parking garage", "Re: Customer escalation follow-up", "Notes from today's sync",
    "Re: Budget review slides", "Lunch & learn next week", "Re: Travel request", "Updated org chart",
    "Re: Onboarding checklist", "Re: Vendor onboarding questions", "Timesheet reminder",
    "Re: Product roadmap feedback", "Meeting recap and actions", "Re: Purchase order PO-7719 received",
    "Re: Shipping schedule for March", "Quick question about the report", "Re: Draft press release",
]


def message_ids(st, p, day, n):
    """n plausible InternetMessageIds (internal Exchange Online ones, some from vendors); `day`
    is a date (used in vendor ids) or a label."""
    out = []
    stamp = day.strftime("%Y%m%d") if hasattr(day, "strftime") else "202602%02d" % (3 + len(day) % 6)
    vendors = ["mail.tailspintoys.com", "mx.northwindtraders.com", "smtp.wideworldimporters.com",
               "notify.adatum.com", "mail.litwareinc.com"]
    for k in range(n):
        g = st.gid("inbox", p.upn, day, k).replace("-", "").upper()
        if k % 3 == 0:
            mid = "<%s.%s@%s>" % (stamp + g[:6], g[6:14], vendors[k % len(vendors)])
        else:
            mid = "<%s@%s.namprd04.prod.outlook.com>" % (g[:28], st.server)
        out.append((mid, 9000 + (int(g[-6:], 16) % 240000)))
    return out


def background_day(st, p, day, loc_ip, *, rules_fn=None, busy=False):
    """An ordinary work day: an Outlook desktop sign-in in the morning (most days; on the
    others the cached token is still valid), now and then OfficeHome or Teams, Outlook mail
    access and a send or two. `busy` users (the victim) sign in and read mail every day.
    Times follow the user's local zone (p.tz hours from UTC)."""
    rng = st.rng
    start = dt.datetime.combine(day, dt.time(8, 0), tzinfo=UTC) - dt.timedelta(hours=p.tz) + \
        dt.timedelta(minutes=rng.randint(-35, 45), seconds=rng.randint(0, 59))
    sess = st.gid("session", p.upn, loc_ip, day.isocalendar()[1])
    if busy or rng.random() < 0.6:
        st.signin(start, p, loc_ip, APP_OFFICE, session=sess, ua=UA_OUTLOOK)
    if rng.random() < 0.12:     # a refresh by Outlook later in the day
        st.signin(start + dt.timedelta(hours=rng.randint(2, 6), minutes=rng.randint(0, 50)), p, loc_ip, APP_OFFICE,
                  interactive=False, resource=RES_EXO, session=sess, ua=UA_OUTLOOK)
    if rng.random() < 0.1:
        t2 = start + dt.timedelta(hours=rng.randint(1, 5), minutes=rng.randint(0, 59))
        st.signin(t2, p, loc_ip, APP_OFFICEHOME, ua=UA_EDGE, client="Browser", resource=RES_PORTAL,
                  session=sess)
    if rng.random() < 0.06:
        t3 = start + dt.timedelta(minutes=rng.randint(5, 40))
        st.signin(t3, p, loc_ip, APP_TEAMS, ua=UA_TEAMS, resource=RES_SKYPE, session=sess)
    if busy or rng.random() < 0.2:
        st.mail_access(start + dt.timedelta(minutes=2, seconds=rng.randint(0, 50)), p, loc_ip, OUTLOOK_CIS, sess,
                       APP_OFFICE, "Sync", [("\\Inbox", [])])
    for k in range(rng.choice((0, 0, 0, 0, 0, 1) if not busy else (0, 1, 1))):
        ts = start + dt.timedelta(hours=rng.randint(1, 7), minutes=rng.randint(0, 59), seconds=rng.randint(0, 59))
        st.send(ts, p, loc_ip, OUTLOOK_CIS, sess, APP_OFFICE, rng.choice(SUBJECTS), rng.randint(14000, 95000))
    if rules_fn:
        rules_fn(start, sess)
    return start, sess


# ================================================================== story (a)
def story_a(out):
    nets = {
        "50.226.80.10": ("Redmond", "Washington", "US", 7922),        # Contoso office (Comcast Business)
        "73.97.41.207": ("Seattle", "Washington", "US", 7922),
        "73.162.88.14": ("Bellevue", "Washington", "US", 7922),
        "73.221.12.80": ("Kirkland", "Washington", "US", 7922),
        "24.16.120.33": ("Seattle", "Washington", "US", 7922),
        "76.104.33.18": ("Renton", "Washington", "US", 7922),
        "71.197.40.9": ("Redmond", "Washington", "US", 7922),
        "159.203.120.77": ("Clifton", "New Jersey", "US", 14061),    # attacker: DigitalOcean
        "91.92.240.10": ("Frankfurt am Main", "Hesse", "DE", 202412),  # attacker, wave 2: Omegatech VPS (unlisted)
    }
    st = Story("STA", "2b9f4c1a-6e3d-4f8b-a2c7-5d1e9f0a3b64", "Contoso", "contoso.onmicrosoft.com", nets,
               seed=20260202, server="SN6PR04MB4383")
    office = "50.226.80.10"
    ATT = "159.203.120.77"

    def dev(name):
        return (st.gid("device", name), name, "Windows10", "Edge 121.0.0", "Microsoft Entra joined")
    people = [
        ("megan.bowen@contoso.com", "Megan Bowen", "73.97.41.207", "MB-LT-0142"),
        ("alex.wilber@contoso.com", "Alex Wilber", "73.162.88.14", "AW-LT-0107"),
        ("adele.vance@contoso.com", "Adele Vance", "73.221.12.80", "AV-LT-0118"),
        ("lee.gu@contoso.com", "Lee Gu", "24.16.120.33", "LG-LT-0121"),
        ("diego.siciliani@contoso.com", "Diego Siciliani", "76.104.33.18", "DS-LT-0133"),
        ("lynne.robbins@contoso.com", "Lynne Robbins", "71.197.40.9", "LR-LT-0139"),
    ]
    P = {}
    for i, (upn, name, home, devname) in enumerate(people):
        P[upn.split("@")[0]] = Person(st, upn, name, home, office, -8, dev(devname), i + 1)
    megan, alex, lee, adele = P["megan.bowen"], P["alex.wilber"], P["lee.gu"], P["adele.vance"]
    diego = P["diego.siciliani"]

    # ---- benign rules in the background
    def lee_rule(start, sess):
        st.exo_admin(start + dt.timedelta(hours=1, minutes=12), lee, "New-InboxRule",
                     [("AlwaysDeleteOutlookRulesBlob", "False"), ("Force", "False"), ("Name", "Newsletters"),
                      ("From", "newsletter@industryweek-digest.com"), ("MoveToFolder", "Newsletters"),
                      ("StopProcessingRules", "False")],
                     lee.upn + "\\Newsletters", office, sess, port=49822)

    def adele_rule(start, sess):
        cond = ('{"Type":"AndCondition","SubConditions":[{"Type":"ContainsSenderStringsCondition",'
                '"Strings":["jira@contoso.atlassian.net"]}]}')
        acts = '[{"ActionType":"MoveToFolderAction","Folder":"Jira"}]'
        st.exo_item(start + dt.timedelta(hours=2, minutes=4), adele, "UpdateInboxRules", 2, office, OUTLOOK_CIS,
                    sess, APP_OFFICE, ObjectId=adele.upn + "\\Inbox",
                    OperationProperties=[{"Name": "RuleName", "Value": "Jira notifications"},
                                         {"Name": "RuleId", "Value": "4827562916038377473"},
                                         {"Name": "RuleOperation", "Value": "AddMailboxRule"},
                                         {"Name": "RuleState", "Value": "Enabled"},
                                         {"Name": "RuleCondition", "Value": cond},
                                         {"Name": "RuleActions", "Value": acts},
                                         {"Name": "ServerRule", "Value": "True"}])

    special = {("lee.gu", dt.date(2026, 2, 3)): lee_rule, ("adele.vance", dt.date(2026, 2, 4)): adele_rule}
    megan_day = {}
    for day in weekdays(dt.date(2026, 2, 2), dt.date(2026, 2, 13)):
        for key, p in P.items():
            at_office = day.weekday() in (1, 2, 3) and not (key == "lynne.robbins" and day.weekday() == 3)
            ip = office if at_office else p.home
            r = background_day(st, p, day, ip, rules_fn=special.get((key, day)), busy=key == "megan.bowen")
            if key == "megan.bowen":
                megan_day[day] = (ip, r)

    # ---- weekend: a couple of phone checks (Outlook mobile, home IP)
    for p, d in ((megan, utc(2026, 2, 7, 18, 22, 9)), (alex, utc(2026, 2, 8, 20, 3, 41)),
                 (megan, utc(2026, 2, 14, 17, 48, 2))):
        st.signin(d, p, p.home, APP_OUTLOOK_MOBILE, ua=UA_IOS_OUTLOOK, device=False, os_="Ios 17.2.1",
                  browser="", session=st.gid("session", p.upn, "mobile"), mfa="token")

    # ================================================= the takeover, Tue 2026-02-10 (UTC)
    SESS = st.gid("session", "attacker", ATT)
    T = lambda h, m, s=0: utc(2026, 2, 10, h, m, s)  # noqa: E731
    # password guessing against megan from the attacker host, 12 x 50126 within 4 minutes
    for k in range(12):
        st.signin(T(18, 20, 5) + dt.timedelta(seconds=19 * k + (k * 7) % 5), megan, ATT, APP_OFFICEHOME, err=50126,
                  ua=UA_AXIOS, client="Browser", resource=RES_PORTAL, device=False, os_="", browser="",
                  mfa="none", ca="Not Applied")
    st.signin(T(18, 24, 10), alex, ATT, APP_OFFICEHOME, err=50126, ua=UA_AXIOS, client="Browser",
              resource=RES_PORTAL, device=False, os_="", browser="", mfa="none", ca="Not Applied")
    # AiTM: megan opens the lure; the proxy on the same host relays her password and MFA
    corr = st.gid("corr", "aitm")
    st.signin(T(18, 41, 12), megan, ATT, APP_OFFICEHOME, err=50074, ua=UA_AXIOS, client="Browser",
              resource=RES_PORTAL, device=False, os_="", browser="", session=SESS, corr=corr, mfa="push")
    st.signin(T(18, 41, 49), megan, ATT, APP_OFFICEHOME, ua=UA_AXIOS, client="Browser", resource=RES_PORTAL,
              device=False, os_="", browser="", session=SESS, corr=corr, mfa="push")
    # refresh-token use by the stolen session
    for when, res in ((T(18, 44, 3), RES_EXO), (T(18, 57, 51), RES_EXO), (T(19, 29, 30), RES_GRAPH),
                      (utc(2026, 2, 11, 14, 9, 17), RES_EXO)):
        st.signin(when, megan, ATT, APP_OFFICEHOME, interactive=False, ua=UA_AXIOS, client="Browser",
                  resource=res, device=False, os_="", browser="", session=SESS)

    # hiding rule
    st.exo_admin(T(18, 52, 30), megan, "New-InboxRule",
                 [("AlwaysDeleteOutlookRulesBlob", "False"), ("Force", "False"), ("Name", "."),
                  ("MoveToFolder", "RSS Feeds"), ("MarkAsRead", "True"), ("StopProcessingRules", "True"),
                  ("SubjectOrBodyContainsWords", "invoice;payment;wire")],
                 megan.upn + "\\.", ATT, SESS, port=51532)
    # bulk mail access
    st.mail_access(T(18, 53, 5), megan, ATT, REST_CIS, SESS, APP_OFFICEHOME, "Sync",
                   [("\\Inbox", []), ("\\Sent Items", []), ("\\Archive", [])])
    inbox = message_ids(st, megan, "bulk-inbox", 64)
    sent = message_ids(st, megan, "bulk-sent", 36)
    arch = message_ids(st, megan, "bulk-archive", 12)
    st.mail_access(T(18, 58, 40), megan, ATT, REST_CIS, SESS, APP_OFFICEHOME, "Bind",
                   [("\\Inbox", inbox), ("\\Sent Items", sent), ("\\Archive", arch)])
    st.search(T(19, 4, 12), megan, ATT, OWA_PROXY_CIS, SESS, APP_OWA, "invoice")
    st.mail_access(T(19, 5, 2), megan, ATT, OWA_PROXY_CIS, SESS, APP_OWA, "Bind",
                   [("\\Inbox", [inbox[3], inbox[12], inbox[27], inbox[40]])])
    # payment-redirect mail to the vendor's AP contact (accounts@tailspintoys.com)
    fraud_id = st.send(T(19, 12, 44), megan, ATT, OWA_PROXY_CIS, SESS, APP_OWA,
                       "RE: Invoice INV-20417 - updated remittance details", 48211,
                       attachments="INV-20417_remittance.pdf (41022b)")
    # mailbox forwarding, not keeping a copy
    st.exo_admin(T(19, 20, 8), megan, "Set-Mailbox",
                 [("Identity", megan.upn), ("ForwardingSmtpAddress", "smtp:megan.bowen.finance@evil.example"),
                  ("DeliverToMailboxAndForward", "False")],
                 megan.upn, ATT, SESS, port=51604)
    # hide the evidence: the security notification and the sent fraud mail
    note_id = "<NTF%s@notifications.microsoft.com>" % st.gid("note").replace("-", "")[:20].upper()
    st.delete(T(19, 26, 31), megan, ATT, OWA_PROXY_CIS, SESS, APP_OWA, "SoftDelete", "\\Inbox",
              [("New sign-in to your account", note_id)])
    st.delete(T(19, 26, 58), megan, ATT, OWA_PROXY_CIS, SESS, APP_OWA, "SoftDelete", "\\Sent Items",
              [("RE: Invoice INV-20417 - updated remittance details", fraud_id)])
    # persistence: a new authenticator app
    st.security_info(T(19, 31, 22), megan, ATT, "Authenticator App", "iPhone 12")

    # megan herself carries on from the Redmond office that afternoon, unaware
    st.signin(T(21, 32, 18), megan, office, APP_OFFICEHOME, ua=UA_EDGE, client="Browser", resource=RES_PORTAL,
              session=st.gid("session", megan.upn, office, 7))

    # day 2: the attacker comes back on the same session
    D = lambda h, m, s=0: utc(2026, 2, 11, h, m, s)  # noqa: E731
    st.mail_access(D(14, 10, 2), megan, ATT, REST_CIS, SESS, APP_OFFICEHOME, "Sync", [("\\RSS Feeds", [])])
    st.mail_access(D(14, 12, 37), megan, ATT, REST_CIS, SESS, APP_OFFICEHOME, "Bind",
                   [("\\RSS Feeds", message_ids(st, megan, "rss", 3))])
    st.search(D(14, 15, 9), megan, ATT, OWA_PROXY_CIS, SESS, APP_OWA, "wire transfer")
    st.send(D(14, 21, 40), megan, ATT, OWA_PROXY_CIS, SESS, APP_OWA,
            "RE: Invoice INV-20417 - please confirm payment date", 22140)

    # ================================================= second wave, Thu 2026-02-12 (UTC), from an unlisted VPS
    # (appended after everything else so that the records above keep their ids and jitter)
    ATT2 = "91.92.240.10"
    W = lambda h, m, s=0: utc(2026, 2, 12, h, m, s)  # noqa: E731
    # Megan's stolen session replayed from the new host: a refresh with a browser UA this time
    st.signin(W(20, 45, 33), megan, ATT2, APP_OFFICEHOME, interactive=False, ua=UA_CHROME, client="Browser",
              resource=RES_EXO, device=False, os_="Windows10", browser="Chrome 122.0.0", session=SESS)
    # more hiding rules in her mailbox; two carry the mailbox GUID path as ObjectId, as real exports often do
    guid_path = "NAMPR04A003.PROD.OUTLOOK.COM/Microsoft Exchange Hosted Organizations/%s/%s\\" % (
        st.org, megan.mbx)
    wave2_rules = [
        (W(20, 47, 18), 52114, "..", [("SubjectOrBodyContainsWords", "bank;account details"),
                                      ("MoveToFolder", "Conversation History"), ("MarkAsRead", "True"),
                                      ("StopProcessingRules", "True")], True),
        (W(20, 48, 2), 52131, ",", [("FromAddressContainsWords", "tailspintoys.com"), ("DeleteMessage", "True"),
                                    ("MarkAsRead", "True")], True),
        (W(20, 48, 51), 52160, "ach", [("SubjectContainsWords", "ACH;remittance;payment confirmation"),
                                       ("MoveToFolder", "RSS Feeds"), ("MarkAsRead", "True")], False),
        (W(20, 49, 40), 52188, "...", [("SubjectOrBodyContainsWords", "wire;swift;iban"), ("MoveToFolder", "Archive"),
                                       ("MarkAsRead", "True"), ("StopProcessingRules", "True")], False),
        (W(20, 50, 26), 52207, "-", [("SubjectOrBodyContainsWords", "suspicious;compromised;security alert"),
                                     ("DeleteMessage", "True")], False),
    ]
    for when, port, name, params, by_guid in wave2_rules:
        st.exo_admin(when, megan, "New-InboxRule",
                     [("AlwaysDeleteOutlookRulesBlob", "False"), ("Force", "False"), ("Name", name)] + params,
                     (guid_path if by_guid else megan.upn + "\\") + name, ATT2, SESS, port=port)
    # minutes later a second account from the same host: one wrong password, then a password-only success
    SESS2 = st.gid("session", "attacker2", ATT2)
    st.signin(W(20, 58, 14), diego, ATT2, APP_OFFICEHOME, err=50126, ua=UA_CHROME, client="Browser",
              resource=RES_PORTAL, device=False, os_="Windows10", browser="Chrome 122.0.0", mfa="none",
              ca="Not Applied")
    st.signin(W(20, 59, 2), diego, ATT2, APP_OFFICEHOME, ua=UA_CHROME, client="Browser", resource=RES_PORTAL,
              device=False, os_="Windows10", browser="Chrome 122.0.0", mfa="none", ca="Not Applied",
              session=SESS2)
    # Diego's OneDrive: open the vendor bank-details workbook, share it with an anonymous link, which is then
    # opened and downloaded from the same host
    site = "https://contoso-my.sharepoint.com/personal/diego_siciliani_contoso_com"
    LINK_FILE = "Vendor bank details 2026.xlsx"
    st.spo(W(21, 3, 40), diego, "FileAccessed", 6, ATT2, UA_CHROME, site, "/Documents", LINK_FILE,
           session=SESS2, app=APP_OFFICEHOME)
    st.spo(W(21, 4, 55), diego, "AnonymousLinkCreated", 14, ATT2, UA_CHROME, site, "/Documents", LINK_FILE,
           session=SESS2, app=APP_OFFICEHOME, EventData="<Type>View</Type>",
           UniqueSharingId=st.gid("sharing", site, LINK_FILE))
    anon = "urn:spo:anon#" + hashlib.sha256(st.gid("anon", site, LINK_FILE).encode()).hexdigest()
    st.spo(W(21, 11, 20), anon, "AnonymousLinkUsed", 14, ATT2, UA_CHROME, site, "/Documents", LINK_FILE,
           EventData="<Type>View</Type>")
    st.spo(W(21, 11, 26), anon, "FileDownloaded", 6, ATT2, UA_CHROME, site, "/Documents", LINK_FILE)

    n = st.write(out, "InteractiveSignIns_2026-02-02_2026-02-16.csv", "NonInteractiveSignIns_2026-02-02_2026-02-16.csv",
                 "AuditLog_20260216_090000.csv")
    return n, {"attacker_ip": ATT, "session": SESS, "megan_home": megan.home, "office": office,
               "megan_before": megan_day[dt.date(2026, 2, 10)][1][0], "attack": T(18, 41, 49),
               "attacker_ip2": ATT2, "session2": SESS2, "second_account": diego.upn, "link_file": LINK_FILE,
               "anon": anon, "megan_mbx": megan.mbx}


# ================================================================== story (b)
def story_b(out):
    nets = {
        "50.203.4.10": ("Chicago", "Illinois", "US", 7922),           # Fabrikam HQ (Comcast Business)
        "73.44.120.18": ("Naperville", "Illinois", "US", 7922),
        "73.51.60.201": ("Evanston", "Illinois", "US", 7922),
        "98.226.40.77": ("Oak Park", "Illinois", "US", 7922),
        "24.12.88.30": ("Schaumburg", "Illinois", "US", 7922),
        "51.81.112.40": ("Warrenton", "Virginia", "US", 16276),      # corporate VPN concentrator (OVH US)
        "86.148.22.19": ("London", "England", "GB", 2856),            # BT, traveller's hotel / client site
    }
    st = Story("STB", "7c3e8a25-1f49-4b6d-b0e2-9a4d6c8f1e37", "Fabrikam", "fabrikam.onmicrosoft.com", nets,
               seed=20260216, server="CH3PR11MB7745")
    office, VPN, LONDON = "50.203.4.10", "51.81.112.40", "86.148.22.19"

    def dev(name):
        return (st.gid("device", name), name, "Windows10", "Edge 121.0.0", "Microsoft Entra joined")
    people = [
        ("pradeep.gupta@fabrikam.com", "Pradeep Gupta", "73.44.120.18", "FAB-LT-2201"),   # traveller
        ("johanna.lorenz@fabrikam.com", "Johanna Lorenz", "73.51.60.201", "FAB-LT-2214"),  # finance clerk
        ("miriam.graham@fabrikam.com", "Miriam Graham", "98.226.40.77", "FAB-LT-2230"),    # exec assistant
        ("grady.archie@fabrikam.com", "Grady Archie", "24.12.88.30", "FAB-LT-2202"),       # CEO
        ("isaiah.langer@fabrikam.com", "Isaiah Langer", VPN, "FAB-LT-2241"),               # remote, VPN
        ("nestor.wilke@fabrikam.com", "Nestor Wilke", VPN, "FAB-LT-2245"),                 # remote, VPN
        ("debra.berger@fabrikam.com", "Debra Berger", VPN, "FAB-LT-2248"),                 # remote, VPN
        ("admin@fabrikam.com", "Fabrikam IT Admin", "50.203.4.10", "FAB-IT-0001"),
        ("lidia.holloway@fabrikam.com", "Lidia Holloway", "50.203.4.10", "FAB-LT-2260"),   # new hire (Feb 4)
    ]
    P = {}
    for i, (upn, name, home, devname) in enumerate(people):
        P[upn.split("@")[0]] = Person(st, upn, name, home, office, -6, dev(devname), i + 1)
    pradeep, johanna, miriam, grady = P["pradeep.gupta"], P["johanna.lorenz"], P["miriam.graham"], P["grady.archie"]
    admin, lidia, nestor = P["admin"], P["lidia.holloway"], P["nestor.wilke"]
    sales = Person(st, "sales@fabrikam.com", "Fabrikam Sales", office, office, -6, None, 40)

    def rule(p, when, name, params, ip, sess):
        st.exo_admin(when, p, "New-InboxRule",
                     [("AlwaysDeleteOutlookRulesBlob", "False"), ("Force", "False"), ("Name", name)] + params,
                     p.upn + "\\" + name, ip, sess, port=50000 + st.rng.randint(1000, 9999))

    # pradeep: the traveller. Chicago until Thu 5 Feb, London Fri 6 .. Thu 12 Feb, back Fri 13 Feb.
    def where(key, day):
        p = P[key]
        if key == "pradeep.gupta":
            if dt.date(2026, 2, 6) <= day <= dt.date(2026, 2, 12):
                return LONDON
            return office if day.weekday() in (0, 1, 2) else p.home
        if p.home == VPN:
            return VPN
        if key == "admin":
            return office
        return office if day.weekday() in (1, 2, 3) else p.home

    for day in weekdays(dt.date(2026, 2, 2), dt.date(2026, 2, 13)):
        for key, p in P.items():
            if key == "lidia.holloway" and day < dt.date(2026, 2, 4):
                continue
            ip = where(key, day)
            if key == "pradeep.gupta" and ip == LONDON:
                continue   # written explicitly below (London hours)
            if key == "lidia.holloway" and day == dt.date(2026, 2, 4):
                continue   # first day written explicitly below
            start, sess = background_day(st, p, day, ip)
            # --- day-specific benign events
            if key == "pradeep.gupta" and day == dt.date(2026, 2, 2):
                rule(p, start + dt.timedelta(hours=1, minutes=31), "Newsletters",
                     [("From", "newsletter@salesforce-digest.com"), ("MoveToFolder", "Newsletters"),
                      ("StopProcessingRules", "False")], ip, sess)
            if key == "miriam.graham" and day == dt.date(2026, 2, 3):
                rule(p, start + dt.timedelta(hours=2, minutes=7), "From Grady",
                     [("From", "grady.archie@fabrikam.com"), ("MarkImportance", "High"), ("MoveToFolder", "Boss"),
                      ("StopProcessingRules", "False")], ip, sess)
            if key == "johanna.lorenz" and day == dt.date(2026, 2, 4):
                rule(p, start + dt.timedelta(hours=1, minutes=49), "Invoices",
                     [("SubjectContainsWords", "invoice"), ("MoveToFolder", "Invoices"),
                      ("StopProcessingRules", "False")], ip, sess)
            if key == "johanna.lorenz" and day == dt.date(2026, 2, 5):
                rule(p, start + dt.timedelta(hours=3, minutes=18), "AP notifications to Lidia",
                     [("From", "ap-notifications@fabrikam.com"), ("ForwardTo", "lidia.holloway@fabrikam.com"),
                      ("StopProcessingRules", "False")], ip, sess)
            if key == "admin" and day == dt.date(2026, 2, 3):
                t0 = start + dt.timedelta(hours=1, minutes=2)
                st.signin(t0, admin, office, APP_PORTAL, ua=UA_EDGE, client="Browser", resource=RES_PORTAL,
                          session=sess)
                st.exo_admin(t0 + dt.timedelta(minutes=6, seconds=11), admin, "Add-MailboxPermission",
                             [("Identity", grady.upn), ("User", miriam.upn), ("AccessRights", "FullAccess"),
                              ("InheritanceType", "All"), ("AutoMapping", "True")],
                             "grady.archie", office, sess, port=53218)
                st.exo_admin(t0 + dt.timedelta(minutes=9, seconds=40), admin, "Add-RecipientPermission",
                             [("Identity", sales.upn), ("Trustee", miriam.upn), ("AccessRights", "SendAs"),
                              ("Confirm", "False")],
                             "sales", office, sess, port=53240)
            if key == "miriam.graham" and day >= dt.date(2026, 2, 4) and day.weekday() in (1, 3):
                for k in range(2):
                    ts = start + dt.timedelta(hours=2 + 3 * k, minutes=st.rng.randint(0, 59))
                    st.send(ts, miriam, ip, OUTLOOK_CIS, sess, APP_OFFICE,
                            st.rng.choice(["Re: Quote request", "Your Fabrikam order confirmation",
                                           "Re: Demo scheduling", "Fabrikam product sheet"]),
                            st.rng.randint(30000, 180000), send_as=sales)
            if key == "grady.archie" and day == dt.date(2026, 2, 9):
                # the assistant opens the CEO's mail with the delegated FullAccess (LogonType 2)
                mip = where("miriam.graham", day)
                st.mail_access(start + dt.timedelta(hours=1, minutes=15), miriam, mip, OUTLOOK_CIS,
                               st.gid("session", miriam.upn, mip, day.isocalendar()[1]), APP_OFFICE, "Bind",
                               [("\\Inbox", message_ids(st, grady, day, 3))], owner=grady)

    # a few failed passwords, then success, from the user's own ISP (Mon 2 Feb, Pradeep at home after a reset)
    t0 = utc(2026, 2, 2, 13, 2, 18)
    for k in range(2):
        st.signin(t0 + dt.timedelta(seconds=25 * k), pradeep, pradeep.home, APP_OFFICEHOME, err=50126, ua=UA_EDGE,
                  client="Browser", resource=RES_PORTAL, mfa="none", ca="Not Applied")
    st.signin(t0 + dt.timedelta(seconds=81), pradeep, pradeep.home, APP_OFFICEHOME, err=50074, ua=UA_EDGE,
              client="Browser", resource=RES_PORTAL, mfa="push", corr=st.gid("corr", "p-mfa"),
              session=st.gid("session", pradeep.upn, "reset"))
    st.signin(t0 + dt.timedelta(seconds=112), pradeep, pradeep.home, APP_OFFICEHOME, ua=UA_EDGE, client="Browser",
              resource=RES_PORTAL, mfa="push", corr=st.gid("corr", "p-mfa"),
              session=st.gid("session", pradeep.upn, "reset"))
    # Miriam mistypes her password three times at the office (Wed 11 Feb)
    t0 = utc(2026, 2, 11, 14, 37, 5)
    for k in range(3):
        st.signin(t0 + dt.timedelta(seconds=14 * k + 3), miriam, office, APP_OFFICEHOME, err=50126, ua=UA_EDGE,
                  client="Browser", resource=RES_PORTAL, mfa="none", ca="Not Applied")
    st.signin(t0 + dt.timedelta(seconds=71), miriam, office, APP_OFFICEHOME, ua=UA_EDGE, client="Browser",
              resource=RES_PORTAL, session=st.gid("session", miriam.upn, "mistype"))
    # MFA prompts (interrupted, then satisfied) on ordinary sign-ins
    for p, when in ((grady, utc(2026, 2, 9, 15, 4, 40)), (nestor, utc(2026, 2, 10, 14, 12, 2)),
                    (johanna, utc(2026, 2, 12, 14, 55, 31))):
        ip = where(p.upn.split("@")[0], when.date())
        c, s = st.gid("corr", p.upn, when), st.gid("session", p.upn, "mfa", when.date())
        st.signin(when, p, ip, APP_OFFICEHOME, err=50074, ua=UA_EDGE, client="Browser", resource=RES_PORTAL,
                  mfa="push", corr=c, session=s)
        st.signin(when + dt.timedelta(seconds=38), p, ip, APP_OFFICEHOME, ua=UA_EDGE, client="Browser",
                  resource=RES_PORTAL, mfa="push", corr=c, session=s)

    # new hire: first day Wed 4 Feb at HQ, registers the authenticator app
    t0 = utc(2026, 2, 4, 15, 5, 12)
    c, s = st.gid("corr", "lidia-first"), st.gid("session", lidia.upn, "first")
    st.signin(t0, lidia, office, APP_OFFICEHOME, err=50079, ua=UA_EDGE, client="Browser", resource=RES_PORTAL,
              mfa="push", corr=c, session=s)
    st.signin(t0 + dt.timedelta(minutes=1, seconds=4), lidia, office, APP_MYSIGNINS, ua=UA_EDGE, client="Browser",
              resource=RES_GRAPH, mfa="none", session=s)
    st.security_info(t0 + dt.timedelta(minutes=3, seconds=40), lidia, office, "Authenticator App", "iPhone 14")
    st.signin(t0 + dt.timedelta(minutes=4, seconds=22), lidia, office, APP_OFFICEHOME, ua=UA_EDGE, client="Browser",
              resource=RES_PORTAL, mfa="push", corr=st.gid("corr", "lidia-2"), session=s)
    st.signin(t0 + dt.timedelta(minutes=9, seconds=3), lidia, office, APP_OFFICE, ua=UA_OUTLOOK, session=s)
    st.mail_access(t0 + dt.timedelta(minutes=11, seconds=30), lidia, office, OUTLOOK_CIS, s, APP_OFFICE, "Sync",
                   [("\\Inbox", [])])
    st.send(t0 + dt.timedelta(hours=2, minutes=14), lidia, office, OUTLOOK_CIS, s, APP_OFFICE,
            "Hello from the new AP analyst", 18220)

    # the traveller: last Chicago activity Thu 5 Feb 21:4x UTC; flight ORD 18:05 CST -> LHR;
    # first London sign-in Fri 6 Feb 12:20 UTC (~14.5 h later, ~6,350 km: ~440 km/h)
    lon_sess = st.gid("session", pradeep.upn, "london")
    st.signin(utc(2026, 2, 5, 21, 44, 51), pradeep, pradeep.home, APP_OFFICE, ua=UA_OUTLOOK,
              session=st.gid("session", pradeep.upn, pradeep.home, 6))
    st.signin(utc(2026, 2, 6, 12, 20, 33), pradeep, LONDON, APP_OFFICEHOME, err=50074, ua=UA_EDGE, client="Browser",
              resource=RES_PORTAL, mfa="push", corr=st.gid("corr", "lon-1"), session=lon_sess)
    st.signin(utc(2026, 2, 6, 12, 21, 9), pradeep, LONDON, APP_OFFICEHOME, ua=UA_EDGE, client="Browser",
              resource=RES_PORTAL, mfa="push", corr=st.gid("corr", "lon-1"), session=lon_sess)
    london_days = [dt.date(2026, 2, 6), dt.date(2026, 2, 9), dt.date(2026, 2, 10), dt.date(2026, 2, 11),
                   dt.date(2026, 2, 12)]
    for day in london_days:
        start = dt.datetime.combine(day, dt.time(8, 30), tzinfo=UTC) + dt.timedelta(minutes=st.rng.randint(0, 40))
        if day == dt.date(2026, 2, 6):
            start = utc(2026, 2, 6, 12, 24, 50)
        st.signin(start, pradeep, LONDON, APP_OFFICE, ua=UA_OUTLOOK, session=lon_sess)
        st.mail_access(start + dt.timedelta(minutes=3), pradeep, LONDON, OUTLOOK_CIS, lon_sess, APP_OFFICE, "Sync",
                       [("\\Inbox", [])])
        for k in range(st.rng.choice((1, 2))):
            st.send(start + dt.timedelta(hours=2 + 3 * k, minutes=st.rng.randint(0, 59)), pradeep, LONDON,
                    OUTLOOK_CIS, lon_sess, APP_OFFICE,
                    st.rng.choice(["Re: London client workshop", "Slides for tomorrow's session",
                                   "Re: Contract renewal draft", "Meeting recap and actions"]),
                    st.rng.randint(20000, 160000))
    # flight home Thu 12 Feb 11:00 GMT -> ORD 14:00 CST; next sign-in Fri 13 Feb from home (in loop above)
    # weekend phone checks
    for p, d in ((grady, utc(2026, 2, 7, 16, 12, 40)), (johanna, utc(2026, 2, 14, 19, 30, 2))):
        st.signin(d, p, p.home, APP_OUTLOOK_MOBILE, ua=UA_IOS_OUTLOOK, device=False, os_="Ios 17.2.1", browser="",
                  session=st.gid("session", p.upn, "mobile"))
    st.signin(utc(2026, 2, 8, 10, 5, 12), pradeep, LONDON, APP_OUTLOOK_MOBILE, ua=UA_IOS_OUTLOOK, device=False,
              os_="Ios 17.2.1", browser="", session=st.gid("session", pradeep.upn, "mobile-lon"))

    n = st.write(out, "InteractiveSignIns_2026-02-02_2026-02-16.csv", "NonInteractiveSignIns_2026-02-02_2026-02-16.csv",
                 "AuditLog_20260216_091500.csv")
    return n, {"vpn_ip": VPN, "office": office}


# ================================================================== expectations
EXPECTED_A = """\
# Expectations for fixtures/stories/bec_takeover (generated by scripts/gen_stories.py).
# Run: mailtrail analyze fixtures/stories/bec_takeover
user = "megan.bowen@contoso.com"
# Detectors the data clearly triggers (each id with the records that carry it, see README.md).
# MT-S08: the attacker's session is used from DigitalOcean (AS14061) on 10-11 Feb and
# replayed from %(ip2)s (AS202412) on 12 Feb.
must_fire = [
  "MT-S01", "MT-S02", "MT-S04", "MT-S06", "MT-S07", "MT-S08", "MT-S10",
  "MT-R02", "MT-R03", "MT-R04", "MT-R05",
  "MT-M01", "MT-M02", "MT-M03", "MT-M04", "MT-M05", "MT-M06",
  "MT-P01",
]
# Semantically present, but only detectable with data the portal CSV does not carry:
# Redmond -> Clifton NJ (~3,900 km) in %(gap)s, yet the 57-column export has no coordinates,
# so MT-S03 fires only if the detector geolocates city names (the same holds for the second
# wave: Redmond office in the morning of 12 Feb, Frankfurt in the afternoon, for Megan's
# replayed session and for Diego's sign-in).
may_fire = ["MT-S03"]
# Nothing in the data for these (checked for Megan after the second wave was added).
must_not_fire = ["MT-S05", "MT-S11", "MT-S12", "MT-R06", "MT-P02", "MT-P03"]
# IPs the tool must name as attacker infrastructure. %(ip2)s (second_wave_ip below) is on
# no list (class unknown): it is named by the high hiding-rule findings made from it.
attacker_ips = ["%(ip)s", "%(ip2)s"]
attacker_sessions = ["%(session)s"]
# Accounts the attacker's IPs touched besides the victim: a failed password on 10 Feb, and a
# successful password-only sign-in to Diego from %(ip2)s on 12 Feb.
other_users_touched = ["alex.wilber@contoso.com", "%(second)s"]
# A full chain (suspicious sign-in + hiding rule/forwarding + mail access/send within 7 days).
incident_severity = "critical"
# Second wave (12 Feb): an unlisted VPS (AS202412, class unknown) that replays Megan's session,
# creates five hiding rules in her mailbox (two with a mailbox-GUID ObjectId that resolves to her
# only through MailboxGuid), then signs in to a second account.
second_wave_ip = "%(ip2)s"
second_account = "%(second)s"
# Shared by the second account with an anonymous link (AnonymousLinkCreated), then opened and
# downloaded by urn:spo:anon#... from second_wave_ip (AnonymousLinkUsed, FileDownloaded).
anonymous_link_file = "%(link_file)s"
# The users an incident report should name: the victim and the second account.
incident_users = ["megan.bowen@contoso.com", "%(second)s"]
# The incident's entry vector (in words) should name the AiTM phishing of 10 Feb.
entry_vector_contains = "adversary-in-the-middle"
"""

EXPECTED_B = """\
# Expectations for fixtures/stories/benign_tenant (generated by scripts/gen_stories.py).
# Run: mailtrail analyze --config fixtures/stories/benign_tenant/mailtrail.toml fixtures/stories/benign_tenant
max_severity = "medium"
config = "mailtrail.toml"
incidents = 0
"""

CONFIG_B = """\
# Fabrikam: configuration for the benign story (generated by scripts/gen_stories.py).
[tenant]
domains = ["fabrikam.com"]

[allow]
# corporate VPN concentrator (OVH US, Warrenton VA): every remote worker egresses here
ips = ["%(vpn)s/32"]
asns = [16276]
"""

README = """\
# End-to-end stories

Generated by `scripts/gen_stories.py` (Python 3 standard library, deterministic; re-running
rewrites identical bytes). Synthetic data: names are Microsoft's sample personas, record ids
are uuid5 values, IP addresses are real public addresses chosen for their network class
(checked with `mailtrail lookup`), not addresses of any real incident. Each story folder is
one tenant's exports; the `.toml` files in it are expectations/configuration, not input:
analyze lists them once as ignored (not logs) and reads only the `.csv` files, so the
folder can be given as it is.

## bec_takeover/ (contoso.com, 2026-02-02 .. 2026-02-15)

Six Contoso staff in the Seattle area (UTC-8) work Monday to Friday from home (Comcast,
AS7922) or the Redmond office (Comcast Business, 50.226.80.10): Outlook desktop, OfficeHome
and Teams sign-ins, Outlook `MailItemsAccessed` Sync (`Client=MSExchangeRPC`), ordinary sends,
two benign rules (Lee Gu's "Newsletters" via OWA, Adele Vance's "Jira notifications" via
Outlook, `UpdateInboxRules`). On Tuesday 10 February Megan Bowen (accounts payable) is taken
over from DigitalOcean host 159.203.120.77 (AS14061, "Clifton, New Jersey, US"). Every
attacker record below up to 11 February comes from that IP; the sign-in `Session ID`, the UAL
`SessionId` and `AppAccessContext.AADSessionId` are all
`@SESSION@`.

On Thursday 12 February the crew comes back from 91.92.240.10 (AS202412 "Omegatech LTD",
"Frankfurt am Main, Hesse, DE"), a VPS that no list knows (`mailtrail lookup`: class
`unknown`, reason `asn:unlisted`): Megan's stolen session again (same `Session ID`), hiding
rules in her mailbox, then a password sign-in to a second account, Diego Siciliani (session
`@SESSION2@`), and an anonymous sharing link to a file in his OneDrive,
used from the same address.

| time (UTC) | event |
|---|---|
| 02-10 @BEFORE@ | Megan's own Outlook sign-in from the Redmond office (her history: AS7922 only) |
| 02-10 18:20:05-18:23:36 | 12 x 50126 against Megan, `axios/1.7.2`, OfficeHome (interactive CSV) |
| 02-10 18:24:10 | one 50126 against alex.wilber@contoso.com from the same IP (blast radius) |
| 02-10 18:41:12 / 18:41:49 | AiTM: 50074 interrupt, then success, OfficeHome, `axios/1.7.2`, no device id, MFA push relayed |
| 02-10 18:44, 18:57, 19:29 | refresh-token use by the stolen session (non-interactive CSV) |
| 02-10 18:52:30 | `New-InboxRule` `.`: SubjectOrBodyContainsWords invoice;payment;wire -> RSS Feeds, MarkAsRead, StopProcessingRules |
| 02-10 18:53:05 | `MailItemsAccessed` Sync of Inbox, Sent Items, Archive (`Client=REST;Client=RESTSystem;;`) |
| 02-10 18:58:40 | `MailItemsAccessed` Bind, OperationCount 112, 112 InternetMessageIds (REST) |
| 02-10 19:04:12 | `SearchQueryInitiatedExchange` "invoice" (`Client=OWA;Action=ViaProxy`) |
| 02-10 19:05:02 | Bind of 4 messages (OWA) |
| 02-10 19:12:44 | `Send` "RE: Invoice INV-20417 - updated remittance details" (meant for the vendor's AP contact; UAL Send records carry no recipients) |
| 02-10 19:20:08 | `Set-Mailbox` ForwardingSmtpAddress smtp:megan.bowen.finance@evil.example, DeliverToMailboxAndForward False |
| 02-10 19:26:31 / 19:26:58 | `SoftDelete` of "New sign-in to your account" (Inbox) and of the sent fraud mail |
| 02-10 19:31:22 | `User registered security info.` (Authenticator App) from the attacker IP |
| 02-10 21:32 | Megan signs in to OfficeHome from the office again |
| 02-11 14:09-14:21 | same session back: refresh, Sync and Bind of RSS Feeds, search "wire transfer", `Send` "RE: Invoice INV-20417 - please confirm payment date" |
| 02-12 20:45:33 | from 91.92.240.10: Megan's session replayed (non-interactive, OfficeHome, Windows Chrome 122 UA, no device) |
| 02-12 20:47:18 | `New-InboxRule` `..`: SubjectOrBodyContainsWords bank;account details -> Conversation History, MarkAsRead, StopProcessingRules; ObjectId `NAMPR04A003.PROD.OUTLOOK.COM/Microsoft Exchange Hosted Organizations/contoso.onmicrosoft.com/@MBX@\..` (Megan's `MailboxGuid`) |
| 02-12 20:48:02 | `New-InboxRule` `,`: FromAddressContainsWords tailspintoys.com -> DeleteMessage, MarkAsRead; ObjectId by mailbox GUID as above |
| 02-12 20:48:51 | `New-InboxRule` `ach`: SubjectContainsWords ACH;remittance;payment confirmation -> RSS Feeds, MarkAsRead |
| 02-12 20:49:40 | `New-InboxRule` `...`: SubjectOrBodyContainsWords wire;swift;iban -> Archive, MarkAsRead, StopProcessingRules |
| 02-12 20:50:26 | `New-InboxRule` `-`: SubjectOrBodyContainsWords suspicious;compromised;security alert -> DeleteMessage |
| 02-12 20:58:14 / 20:59:02 | diego.siciliani@contoso.com from 91.92.240.10: one 50126, then a password-only success (OfficeHome, Chrome UA, no device, new session) |
| 02-12 21:03:40 | Diego `FileAccessed` (OneDrive) `Vendor bank details 2026.xlsx` in `personal/diego_siciliani_contoso_com/Documents` |
| 02-12 21:04:55 | Diego `AnonymousLinkCreated` on that file (`EventData` `<Type>View</Type>`) |
| 02-12 21:11:20 / 21:11:26 | `AnonymousLinkUsed` and `FileDownloaded` by `@ANON@` from 91.92.240.10 |

| file | holds |
|---|---|
| `InteractiveSignIns_2026-02-02_2026-02-16.csv` | Entra portal download, exact 57-column header, UTF-8 BOM, CRLF, newest first |
| `NonInteractiveSignIns_2026-02-02_2026-02-16.csv` | Entra portal download (same header): Outlook token refreshes; the stolen session's refreshes |
| `AuditLog_20260216_090000.csv` | Purview audit search export (`RecordId,CreationDate,RecordType,Operation,UserId,AuditData,…`), AuditData JSON cells: Exchange, Entra and (second wave) OneDrive file and sharing records |
| `expected.toml` | `user`, `must_fire`, `may_fire`, `must_not_fire`, `attacker_ips`, `attacker_sessions`, `other_users_touched`, `incident_severity`, `second_wave_ip`, `second_account`, `anonymous_link_file`, `incident_users`, `entry_vector_contains` |

## benign_tenant/ (fabrikam.com, same fortnight)

A busy, clean Chicago tenant. Pradeep Gupta flies to London (last Chicago sign-in Thu 5 Feb
21:44 UTC, first London sign-in via BT 86.148.22.19 Fri 6 Feb 12:20 UTC, an MFA prompt there)
and back a week later. Three remote staff always egress through the corporate VPN
concentrator 51.81.112.40 (OVH, AS16276, a hosting ASN) which `mailtrail.toml` allow-lists.
Rules: Pradeep's newsletter rule, Miriam Graham's "From Grady" rule (mark important, move to
"Boss"), Johanna Lorenz's "Invoices" rule (subject contains invoice -> folder Invoices) and
her internal forward to lidia.holloway@fabrikam.com. The admin grants Miriam FullAccess on the
CEO's mailbox and SendAs on sales@fabrikam.com from the office; Miriam then sends as Sales a
few times a week and opens Grady's inbox once. Pradeep mistypes his password twice and Miriam
three times before succeeding from their usual networks; a few MFA prompts (50074); new hire
Lidia Holloway starts on 4 Feb (50079 enrolment interrupt, `User registered security info.`
from the office). Expected: nothing above medium with the configuration.

| file | holds |
|---|---|
| `InteractiveSignIns_2026-02-02_2026-02-16.csv` | Entra portal download, exact 57-column header |
| `NonInteractiveSignIns_2026-02-02_2026-02-16.csv` | Entra portal download: Outlook token refreshes |
| `AuditLog_20260216_091500.csv` | Purview audit search export with AuditData cells |
| `mailtrail.toml` | tenant domain and the VPN allow-list; pass with `--config` |
| `expected.toml` | `max_severity = "medium"`, `config`, `incidents = 0` |

Note: the Entra portal CSV has a `Location` ("City, State, CC") and an ASN column but no
coordinates, so impossible-travel distances need a city geolocation; the stories do not
depend on it.
"""

# ================================================================== story (c)
def story_c(out):
    """tailspintoys.com, the vendor whose accounts-payable address the crew wrote to from Megan's
    mailbox in story (a). On Fri 13 Feb the same unlisted VPS (91.92.240.10) signs in to the
    vendor's AP clerk with her password, hides replies with an inbox rule, reads her mail and
    writes to a customer: one crew, two clients (the sweep fixture's shared infrastructure)."""
    nets = {
        "64.25.11.20": ("Denver", "Colorado", "US", 7922),           # Tailspin office (Comcast Business)
        "73.78.14.31": ("Aurora", "Colorado", "US", 7922),
        "73.95.200.12": ("Lakewood", "Colorado", "US", 7922),
        "67.174.9.44": ("Boulder", "Colorado", "US", 7922),
        "91.92.240.10": ("Frankfurt am Main", "Hesse", "DE", 202412),  # the crew's VPS, as in story (a)
    }
    st = Story("STC", "3d8a6f02-9c4b-4e71-8f25-b6a0c9e41d57", "Tailspin Toys", "tailspintoys.onmicrosoft.com",
               nets, seed=20260213, server="DM6PR07MB5521")
    office, ATT = "64.25.11.20", "91.92.240.10"

    def dev(name):
        return (st.gid("device", name), name, "Windows10", "Edge 121.0.0", "Microsoft Entra joined")
    people = [
        ("kim.akers@tailspintoys.com", "Kim Akers", "73.78.14.31", "TT-LT-0311"),       # accounts payable
        ("ben.walters@tailspintoys.com", "Ben Walters", "73.95.200.12", "TT-LT-0302"),
        ("dan.jump@tailspintoys.com", "Dan Jump", "67.174.9.44", "TT-LT-0305"),
    ]
    P = {}
    for i, (upn, name, home, devname) in enumerate(people):
        P[upn.split("@")[0]] = Person(st, upn, name, home, office, -7, dev(devname), i + 1)
    kim = P["kim.akers"]
    for day in weekdays(dt.date(2026, 2, 2), dt.date(2026, 2, 13)):
        for key, p in P.items():
            ip = office if day.weekday() in (1, 3) else p.home
            background_day(st, p, day, ip, busy=key == "kim.akers")

    F = lambda h, m, s=0: utc(2026, 2, 13, h, m, s)  # noqa: E731
    SESS = st.gid("session", "attacker", ATT)
    st.signin(F(16, 2, 41), kim, ATT, APP_OFFICEHOME, err=50126, ua=UA_CHROME, client="Browser",
              resource=RES_PORTAL, device=False, os_="Windows10", browser="Chrome 122.0.0", mfa="none",
              ca="Not Applied")
    st.signin(F(16, 3, 20), kim, ATT, APP_OFFICEHOME, ua=UA_CHROME, client="Browser", resource=RES_PORTAL,
              device=False, os_="Windows10", browser="Chrome 122.0.0", mfa="none", ca="Not Applied",
              session=SESS)
    st.exo_admin(F(16, 9, 12), kim, "New-InboxRule",
                 [("AlwaysDeleteOutlookRulesBlob", "False"), ("Force", "False"), ("Name", "."),
                  ("FromAddressContainsWords", "contoso.com"), ("MoveToFolder", "RSS Feeds"), ("MarkAsRead", "True"),
                  ("StopProcessingRules", "True")],
                 kim.upn + "\\.", ATT, SESS, port=53307)
    inbox = message_ids(st, kim, "crew-inbox", 40)
    st.mail_access(F(16, 11, 5), kim, ATT, OWA_PROXY_CIS, SESS, APP_OWA, "Bind", [("\\Inbox", inbox)])
    st.search(F(16, 14, 30), kim, ATT, OWA_PROXY_CIS, SESS, APP_OWA, "remittance")
    st.send(F(16, 22, 8), kim, ATT, OWA_PROXY_CIS, SESS, APP_OWA,
            "Change of bank account for open invoices", 31877)
    n = st.write(out, "InteractiveSignIns_2026-02-02_2026-02-16.csv", "NonInteractiveSignIns_2026-02-02_2026-02-16.csv",
                 "AuditLog_20260216_093000.csv")
    return n, {"attacker_ip": ATT, "victim": kim.upn}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(here, "..", "fixtures", "stories"))
    out = os.path.normpath(ap.parse_args().out)
    a_dir, b_dir = os.path.join(out, "bec_takeover"), os.path.join(out, "benign_tenant")
    na, info_a = story_a(a_dir)
    nb, info_b = story_b(b_dir)
    nc, info_c = story_c(os.path.join(out, "second_client"))
    mins = int((info_a["attack"] - info_a["megan_before"]).total_seconds() // 60)
    gap = "%d h %02d min" % divmod(mins, 60)
    files = {
        os.path.join(a_dir, "expected.toml"): EXPECTED_A % {"ip": info_a["attacker_ip"], "session": info_a["session"],
                                                            "gap": gap, "ip2": info_a["attacker_ip2"],
                                                            "second": info_a["second_account"],
                                                            "link_file": info_a["link_file"]},
        os.path.join(b_dir, "expected.toml"): EXPECTED_B,
        os.path.join(b_dir, "mailtrail.toml"): CONFIG_B % {"vpn": info_b["vpn_ip"]},
        os.path.join(out, "README.md"): README.replace("@SESSION@", info_a["session"]).replace(
            "@BEFORE@", info_a["megan_before"].strftime("%H:%M:%S")).replace(
            "@SESSION2@", info_a["session2"]).replace("@MBX@", info_a["megan_mbx"]).replace(
            "@ANON@", info_a["anon"][:21] + "…"),
    }
    for p, text in files.items():
        with open(p, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    print("bec_takeover: %d interactive, %d non-interactive sign-ins, %d audit records" % na)
    print("benign_tenant: %d interactive, %d non-interactive sign-ins, %d audit records" % nb)
    print("second_client: %d interactive, %d non-interactive sign-ins, %d audit records" % nc)


if __name__ == "__main__":
    main()
