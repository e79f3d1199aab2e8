//! Entra sign-in rows in the portal's download shape: the exact 57-column header of
//! scripts/gen_stories.py (`ENTRA_HEADER`: trailing spaces after `Application ID` and
//! `Resource ID`, `Autonomous system  number` with two spaces, `Incoming token type`
//! twice), `Date (UTC)` as `2026-02-10T18:41:49Z`, and the UAL mirror record
//! (`UserLoggedIn`/`UserLoginFailed`, RecordType 15) the Purview export carries for many
//! interactive sign-ins (`IntraSystemId` = the Entra request id, which mailtrail merges).

use super::apps::App;
use super::clock;
use super::nets::Addr;
use super::people::{CITIES, Person};
use super::rng;
use super::sink::{Log, Out};
use super::tenant::Tenant;
use super::text::{self, Obj};
use super::ual;

/// The portal download's header, column for column.
pub const HEADER: &str = "Date (UTC),Request ID,User agent,Correlation ID,User ID,User,Username,User type,Cross tenant access type,Incoming token type,Authentication Protocol,Unique token identifier,Original transfer method,Client credential type,Token Protection - Sign In Session,Token Protection - Sign In Session StatusCode,Application,Application ID ,App owner tenant ID,Resource,Resource ID ,Resource tenant ID,Resource owner tenant ID,Home tenant ID,Home tenant name,IP address,Location,Status,Sign-in error code,Failure reason,Client app,Device ID,Browser,Operating System,Compliant,Managed,Join Type,Multifactor authentication result,Multifactor authentication auth method,Multifactor authentication auth detail,Authentication requirement,Sign-in identifier,Session ID,IP address (seen by resource),Through Global Secure Access,Global Secure Access IP address,Autonomous system  number,Flagged for review,Token issuer type,Incoming token type,Token issuer name,Latency,Conditional Access,Managed Identity type,Associated Resource Id,Federated Token Id,Federated Token Issuer";

/// Microsoft Services, owner of first-party apps.
const MS_TENANT: &str = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

/// How the MFA requirement was met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mfa {
    /// Satisfied by a claim in the token (the usual case for an enrolled device).
    Claim,
    /// A push to the Authenticator app (relayed by an AiTM proxy, too).
    Push,
    /// Single-factor: password only.
    None,
}

/// Which device the sign-in says it came from.
#[derive(Debug, Clone, Copy)]
pub enum DeviceUse<'a> {
    /// The person's own registered laptop (device id, OS, browser, join type).
    Own,
    /// No device id; the OS and browser the user agent shows (phones, VMs, attackers).
    Bare(&'a str, &'a str),
}

/// One sign-in to render.
#[derive(Debug, Clone)]
pub struct SignIn<'a> {
    /// Time.
    pub when: i64,
    /// Who.
    pub who: &'a Person,
    /// From where.
    pub at: Addr,
    /// Client application.
    pub app: App,
    /// Resource.
    pub resource: App,
    /// Entra error code, 0 for success.
    pub err: u32,
    /// User agent.
    pub ua: &'a str,
    /// `Client app`.
    pub client: &'a str,
    /// Entra session id (empty for failures).
    pub session: &'a str,
    /// Correlation id shared by the sign-ins of one flow, if any.
    pub corr: Option<&'a str>,
    /// How MFA was met.
    pub mfa: Mfa,
    /// Device.
    pub device: DeviceUse<'a>,
    /// Interactive (else a token refresh).
    pub interactive: bool,
    /// `Authentication Protocol`: `None`, `deviceCode`, `ropc`.
    pub protocol: &'a str,
    /// Also write the UAL mirror (interactive sign-ins only).
    pub mirror: bool,
}

impl<'a> SignIn<'a> {
    /// A successful sign-in with the person's own laptop and defaults for the rest.
    pub fn new(when: i64, who: &'a Person, at: Addr, app: App, ua: &'a str) -> SignIn<'a> {
        SignIn {
            when,
            who,
            at,
            app,
            resource: super::apps::RES_EXO,
            err: 0,
            ua,
            client: "Mobile Apps and Desktop clients",
            session: "",
            corr: None,
            mfa: Mfa::Claim,
            device: DeviceUse::Own,
            interactive: true,
            protocol: "None",
            mirror: false,
        }
    }
}

