"""Sign-in files: Entra portal CSVs, Graph JSON shapes, Log Analytics, diagnostic settings,
plus the mixed zip under ual/."""
import json
from common import (csv_text, encode, iso, jdump, jsonl, la_time, ps_json, register, t, write_bytes, zip_bytes,
                    CONTOSO_TENANT)
from signin_data import noninteractive, service_principals, status_word, story
from ual_records import catalogue

MS_TENANT = "f8cdef31-a31e-4b4a-93e4-5f571e91255a"   # Microsoft Services app-owner tenant
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
assert len(ENTRA_HEADER) == 57   # the "56-column" export really has 57 names
APP_HEADER = ("Date (UTC),Request ID,Correlation ID,Service principal ID,Service principal name,Credential key ID,"
              "Credential thumbprint,Application,Application ID,Resource,Resource ID,Resource tenant ID,Home tenant ID,"
              "IP address,Location,Status,Sign-in error code,Failure reason,Conditional Access,Managed Identity type,"
              "Associated Resource Id,Autonomous system number").split(",")
TOKEN = {"none": "None", "refreshToken": "Refresh token"}
CA = {"success": "Success", "notApplied": "Not Applied", "failure": "Failure"}


def loc(g):
    L = g["location"]
    return "%s, %s, %s" % (L["city"], L["state"], L["countryOrRegion"])


def entra_value(g, name, k):
    d, s = g.get("deviceDetail", {}), g["status"]
    mfa = g.get("mfaDetail")
    v = {
        "Date (UTC)": g["createdDateTime"], "Request ID": g["id"], "User agent": g.get("userAgent", ""),
        "Correlation ID": g["correlationId"], "User ID": g.get("userId", ""), "User": g.get("userDisplayName", ""),
        "Username": g.get("userPrincipalName", ""), "User type": g.get("userType", "").capitalize(),
        "Cross tenant access type": "B2B collaboration" if g.get("crossTenantAccessType") == "b2bCollaboration" else "None",
        "Incoming token type": TOKEN.get(g.get("incomingTokenType"), "None"),
        "Authentication Protocol": {"ropc": "ROPC"}.get(g.get("authenticationProtocol"), "None"),
        "Unique token identifier": g.get("uniqueTokenIdentifier", ""), "Original transfer method": "None",
        "Client credential type": "None", "Token Protection - Sign In Session": "Unbound",
        "Application": g["appDisplayName"], "Application ID": g["appId"], "App owner tenant ID": MS_TENANT,
        "Resource": g["resourceDisplayName"], "Resource ID": g["resourceId"], "Resource tenant ID": CONTOSO_TENANT,
        "Resource owner tenant ID": MS_TENANT, "Home tenant ID": g["homeTenantId"],
        "Home tenant name": g.get("homeTenantName", ""), "IP address": g["ipAddress"], "Location": loc(g),
        "Status": status_word(s["errorCode"]), "Sign-in error code": str(s["errorCode"]),
        "Failure reason": s["failureReason"], "Client app": g.get("clientAppUsed", ""),
        "Device ID": d.get("deviceId", ""), "Browser": d.get("browser", ""), "Operating System": d.get("operatingSystem", ""),
        "Compliant": str(d.get("isCompliant", False)), "Managed": str(d.get("isManaged", False)),
        "Join Type": d.get("trustType", ""),
        "Multifactor authentication result": s["additionalDetails"] or "",
        "Multifactor authentication auth method": mfa["authMethod"] if mfa else "",
        "Authentication requirement": "Multifactor authentication"
        if g.get("authenticationRequirement") == "multiFactorAuthentication" else "Single-factor authentication",
        "Sign-in identifier": g.get("signInIdentifier", ""), "Session ID": g.get("sessionId", ""),
        "Through Global Secure Access": "No", "Autonomous system number": str(g["autonomousSystemNumber"]),
        "Flagged for review": "No", "Token issuer type": "AzureAD", "Latency": str(90 + 37 * k),
        "Conditional Access": CA.get(g["conditionalAccessStatus"], "Not Applied"), "Managed Identity type": "",
    }
    key = " ".join(name.split())          # normalise stray/double spaces
    return v.get(key, "")


def entra_rows(gs, header):
    return [[entra_value(g, h, k) for h in header] for k, g in enumerate(gs)]


