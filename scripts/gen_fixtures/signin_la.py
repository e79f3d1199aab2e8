"""Log Analytics SigninLogs CSV, AADNonInteractiveUserSignInLogs JSON, and Entra
diagnostic-settings envelopes ({"records":[...]} and Event Hub style JSON lines)."""
import json
from common import CONTOSO_TENANT, csv_text, encode, iso, jdump, jsonl, la_time, register, t, write_bytes
from signin_data import noninteractive, service_principals, story

WORKSPACE_TENANT = "e3f4a5b6-c7d8-4e9f-a0b1-c2d3e4f5a6b7"
LA_HEADER = (
    "TenantId,SourceSystem,ResourceId,OperationName,OperationVersion,Category,ResultType,ResultSignature,"
    "ResultDescription,DurationMs,CorrelationId,Resource,ResourceGroup,ResourceProvider,Identity,Level,Location,"
    "AlternateSignInName,AppDisplayName,AppId,AuthenticationDetails,AuthenticationMethodsUsed,"
    "AuthenticationProcessingDetails,AuthenticationRequirement,AuthenticationRequirementPolicies,ClientAppUsed,"
    "ConditionalAccessPolicies_dynamic,ConditionalAccessPolicies_string,ConditionalAccessStatus,"
    "CreatedDateTime [UTC],DeviceDetail_dynamic,DeviceDetail_string,IsInteractive,Id,IPAddress,IsRisky,"
    "LocationDetails_dynamic,LocationDetails_string,MfaDetail_dynamic,MfaDetail_string,NetworkLocationDetails,"
    "OriginalRequestId,ProcessingTimeInMilliseconds,RiskDetail,RiskEventTypes,RiskEventTypes_V2,RiskLevelAggregated,"
    "RiskLevelDuringSignIn,RiskState,ResourceDisplayName,ResourceIdentity,ServicePrincipalId,ServicePrincipalName,"
    "Status_dynamic,Status_string,TokenIssuerName,TokenIssuerType,UserAgent,UserDisplayName,UserId,"
    "UserPrincipalName,AADTenantId,UserType,FlaggedForReview,SignInIdentifier,SignInIdentifierType,ResourceTenantId,"
    "HomeTenantId,Type,AdditionalDetails,InitiatedBy").split(",")
RESOURCE_ID = "/tenants/%s/providers/Microsoft.aadiam" % CONTOSO_TENANT


def compact(v):
    return json.dumps(v, separators=(",", ":"))


def la_row(g, k):
    s = g["status"]
    when = t(g["createdDateTime"][:19].replace("T", " "))
    st = {"errorCode": s["errorCode"]}
    if s["errorCode"]:
        st["failureReason"] = s["failureReason"]
    v = {"TenantId": WORKSPACE_TENANT, "SourceSystem": "Azure AD", "ResourceId": RESOURCE_ID,
         "OperationName": "Sign-in activity", "OperationVersion": "1", "Category": "SignInLogs",
         "ResultType": str(s["errorCode"]), "ResultSignature": "None",
         "ResultDescription": s["failureReason"] if s["errorCode"] else "", "DurationMs": "0",
         "CorrelationId": g["correlationId"], "Resource": "Microsoft.aadiam", "ResourceGroup": "Microsoft.aadiam",
         "Identity": g["userDisplayName"], "Level": "4", "Location": g["location"]["countryOrRegion"],
         "AppDisplayName": g["appDisplayName"], "AppId": g["appId"],
         "AuthenticationDetails": json.dumps(g["authenticationDetails"], indent=2),
         "AuthenticationProcessingDetails": json.dumps(g["authenticationProcessingDetails"], indent=2),
         "AuthenticationRequirement": g["authenticationRequirement"], "AuthenticationRequirementPolicies": "[]",
         "ClientAppUsed": g["clientAppUsed"], "ConditionalAccessPolicies_dynamic": "[]",
         "ConditionalAccessStatus": g["conditionalAccessStatus"], "CreatedDateTime [UTC]": la_time(when),
         "DeviceDetail_dynamic": compact(g["deviceDetail"]), "IsInteractive": "TRUE" if g["isInteractive"] else "FALSE",
         "Id": g["id"], "IPAddress": g["ipAddress"], "LocationDetails_dynamic": compact(g["location"]),
         "MfaDetail_dynamic": compact(g["mfaDetail"]) if g["mfaDetail"] else "{}", "NetworkLocationDetails": "[]",
         "OriginalRequestId": g["originalRequestId"], "ProcessingTimeInMilliseconds": str(120 + 41 * k),
         "RiskDetail": "none", "RiskEventTypes": "[]", "RiskEventTypes_V2": "[]", "RiskLevelAggregated": "none",
         "RiskLevelDuringSignIn": g["riskLevelDuringSignIn"], "RiskState": g["riskState"],
         "ResourceDisplayName": g["resourceDisplayName"], "ResourceIdentity": g["resourceId"],
         "Status_dynamic": compact(st), "TokenIssuerType": "AzureAD", "UserAgent": g["userAgent"],
         "UserDisplayName": g["userDisplayName"], "UserId": g["userId"], "UserPrincipalName": g["userPrincipalName"],
         "AADTenantId": CONTOSO_TENANT, "UserType": g["userType"].capitalize(), "FlaggedForReview": "FALSE",
         "SignInIdentifier": g["signInIdentifier"], "ResourceTenantId": g["resourceTenantId"],
         "HomeTenantId": g["homeTenantId"], "Type": "SigninLogs"}
    return [v.get(h, "") for h in LA_HEADER]