impl<'a> SignIn<'a> {
    /// A browser sign-in to office.com (client `Browser`, resource the Office portal).
    pub fn browser(mut self) -> Self {
        self.client = "Browser";
        self.resource = super::apps::RES_PORTAL;
        self
    }

    /// Without a registered device: only the OS and browser its user agent shows.
    pub fn bare(mut self, os: &'a str, browser: &'a str) -> Self {
        self.device = DeviceUse::Bare(os, browser);
        self
    }

    /// Password only (no MFA: `Single-factor authentication`).
    pub fn password_only(mut self) -> Self {
        self.mfa = Mfa::None;
        self
    }

    /// In this Entra session.
    pub fn in_session(mut self, session: &'a str) -> Self {
        self.session = session;
        self
    }
}

/// `Status` and `Failure reason` of an error code.
fn status(err: u32) -> (&'static str, &'static str) {
    match err {
        0 => ("Success", "Other."),
        50126 => (
            "Failure",
            "Error validating credentials due to invalid username or password.",
        ),
        50053 => (
            "Failure",
            "Account is locked because user tried to sign in too many times with an incorrect user ID or password.",
        ),
        50074 => ("Interrupted", "Strong Authentication is required."),
        50079 => (
            "Interrupted",
            "Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access the resource.",
        ),
        50140 => (
            "Interrupted",
            "This error occurred due to 'Keep me signed in' interrupt when the user was signing in.",
        ),
        _ => ("Failure", "Other."),
    }
}

/// `City, State, CC` of an address.
pub fn location(at: &Addr) -> String {
    match at.city {
        Some(c) if at.range.place.is_empty() => format!("{}, {}, US", CITIES[c].0, CITIES[c].1),
        _ => at.range.place.to_string(),
    }
}

fn mfa_cells(s: &SignIn<'_>) -> [&'static str; 3] {
    match (s.mfa, s.err == 0) {
        (Mfa::Claim, true) => [
            "MFA requirement satisfied by claim in the token",
            "Previously satisfied",
            "Multifactor authentication",
        ],
        (Mfa::Push, true) => [
            "MFA successfully completed",
            "Mobile app notification",
            "Multifactor authentication",
        ],
        (Mfa::Push | Mfa::Claim, false) => ["", "", "Multifactor authentication"],
        (Mfa::None, _) => ["", "", "Single-factor authentication"],
    }
}

/// Render `s` into `out` (and its UAL mirror when asked); returns the request id.
pub fn emit(t: &Tenant, out: &mut Out, s: &SignIn<'_>) -> String {
    let req = out.next_id();
    let corr = s
        .corr
        .map_or_else(|| rng::uuid(t.seed, &["corr", &req]), str::to_string);
    let line = row(t, s, &req, &corr);
    let log = if s.interactive {
        Log::Interactive
    } else {
        Log::NonInteractive
    };
    out.push(log, s.when, &req, line);
    // Interrupted sign-ins (MFA prompts) are left without a mirror: their UAL form carries
    // other error names, and nothing here depends on them.
    if s.mirror && s.interactive && matches!(s.err, 0 | 50126) {
        mirror(t, out, s, &req, &corr);
    }
    req
}

/// The 57 cells of one sign-in, in `HEADER` order.
fn row(t: &Tenant, s: &SignIn<'_>, req: &str, corr: &str) -> String {
    let p = s.who;
    let (dev_id, browser, os, join, managed) = match s.device {
        DeviceUse::Own => (
            p.device_id.as_str(),
            p.platform.browser,
            p.platform.os,
            p.platform.join,
            "True",
        ),
        DeviceUse::Bare(os, browser) => ("", browser, os, "", "False"),
    };
    let (status, reason) = status(s.err);
    let token_type = match (s.interactive, dev_id.is_empty()) {
        (true, _) => "None",
        (false, true) => "Refresh token",
        (false, false) => "Primary Refresh Token",
    };
    let uti = if s.err == 0 {
        rng::token(t.seed, &["uti", req])
    } else {
        String::new()
    };
    let mfa = mfa_cells(s);
    let asn = match s.at.range.asn {
        0 => String::new(),
        n => n.to_string(),
    };
    let latency = (48 + rng::hash(t.seed, &["lat", req]) % 212).to_string();
    let ca = if s.err == 0 && s.interactive {
        "Success"
    } else {
        "Not Applied"
    };
    let (ip, err, loc) = (s.at.ip.to_string(), s.err.to_string(), location(&s.at));
    let date = format!("{}Z", clock::iso(s.when));
    // Eight columns a line, in the header's order (kept on purpose: the layout is the
    // check that every column is where the portal puts it).
    #[rustfmt::skip]
    let cells: [&str; 57] = [
        &date, req, s.ua, corr, &p.oid, &p.name, &p.upn, "Member",
        "None", token_type, s.protocol, &uti, "None", "None", "Unbound", "",
        s.app.1, s.app.0, MS_TENANT, s.resource.1, s.resource.0, &t.tenant_id, MS_TENANT, &t.tenant_id,
        &t.tenant_name, &ip, &loc, status, &err, reason, s.client, dev_id,
        browser, os, managed, managed, join, mfa[0], mfa[1], "",
        mfa[2], &p.upn, s.session, "", "No", "", &asn, "No",
        "AzureAD", token_type, "", &latency, ca, "", "", "",
        "",
    ];
    text::csv_row(&cells)
}