def gen_entra():
    gs = story("entra-interactive", mirror=True)
    rows = entra_rows(gs, ENTRA_HEADER)
    write_bytes("signin/InteractiveSignIns_2026-01-01_2026-01-08.csv",
                encode(csv_text(ENTRA_HEADER, rows), "utf8bom"))
    register("signin/InteractiveSignIns_2026-01-01_2026-01-08.csv", "signin-entra-csv", len(rows), len(rows),
             notes="portal header (57 names, called the 56-column export) (trailing spaces, duplicate 'Incoming token type', 'Autonomous system  "
                   "number'); Status Success/Failure/Interrupted, codes 0/50126/50074/50140; Request ID %s is "
                   "mirrored by the UserLoggedIn in ual/mgmt_api.jsonl" % gs[6]["id"])

    drift = [h for h in ENTRA_HEADER if h not in ("App owner tenant ID", "Resource owner tenant ID")]
    for a, b in (("Application", "Resource"), ("User agent", "IP address")):
        i, j = drift.index(a), drift.index(b)
        drift[i], drift[j] = drift[j], drift[i]
    drift = [h + " " if h in ("Username", "Sign-in error code", "Location") else h for h in drift]
    gs = noninteractive("entra-noninteractive")
    rows = entra_rows(gs, drift)
    write_bytes("signin/NonInteractiveSignIns_drifted.csv",
                encode(csv_text(drift, rows, quote_all=True), "utf8bom"))
    register("signin/NonInteractiveSignIns_drifted.csv", "signin-entra-csv", len(rows), len(rows),
             notes="drifted portal header: all quoted, no App/Resource owner tenant ID, IP address/User agent and "
                   "Application/Resource swapped, trailing spaces on Username/Location/Sign-in error code")

    sps = service_principals("entra-app")
    rows = []
    for g in sps:
        rows.append([g["createdDateTime"], g["id"], g["correlationId"], g["servicePrincipalId"],
                     g["servicePrincipalName"], g["servicePrincipalCredentialKeyId"],
                     g["servicePrincipalCredentialThumbprint"], g["appDisplayName"], g["appId"],
                     g["resourceDisplayName"], g["resourceId"], g["resourceTenantId"], g["homeTenantId"],
                     g["ipAddress"], loc(g), "Success" if g["status"]["errorCode"] == 0 else "Failure",
                     str(g["status"]["errorCode"]), g["status"]["failureReason"], "Not Applied", "", "",
                     str(g["autonomousSystemNumber"])])
    write_bytes("signin/ApplicationSignIns_2026-01-01_2026-01-08.csv", encode(csv_text(APP_HEADER, rows), "utf8bom"))
    register("signin/ApplicationSignIns_2026-01-01_2026-01-08.csv", "signin-entra-csv", len(rows), len(rows),
             notes="service-principal variant (22 columns, no user); error 7000215 once")


def gen_graph():
    gs = story("graph-json", "2026-01-03 12:19:41")[:8]
    write_bytes("signin/graph_signins.json", encode(ps_json(gs).replace("\n", "\r\n"), "utf8bom"))
    register("signin/graph_signins.json", "signin-graph-json", len(gs), len(gs),
             notes="PowerShell ConvertTo-Json layout ('\"key\":  value', aligned indents, empty [] over 3 lines), "
                   "UTF-8 BOM, CRLF")

    gs = story("graph-pages", "2026-01-05 10:00:00")
    ctx = "https://graph.microsoft.com/beta/$metadata#auditLogs/signIns"
    p1 = {"@odata.context": ctx, "value": gs[:5],
          "@odata.nextLink": "https://graph.microsoft.com/beta/auditLogs/signIns?$top=5&$skiptoken=9f2c41d0a7b3"}
    p2 = {"@odata.context": ctx, "value": gs[5:]}
    write_bytes("signin/graph_signins_pages.json", encode(jdump(p1) + "\n" + jdump(p2) + "\n", "utf8"))
    register("signin/graph_signins_pages.json", "signin-graph-json", len(gs), len(gs),
             notes="two {@odata.context,value,@odata.nextLink} pages back to back (second has no nextLink)")

    gs = story("graph-jsonl", "2026-01-06 10:00:00")[2:9]
    write_bytes("signin/graph_signins.jsonl", encode(jsonl(gs), "utf8"))
    register("signin/graph_signins.jsonl", "signin-graph-json", len(gs), len(gs), notes="JSON lines")

    gs = story("graph-concat", "2026-01-07 10:00:00")
    write_bytes("signin/graph_signins_concatenated.json",
                encode(json.dumps(gs[:4], indent=2) + json.dumps(gs[4:], indent=2) + "\n", "utf8"))
    register("signin/graph_signins_concatenated.json", "signin-graph-json", len(gs), len(gs),
             notes="two pretty arrays back to back ('][' across a newline-less join)")


def gen_zip():
    from ual_csv import purview_csv_bytes
    recs = catalogue("zip-purview", "2026-01-24 06:54:24")[1:6]
    gs = story("zip-signins", "2026-01-24 06:40:00")[4:7]
    data = zip_bytes([("AuditLog_20260124_065424.csv", purview_csv_bytes(recs)),
                      ("signins.json", encode(json.dumps(gs, indent=2), "utf8"))])
    write_bytes("ual/mixed_exports.zip", data)
    register("ual/mixed_exports.zip/AuditLog_20260124_065424.csv", "ual-purview-csv", 5, 5, notes="zip member (fixed zip timestamps)")
    register("ual/mixed_exports.zip/signins.json", "signin-graph-json", 3, 3, notes="zip member")


def generate():
    gen_entra()
    gen_graph()
    gen_zip()
    import signin_la
    signin_la.generate()


_ = (t, la_time)
