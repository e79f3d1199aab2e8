"""Entra ID audit logs: Graph directoryAudits pages, the Entra portal CSV download, the Log
Analytics AuditLogs JSON export and diagnostic-settings envelopes (Event Hub JSON lines).

Every shape is derived from one list of Graph `directoryAudit` objects (properties as in
Microsoft's directoryAudit resource: id, category, correlationId, result, resultReason,
activityDisplayName, activityDateTime, loggedByService, operationType, initiatedBy,
targetResources[].modifiedProperties[], additionalDetails[]). Modified-property values are
JSON-encoded as Entra writes them (`"\\"False\\""`, `"[\\"Windows\\"]"`). The portal header is
the real download's (Target1..3 with 5 modified properties each, AdditionalDetail1..6)."""
import datetime as dt
import json

from common import (ADMIN, ADMIN_OID, ALEX, ALEX_OID, APP_EVIL, APP_GRAPH_RES, CONTOSO_TENANT, DO_IP, DOC_ATTACK_IP,
                    OFFICE_IP, UA_EDGE, UA_LINUX, VICTIM, VICTIM_NAME, VICTIM_OID, csv_text, encode, gid, iso,
                    jsonl, register, t, write_bytes)

WORKSPACE_TENANT = "e3f4a5b6-c7d8-4e9f-a0b1-c2d3e4f5a6b7"
RESOURCE_ID = "/tenants/%s/providers/Microsoft.aadiam" % CONTOSO_TENANT
MFA_APP = ("b90d5b8f-5503-4153-b545-b31cecfaece2", "Azure Credential Configuration Endpoint Service")
DRS_APP = ("01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9", "Device Registration Service")
NAMES = {VICTIM: (VICTIM_NAME, VICTIM_OID), ALEX: ("Alex Wilber", ALEX_OID), ADMIN: ("MOD Administrator", ADMIN_OID)}
DEVICE = ("DESKTOP-7F3K2Q1", gid("device", "DESKTOP-7F3K2Q1"))


def q(s):
    """A modified-property value as Entra writes it: JSON-encoded."""
    return json.dumps(s)


def user_by(upn, ip):
    name, oid = NAMES[upn]
    return {"app": None, "user": {"id": oid, "displayName": None, "userPrincipalName": upn, "ipAddress": ip,
                                  "userType": None, "homeTenantId": None, "homeTenantName": None}}


def app_by(app):
    return {"user": None, "app": {"appId": app[0], "displayName": app[1], "servicePrincipalId": gid("sp", app[0]),
                                  "servicePrincipalName": None}}


def user_target(upn, mods=()):
    name, oid = NAMES[upn]
    return {"id": oid, "displayName": None, "type": "User", "userPrincipalName": upn, "groupType": None,
            "modifiedProperties": [{"displayName": n, "oldValue": o, "newValue": v} for n, o, v in mods]}


def target(kind, name, oid, mods=()):
    return {"id": oid, "displayName": name, "type": kind, "userPrincipalName": None, "groupType": None,
            "modifiedProperties": [{"displayName": n, "oldValue": o, "newValue": v} for n, o, v in mods]}


def key_description(name):
    return q(["[KeyIdentifier=%s,KeyType=Password,KeyUsage=Verify,DisplayName=%s]" % (gid("key", name), name)])