/// The UAL record of an interactive sign-in (AzureActiveDirectoryStsLogon).
fn mirror(t: &Tenant, out: &mut Out, s: &SignIn<'_>, req: &str, corr: &str) {
    let id = out.next_id();
    let p = s.who;
    let ok = s.err == 0;
    let ip = s.at.ip.to_string();
    let (ext, dev) = mirror_properties(s);
    let mut o = Obj::new();
    let op = if ok {
        "UserLoggedIn"
    } else {
        "UserLoginFailed"
    };
    ual::base(&mut o, t, s.when, &id, op);
    o.n("RecordType", 15)
        .s("ResultStatus", if ok { "Succeeded" } else { "Success" })
        .s("UserKey", &p.puid)
        .n("UserType", 0)
        .n("Version", 1)
        .s("Workload", "AzureActiveDirectory")
        .s("ClientIP", &ip)
        .s("ObjectId", s.resource.0)
        .s("UserId", &p.upn)
        .n("AzureActiveDirectoryEventType", 1)
        .raw("ExtendedProperties", &ext)
        .raw("ModifiedProperties", "[]")
        .raw("Actor", &ual::actor_list(p))
        .s("ActorContextId", &t.tenant_id)
        .s("ActorIpAddress", &ip)
        .s("InterSystemsId", corr)
        .s("IntraSystemId", req)
        .s("SupportTicketId", "")
        .raw(
            "Target",
            &format!("[{{\"ID\":\"{}\",\"Type\":0}}]", s.resource.0),
        )
        .s("TargetContextId", &t.tenant_id)
        .s("ApplicationId", s.app.0)
        .raw("DeviceProperties", &dev);
    if !ok {
        o.s("ErrorNumber", &s.err.to_string());
        o.s("LogonError", "InvalidUserNameOrPassword");
    }
    let json = o.done();
    let w = ual::Wrap {
        when: s.when,
        id: &id,
        record_type: "AzureActiveDirectoryStsLogon",
        op,
        user: &p.upn,
    };
    ual::push_record(out, w, &json);
}

/// `ExtendedProperties` and `DeviceProperties` of a UAL sign-in record.
fn mirror_properties(s: &SignIn<'_>) -> (String, String) {
    let p = s.who;
    let ok = s.err == 0;
    // The UAL names the device-code flow by its request type (Cmsi:Cmsi).
    let request_type = if s.protocol == "deviceCode" {
        "Cmsi:Cmsi"
    } else {
        "OAuth2:Authorize"
    };
    let mut ext = vec![
        (
            "ResultStatusDetail",
            if ok { "Redirect" } else { "Success" },
        ),
        ("UserAgent", s.ua),
        ("UserAuthenticationMethod", "1"),
        ("RequestType", request_type),
    ];
    if ok {
        ext.push(("KeepMeSignedIn", "True"));
    }
    let mut dev = match s.device {
        DeviceUse::Own => vec![
            ("Id", p.device_id.as_str()),
            ("DisplayName", p.device_name.as_str()),
            ("OS", p.platform.os),
            ("BrowserType", p.platform.browser),
            ("IsCompliantAndManaged", "True"),
        ],
        DeviceUse::Bare(os, b) => vec![("OS", os), ("BrowserType", b)],
    };
    if !s.session.is_empty() {
        dev.push(("SessionId", s.session));
    }
    (text::name_values(&ext), text::name_values(&dev))
}
