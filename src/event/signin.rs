//! Mapping of Graph-shaped sign-in records into [`Event`]: Graph `signIn` (v1.0/beta,
//! portal JSON), Azure Monitor diagnostic `properties`, and Log Analytics `SigninLogs`
//! rows (PascalCase, nested columns possibly JSON inside strings). Keys are matched
//! case-insensitively, which makes the three shapes one.

use serde_json::Value;

use super::detail::{Detail, SignInDetail};
use super::fields::{first_str, get, get_nested, get_str, parse_bool, scalar_text};
use super::time::{DateOrder, parse_time};
use super::{Category, Device, Event, Location, MapError, Outcome, UserRef};

/// Entra error codes that interrupt rather than fail a sign-in (MFA prompt, KMSI, …).
const INTERRUPT_CODES: &[&str] = &[
    "16000", "16001", "16003", "50058", "50072", "50074", "50076", "50079", "50097", "50125",
    "50129", "50140", "50143", "50158", "50199", "81010", "81012", "81014",
];

/// Outcome of an Entra error code (`0` is success).
pub fn outcome_of_code(code: &str) -> Outcome {
    match code.trim() {
        "" => Outcome::Unknown,
        "0" => Outcome::Success,
        c if INTERRUPT_CODES.contains(&c) => Outcome::Interrupted,
        _ => Outcome::Failure,
    }
}

/// Outcome of the portal's `Status` text.
pub fn outcome_of_status(text: &str) -> Outcome {
    match text.trim().to_ascii_lowercase().as_str() {
        "success" => Outcome::Success,
        "failure" => Outcome::Failure,
        "interrupted" => Outcome::Interrupted,
        _ => Outcome::Unknown,
    }
}

/// The portal's `Location` column: `City, State, CC`.
pub fn location_from_text(text: &str) -> Option<Location> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    let country = parts
        .last()
        .filter(|c| c.len() == 2)
        .map(|c| c.to_ascii_uppercase());
    let loc = Location {
        city: parts
            .first()
            .filter(|_| parts.len() >= 2)
            .and_then(|s| super::non_empty(s)),
        state: parts
            .get(1)
            .filter(|_| parts.len() >= 3)
            .and_then(|s| super::non_empty(s)),
        country,
        ..Location::default()
    };
    (!loc.is_empty()).then_some(loc)
}

/// Fill `ev` from a Graph-shaped sign-in object. `log` names the log it came from
/// (`interactive`, `non-interactive`, …) when the container says so.
pub fn map_signin(
    rec: &Value,
    log: Option<&str>,
    order: DateOrder,
    ev: &mut Event,
) -> Result<(), MapError> {
    if !rec.is_object() {
        return Err(MapError::NotAnObject);
    }
    let time = first_str(
        rec,
        &[
            "createdDateTime",
            "CreatedDateTime",
            "TimeGenerated",
            "time",
        ],
    )
    .ok_or(MapError::NoTime)?;
    ev.time = parse_time(&time, order).map_err(MapError::BadTime)?;
    ev.time_known = true;
    ev.operation = "SignIn".into();
    ev.category = Category::SignIn;
    ev.record_id = get_str(rec, "id");
    ev.workload = Some("AzureActiveDirectory".into());
    ev.record_type = get_str(rec, "Category").or_else(|| log.map(String::from));
    set_identity(rec, ev);
    if let Some(ip) = first_str(rec, &["ipAddress", "IPAddress", "callerIpAddress"]) {
        ev.set_ip(&ip);
    }
    ev.user_agent = get_str(rec, "userAgent");
    ev.client_info = get_str(rec, "clientAppUsed");
    ev.app_id = get_str(rec, "appId");
    ev.app_name = get_str(rec, "appDisplayName");
    ev.sessions.session_id = get_str(rec, "sessionId");
    ev.sessions.unique_token_id = get_str(rec, "uniqueTokenIdentifier");
    ev.sessions.correlation_id = get_str(rec, "correlationId");
    ev.sessions.request_id = get_str(rec, "id").or_else(|| get_str(rec, "originalRequestId"));
    set_status(rec, ev);
    ev.device = device(rec);
    ev.location = location(rec);
    ev.source_asn = first_str(rec, &["autonomousSystemNumber"])
        .and_then(|s| s.parse().ok())
        .filter(|&n| n > 0);
    ev.organization = get_str(rec, "homeTenantId").or_else(|| get_str(rec, "tenantId"));
    ev.detail = Detail::SignIn(Box::new(detail(rec, log)));
    Ok(())
}

