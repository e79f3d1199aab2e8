#!/usr/bin/env python3
"""Generate the sign-in detector scenarios fixtures/scenarios/mt-s01 … mt-s13, mt-p04, mt-i01.

Each folder holds `fires*.jsonl` (a minimal, realistic input that must make the detector
fire) and `benign*.jsonl` (a realistic look-alike that must not make it fire at any
severity). Sign-ins are Graph `signIn` objects, one per line; where a detector reads UAL
records, `fires-ual.jsonl` / `benign-ual.jsonl` hold Management-API AuditData lines.

Tenant contoso.com. Every `id` / `Id` is `mtsNN-<f|b>-NNNN`, unique across fixtures/.
Networks (mailtrail lookup): DigitalOcean 159.203.x (AS14061), OVH 51.38.1.1 (AS16276),
Hetzner 88.198.1.1 (AS24940) are hosting; Comcast 73.x / 2601:1c0:: (AS7922), T-Mobile
172.56.1.1 (AS21928), Deutsche Telekom 80.128.1.1 (AS3320) are ISPs; Zscaler 165.225.1.1
(AS22616) is a security vendor; 52.96.1.1 (AS8075) is Microsoft.

Python 3 standard library only. Deterministic: fixed timestamps, ids and GUIDs from uuid5
over fixed names, no randomness, no wall-clock; files are rewritten byte-identically.

Usage: python3 scripts/gen_signin_scenarios.py [--out DIR]  (default: <repo>/fixtures/scenarios)
"""
import argparse
import datetime as dt
import json
import os
import uuid

NS = uuid.UUID("3b1f6d0e-8c2a-4e7b-9f51-6d7473696731")  # fixed namespace for these scenarios
TENANT_ID = "5f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f"
UTC = dt.timezone.utc


def guid(*parts):
    return str(uuid.uuid5(NS, "/".join(str(p) for p in parts)))


def token_id(*parts):
    """A 22-character uniqueTokenIdentifier look-alike (base64url of a hash)."""
    return uuid.uuid5(NS, "tok/" + "/".join(str(p) for p in parts)).hex[:22]


# ------------------------------------------------------------------ apps and resources
APP_OFFICEHOME = ("4765445b-32c6-49b0-83e6-1d93765276ca", "OfficeHome")
APP_OFFICE = ("d3590ed6-52b3-4102-aeff-aad2292ab01c", "Microsoft Office")
APP_OUTLOOK_MOBILE = ("27922004-5251-4030-b22d-91ecd9a37ea4", "Outlook Mobile")
APP_OWA = ("9199bf20-a13f-4107-85dc-02114787ef48", "One Outlook Web")
APP_TEAMS = ("1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams")
APP_EXO = ("00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online")
APP_BROKER = ("29d9ed98-a469-4536-ade2-f981bc1d605e", "Microsoft Authentication Broker")
APP_AZCLI = ("04b07795-8ddb-461a-bbee-02f9e1bf7b46", "Microsoft Azure CLI")
APP_VSCODE = ("aebc6443-996d-45c2-90f0-388ff96faa56", "Visual Studio Code")
APP_EMCLIENT = ("e9a7fea1-1cc0-4cd9-a31b-9137ca5deedd", "eM Client")
# An in-house app registration of contoso (the mail room's parcel tracker) that happens to
# share a name with an abused mail client; its id is contoso's own.
APP_CONTOSO_POSTBOX = (guid("app", "contoso-postbox"), "PostBox")

RES_EXO = "Office 365 Exchange Online"
RES_GRAPH = "Microsoft Graph"
RES_PORTAL = "Microsoft Office 365 Portal"
RES_DRS = "Device Registration Service"
RES_AZURE = "Windows Azure Service Management API"

# ------------------------------------------------------------------ user agents
CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/122.0.0.0 Safari/537.36")
EDGE = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/122.0.0.0 Safari/537.36 Edg/122.0.2365.66")
FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0"
SAFARI_IOS = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 "
              "(KHTML, like Gecko) Version/17.3.1 Mobile/15E148 Safari/604.1")
OUTLOOK_WIN = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)"
OUTLOOK_MAC = "MacOutlook/16.82.24021116 (Intelx64 Mac OS X 14.3.1 (Build 23D60))"
OUTLOOK_IOS = "Outlook-iOS/2.0"
TEAMS_NEW = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/121.0.0.0 Safari/537.36 Edg/121.0.0.0 Teams/24004.1403.2634.2418/49")
WAM = "Windows-AzureAD-Authentication-Provider/1.0"
AXIOS = "axios/1.7.7"
EMCLIENT_UA = "eMClient/9.2.2157.0"

# ------------------------------------------------------------------ networks
# ip -> (asn, city, state, country, lat, lon); location as Entra reports it.
NETS = {
    "159.203.1.1": (14061, "Toronto", "Ontario", "CA", 43.6532, -79.3832),
    "159.203.7.7": (14061, "Toronto", "Ontario", "CA", 43.6532, -79.3832),
    "51.38.1.1": (16276, "Roubaix", "Hauts-de-France", "FR", 50.6942, 3.1746),
    "88.198.1.1": (24940, "Falkenstein", "Saxony", "DE", 50.4779, 12.3713),
    "73.1.1.1": (7922, "Redmond", "Washington", "US", 47.6740, -122.1215),
    "73.2.2.2": (7922, "Kirkland", "Washington", "US", 47.6815, -122.2087),
    "73.5.5.5": (7922, "Bellevue", "Washington", "US", 47.6101, -122.2015),
    "2601:1c0::1": (7922, "Redmond", "Washington", "US", 47.6740, -122.1215),
    "172.56.1.1": (21928, "Seattle", "Washington", "US", 47.6062, -122.3321),
    "80.128.1.1": (3320, "Frankfurt am Main", "Hesse", "DE", 50.1109, 8.6821),
    "165.225.1.1": (22616, "Amsterdam", "North Holland", "NL", 52.3676, 4.9041),
    "52.96.1.1": (8075, "Quincy", "Washington", "US", 47.2343, -119.8526),
}

USERS = [
    "megan.bowen", "adele.vance", "alex.wilber", "diego.siciliani", "grady.archie",
    "henrietta.mueller", "isaiah.langer", "johanna.lorenz", "joni.sherman", "lee.gu",
    "lidia.holloway", "lynne.robbins", "miriam.graham", "nestor.wilke", "patti.fernandez",
    "pradeep.gupta",
]


def upn(name):
    return f"{name}@contoso.com"