def audits(tag, start):
    """The takeover's directory changes, as Graph directoryAudit objects."""
    T0 = t(start)
    V, evil_sp = VICTIM, gid("sp", APP_EVIL[0])
    grant = "[] => [[Id: %s, ClientId: %s, PrincipalId: %s, ResourceId: %s, ConsentType: Principal, " \
            "Scope: Mail.Read offline_access User.Read, CreatedDateTime: , LastModifiedDateTime ]]; " % (
                gid("grant"), evil_sp, VICTIM_OID, gid("sp-graph"))
    ua = [{"key": "User-Agent", "value": UA_LINUX}]
    plan = [
        # (minute, service, category, activity, result, reason, initiator, targets, details, operationType)
        (0, "Authentication Methods", "UserManagement", "User registered security info", "success",
         "User registered Authenticator App with Notification and Code", user_by(V, DO_IP), [user_target(V)], ua,
         "Add"),
        (0.2, "Core Directory", "UserManagement", "Update user", "success", "", app_by(MFA_APP),
         [user_target(V, [("StrongAuthenticationMethod", "[{\"MethodType\":6,\"Default\":true}]",
                           "[{\"MethodType\":6,\"Default\":false},{\"MethodType\":7,\"Default\":true}]"),
                          ("Included Updated Properties", q(""), q("StrongAuthenticationMethod"))])], [], "Update"),
        (9, "Core Directory", "ApplicationManagement", "Consent to application", "success", "", user_by(V, DO_IP),
         [target("ServicePrincipal", APP_EVIL[1], evil_sp,
                 [("ConsentContext.IsAdminConsent", None, q("False")), ("ConsentContext.IsAppOnly", None, q("False")),
                  ("ConsentContext.OnBehalfOfAll", None, q("False")),
                  ("ConsentContext.Tags", None, q("WindowsAzureActiveDirectoryIntegratedApp")),
                  ("ConsentAction.Permissions", None, q(grant)),
                  ("TargetId.ServicePrincipalNames", None, q(APP_EVIL[0]))])],
         ua + [{"key": "AppId", "value": APP_EVIL[0]}], "Assign"),
        (9.1, "Core Directory", "ApplicationManagement", "Add delegated permission grant", "success", "",
         user_by(V, DO_IP),
         [target("ServicePrincipal", APP_GRAPH_RES[1], gid("sp-graph"),
                 [("DelegatedPermissionGrant.Scope", None, q("Mail.Read offline_access User.Read")),
                  ("DelegatedPermissionGrant.ConsentType", None, q("Principal")),
                  ("ServicePrincipal.ObjectID", None, q(gid("sp-graph"))),
                  ("ServicePrincipal.DisplayName", None, q(APP_GRAPH_RES[1]))])], ua, "Assign"),
        (15, "Core Directory", "ApplicationManagement", "Add service principal credentials", "success", "",
         user_by(V, DO_IP),
         [target("ServicePrincipal", APP_EVIL[1], evil_sp,
                 [("KeyDescription", "[]", key_description("backup")),
                  ("Included Updated Properties", q(""), q("KeyDescription"))])], ua, "Update"),
        (15.5, "Core Directory", "ApplicationManagement", "Update application – Certificates and secrets management ",
         "success", "", user_by(V, DO_IP),
         [target("Application", APP_EVIL[1], gid("app", APP_EVIL[0]),
                 [("KeyDescription", "[]", key_description("backup-app")),
                  ("Included Updated Properties", q(""), q("KeyDescription"))])], ua, "Update"),
        (21, "Core Directory", "ApplicationManagement", "Add app role assignment to service principal", "success", "",
         user_by(ADMIN, DOC_ATTACK_IP),
         [target("ServicePrincipal", APP_GRAPH_RES[1], gid("sp-graph"),
                 [("AppRole.Id", None, q(gid("approle", "Mail.ReadWrite"))), ("AppRole.Value", None, q("Mail.ReadWrite")),
                  ("AppRole.DisplayName", None, q("Read and write mail in all mailboxes")),
                  ("ServicePrincipal.DisplayName", None, q(APP_EVIL[1]))]),
          target("ServicePrincipal", APP_EVIL[1], evil_sp)], ua, "Assign"),
        (30, "Device Registration Service", "Device", "Register device", "success", "", app_by(DRS_APP),
         [target("Device", DEVICE[0], DEVICE[1],
                 [("CloudAccountEnabled", "[]", "[true]"), ("DeviceOSType", "[]", q(["Windows"])),
                  ("DeviceTrustType", "[]", q(["Workplace"])), ("DeviceId", "[]", q([gid("deviceid", DEVICE[0])])),
                  ("DisplayName", "[]", q([DEVICE[0]]))])],
         [{"key": "Device Id", "value": gid("deviceid", DEVICE[0])}, {"key": "Device OS", "value": "Windows"},
          {"key": "Device Trust Type", "value": "Workplace"}], "Add"),
        (30.1, "Core Directory", "Device", "Add registered owner to device", "success", "", app_by(DRS_APP),
         [target("Device", DEVICE[0], DEVICE[1]), user_target(V)], [], "Assign"),
        (44, "Core Directory", "RoleManagement", "Add member to role", "success", "", user_by(ADMIN, DOC_ATTACK_IP),
         [user_target(V, [("Role.ObjectID", None, q(gid("role", "exchange"))),
                          ("Role.DisplayName", None, q("Exchange Administrator")),
                          ("Role.TemplateId", None, q("29232cdf-9323-42fd-ade2-1d097af3e4de")),
                          ("Role.WellKnownObjectName", None, q("ExchangeServiceAdmin"))]),
          target("Role", "Exchange Administrator", gid("role", "exchange"))], ua, "Assign"),
        (75, "Core Directory", "ApplicationManagement", "Consent to application", "failure",
         "Microsoft.Online.Security.UserConsentBlockedForRiskyAppsException", user_by(ALEX, OFFICE_IP),
         [target("ServicePrincipal", APP_EVIL[1], evil_sp,
                 [("ConsentAction.Reason", None, q("Risky application detected"))])],
         [{"key": "User-Agent", "value": UA_EDGE}], "Assign"),
        (120, "Core Directory", "GroupManagement", "Update group", "success", "", user_by(ADMIN, OFFICE_IP),
         [target("Group", "Finance", gid("group", "finance"),
                 [("Description", q("Finance team"), q("Finance and accounts payable"))])],
         [{"key": "User-Agent", "value": UA_EDGE}], "Update"),
    ]
    flows = [0, 0, 1, 1, 2, 2, 3, 4, 4, 5, 6, 7]   # changes made by one request share a correlationId
    out = []
    for k, (minute, service, cat, activity, result, reason, by, targets, details, op_type) in enumerate(plan):
        when = T0 + dt.timedelta(minutes=minute, microseconds=345678 * (k + 1))
        corr = gid(tag, "corr", flows[k])
        suffix = gid(tag, "audit", k).upper().replace("-", "")
        out.append({"id": "Directory_%s_%s_%d" % (corr, suffix[:5], int(suffix[5:13], 16) % 10**8),
                    "category": cat, "correlationId": corr, "result": result,
                    "resultReason": reason, "activityDisplayName": activity,
                    "activityDateTime": iso(when, 7, z=True), "loggedByService": service, "operationType": op_type,
                    "initiatedBy": by, "targetResources": targets, "additionalDetails": details})
    return out


