"""Microsoft Graph activity logs (MicrosoftGraphActivityLogs): the Log Analytics CSV export
and a diagnostic-settings storage blob. Columns follow Microsoft's table reference
(learn.microsoft.com/azure/azure-monitor/reference/tables/microsoftgraphactivitylogs); the
envelope and its camelCase properties follow the real sample in
/work/shared/corpus/sekoia/azure-ad/graph_activity.json.

The attacker's token from the DigitalOcean sign-in reads Megan's mail through Graph: each
request's SignInActivityId is the uniqueTokenIdentifier of the sign-in that issued the
token (signin/InteractiveSignIns_*.csv row 7, signin/NonInteractiveSignIns_drifted.csv)."""
import base64
import datetime as dt
import json

from common import (ADMIN, ADMIN_OID, ALEX, APP_EVIL, APP_OFFICE, APP_OUTLOOK, CONTOSO_TENANT, DO_IP, HOME_IP,
                    OFFICE_IP, OVH_IP, UA_AXIOS, UA_EDGE, UA_LINUX, UA_PY, VICTIM, VICTIM_OID, csv_text, encode,
                    gid, iso, la_time, register, t, write_bytes)
from signin_data import noninteractive, story

WORKSPACE_TENANT = "e3f4a5b6-c7d8-4e9f-a0b1-c2d3e4f5a6b7"
GRAPH = "https://graph.microsoft.com"
HEADER = ("TenantId,TimeGenerated [UTC],Location,RequestId,OperationId,ClientRequestId,ApiVersion,RequestMethod,"
          "ResponseStatusCode,AadTenantId,IPAddress,UserAgent,RequestUri,DurationMs,ResponseSizeBytes,"
          "SignInActivityId,Roles,TokenIssuedAt [UTC],AppId,UserId,ServicePrincipalId,Scopes,IdentityProvider,"
          "ClientAuthMethod,Wids,ATContent,ATContentH,ATContentP,DeviceId,SessionId,UniqueTokenId,SourceSystem,"
          "Type").split(",")
RESOURCE_ID = "/TENANTS/%s/PROVIDERS/MICROSOFT.AADIAM" % CONTOSO_TENANT.upper()
WID_USER = "b79fbf4d-3ef9-4689-8143-76b194e85509"      # the "member user" directory role template
WID_GLOBAL_READER = "f2ef992c-3afb-46b9-b7cf-a126ee74c451"
SCOPES_OFFICE = "email openid profile Files.ReadWrite.All Mail.ReadWrite Mail.Send User.Read User.ReadBasic.All"
SCOPES_EVIL = "Mail.Read offline_access User.Read"
SCOPES_OUTLOOK = "EAS.AccessAsUser.All EWS.AccessAsUser.All Mail.ReadWrite User.Read"


def message_id(name):
    """A Graph / Outlook REST message id: base64 of store bytes behind the usual AAMk prefix."""
    raw = bytes.fromhex(gid("msg", name).replace("-", "")) * 3
    return "AAMkAGI2" + base64.b64encode(raw[:41]).decode().replace("/", "_").replace("+", "-")


M_INVOICE = message_id("invoice-q1")
M_BANK = message_id("bank-details")
ATT_INVOICE = message_id("invoice-q1-attachment")

# (token, who, ip, app, ua, scopes, roles, wids)
ATTACKER = "attacker"
TOKENS = {
    # the DigitalOcean interactive sign-in of the takeover (OfficeHome)
    ATTACKER: (story("entra-interactive", mirror=True)[6], VICTIM_OID, DO_IP, APP_OFFICE, UA_PY, SCOPES_OFFICE, "",
               WID_USER),
    # refresh-token redemption by "Mail Backup Pro" from DigitalOcean, then OVH
    "evil-do": (noninteractive("entra-noninteractive")[1], VICTIM_OID, DO_IP, APP_EVIL, UA_AXIOS, SCOPES_EVIL, "",
                WID_USER),
    "evil-ovh": (noninteractive("entra-noninteractive")[4], VICTIM_OID, OVH_IP, APP_EVIL, UA_AXIOS, SCOPES_EVIL, "",
                 WID_USER),
    # Megan herself, from home, in the Outlook app
    "megan": (noninteractive("entra-noninteractive")[2], VICTIM_OID, HOME_IP, APP_OUTLOOK, UA_EDGE, SCOPES_OUTLOOK,
              "", WID_USER),
    # the responding admin from the office
    "admin": ({"uniqueTokenIdentifier": gid("graph", "admin-uti").replace("-", "")[:22],
               "sessionId": gid("session", ADMIN, OFFICE_IP), "createdDateTime": "2026-01-04T10:55:12Z"},
              ADMIN_OID, OFFICE_IP, APP_OFFICE, UA_EDGE,
              "AuditLog.Read.All Directory.Read.All MailboxSettings.Read User.Read", "", WID_GLOBAL_READER),
    # Mail Backup Pro without a user (client credentials): the tenant never granted it
    # application permissions, so Graph answers 403
    "evil-app": (None, "", DO_IP, APP_EVIL, UA_AXIOS, "", "", ""),
}