fn set_identity(rec: &Value, ev: &mut Event) {
    ev.actor_object_id = get_str(rec, "userId").map(|s| s.to_lowercase());
    if let Some(upn) = get_str(rec, "userPrincipalName") {
        ev.actor = UserRef::from_raw(&upn);
    } else if let Some(sp) = first_str(
        rec,
        &[
            "servicePrincipalName",
            "servicePrincipalId",
            "appDisplayName",
        ],
    ) {
        ev.actor = UserRef::service_principal(&sp);
    }
}

fn set_status(rec: &Value, ev: &mut Event) {
    let status = get_nested(rec, "status");
    let code = status
        .as_ref()
        .and_then(|s| get_str(s, "errorCode"))
        .or_else(|| get_str(rec, "ResultType"))
        .or_else(|| get_str(rec, "resultType"));
    ev.result.outcome = code.as_deref().map_or(Outcome::Unknown, outcome_of_code);
    ev.result.error_code = code;
    ev.result.reason = status
        .as_ref()
        .and_then(|s| get_str(s, "failureReason"))
        .or_else(|| get_str(rec, "ResultDescription"))
        .filter(|r| !r.eq_ignore_ascii_case("other") || ev.result.outcome != Outcome::Success);
}

fn device(rec: &Value) -> Option<Device> {
    let d = get_nested(rec, "deviceDetail")?;
    let dev = Device {
        os: get_str(&d, "operatingSystem"),
        browser: get_str(&d, "browser"),
        id: get_str(&d, "deviceId"),
        name: get_str(&d, "displayName"),
        trust_type: get_str(&d, "trustType"),
        compliant: get(&d, "isCompliant")
            .and_then(scalar_text)
            .and_then(|s| parse_bool(&s)),
        managed: get(&d, "isManaged")
            .and_then(scalar_text)
            .and_then(|s| parse_bool(&s)),
    };
    (!dev.is_empty()).then_some(dev)
}

fn location(rec: &Value) -> Option<Location> {
    let l = get_nested(rec, "location").or_else(|| get_nested(rec, "LocationDetails"));
    let Some(l) = l else {
        // Log Analytics also has a plain `Location` column with the country code.
        return get_str(rec, "Location")
            .filter(|c| c.len() == 2)
            .map(|c| Location {
                country: Some(c.to_ascii_uppercase()),
                ..Location::default()
            });
    };
    let geo = get(&l, "geoCoordinates");
    let coord = |k: &str| {
        geo.and_then(|g| get(g, k))
            .and_then(scalar_text)
            .and_then(|s| s.parse::<f64>().ok())
    };
    let loc = Location {
        city: get_str(&l, "city"),
        state: get_str(&l, "state"),
        country: get_str(&l, "countryOrRegion").map(|c| c.to_ascii_uppercase()),
        lat: coord("latitude").filter(|v| v.is_finite()),
        lon: coord("longitude").filter(|v| v.is_finite()),
    };
    (!loc.is_empty()).then_some(loc)
}