def gen_graph():
    recs = audits("entra-graph", "2026-01-04 09:20:00")
    pages = [{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits",
              "@odata.nextLink": "https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$skiptoken=" + gid("skip", 1),
              "value": recs[:7]},
             {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits",
              "value": recs[7:]}]
    write_bytes("entra/directory_audits.json", encode("\n".join(json.dumps(p, indent=2) for p in pages), "utf8"))
    register("entra/directory_audits.json", "entra-audit", len(recs), len(recs),
             notes="two Graph directoryAudits pages back to back (@odata.nextLink on the first): security info "
                   "and StrongAuthenticationMethod, consent to 'Mail Backup Pro' with its delegated grant, "
                   "credentials added to the app, an app role grant, a device registered and owned, Exchange "
                   "Administrator role added, a blocked consent, a benign group change")


PORTAL_HEADER = ["Date (UTC)", "CorrelationId", "Service", "Category", "Activity", "Result", "ResultReason",
                 "User Agent", "ActorType", "ActorDisplayName", "ActorObjectId", "ActorUserPrincipalName", "IPAddress",
                 "ActorHomeTenantId", "ActorHomeTenantName", "ActorServicePrincipalId", "ActorServicePrincipalName"]
for _n in range(1, 4):
    PORTAL_HEADER += ["Target%dType" % _n, "Target%dDisplayName" % _n, "Target%dObjectId" % _n,
                      "Target%dUserPrincipalName" % _n]
    for _m in range(1, 6):
        PORTAL_HEADER += ["Target%dModifiedProperty%d%s" % (_n, _m, p) for p in ("Name", "OldValue", "NewValue")]
for _n in range(1, 7):
    PORTAL_HEADER += ["AdditionalDetail%dKey" % _n, "AdditionalDetail%dValue" % _n]


def portal_row(a):
    by_user, by_app = a["initiatedBy"]["user"], a["initiatedBy"]["app"]
    details = [d for d in a["additionalDetails"] if d["key"] != "User-Agent"]
    ua = next((d["value"] for d in a["additionalDetails"] if d["key"] == "User-Agent"), "")
    v = {"Date (UTC)": a["activityDateTime"].replace("Z", "+00:00"), "CorrelationId": a["correlationId"],
         "Service": a["loggedByService"], "Category": a["category"], "Activity": a["activityDisplayName"],
         "Result": a["result"].capitalize(), "ResultReason": a["resultReason"], "User Agent": ua}
    if by_user:
        v.update({"ActorType": "User", "ActorDisplayName": NAMES[by_user["userPrincipalName"]][0],
                  "ActorObjectId": by_user["id"], "ActorUserPrincipalName": by_user["userPrincipalName"],
                  "IPAddress": by_user["ipAddress"], "ActorHomeTenantId": CONTOSO_TENANT})
    else:
        v.update({"ActorType": "Application", "ActorDisplayName": by_app["displayName"],
                  "ActorServicePrincipalId": by_app["servicePrincipalId"],
                  "ActorServicePrincipalName": by_app["displayName"]})
    for n, tr in enumerate(a["targetResources"][:3], 1):
        v.update({"Target%dType" % n: tr["type"], "Target%dDisplayName" % n: tr["displayName"] or "",
                  "Target%dObjectId" % n: tr["id"], "Target%dUserPrincipalName" % n: tr["userPrincipalName"] or ""})
        for m, mp in enumerate(tr["modifiedProperties"][:5], 1):
            v.update({"Target%dModifiedProperty%dName" % (n, m): mp["displayName"],
                      "Target%dModifiedProperty%dOldValue" % (n, m): mp["oldValue"] or "",
                      "Target%dModifiedProperty%dNewValue" % (n, m): mp["newValue"] or ""})
    for n, d in enumerate(details[:6], 1):
        v.update({"AdditionalDetail%dKey" % n: d["key"], "AdditionalDetail%dValue" % n: d["value"]})
    return [v.get(h, "") for h in PORTAL_HEADER]