def me(path):
    return GRAPH + "/v1.0/me" + path


# (minute after 08:00 on 2026-01-04, token, method, uri, status, response bytes)
REQUESTS = [
    (-5, "megan", "GET", GRAPH + "/v1.0/me/photo/$value", 200, 4211),
    (31, ATTACKER, "GET", me(""), 200, 1266),
    (32, ATTACKER, "GET", me("/mailFolders?$top=100&includeHiddenFolders=true"), 200, 5120),
    (33, ATTACKER, "GET", me("/mailFolders/inbox/messages?$top=50&$select=subject,from,receivedDateTime"), 200,
     48113),
    (35, ATTACKER, "GET", me("/messages/" + M_INVOICE), 200, 20533),
    (36, ATTACKER, "GET", me("/messages/%s/attachments/%s/$value" % (M_INVOICE, ATT_INVOICE)), 200, 183340),
    (40, ATTACKER, "GET", GRAPH + "/beta/me/mailFolders('SentItems')/messages/delta?$select=subject,toRecipients",
     200, 77004),
    (41, ATTACKER, "GET", GRAPH + "/v1.0/users?$select=displayName,mail,jobTitle&$top=999", 200, 9312),
    (44, ATTACKER, "POST", me("/sendMail"), 202, 0),
    (46, ATTACKER, "POST", me("/mailFolders/inbox/messageRules"), 201, 702),
    (65, "evil-do", "GET", GRAPH + "/v1.0/users/megan.bowen@contoso.com/messages?$top=100", 200, 310442),
    (66, "evil-do", "GET", GRAPH + "/v1.0/users/%s/messages/%s/$value" % (VICTIM_OID, M_BANK.replace("=", "%3D")),
     200, 56120),
    (140, "megan", "GET", GRAPH + "/beta/me/mailFolders/inbox/messages?$filter=isRead eq false&$top=5", 200, 8802),
]
DIAG_REQUESTS = [
    (72, "evil-app", "GET", GRAPH + "/v1.0/users/%s/mailFolders/inbox/messages?$top=100" % ALEX, 403, 324),
    (73, "evil-app", "GET", GRAPH + "/v1.0/users?$top=999", 403, 324),
    (95, "evil-ovh", "GET", GRAPH + "/v1.0/me/mailFolders/archive/messages/delta", 200, 120006),
    (96, "evil-ovh", "GET", GRAPH + "/v1.0/me/mailFolders/archive/messages/delta?$skiptoken=" + gid("skip"), 429,
     512),
    (180, "admin", "GET", GRAPH + "/v1.0/auditLogs/signIns?$filter=userPrincipalName eq '%s'" % VICTIM, 200, 66120),
    (185, "admin", "GET", GRAPH + "/v1.0/users/%s/mailFolders/inbox/messageRules" % VICTIM, 200, 1890),
]


def request(tag, k, minute, token, method, uri, status, size):
    signin, user, ip, app, ua, scopes, roles, wids = TOKENS[token]
    when = t("2026-01-04 08:00:00") + dt.timedelta(minutes=minute, seconds=7 * k, microseconds=123400 * (k + 1))
    issued = t(signin["createdDateTime"][:19].replace("T", " ")) if signin else when - dt.timedelta(minutes=3)
    rid = gid(tag, "request", k)
    return {
        "when": when, "requestId": rid, "operationId": rid, "clientRequestId": gid(tag, "client-request", k),
        "apiVersion": "beta" if "/beta/" in uri else "v1.0", "requestMethod": method,
        "responseStatusCode": status, "ipAddress": ip, "userAgent": ua, "requestUri": uri,
        "durationMs": 140 + 37 * k, "responseSizeBytes": size,
        "signInActivityId": signin["uniqueTokenIdentifier"] if signin else "",
        "roles": roles, "tokenIssuedAt": issued, "appId": app[0], "userId": user,
        "servicePrincipalId": "" if user else gid("sp", app[0]),
        "scopes": scopes, "identityProvider": "https://sts.windows.net/%s/" % CONTOSO_TENANT,
        "clientAuthMethod": 0 if user else 1, "wids": wids,
        "sessionId": signin["sessionId"] if signin else "",
    }


