"""Synthetic Entra sign-ins as Microsoft Graph `signIn` objects; the file writers derive
every other shape (portal CSV, Log Analytics, diagnostic envelopes) from these."""
import datetime as dt
from common import (ADMIN, ADMIN_OID, ALEX, ALEX_OID, APP_AZPS, APP_EVIL, APP_GRAPH_RES, APP_OFFICE, APP_OUTLOOK,
                    APP_OWA, CONTOSO_TENANT, DO_IP, DOC_ATTACK_IP, FAB_OID, FAB_USER, FABRIKAM_TENANT, HOME_IP,
                    OFFICE_IP, OVH_IP, UA_AXIOS, UA_EDGE, UA_LINUX, UA_PY, VICTIM, VICTIM_NAME, VICTIM_OID, gid, iso, t)
from ual_records import MIRROR_CORRELATION_ID, MIRROR_REQUEST_ID, MIRROR_TIME

# ip -> (city, state, country, lat, lon, asn)
GEO = {
    HOME_IP: ("Seattle", "Washington", "US", 47.6062, -122.3321, 64496),
    OFFICE_IP: ("Redmond", "Washington", "US", 47.674, -122.1215, 64497),
    "2001:db8::1": ("Seattle", "Washington", "US", 47.6062, -122.3321, 64496),
    DO_IP: ("North Bergen", "New Jersey", "US", 40.793, -74.0247, 14061),
    OVH_IP: ("Roubaix", "Hauts-de-France", "FR", 50.6942, 3.1746, 16276),
    DOC_ATTACK_IP: ("Amsterdam", "Noord-Holland", "NL", 52.3676, 4.9041, 64511),
}
FAIL = {0: "Other.", 50126: "Invalid username or password or Invalid on-premise username or password.",
        50074: "Strong Authentication is required.",
        50140: "This error occurred due to 'Keep me signed in' interrupt when the user was signing in."}
USERS = {VICTIM: (VICTIM_NAME, VICTIM_OID), ALEX: ("Alex Wilber", ALEX_OID), ADMIN: ("MOD Administrator", ADMIN_OID),
         FAB_USER: ("Pradeep Gupta", FAB_OID)}


def status_word(err):
    return "Success" if err == 0 else ("Failure" if err == 50126 else "Interrupted")


def signin(tag, k, when, upn, ip, app, err=0, ua=UA_EDGE, os_="Windows10", browser="Edge 120.0.0",
           interactive=True, client="Browser", mfa=False, request_id=None, corr=None, guest=False,
           resource=APP_OWA, protocol="none", device=None):
    name, oid = USERS[upn]
    city, state, cc, lat, lon, asn = GEO[ip]
    dev_id, dev_name, compliant, managed, trust = device or ("", "", False, False, "")
    step = {"authenticationStepDateTime": iso(when, z=True), "authenticationMethod": "Password",
            "authenticationMethodDetail": "Password in the cloud", "succeeded": err != 50126,
            "authenticationStepResultDetail": "Correct password" if err != 50126 else "Invalid username or password",
            "authenticationStepRequirement": "Primary authentication"}
    details = [step]
    if mfa:
        details.append({"authenticationStepDateTime": iso(when, z=True), "authenticationMethod": "Previously satisfied",
                        "authenticationMethodDetail": "", "succeeded": True,
                        "authenticationStepResultDetail": "MFA requirement satisfied by claim in the token",
                        "authenticationStepRequirement": "Primary authentication"})
    return {
        "id": request_id or gid(tag, "signin", k),
        "createdDateTime": iso(when, z=True),
        "userDisplayName": name, "userPrincipalName": upn, "userId": oid,
        "appId": app[0], "appDisplayName": app[1],
        "ipAddress": ip, "clientAppUsed": client, "userAgent": ua,
        "correlationId": corr or gid(tag, "corr", k),
        "conditionalAccessStatus": "success" if err == 0 and interactive else "notApplied",
        "originalRequestId": request_id or gid(tag, "signin", k),
        "isInteractive": interactive,
        "tokenIssuerName": "", "tokenIssuerType": "AzureAD", "clientCredentialType": "none",
        "riskDetail": "none", "riskLevelAggregated": "none",
        "riskLevelDuringSignIn": "medium" if ip in (DO_IP, OVH_IP) else "none",
        "riskState": "atRisk" if ip == DO_IP and err == 0 else "none",
        "resourceDisplayName": resource[1], "resourceId": resource[0],
        "resourceTenantId": CONTOSO_TENANT, "homeTenantId": FABRIKAM_TENANT if guest else CONTOSO_TENANT,
        "homeTenantName": "Fabrikam" if guest else "Contoso",
        "authenticationRequirement": "multiFactorAuthentication" if mfa else "singleFactorAuthentication",
        "signInIdentifier": upn, "signInIdentifierType": None,
        "signInEventTypes": ["interactiveUser"] if interactive else ["nonInteractiveUser"],
        "userType": "guest" if guest else "member",
        "autonomousSystemNumber": asn,
        "crossTenantAccessType": "b2bCollaboration" if guest else "none",
        "uniqueTokenIdentifier": gid(tag, "uti", k).replace("-", "")[:22],
        "incomingTokenType": "none" if interactive else "refreshToken",
        "authenticationProtocol": protocol, "originalTransferMethod": "none",
        "sessionId": gid("session", upn, ip),
        "mfaDetail": {"authMethod": "Previously satisfied", "authDetail": None} if mfa else None,
        "status": {"errorCode": err, "failureReason": FAIL.get(err, "Other."),
                   "additionalDetails": "MFA requirement satisfied by claim in the token" if mfa else None},
        "deviceDetail": {"deviceId": dev_id, "displayName": dev_name, "operatingSystem": os_, "browser": browser,
                         "isCompliant": compliant, "isManaged": managed, "trustType": trust},
        "location": {"city": city, "state": state, "countryOrRegion": cc,
                     "geoCoordinates": {"altitude": None, "latitude": lat, "longitude": lon}},
        "appliedConditionalAccessPolicies": [],
        "authenticationProcessingDetails": [{"key": "Is CAE Token", "value": "False"}],
        "authenticationDetails": details,
    }