def gen_portal():
    recs = audits("entra-portal", "2026-01-05 14:20:00")
    rows = [portal_row(a) for a in recs]
    write_bytes("entra/AuditLogs_2026-01-05_2026-01-06.csv", encode(csv_text(PORTAL_HEADER, rows), "utf8bom"))
    register("entra/AuditLogs_2026-01-05_2026-01-06.csv", "entra-audit", len(rows), len(rows),
             notes="Entra portal audit download: UTF-8 BOM, the real %d-column header (Target1..3 x 5 modified "
                   "properties, AdditionalDetail1..6), 'Date (UTC)' ISO with +00:00, no audit id (record id "
                   "built from CorrelationId, date, activity and first target)" % len(PORTAL_HEADER))


def la_record(a):
    by = a["initiatedBy"]
    identity = NAMES[by["user"]["userPrincipalName"]][0] if by["user"] else by["app"]["displayName"]
    return {"TenantId": WORKSPACE_TENANT, "SourceSystem": "Azure AD", "TimeGenerated": a["activityDateTime"],
            "ResourceId": RESOURCE_ID, "OperationName": a["activityDisplayName"], "OperationVersion": "1.0",
            "Category": a["category"], "ResultType": "", "ResultSignature": "None",
            "ResultDescription": a["resultReason"], "DurationMs": 0, "CorrelationId": a["correlationId"],
            "Resource": "Microsoft.aadiam", "ResourceGroup": "Microsoft.aadiam", "ResourceProvider": "",
            "Identity": identity, "Level": 4, "Location": "", "AdditionalDetails": json.dumps(a["additionalDetails"]),
            "Id": a["id"], "InitiatedBy": json.dumps(by), "LoggedByService": a["loggedByService"],
            "Result": a["result"], "ResultReason": a["resultReason"],
            "TargetResources": json.dumps(a["targetResources"]), "AADTenantId": CONTOSO_TENANT,
            "ActivityDisplayName": a["activityDisplayName"], "ActivityDateTime": a["activityDateTime"],
            "AADOperationType": a["operationType"], "Type": "AuditLogs"}


def envelope(a):
    by = a["initiatedBy"]
    return {"time": a["activityDateTime"], "resourceId": RESOURCE_ID, "operationName": a["activityDisplayName"],
            "operationVersion": "1.0", "category": "AuditLogs", "tenantId": CONTOSO_TENANT,
            "resultSignature": "None", "durationMs": 0,
            "callerIpAddress": (by["user"] or {}).get("ipAddress") or "",
            "correlationId": a["correlationId"], "Level": 4, "properties": a}


def gen_la():
    recs = [la_record(a) for a in audits("entra-la", "2026-01-06 08:00:00")[:8]]
    write_bytes("entra/auditlogs_la.json", encode(json.dumps(recs, indent=2), "utf8"))
    register("entra/auditlogs_la.json", "entra-audit", len(recs), len(recs),
             notes="Log Analytics AuditLogs JSON export: InitiatedBy, TargetResources and AdditionalDetails are "
                   "JSON inside strings; ActivityDateTime and TimeGenerated both present")
    envs = [envelope(a) for a in audits("entra-diag", "2026-01-07 08:00:00")[2:9]]
    write_bytes("entra/auditlogs_diagnostic.jsonl", encode(jsonl(envs), "utf8"))
    register("entra/auditlogs_diagnostic.jsonl", "entra-audit", len(envs), len(envs),
             notes="diagnostic-settings AuditLogs envelopes, one per line (Event Hub): the directoryAudit under "
                   "properties; callerIpAddress empty for app-initiated changes")


def generate():
    gen_graph()
    gen_portal()
    gen_la()