def display(upn_):
    return " ".join(p.capitalize() for p in upn_.split("@")[0].split("."))


FAILURE_REASONS = {
    0: "Other.",
    50126: "Invalid username or password or Invalid on-premise username or password.",
    50074: "Strong Authentication is required.",
    50140: "This error occurred due to 'Keep me signed in' interrupt when the user was signing in.",
    50173: "The provided grant has expired due to it being revoked, a fresh auth token is needed.",
    70044: "The session has expired or is invalid due to sign-in frequency checks by conditional access.",
    53003: "Access has been blocked by Conditional Access policies.",
    70020: "The provided value for the input parameter 'device_code' is not valid. The device code has expired.",
}


def t(s):
    return dt.datetime.strptime(s, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


def iso(when):
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def device(dev):
    """dev: None (unregistered browser) or (name, os, browser, trust)."""
    if dev is None:
        return {"deviceId": "", "displayName": "", "operatingSystem": "Windows10",
                "browser": "Chrome 122.0.0", "isCompliant": False, "isManaged": False,
                "trustType": ""}
    if isinstance(dev, dict):
        return dev
    name, os_, browser, trust = dev
    return {"deviceId": guid("device", name), "displayName": name, "operatingSystem": os_,
            "browser": browser, "isCompliant": True, "isManaged": True, "trustType": trust}


LAPTOP = ("CONTOSO-LT-0412", "Windows10", "Edge 122.0.0", "Azure AD joined")
IPHONE = ("Megan's iPhone", "Ios", "", "Azure AD registered")
UNREGISTERED_IOS = {"deviceId": "", "displayName": "", "operatingSystem": "Ios", "browser": "",
                    "isCompliant": False, "isManaged": False, "trustType": ""}
NO_DEVICE = {"deviceId": "", "displayName": "", "operatingSystem": "", "browser": "",
             "isCompliant": False, "isManaged": False, "trustType": ""}


def signin(rid, when, who, ip, *, app=APP_OFFICEHOME, client="Browser", ua=CHROME, code=0,
           dev=None, session=None, protocol="none", requirement="multiFactorAuthentication",
           interactive=True, resource=RES_EXO, token_type="none", risk="none",
           ca="success", geo=None, details=None):
    asn, city, state, cc, lat, lon = NETS[ip]
    if geo is not None:
        lat, lon = geo
    u = upn(who) if "@" not in who else who
    return {
        "id": rid,
        "createdDateTime": iso(when),
        "userDisplayName": display(u),
        "userPrincipalName": u,
        "userId": guid("user", u),
        "appId": app[0],
        "appDisplayName": app[1],
        "clientAppUsed": client,
        "ipAddress": ip,
        "autonomousSystemNumber": asn,
        "location": {"city": city, "state": state, "countryOrRegion": cc,
                     "geoCoordinates": {"latitude": lat, "longitude": lon}},
        "status": {"errorCode": code, "failureReason": FAILURE_REASONS[code],
                   "additionalDetails": details},
        "deviceDetail": device(dev),
        "userAgent": ua,
        "sessionId": session or guid("session", rid),
        "correlationId": guid("correlation", rid),
        "uniqueTokenIdentifier": token_id(rid),
        "authenticationProtocol": protocol,
        "authenticationRequirement": requirement,
        "isInteractive": interactive,
        "resourceDisplayName": resource,
        "conditionalAccessStatus": ca,
        "riskLevelDuringSignIn": risk,
        "riskState": "none",
        "incomingTokenType": token_type,
        "userType": "member",
        "crossTenantAccessType": "none",
    }


def ual_common(rid, when, who, op, rtype, workload):
    return {
        "CreationTime": when.strftime("%Y-%m-%dT%H:%M:%S"),
        "Id": rid,
        "Operation": op,
        "OrganizationId": TENANT_ID,
        "RecordType": rtype,
        "ResultStatus": "Success",
        "UserKey": guid("userkey", who)[:16].replace("-", "").upper(),
        "UserType": 0,
        "Version": 1,
        "Workload": workload,
    }


def ual_logon(rid, when, who, ip, *, request_type, ua=CHROME, app=APP_OFFICEHOME,
              os_="Windows10", browser="Chrome", session=None, ok=True):
    """UAL AzureActiveDirectoryStsLogon (RecordType 15) UserLoggedIn / UserLoginFailed."""
    u = upn(who)
    rec = ual_common(rid, when, u, "UserLoggedIn" if ok else "UserLoginFailed", 15,
                     "AzureActiveDirectory")
    rec["ResultStatus"] = "Success" if ok else "Failed"
    rec.update({
        "ClientIP": ip,
        "ObjectId": APP_EXO[0],
        "AzureActiveDirectoryEventType": 1,
        "UserId": u,
        "ExtendedProperties": [
            {"Name": "ResultStatusDetail", "Value": "Success" if ok else "UserError"},
            {"Name": "UserAgent", "Value": ua},
            {"Name": "RequestType", "Value": request_type},
        ],
        "ModifiedProperties": [],
        "Actor": [{"ID": guid("user", u), "Type": 0}, {"ID": u, "Type": 5}],
        "ActorContextId": TENANT_ID,
        "ActorIpAddress": ip,
        "InterSystemsId": guid("ual-inter", rid),
        "IntraSystemId": guid("ual-intra", rid),
        "SupportTicketId": "",
        "Target": [{"ID": APP_EXO[0], "Type": 0}],
        "TargetContextId": TENANT_ID,
        "ApplicationId": app[0],
        "DeviceProperties": [
            {"Name": "OS", "Value": os_},
            {"Name": "BrowserType", "Value": browser},
            {"Name": "Id", "Value": ""},
            {"Name": "SessionId", "Value": session or guid("session", rid)},
        ],
        "ErrorNumber": "0" if ok else "50126",
    })
    return rec


def ual_mail_access(rid, when, who, ip, *, client_info, aad_session, count=4):
    """UAL ExchangeItemAggregated (RecordType 50) MailItemsAccessed, Bind."""
    u = upn(who)
    rec = ual_common(rid, when, u, "MailItemsAccessed", 50, "Exchange")
    rec.update({
        "ObjectId": "",
        "UserId": u,
        "AppId": APP_OWA[0],
        "ClientAppId": "",
        "ClientIPAddress": ip,
        "ClientInfoString": client_info,
        "ExternalAccess": False,
        "InternalLogonType": 0,
        "LogonType": 0,
        "LogonUserSid": "S-1-5-21-1004336348-1177238915-682003330-51201",
        "MailboxGuid": guid("mailbox", u),
        "MailboxOwnerSid": "S-1-5-21-1004336348-1177238915-682003330-51201",
        "MailboxOwnerUPN": u,
        "OrganizationName": "contoso.onmicrosoft.com",
        "OriginatingServer": "SA1PR04MB8421 (15.20.7316.039)\r\n",
        "SessionId": guid("exo-session", rid),
        "AppAccessContext": {"AADSessionId": aad_session, "UniqueTokenId": token_id(rid)},
        "OperationProperties": [{"Name": "MailAccessType", "Value": "Bind"},
                                {"Name": "IsThrottled", "Value": "False"}],
        "OperationCount": count,
        "Folders": [{"Id": guid("folder", u, "inbox"), "Path": "\\Inbox",
                     "FolderItems": [{"InternetMessageId": f"<{guid('msg', rid, i)}@contoso.com>",
                                      "SizeInBytes": 18000 + 977 * i} for i in range(count)]}],
    })
    return rec


class Ids:
    """Sequential record ids `mtsNN-<f|b>-NNNN`."""

    def __init__(self, scen, kind):
        self.prefix = f"{scen.replace('-', '')}-{kind}"
        self.n = 0

    def __call__(self):
        self.n += 1
        return f"{self.prefix}-{self.n:04d}"


# ================================================================== scenarios
# Each function returns {filename: [records]}.

def s01():
    """MT-S01 success from hosting. Benign: home ISP, Zscaler egress, Windows 365 Cloud PC
    (Microsoft range), a typo from home — no hosting, VPN, proxy or cloud network at all."""
    f, b = Ids("mt-s01", "f"), Ids("mt-s01", "b")
    sess = guid("mt-s01", "aitm-session")
    fires = [
        signin(f(), t("2026-03-02 08:02:11"), "megan.bowen", "73.1.1.1", app=APP_OFFICE,
               client="Mobile Apps and Desktop clients", ua=OUTLOOK_WIN, dev=LAPTOP,
               resource=RES_EXO, interactive=False, token_type="primaryRefreshToken",
               requirement="singleFactorAuthentication"),
        signin(f(), t("2026-03-02 09:14:03"), "megan.bowen", "159.203.1.1", code=50074,
               session=sess, resource=RES_PORTAL, ca="notApplied"),
        signin(f(), t("2026-03-02 09:14:41"), "megan.bowen", "159.203.1.1", session=sess,
               resource=RES_PORTAL, details="MFA requirement satisfied by claim in the token"),
    ]
    benign = [
        signin(b(), t("2026-03-02 08:02:11"), "megan.bowen", "73.1.1.1", app=APP_OFFICE,
               client="Mobile Apps and Desktop clients", ua=OUTLOOK_WIN, dev=LAPTOP,
               interactive=False, token_type="primaryRefreshToken",
               requirement="singleFactorAuthentication"),
        signin(b(), t("2026-03-02 08:40:00"), "megan.bowen", "73.1.1.1", code=50126, ua=EDGE,
               dev=LAPTOP, resource=RES_PORTAL, ca="notApplied"),
        signin(b(), t("2026-03-02 08:40:25"), "megan.bowen", "73.1.1.1", ua=EDGE, dev=LAPTOP,
               resource=RES_PORTAL),
        # At the office: all traffic leaves through the Zscaler cloud proxy.
        signin(b(), t("2026-03-02 11:05:30"), "megan.bowen", "165.225.1.1", app=APP_TEAMS,
               client="Mobile Apps and Desktop clients", ua=TEAMS_NEW, dev=LAPTOP,
               resource="Microsoft Teams Services"),
        # Windows 365 Cloud PC, egress from a Microsoft range.
        signin(b(), t("2026-03-02 14:20:09"), "megan.bowen", "52.96.1.1", app=APP_OFFICE,
               client="Mobile Apps and Desktop clients", ua=OUTLOOK_WIN,
               dev=("CPC-megan-7F3KQ", "Windows10", "", "Azure AD joined"),
               token_type="primaryRefreshToken", requirement="singleFactorAuthentication",
               interactive=False),
    ]
    return {"fires.jsonl": fires, "benign.jsonl": benign}


def baseline_s02(ids, who):
    """Six successes from home (Comcast) and the phone (T-Mobile) over three days."""
    out = []
    for day, hh in [(2, "08:05:12"), (2, "13:40:51"), (3, "07:58:30"), (3, "18:12:04"),
                    (4, "08:11:45")]:
        out.append(signin(ids(), t(f"2026-03-0{day} {hh}"), who, "73.1.1.1", app=APP_OFFICE,
                          client="Mobile Apps and Desktop clients", ua=OUTLOOK_WIN, dev=LAPTOP,
                          interactive=False, token_type="primaryRefreshToken",
                          requirement="singleFactorAuthentication"))
    out.insert(2, signin(ids(), t("2026-03-02 19:30:02"), who, "172.56.1.1",
                         app=APP_OUTLOOK_MOBILE, client="Mobile Apps and Desktop clients",
                         ua=OUTLOOK_IOS, dev=IPHONE))
    return out


def s02():
    """MT-S02 new ASN and country after a baseline. Benign: after the same baseline only a
    new Comcast address (same ASN), the known phone carrier and the Zscaler proxy."""
    f, b = Ids("mt-s02", "f"), Ids("mt-s02", "b")
    fires = baseline_s02(f, "megan.bowen") + [
        # A residential proxy in Germany, with the stolen password and a relayed MFA.
        signin(f(), t("2026-03-04 10:47:19"), "megan.bowen", "80.128.1.1", ua=FIREFOX_LINUX,
               dev={"deviceId": "", "displayName": "", "operatingSystem": "Linux",
                    "browser": "Firefox 123.0", "isCompliant": False, "isManaged": False,
                    "trustType": ""}, resource=RES_PORTAL, risk="medium"),
    ]
    benign = baseline_s02(b, "megan.bowen") + [
        # The cable modem got a new address.
        signin(b(), t("2026-03-04 17:55:40"), "megan.bowen", "73.2.2.2", app=APP_OFFICE,
               client="Mobile Apps and Desktop clients", ua=OUTLOOK_WIN, dev=LAPTOP,
               interactive=False, token_type="primaryRefreshToken",
               requirement="singleFactorAuthentication"),
        signin(b(), t("2026-03-04 20:02:13"), "megan.bowen", "172.56.1.1",
               app=APP_OUTLOOK_MOBILE, client="Mobile Apps and Desktop clients",
               ua=OUTLOOK_IOS, dev=IPHONE),
        # Office day: the Zscaler proxy (security vendor, Amsterdam node) is not a place.
        signin(b(), t("2026-03-05 09:01:27"), "megan.bowen", "165.225.1.1", ua=EDGE,
               dev=LAPTOP, resource=RES_PORTAL),
    ]
    return {"fires.jsonl": fires, "benign.jsonl": benign}


def s03():
    """MT-S03 Redmond then Frankfurt within the hour. Benign: the user flies to Frankfurt
    (14 h later), a Zscaler node far away in between, a record with 0,0 coordinates and a
    nearby second Comcast address."""
    f, b = Ids("mt-s03", "f"), Ids("mt-s03", "b")
    fires = [
        signin(f(), t("2026-03-03 08:03:44"), "megan.bowen", "73.1.1.1", app=APP_OFFICE,
               client="Mobile Apps and Desktop clients", ua=OUTLOOK_WIN, dev=LAPTOP),
        signin(f(), t("2026-03-03 09:01:10"), "megan.bowen", "80.128.1.1", ua=FIREFOX_LINUX,
               dev={"deviceId": "", "displayName": "", "operatingSystem": "Linux",
                    "browser": "Firefox 123.0", "isCompliant": False, "isManaged": False,
                    "trustType": ""}, resource=RES_PORTAL, risk="medium"),
    ]
    benign = [
        signin(b(), t("2026-03-03 08:03:44"), "megan.bowen", "73.1.1.1", app=APP_OFFICE,
               client="Mobile Apps and Desktop clients", ua=OUTLOOK_WIN, dev=LAPTOP),
        signin(b(), t("2026-03-03 08:05:02"), "megan.bowen", "73.2.2.2", ua=EDGE, dev=LAPTOP,
               resource=RES_PORTAL),
        # Laptop on the office Zscaler tunnel, geolocated to the Amsterdam node.
        signin(b(), t("2026-03-03 09:30:15"), "megan.bowen", "165.225.1.1", ua=EDGE,
               dev=LAPTOP, resource=RES_PORTAL),
        # Phone sign-in Entra could not geolocate (coordinates 0,0).
        signin(b(), t("2026-03-03 10:12:00"), "megan.bowen", "172.56.1.1",
               app=APP_OUTLOOK_MOBILE, client="Mobile Apps and Desktop clients",
               ua=OUTLOOK_IOS, dev=IPHONE, geo=(0.0, 0.0)),
        # Evening flight SEA-FRA; first sign-in from the Frankfurt hotel next morning.
        signin(b(), t("2026-03-04 07:55:31"), "megan.bowen", "80.128.1.1",
               app=APP_OUTLOOK_MOBILE, client="Mobile Apps and Desktop clients",
               ua=OUTLOOK_IOS, dev=IPHONE),
    ]
    return {"fires.jsonl": fires, "benign.jsonl": benign}


def s04():
    """MT-S04 axios relay of a Tycoon-2FA-style kit. Benign: browsers, Office, Teams and
    Outlook clients whose user agents only look like scripts (Linux, Electron, Dalvik)."""
    f, b = Ids("mt-s04", "f"), Ids("mt-s04", "b")
    sess = guid("mt-s04", "relay")
    fires = [
        signin(f(), t("2026-03-05 13:21:07"), "adele.vance", "159.203.7.7", ua=AXIOS,
               code=50074, session=sess, dev=NO_DEVICE, resource=RES_PORTAL, ca="notApplied"),
        signin(f(), t("2026-03-05 13:21:39"), "adele.vance", "159.203.7.7", ua=AXIOS,
               session=sess, dev=NO_DEVICE, resource=RES_PORTAL,
               details="MFA completed in Azure AD"),
    ]
    benign = [
        signin(b(), t("2026-03-05 08:10:00"), "adele.vance", "73.1.1.1", ua=EDGE, dev=LAPTOP,
               resource=RES_PORTAL),
        signin(b(), t("2026-03-05 08:10:31"), "adele.vance", "73.1.1.1", app=APP_TEAMS,
               client="Mobile Apps and Desktop clients", ua=TEAMS_NEW, dev=LAPTOP,
               resource="Microsoft Teams Services"),
        signin(b(), t("2026-03-05 08:12:02"), "adele.vance", "73.1.1.1", app=APP_OFFICE,
               client="Mobile Apps and Desktop clients", ua=OUTLOOK_WIN, dev=LAPTOP),
        signin(b(), t("2026-03-05 12:30:45"), "adele.vance", "172.56.1.1",
               app=APP_OUTLOOK_MOBILE, client="Mobile Apps and Desktop clients",
               ua=OUTLOOK_IOS, dev=IPHONE),
        signin(b(), t("2026-03-05 12:31:20"), "adele.vance", "172.56.1.1", ua=SAFARI_IOS,
               dev=UNREGISTERED_IOS, resource=RES_PORTAL),
        signin(b(), t("2026-03-05 19:44:03"), "adele.vance", "73.2.2.2", ua=OUTLOOK_MAC,
               app=APP_OFFICE, client="Mobile Apps and Desktop clients",
               dev={"deviceId": "", "displayName": "", "operatingSystem": "MacOs",
                    "browser": "", "isCompliant": False, "isManaged": False, "trustType": ""}),
        signin(b(), t("2026-03-05 21:02:17"), "adele.vance", "73.2.2.2", ua=FIREFOX_LINUX,
               dev={"deviceId": "", "displayName": "", "operatingSystem": "Linux",
                    "browser": "Firefox 123.0", "isCompliant": False, "isManaged": False,
                    "trustType": ""}, resource=RES_PORTAL),
        signin(b(), t("2026-03-05 21:30:00"), "adele.vance", "73.2.2.2", app=APP_OUTLOOK_MOBILE,
               client="Mobile Apps and Desktop clients",
               ua="Dalvik/2.1.0 (Linux; U; Android 14; Pixel 8 Build/UQ1A.240205.004)",
               dev={"deviceId": "", "displayName": "", "operatingSystem": "Android",
                    "browser": "", "isCompliant": False, "isManaged": False, "trustType": ""}),
    ]
    return {"fires.jsonl": fires, "benign.jsonl": benign}


def s05():
    """MT-S05 IMAP4 logins with a sprayed password. Benign: legacy attempts blocked by
    Conditional Access, and modern-auth Outlook clients."""
    f, b = Ids("mt-s05", "f"), Ids("mt-s05", "b")
    imap = dict(app=APP_EXO, client="IMAP4", ua="", dev=NO_DEVICE, protocol="none",
                requirement="singleFactorAuthentication", ca="notApplied")
    fires = [
        signin(f(), t("2026-03-06 02:14:55"), "alex.wilber", "88.198.1.1", **imap),
        signin(f(), t("2026-03-06 02:19:57"), "alex.wilber", "88.198.1.1", **imap),
    ]
    blocked = dict(imap, ca="failure")
    benign = [
        # The old scanner's SMTP AUTH and a forgotten IMAP profile, blocked by the
        # "Block legacy authentication" policy.
        signin(b(), t("2026-03-06 07:30:00"), "alex.wilber", "73.5.5.5", code=53003,
               **dict(blocked, client="Authenticated SMTP")),
        signin(b(), t("2026-03-06 07:45:00"), "alex.wilber", "73.1.1.1", code=53003,
               **blocked),
        # Modern authentication: Outlook desktop and mobile.
        signin(b(), t("2026-03-06 08:02:40"), "alex.wilber", "73.1.1.1", app=APP_OFFICE,
               client="Mobile Apps and Desktop clients", ua=OUTLOOK_WIN, dev=LAPTOP,
               interactive=False, token_type="primaryRefreshToken",
               requirement="singleFactorAuthentication"),
        signin(b(), t("2026-03-06 12:15:02"), "alex.wilber", "172.56.1.1",
               app=APP_OUTLOOK_MOBILE, client="Mobile Apps and Desktop clients",
               ua=OUTLOOK_IOS, dev=IPHONE),
        signin(b(), t("2026-03-06 12:20:41"), "alex.wilber", "172.56.1.1", ua=SAFARI_IOS,
               dev=UNREGISTERED_IOS, resource=RES_PORTAL),
    ]
    return {"fires.jsonl": fires, "benign.jsonl": benign}


def s06():
    """MT-S06 spray: one OVH host, 12 users, 50126, within three minutes. Benign: a
    shared office NAT after a forced password reset (9 users mistype within 5 minutes,
    5 more half an hour later), MFA prompts, and a phone retrying an expired token."""
    f, b = Ids("mt-s06", "f"), Ids("mt-s06", "b")
    start = t("2026-03-07 03:12:00")
    fires = []
    for i, who in enumerate(USERS[:12]):
        fires.append(signin(f(), start + dt.timedelta(seconds=14 * i + 3), who, "51.38.1.1",
                            app=APP_OFFICE, client="Mobile Apps and Desktop clients",
                            ua=CHROME, code=50126, dev=NO_DEVICE, protocol="ropc",
                            requirement="singleFactorAuthentication", ca="notApplied"))
    benign = []
    office = "73.5.5.5"
    for i, who in enumerate(USERS[:9]):
        when = t("2026-03-09 08:00:00") + dt.timedelta(seconds=27 * i + 5)
        benign.append(signin(b(), when, who, office, ua=EDGE, dev=LAPTOP, code=50126,
                             resource=RES_PORTAL, ca="notApplied"))
        benign.append(signin(b(), when + dt.timedelta(seconds=20), who, office, ua=EDGE,
                             dev=LAPTOP, code=50074, resource=RES_PORTAL, ca="notApplied"))
        benign.append(signin(b(), when + dt.timedelta(seconds=45), who, office, ua=EDGE,
                             dev=LAPTOP, resource=RES_PORTAL))
    for i, who in enumerate(USERS[9:14]):
        when = t("2026-03-09 08:31:00") + dt.timedelta(seconds=41 * i)
        benign.append(signin(b(), when, who, office, ua=EDGE, dev=LAPTOP, code=50126,
                             resource=RES_PORTAL, ca="notApplied"))
        benign.append(signin(b(), when + dt.timedelta(seconds=30), who, office, ua=EDGE,
                             dev=LAPTOP, resource=RES_PORTAL))
    # Megan's phone keeps presenting the refresh token revoked by the reset.
    for i in range(12):
        benign.append(signin(b(), t("2026-03-09 08:02:00") + dt.timedelta(seconds=20 * i),
                             "megan.bowen", "172.56.1.1", app=APP_OUTLOOK_MOBILE,
                             client="Mobile Apps and Desktop clients", ua=OUTLOOK_IOS,
                             dev=IPHONE, code=50173, interactive=False,
                             token_type="refreshToken", ca="notApplied"))
    benign.sort(key=lambda r: (r["createdDateTime"], r["id"]))
    return {"fires.jsonl": fires, "benign.jsonl": benign}


def s07():
    """MT-S07 six wrong passwords through a residential proxy, then the right one from
    the same IP. Benign: a user who gets it right at the fourth try, failures older than
    the window, MFA prompts, and token-expiry retries before a success."""
    f, b = Ids("mt-s07", "f"), Ids("mt-s07", "b")
    proxy = dict(ua=FIREFOX_LINUX, dev={"deviceId": "", "displayName": "",
                                        "operatingSystem": "Linux", "browser": "Firefox 123.0",
                                        "isCompliant": False, "isManaged": False,
                                        "trustType": ""}, resource=RES_PORTAL)
    fires = []
    for i in range(6):
        fires.append(signin(f(), t("2026-03-10 01:40:00") + dt.timedelta(seconds=95 * i),
                            "diego.siciliani", "80.128.1.1", code=50126, ca="notApplied",
                            **proxy))
    fires.append(signin(f(), t("2026-03-10 01:51:12"), "diego.siciliani", "80.128.1.1",
                        requirement="singleFactorAuthentication", **proxy))
    benign = []
    # Diego after his holiday: three typos, one caps-lock, then the right password.
    for i in range(4):
        benign.append(signin(b(), t("2026-03-10 08:01:00") + dt.timedelta(seconds=20 * i),
                             "diego.siciliani", "73.1.1.1", ua=EDGE, dev=LAPTOP, code=50126,
                             resource=RES_PORTAL, ca="notApplied"))
    benign.append(signin(b(), t("2026-03-10 08:02:30"), "diego.siciliani", "73.1.1.1",
                         ua=EDGE, dev=LAPTOP, resource=RES_PORTAL))
    # Grady fumbled six times at 07:00, gave up, and signed in after lunch.
    for i in range(6):
        benign.append(signin(b(), t("2026-03-10 07:00:00") + dt.timedelta(seconds=30 * i),
                             "grady.archie", "73.2.2.2", ua=CHROME, dev=None, code=50126,
                             resource=RES_PORTAL, ca="notApplied"))
    benign.append(signin(b(), t("2026-03-10 12:45:10"), "grady.archie", "73.2.2.2", ua=CHROME,
                         dev=None, resource=RES_PORTAL))
    # Adele ignores six MFA prompts before approving one.
    for i in range(6):
        benign.append(signin(b(), t("2026-03-10 09:10:00") + dt.timedelta(seconds=40 * i),
                             "adele.vance", "172.56.1.1", ua=SAFARI_IOS, dev=UNREGISTERED_IOS,
                             code=50074, resource=RES_PORTAL, ca="notApplied"))
    benign.append(signin(b(), t("2026-03-10 09:15:00"), "adele.vance", "172.56.1.1",
                         ua=SAFARI_IOS, dev=UNREGISTERED_IOS, resource=RES_PORTAL))
    # Megan's Outlook retries a session killed by sign-in frequency, then re-authenticates.
    for i in range(8):
        benign.append(signin(b(), t("2026-03-10 10:00:00") + dt.timedelta(seconds=15 * i),
                             "megan.bowen", "73.5.5.5", app=APP_OFFICE,
                             client="Mobile Apps and Desktop clients", ua=OUTLOOK_WIN,
                             dev=LAPTOP, code=70044, interactive=False,
                             token_type="refreshToken", ca="failure"))
    benign.append(signin(b(), t("2026-03-10 10:02:30"), "megan.bowen", "73.5.5.5",
                         app=APP_OFFICE, client="Mobile Apps and Desktop clients",
                         ua=OUTLOOK_WIN, dev=LAPTOP))
    benign.sort(key=lambda r: (r["createdDateTime"], r["id"]))
    return {"fires.jsonl": fires, "benign.jsonl": benign}


def s08():
    """MT-S08 session cookie stolen and replayed from Hetzner. Benign: one session across
    DHCP change and IPv6 of the same ISP, plus Microsoft-range records; the phone has its
    own session."""
    f, b = Ids("mt-s08", "f"), Ids("mt-s08", "b")
    sess = guid("mt-s08", "fires-session")
    fires = [
        signin(f(), t("2026-03-11 08:15:02"), "lee.gu", "73.1.1.1", ua=EDGE, dev=LAPTOP,
               session=sess, resource=RES_PORTAL),
        signin(f(), t("2026-03-11 11:42:18"), "lee.gu", "88.198.1.1", app=APP_OWA, ua=CHROME,
               dev=NO_DEVICE, session=sess, interactive=False, token_type="none",
               requirement="singleFactorAuthentication"),
    ]
    bsess = guid("mt-s08", "benign-session")
    phone = guid("mt-s08", "benign-phone")
    benign = [
        signin(b(), t("2026-03-11 08:15:02"), "lee.gu", "73.1.1.1", ua=EDGE, dev=LAPTOP,
               session=bsess, resource=RES_PORTAL),
        signin(b(), t("2026-03-11 10:03:44"), "lee.gu", "2601:1c0::1", app=APP_OWA, ua=EDGE,
               dev=LAPTOP, session=bsess, interactive=False,
               requirement="singleFactorAuthentication"),
        signin(b(), t("2026-03-11 13:27:09"), "lee.gu", "73.2.2.2", app=APP_OWA, ua=EDGE,
               dev=LAPTOP, session=bsess, interactive=False,
               requirement="singleFactorAuthentication"),
        # Server-side token refresh on behalf of the session, from Microsoft's own range.
        signin(b(), t("2026-03-11 13:40:00"), "lee.gu", "52.96.1.1", app=APP_OWA, ua="",
               dev=NO_DEVICE, session=bsess, interactive=False,
               requirement="singleFactorAuthentication"),
        signin(b(), t("2026-03-11 17:55:21"), "lee.gu", "172.56.1.1", app=APP_OUTLOOK_MOBILE,
               client="Mobile Apps and Desktop clients", ua=OUTLOOK_IOS, dev=IPHONE,
               session=phone),
        signin(b(), t("2026-03-11 19:02:03"), "lee.gu", "172.56.1.1", app=APP_OUTLOOK_MOBILE,
               client="Mobile Apps and Desktop clients", ua=OUTLOOK_IOS, dev=IPHONE,
               session=phone, interactive=False, token_type="refreshToken"),
    ]
    return {"fires.jsonl": fires, "benign.jsonl": benign}


def s09():
    """MT-S09 the victim's own client and the AiTM proxy sign in 12 s apart. Benign:
    Wi-Fi to mobile after minutes, Zscaler and Microsoft relays within seconds, and two
    Comcast addresses within seconds (same ASN)."""
    f, b = Ids("mt-s09", "f"), Ids("mt-s09", "b")
    fires = [
        signin(f(), t("2026-03-12 09:14:05"), "johanna.lorenz", "73.1.1.1", app=APP_OFFICE,
               client="Mobile Apps and Desktop clients", ua=OUTLOOK_WIN, dev=LAPTOP,
               interactive=False, token_type="primaryRefreshToken",
               requirement="singleFactorAuthentication"),
        signin(f(), t("2026-03-12 09:14:17"), "johanna.lorenz", "159.203.1.1", ua=CHROME,
               dev=NO_DEVICE, resource=RES_PORTAL,
               details="MFA requirement satisfied by claim in the token"),
    ]
    benign = [
        signin(b(), t("2026-03-12 09:14:05"), "johanna.lorenz", "73.1.1.1", app=APP_OFFICE,
               client="Mobile Apps and Desktop clients", ua=OUTLOOK_WIN, dev=LAPTOP,
               interactive=False, token_type="primaryRefreshToken",
               requirement="singleFactorAuthentication"),
        # Zscaler client connector comes up: next sign-in leaves through the proxy.
        signin(b(), t("2026-03-12 09:14:14"), "johanna.lorenz", "165.225.1.1", ua=EDGE,
               dev=LAPTOP, resource=RES_PORTAL),
        signin(b(), t("2026-03-12 09:14:22"), "johanna.lorenz", "73.1.1.1", app=APP_TEAMS,
               client="Mobile Apps and Desktop clients", ua=TEAMS_NEW, dev=LAPTOP,
               resource="Microsoft Teams Services"),
        signin(b(), t("2026-03-12 09:14:25"), "johanna.lorenz", "73.2.2.2", ua=EDGE,
               dev=LAPTOP, resource=RES_PORTAL),
        # Exchange Online refreshing a token server-side.
        signin(b(), t("2026-03-12 09:14:29"), "johanna.lorenz", "52.96.1.1", app=APP_OWA,
               ua="", dev=NO_DEVICE, interactive=False,
               requirement="singleFactorAuthentication"),
        # Leaves home; the phone drops to the mobile network two minutes later.
        signin(b(), t("2026-03-12 09:16:31"), "johanna.lorenz", "172.56.1.1",
               app=APP_OUTLOOK_MOBILE, client="Mobile Apps and Desktop clients",
               ua=OUTLOOK_IOS, dev=IPHONE),
    ]
    return {"fires.jsonl": fires, "benign.jsonl": benign}


def s10():
    """MT-S10 OfficeHome without device from DigitalOcean (MFA relayed, then success), and
    OWA ViaProxy from the same host in the UAL. Benign: OfficeHome from a personal laptop
    at home and through Zscaler, a registered laptop, OWA ViaProxy from ISP and Zscaler."""
    f, b = Ids("mt-s10", "f"), Ids("mt-s10", "b")
    sess = guid("mt-s10", "aitm-session")
    fires = [
        signin(f(), t("2026-03-13 10:02:40"), "joni.sherman", "159.203.1.1", code=50074,
               session=sess, dev=None, resource=RES_PORTAL, ca="notApplied"),
        signin(f(), t("2026-03-13 10:03:05"), "joni.sherman", "159.203.1.1", session=sess,
               dev=None, resource=RES_PORTAL, details="MFA completed in Azure AD"),
    ]
    fires_ual = [
        ual_mail_access(f(), t("2026-03-13 10:09:51"), "joni.sherman", "159.203.1.1",
                        client_info="Client=OWA;Action=ViaProxy", aad_session=sess),
    ]
    bsess = guid("mt-s10", "benign-session")
    benign = [
        # Personal laptop at home, not registered: OfficeHome with no device id, ISP.
        signin(b(), t("2026-03-13 07:45:10"), "joni.sherman", "73.1.1.1", code=50074,
               dev=None, session=bsess, resource=RES_PORTAL, ca="notApplied"),
        signin(b(), t("2026-03-13 07:45:32"), "joni.sherman", "73.1.1.1", dev=None,
               session=bsess, resource=RES_PORTAL),
        # Corporate laptop at the office behind Zscaler.
        signin(b(), t("2026-03-13 09:30:02"), "joni.sherman", "165.225.1.1", ua=EDGE,
               dev=LAPTOP, resource=RES_PORTAL),
        # A kiosk browser at the office, unregistered, through Zscaler.
        signin(b(), t("2026-03-13 12:10:44"), "joni.sherman", "165.225.1.1", dev=None,
               resource=RES_PORTAL),
    ]
    benign_ual = [
        ual_mail_access(b(), t("2026-03-13 07:52:03"), "joni.sherman", "73.1.1.1",
                        client_info="Client=OWA;Action=ViaProxy", aad_session=bsess),
        ual_mail_access(b(), t("2026-03-13 12:14:30"), "joni.sherman", "165.225.1.1",
                        client_info="Client=OWA;Action=ViaProxy",
                        aad_session=guid("mt-s10", "kiosk")),
    ]
    return {"fires.jsonl": fires, "fires-ual.jsonl": fires_ual,
            "benign.jsonl": benign, "benign-ual.jsonl": benign_ual}


def s11():
    """MT-S11 device-code phishing: broker tokens issued to a DigitalOcean host, and a UAL
    Cmsi:Cmsi logon from Hetzner. Benign: the broker (WAM) on the user's own PC at home and
    behind Zscaler, an expired device code, and ordinary UAL logons."""
    f, b = Ids("mt-s11", "f"), Ids("mt-s11", "b")
    fires = [
        signin(f(), t("2026-03-16 14:05:33"), "nestor.wilke", "159.203.7.7", app=APP_BROKER,
               client="Mobile Apps and Desktop clients", ua="python-requests/2.31.0",
               dev=NO_DEVICE, protocol="deviceCode", resource=RES_DRS,
               requirement="multiFactorAuthentication", ca="notApplied"),
    ]
    fires_ual = [
        ual_logon(f(), t("2026-03-16 14:31:09"), "nestor.wilke", "88.198.1.1",
                  request_type="Cmsi:Cmsi", ua="python-requests/2.31.0", app=APP_OFFICE,
                  os_="", browser=""),
    ]
    benign = [
        # Windows Web Account Manager on the user's Azure AD joined laptop.
        signin(b(), t("2026-03-16 08:00:41"), "nestor.wilke", "73.1.1.1", app=APP_BROKER,
               client="Mobile Apps and Desktop clients", ua=WAM, dev=LAPTOP,
               resource=RES_DRS, interactive=False, token_type="primaryRefreshToken",
               requirement="singleFactorAuthentication"),
        signin(b(), t("2026-03-16 10:22:13"), "nestor.wilke", "165.225.1.1", app=APP_BROKER,
               client="Mobile Apps and Desktop clients", ua=WAM, dev=LAPTOP,
               resource=RES_DRS, interactive=False, token_type="primaryRefreshToken",
               requirement="singleFactorAuthentication"),
        # Started `az login --use-device-code` at home, never finished: the code expired.
        signin(b(), t("2026-03-16 16:40:02"), "nestor.wilke", "73.1.1.1", app=APP_AZCLI,
               client="Mobile Apps and Desktop clients",
               ua="python/3.11.8 (Linux-6.5.0-x86_64-with-glibc2.35) AZURECLI/2.57.0",
               dev=NO_DEVICE, protocol="deviceCode", code=70020, resource=RES_AZURE,
               ca="notApplied"),
    ]
    benign_ual = [
        ual_logon(b(), t("2026-03-16 08:01:02"), "nestor.wilke", "73.1.1.1",
                  request_type="OAuth2:Authorize", ua=EDGE, browser="Edge"),
        ual_logon(b(), t("2026-03-16 08:01:09"), "nestor.wilke", "73.1.1.1",
                  request_type="Login:login", ua=EDGE, browser="Edge"),
        ual_logon(b(), t("2026-03-16 10:22:40"), "nestor.wilke", "165.225.1.1",
                  request_type="OAuth2:Token", ua=OUTLOOK_WIN, app=APP_OFFICE, browser=""),
    ]
    return {"fires.jsonl": fires, "fires-ual.jsonl": fires_ual,
            "benign.jsonl": benign, "benign-ual.jsonl": benign_ual}


def s12():
    """MT-S12 eM Client given a token for the mailbox from Hetzner. Benign: Microsoft's own
    mail clients, and contoso's in-house app registration named 'PostBox' (own app id)."""
    f, b = Ids("mt-s12", "f"), Ids("mt-s12", "b")
    em = dict(app=APP_EMCLIENT, client="Mobile Apps and Desktop clients", ua=EMCLIENT_UA,
              dev={"deviceId": "", "displayName": "", "operatingSystem": "Windows10",
                   "browser": "", "isCompliant": False, "isManaged": False, "trustType": ""},
              resource=RES_EXO)
    fires = [
        signin(f(), t("2026-03-17 03:22:10"), "patti.fernandez", "88.198.1.1",
               details="MFA requirement satisfied by claim in the token", **em),
        signin(f(), t("2026-03-17 03:27:15"), "patti.fernandez", "88.198.1.1",
               interactive=False, token_type="refreshToken",
               requirement="singleFactorAuthentication", **em),
    ]
    benign = [
        signin(b(), t("2026-03-17 08:05:00"), "patti.fernandez", "73.1.1.1", app=APP_OFFICE,
               client="Mobile Apps and Desktop clients", ua=OUTLOOK_WIN, dev=LAPTOP,
               interactive=False, token_type="primaryRefreshToken",
               requirement="singleFactorAuthentication"),
        signin(b(), t("2026-03-17 08:30:12"), "patti.fernandez", "73.1.1.1", app=APP_OWA,
               ua=EDGE, dev=LAPTOP),
        signin(b(), t("2026-03-17 12:11:50"), "patti.fernandez", "172.56.1.1",
               app=APP_OUTLOOK_MOBILE, client="Mobile Apps and Desktop clients",
               ua=OUTLOOK_IOS, dev=IPHONE),
        signin(b(), t("2026-03-17 14:02:33"), "patti.fernandez", "73.5.5.5",
               app=APP_CONTOSO_POSTBOX, ua=EDGE, dev=LAPTOP, resource=RES_GRAPH),
    ]
    return {"fires.jsonl": fires, "benign.jsonl": benign}


def s13():
    """MT-S13 OAuth phishing through Visual Studio Code: a token for Microsoft Graph issued
    to a DigitalOcean host, the first time this user ever used the client. Benign: a
    developer who has used the Azure CLI against Graph every working day since the start of
    the data, from home."""
    f, b = Ids("mt-s13", "f"), Ids("mt-s13", "b")
    fires = [
        signin(f(), t("2026-03-02 09:01:12"), "lee.gu", "73.2.2.2", app=APP_OFFICE,
               client="Mobile Apps and Desktop clients", ua=OUTLOOK_WIN, dev=LAPTOP),
        signin(f(), t("2026-03-12 16:44:05"), "lee.gu", "159.203.7.7", app=APP_VSCODE,
               client="Mobile Apps and Desktop clients", ua="node-fetch/1.0", dev=NO_DEVICE,
               resource=RES_GRAPH, requirement="singleFactorAuthentication", ca="notApplied"),
    ]
    cli_ua = "python/3.11.8 (Windows-10) AZURECLI/2.57.0"
    benign = [
        signin(b(), t("2026-03-%02d 08:%02d:10" % (day, 10 + day)), "lidia.holloway", "73.5.5.5",
               app=APP_AZCLI, client="Mobile Apps and Desktop clients", ua=cli_ua, dev=LAPTOP,
               resource=RES_GRAPH)
        for day in (2, 3, 4, 5, 6, 9)
    ]
    return {"fires.jsonl": fires, "benign.jsonl": benign}


def p04():
    """MT-P04 a sign-in from a RedVDS virtual machine (computer name WIN-BUNS25TD77J).
    Benign: the user's own laptop, and a machine whose name only starts like a Windows
    default name."""
    f, b = Ids("mt-p04", "f"), Ids("mt-p04", "b")
    redvds = ("WIN-BUNS25TD77J", "Windows2022", "Edge 122.0.0", "Azure AD registered")
    fires = [
        signin(f(), t("2026-03-18 11:20:44"), "henrietta.mueller", "88.198.1.1", app=APP_BROKER,
               client="Mobile Apps and Desktop clients", ua=WAM, dev=redvds, resource=RES_DRS),
    ]
    benign = [
        signin(b(), t("2026-03-18 08:10:02"), "henrietta.mueller", "73.1.1.1", dev=LAPTOP),
        signin(b(), t("2026-03-18 09:40:17"), "henrietta.mueller", "73.1.1.1",
               dev=("WIN-7Q2L0M4K1AB", "Windows10", "Edge 122.0.0", "Azure AD joined")),
    ]
    return {"fires.jsonl": fires, "benign.jsonl": benign}


def i01():
    """MT-I01 a sign-in from an address an indicator file lists (fixtures/scenarios/mt-i01/
    ioc.csv, written by hand: `ip,159.203.7.7`). Benign: another address in the same
    DigitalOcean range, and the user's home ISP — an `ip` indicator is one address."""
    f, b = Ids("mt-i01", "f"), Ids("mt-i01", "b")
    fires = [
        signin(f(), t("2026-03-19 22:14:03"), "henrietta.mueller", "159.203.7.7"),
    ]
    benign = [
        signin(b(), t("2026-03-19 08:05:41"), "henrietta.mueller", "73.1.1.1", dev=LAPTOP),
        signin(b(), t("2026-03-19 22:30:12"), "henrietta.mueller", "159.203.1.1"),
    ]
    return {"fires.jsonl": fires, "benign.jsonl": benign}


SCENARIOS = {
    "mt-s01": s01, "mt-s02": s02, "mt-s03": s03, "mt-s04": s04, "mt-s05": s05,
    "mt-s06": s06, "mt-s07": s07, "mt-s08": s08, "mt-s09": s09, "mt-s10": s10,
    "mt-s11": s11, "mt-s12": s12, "mt-s13": s13, "mt-p04": p04,
    "mt-i01": i01,
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(here, "..", "fixtures", "scenarios"))
    args = ap.parse_args()
    seen = set()
    for name, fn in SCENARIOS.items():
        folder = os.path.join(args.out, name)
        os.makedirs(folder, exist_ok=True)
        for fname, recs in fn().items():
            for r in recs:
                rid = r.get("id") or r.get("Id")
                assert rid not in seen, rid
                seen.add(rid)
            with open(os.path.join(folder, fname), "w", encoding="utf-8", newline="\n") as fh:
                for r in recs:
                    fh.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"wrote {len(SCENARIOS)} scenarios, {len(seen)} records")


if __name__ == "__main__":
    main()