LAPTOP = (gid("device", "MB-LAPTOP"), "MB-LAPTOP-01", True, True, "Azure AD joined")


def story(tag, start=MIRROR_TIME, mirror=False):
    """10 interactive sign-ins around the takeover at `start` (the attacker's success)."""
    T0 = t(start)

    def at(m):
        return T0 + dt.timedelta(minutes=m)
    V = VICTIM
    return [
        signin(tag, 0, at(-2 * 1440 - 37), V, HOME_IP, APP_OFFICE, device=LAPTOP, mfa=True),
        signin(tag, 1, at(-1440 + 12), ALEX, OFFICE_IP, APP_OUTLOOK, client="Mobile Apps and Desktop clients",
               ua="Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17126; Pro)"),
        signin(tag, 2, at(-14), V, OVH_IP, APP_OFFICE, err=50126, ua=UA_PY, os_="", browser="Python Requests 2.31",
               protocol="ropc"),
        signin(tag, 3, at(-12), V, OVH_IP, APP_AZPS, err=50126, ua=UA_PY, os_="", browser="Python Requests 2.31",
               protocol="ropc", client="Mobile Apps and Desktop clients"),
        signin(tag, 4, at(-6), V, DO_IP, APP_OFFICE, err=50074, ua=UA_LINUX, os_="Linux", browser="Chrome 119.0.0"),
        signin(tag, 5, at(-3), V, DO_IP, APP_OFFICE, err=50140, ua=UA_LINUX, os_="Linux", browser="Chrome 119.0.0"),
        signin(tag, 6, at(0), V, DO_IP, APP_OFFICE, ua=UA_LINUX, os_="Linux", browser="Chrome 119.0.0", mfa=True,
               request_id=MIRROR_REQUEST_ID if mirror else None, corr=MIRROR_CORRELATION_ID if mirror else None),
        signin(tag, 7, at(95), V, "2001:db8::1", APP_OWA, device=LAPTOP, mfa=True, resource=APP_OWA),
        signin(tag, 8, at(180), FAB_USER, DOC_ATTACK_IP, APP_OFFICE, guest=True),
        signin(tag, 9, at(200), ADMIN, DOC_ATTACK_IP, APP_AZPS, err=50126, ua=UA_AXIOS, os_="", browser="",
               client="Mobile Apps and Desktop clients", protocol="ropc"),
    ]


def noninteractive(tag, start="2026-01-04 08:25:00"):
    """Refresh-token redemptions by the attacker's session and the victim's own client."""
    T0 = t(start)
    out = []
    plan = [(DO_IP, APP_OFFICE, APP_GRAPH_RES, UA_LINUX), (DO_IP, APP_EVIL, APP_GRAPH_RES, UA_AXIOS),
            (HOME_IP, APP_OUTLOOK, APP_OWA, UA_EDGE), (DO_IP, APP_OFFICE, APP_OWA, UA_LINUX),
            (OVH_IP, APP_EVIL, APP_GRAPH_RES, UA_AXIOS), (HOME_IP, APP_OUTLOOK, APP_GRAPH_RES, UA_EDGE)]
    for k, (ip, app, res, ua) in enumerate(plan):
        out.append(signin(tag, k, T0 + dt.timedelta(minutes=7 * k, seconds=13 * k), VICTIM, ip, app, ua=ua,
                          interactive=False, client="Mobile Apps and Desktop clients", resource=res,
                          os_="Linux" if ip != HOME_IP else "Windows10", browser="" if ua == UA_AXIOS else "Chrome 119.0.0"))
    return out


def service_principals(tag, start="2026-01-04 09:00:00"):
    T0 = t(start)
    rows = []
    for k, (ip, err) in enumerate([(DO_IP, 0), (DO_IP, 0), (OVH_IP, 7000215), (DOC_ATTACK_IP, 0),
                                   (HOME_IP, 0), (DO_IP, 0)]):
        city, state, cc, lat, lon, asn = GEO[ip]
        rows.append({"id": gid(tag, "sp", k), "createdDateTime": iso(T0 + dt.timedelta(minutes=11 * k), z=True),
                     "correlationId": gid(tag, "spcorr", k), "servicePrincipalId": gid("sp", APP_EVIL[0]),
                     "servicePrincipalName": APP_EVIL[1], "servicePrincipalCredentialKeyId": gid("cred", APP_EVIL[0]),
                     "servicePrincipalCredentialThumbprint": "" if k % 2 else "3F2A9C41D07B6E58A1C2D3E4F5061728394A5B6C",
                     "appId": APP_EVIL[0], "appDisplayName": APP_EVIL[1], "resourceDisplayName": APP_GRAPH_RES[1],
                     "resourceId": APP_GRAPH_RES[0], "resourceTenantId": CONTOSO_TENANT,
                     "homeTenantId": CONTOSO_TENANT, "ipAddress": ip,
                     "location": {"city": city, "state": state, "countryOrRegion": cc,
                                  "geoCoordinates": {"latitude": lat, "longitude": lon}},
                     "status": {"errorCode": err, "failureReason": "Invalid client secret provided." if err else "Other."},
                     "conditionalAccessStatus": "notApplied", "managedIdentityType": "none",
                     "associatedResourceId": "", "autonomousSystemNumber": asn,
                     "signInEventTypes": ["servicePrincipal"], "isInteractive": False})
    return rows