fn detail(rec: &Value, log: Option<&str>) -> SignInDetail {
    let mfa = get_nested(rec, "mfaDetail");
    let methods = get_nested(rec, "authenticationDetails")
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|d| get_str(d, "authenticationMethod"))
        .collect();
    SignInDetail {
        log: log_kind(rec).or_else(|| log.map(String::from)),
        interactive: get(rec, "isInteractive")
            .and_then(scalar_text)
            .and_then(|s| parse_bool(&s)),
        client_app_used: get_str(rec, "clientAppUsed"),
        auth_protocol: get_str(rec, "authenticationProtocol"),
        request_type: None,
        auth_requirement: get_str(rec, "authenticationRequirement"),
        mfa_method: mfa.as_ref().and_then(|m| get_str(m, "authMethod")),
        // The result text is `status.additionalDetails`; `mfaDetail.authDetail` is the
        // masked phone number when there is one (as the portal CSV's two columns).
        mfa_result: get_nested(rec, "status")
            .and_then(|s| get_str(&s, "additionalDetails"))
            .or_else(|| mfa.as_ref().and_then(|m| get_str(m, "authDetail"))),
        resource: get_str(rec, "resourceDisplayName"),
        conditional_access: get_str(rec, "conditionalAccessStatus"),
        risk_level: get_str(rec, "riskLevelDuringSignIn"),
        risk_state: get_str(rec, "riskState"),
        incoming_token_type: get_str(rec, "incomingTokenType"),
        user_type: get_str(rec, "userType"),
        cross_tenant: get_str(rec, "crossTenantAccessType"),
        auth_methods: methods,
    }
}