def la_row(r):
    v = {"TenantId": WORKSPACE_TENANT, "TimeGenerated [UTC]": la_time(r["when"]), "Location": "West Europe",
         "RequestId": r["requestId"], "OperationId": r["operationId"], "ClientRequestId": r["clientRequestId"],
         "ApiVersion": r["apiVersion"], "RequestMethod": r["requestMethod"],
         "ResponseStatusCode": str(r["responseStatusCode"]), "AadTenantId": CONTOSO_TENANT,
         "IPAddress": r["ipAddress"], "UserAgent": r["userAgent"], "RequestUri": r["requestUri"],
         "DurationMs": str(r["durationMs"]), "ResponseSizeBytes": str(r["responseSizeBytes"]),
         "SignInActivityId": r["signInActivityId"], "Roles": r["roles"],
         "TokenIssuedAt [UTC]": la_time(r["tokenIssuedAt"]), "AppId": r["appId"], "UserId": r["userId"],
         "ServicePrincipalId": r["servicePrincipalId"], "Scopes": r["scopes"],
         "IdentityProvider": r["identityProvider"], "ClientAuthMethod": str(r["clientAuthMethod"]),
         "Wids": r["wids"], "SessionId": r["sessionId"], "SourceSystem": "Azure AD",
         "Type": "MicrosoftGraphActivityLogs"}
    return [v.get(h, "") for h in HEADER]


def envelope(r):
    when = iso(r["when"], 7, z=True)
    props = {"__UDI_RequiredFields_TenantId": CONTOSO_TENANT, "__UDI_RequiredFields_UniqueId": r["requestId"],
             "__UDI_RequiredFields_EventTime": int((r["when"] - t("0001-01-01 00:00:00")).total_seconds()) * 10**7,
             "__UDI_RequiredFields_RegionScope": "EU", "timeGenerated": when, "location": "West Europe",
             "requestId": r["requestId"], "operationId": r["operationId"],
             "clientRequestId": r["clientRequestId"], "apiVersion": r["apiVersion"],
             "requestMethod": r["requestMethod"], "responseStatusCode": r["responseStatusCode"],
             "tenantId": CONTOSO_TENANT, "durationMs": r["durationMs"], "responseSizeBytes": r["responseSizeBytes"],
             "signInActivityId": r["signInActivityId"], "roles": r["roles"], "appId": r["appId"],
             "UserPrincipalObjectID": r["userId"], "scopes": r["scopes"],
             "identityProvider": r["identityProvider"], "clientAuthMethod": str(r["clientAuthMethod"]),
             "wids": r["wids"], "C_Idtyp": "user" if r["userId"] else "app",
             "C_Iat": str(int(r["tokenIssuedAt"].timestamp())), "ipAddress": r["ipAddress"],
             "userAgent": r["userAgent"], "requestUri": r["requestUri"], "atContentP": "", "atContentH": "",
             "userId": r["userId"], "servicePrincipalId": r["servicePrincipalId"],
             "tokenIssuedAt": iso(r["tokenIssuedAt"], 7, z=True)}
    return {"time": when, "resourceId": RESOURCE_ID, "operationName": "Microsoft Graph Activity",
            "operationVersion": r["apiVersion"], "category": "MicrosoftGraphActivityLogs",
            "resultSignature": str(r["responseStatusCode"]), "durationMs": str(r["durationMs"] * 1000),
            "callerIpAddress": r["ipAddress"], "correlationId": r["requestId"], "level": "Informational",
            "location": "West Europe", "properties": props, "tenantId": CONTOSO_TENANT}


def generate():
    rows = [la_row(request("graph-la", k, *req)) for k, req in enumerate(REQUESTS)]
    write_bytes("graph/graph_activity_la.csv", encode(csv_text(HEADER, rows), "utf8bom"))
    register("graph/graph_activity_la.csv", "graph-activity", len(rows), len(rows),
             notes="MicrosoftGraphActivityLogs Log Analytics CSV: UTF-8 BOM, 'TimeGenerated [UTC]' as "
                   "'1/4/2026, 8:31:07.246 AM'; the attacker's token (SignInActivityId = the DigitalOcean "
                   "sign-in's uniqueTokenIdentifier) lists and binds mail through /me/messages, "
                   "/mailFolders/inbox/messages, /attachments/{id}/$value and a beta delta; /users recon, "
                   "sendMail and messageRules stay GraphApiRequest; a %3D-encoded message id")
    envs = [envelope(request("graph-diag", k, *req)) for k, req in enumerate(DIAG_REQUESTS)]
    write_bytes("graph/graph_activity_diagnostic.json", encode(json.dumps({"records": envs}, indent=1), "utf8"))
    register("graph/graph_activity_diagnostic.json", "graph-activity", len(envs), len(envs),
             notes="diagnostic-settings storage blob {\"records\":[...]}: camelCase properties with the "
                   "__UDI_RequiredFields_* and C_* keys of real records; app-only 403s (no UserId), a 429, "
                   "admin reads of messageRules")