def gen_la():
    gs = story("la-signin", "2026-01-04 14:08:45")
    rows = [la_row(g, k) for k, g in enumerate(gs)]
    write_bytes("signin/signinlogs_la.csv", encode(csv_text(LA_HEADER, rows), "utf8bom"))
    register("signin/signinlogs_la.csv", "signin-loganalytics", len(rows), len(rows),
             notes="SigninLogs export: UTF-8 BOM, 'CreatedDateTime [UTC]' as '1/4/2026, 2:08:45.000 PM' (no "
                   "TimeGenerated column, as in the portal export), X_dynamic/X_string pairs, pretty JSON in cells")

    gs = noninteractive("la-nonint", "2026-01-04 08:40:00")
    out = []
    for k, g in enumerate(gs):
        s = g["status"]
        out.append({"TenantId": WORKSPACE_TENANT, "TimeGenerated": iso(t(g["createdDateTime"][:19].replace("T", " ")),
                                                                      7, z=True),
                    "CreatedDateTime": g["createdDateTime"], "Category": "NonInteractiveUserSignInLogs",
                    "OperationName": "Sign-in activity", "ResultType": str(s["errorCode"]),
                    "ResultDescription": "" if not s["errorCode"] else s["failureReason"],
                    "CorrelationId": g["correlationId"], "Id": g["id"], "OriginalRequestId": g["originalRequestId"],
                    "UserPrincipalName": g["userPrincipalName"], "UserDisplayName": g["userDisplayName"],
                    "UserId": g["userId"], "AppDisplayName": g["appDisplayName"], "AppId": g["appId"],
                    "ResourceDisplayName": g["resourceDisplayName"], "IPAddress": g["ipAddress"],
                    "AutonomousSystemNumber": g["autonomousSystemNumber"], "ClientAppUsed": g["clientAppUsed"],
                    "UserAgent": g["userAgent"], "IsInteractive": False, "SessionId": g["sessionId"],
                    "UniqueTokenIdentifier": g["uniqueTokenIdentifier"], "IncomingTokenType": g["incomingTokenType"],
                    "AuthenticationRequirement": g["authenticationRequirement"],
                    "ConditionalAccessStatus": g["conditionalAccessStatus"],
                    "DeviceDetail": compact(g["deviceDetail"]), "LocationDetails": compact(g["location"]),
                    "Status": compact({"errorCode": s["errorCode"]}),
                    "AuthenticationDetails": compact(g["authenticationDetails"]),
                    "AuthenticationProcessingDetails": compact(g["authenticationProcessingDetails"]),
                    "MfaDetail": "{}", "Type": "AADNonInteractiveUserSignInLogs"})
    write_bytes("signin/aadnoninteractive_la.json", encode(json.dumps(out, indent=2), "utf8"))
    register("signin/aadnoninteractive_la.json", "signin-loganalytics", len(out), len(out),
             notes="AADNonInteractiveUserSignInLogs JSON: DeviceDetail/LocationDetails/Status/AuthenticationDetails "
                   "are JSON inside strings; ResultType a string")


def envelope(g, category):
    s = g["status"]
    props = dict(g)
    return {"time": iso(t(g["createdDateTime"][:19].replace("T", " ")), 7, z=True), "resourceId": RESOURCE_ID,
            "operationName": "Sign-in activity", "operationVersion": "1.0", "category": category,
            "tenantId": CONTOSO_TENANT, "resultType": str(s["errorCode"]), "resultSignature": "None",
            "resultDescription": "" if not s["errorCode"] else s["failureReason"], "durationMs": 0,
            "callerIpAddress": g["ipAddress"], "correlationId": g["correlationId"],
            "identity": g.get("userDisplayName", g.get("servicePrincipalName", "")), "Level": 4,
            "location": g["location"]["countryOrRegion"], "properties": props}


def gen_diag():
    envs = [envelope(g, "SignInLogs") for g in story("diag", "2026-01-03 08:19:41")[2:8]]
    envs += [envelope(g, "NonInteractiveUserSignInLogs") for g in noninteractive("diag-ni")[:3]]
    envs += [envelope(g, "ServicePrincipalSignInLogs") for g in service_principals("diag-sp")[:2]]
    mi = service_principals("diag-mi")[4]
    mi.update({"servicePrincipalName": "vm-backup-01", "appDisplayName": "vm-backup-01", "managedIdentityType":
               "systemAssigned", "associatedResourceId": "/subscriptions/11111111-2222-4333-8444-555555555555/"
               "resourceGroups/rg-ops/providers/Microsoft.Compute/virtualMachines/vm-backup-01",
               "signInEventTypes": ["managedIdentity"], "ipAddress": ""})
    envs.append(envelope(mi, "ManagedIdentitySignInLogs"))
    write_bytes("signin/diagnostic_signins.json", encode(json.dumps({"records": envs}, indent=1), "utf8"))
    register("signin/diagnostic_signins.json", "signin-diagnostic-json", len(envs), len(envs),
             notes="storage-account blob {\"records\":[...]}: SignInLogs, NonInteractiveUserSignInLogs, "
                   "ServicePrincipalSignInLogs, ManagedIdentitySignInLogs (empty callerIpAddress)")

    envs = [envelope(g, "SignInLogs") for g in story("diag-eh", "2026-01-05 09:00:00")[:5]]
    envs += [envelope(g, "NonInteractiveUserSignInLogs") for g in noninteractive("diag-eh-ni", "2026-01-05 09:30:00")[:3]]
    write_bytes("signin/diagnostic_signins.jsonl", encode(jsonl(envs), "utf8"))
    register("signin/diagnostic_signins.jsonl", "signin-diagnostic-json", len(envs), len(envs),
             notes="Event Hub style: one envelope per line")


def generate():
    gen_la()
    gen_diag()


_ = jdump