/// Log kind from a diagnostic/Log Analytics category.
fn log_kind(rec: &Value) -> Option<String> {
    let cat = first_str(rec, &["Category", "Type"])?.to_ascii_lowercase();
    Some(
        match cat.as_str() {
            "signinlogs" => "interactive",
            "noninteractiveusersigninlogs" | "aadnoninteractiveusersigninlogs" => "non-interactive",
            "serviceprincipalsigninlogs" | "aadserviceprincipalsigninlogs" => "service-principal",
            "managedidentitysigninlogs" | "aadmanagedidentitysigninlogs" => "managed-identity",
            _ => return None,
        }
        .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::SourcePos;
    use serde_json::json;

    #[test]
    fn graph_signin_maps_every_field() {
        let v = json!({"id": "r1", "createdDateTime": "2026-01-04T08:19:41Z", "userPrincipalName": "Bob@Contoso.com",
            "ipAddress": "159.203.1.1", "userAgent": "axios/1.7.2", "appId": "a", "appDisplayName": "OfficeHome",
            "status": {"errorCode": 50126, "failureReason": "Invalid password"}, "autonomousSystemNumber": 14061,
            "location": {"city": "Clifton", "countryOrRegion": "us", "geoCoordinates": {"latitude": 40.8, "longitude": -74.1}},
            "deviceDetail": {"deviceId": "", "operatingSystem": "Windows10"}, "sessionId": "s1", "isInteractive": true});
        let mut ev = Event::new(
            SourcePos {
                file: 0,
                line: 1,
                record: 1,
            },
            "signin-graph-json",
        );
        map_signin(&v, None, DateOrder::Mdy, &mut ev).unwrap();
        assert_eq!(ev.actor.key, "bob@contoso.com");
        assert_eq!(ev.result.outcome, Outcome::Failure);
        assert_eq!(ev.result.error_code.as_deref(), Some("50126"));
        assert_eq!(ev.source_asn, Some(14061));
        assert_eq!(ev.location.as_ref().unwrap().country.as_deref(), Some("US"));
        assert_eq!(ev.sessions.session_id.as_deref(), Some("s1"));
    }

    #[test]
    fn log_analytics_nested_json_in_strings() {
        let v = json!({"TimeGenerated": "2026-01-04T08:19:41Z", "UserPrincipalName": "a@b.com", "IPAddress": "1.2.3.4",
            "ResultType": "50074", "Status": "{\"errorCode\":50074}", "DeviceDetail": "{\"operatingSystem\":\"iOS\"}",
            "LocationDetails": "{\"countryOrRegion\":\"FR\"}", "Category": "NonInteractiveUserSignInLogs"});
        let mut ev = Event::new(
            SourcePos {
                file: 0,
                line: 1,
                record: 1,
            },
            "signin-loganalytics",
        );
        map_signin(&v, None, DateOrder::Mdy, &mut ev).unwrap();
        assert_eq!(ev.result.outcome, Outcome::Interrupted);
        assert_eq!(ev.device.unwrap().os.as_deref(), Some("iOS"));
        assert_eq!(ev.location.unwrap().country.as_deref(), Some("FR"));
        let Detail::SignIn(d) = ev.detail else {
            panic!()
        };
        assert_eq!(d.log.as_deref(), Some("non-interactive"));
    }

    fn map_one(v: &Value, format: &'static str) -> Event {
        let pos = SourcePos {
            file: 0,
            line: 1,
            record: 1,
        };
        let mut ev = Event::new(pos, format);
        map_signin(v, None, DateOrder::Mdy, &mut ev).unwrap();
        ev
    }

    fn signin_detail(ev: Event) -> SignInDetail {
        match ev.detail {
            Detail::SignIn(d) => *d,
            other => panic!("not a sign-in detail: {other:?}"),
        }
    }

    #[test]
    fn object_id_and_mfa_result_from_graph() {
        // Shapes as in real Graph/diagnostic records: authDetail holds the phone number
        // when there is one; additionalDetails the result text.
        let v = json!({"id": "r2", "createdDateTime": "2026-01-04T08:19:41Z",
            "userPrincipalName": "megan.bowen@contoso.com", "userId": "3C9A1F52-7B4E-4D08-A6E1-2F5B8C0D7E91",
            "status": {"errorCode": 0, "additionalDetails": "MFA requirement satisfied by claim in the token"},
            "mfaDetail": {"authMethod": "Previously satisfied"}});
        let ev = map_one(&v, "signin-graph-json");
        assert_eq!(
            ev.actor_object_id.as_deref(),
            Some("3c9a1f52-7b4e-4d08-a6e1-2f5b8c0d7e91")
        );
        let d = signin_detail(ev);
        assert_eq!(d.mfa_method.as_deref(), Some("Previously satisfied"));
        assert_eq!(
            d.mfa_result.as_deref(),
            Some("MFA requirement satisfied by claim in the token")
        );
        let v = json!({"createdDateTime": "2026-01-04T08:19:41Z", "userPrincipalName": "a@b.com",
            "status": {"errorCode": 0, "additionalDetails": "MFA completed in Azure AD"},
            "mfaDetail": {"authMethod": "Mobile app notification", "authDetail": "+XX XXXXXXX17"}});
        let d = signin_detail(map_one(&v, "signin-graph-json"));
        assert_eq!(
            d.mfa_result.as_deref(),
            Some("MFA completed in Azure AD"),
            "the result text, not the masked phone number"
        );
    }

    #[test]
    fn object_id_and_mfa_result_from_log_analytics_strings() {
        let v = json!({"TimeGenerated": "2026-01-04T08:19:41Z", "UserPrincipalName": "a@b.com",
            "UserId": "0D9E8F7A-6B5C-4D3E-9F1A-2B3C4D5E6F70", "ResultType": "0",
            "Status": "{\"errorCode\":0,\"additionalDetails\":\"MFA completed in Azure AD\"}",
            "MfaDetail": "{}"});
        let ev = map_one(&v, "signin-loganalytics");
        assert_eq!(
            ev.actor_object_id.as_deref(),
            Some("0d9e8f7a-6b5c-4d3e-9f1a-2b3c4d5e6f70")
        );
        assert_eq!(
            signin_detail(ev).mfa_result.as_deref(),
            Some("MFA completed in Azure AD")
        );
        let no_user =
            json!({"createdDateTime": "2026-01-04T08:19:41Z", "servicePrincipalId": "sp1"});
        assert_eq!(map_one(&no_user, "signin-graph-json").actor_object_id, None);
    }

    #[test]
    fn portal_location_text() {
        let l = location_from_text("Clifton, New Jersey, US").unwrap();
        assert_eq!(
            (l.city.as_deref(), l.state.as_deref(), l.country.as_deref()),
            (Some("Clifton"), Some("New Jersey"), Some("US"))
        );
    }
}
