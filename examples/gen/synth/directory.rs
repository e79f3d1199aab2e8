//! Entra directory records as the UAL carries them (RecordType 8, AzureActiveDirectory):
//! security-info registration and OAuth consent, in the shape of the Management Activity
//! API (`Actor`/`Target` lists, `ModifiedProperties`, `ExtendedProperties`). The consent
//! record follows fixtures/scenarios/mt-p02, whose `ConsentAction.Permissions` text is
//! what Entra writes.

use std::net::IpAddr;

use super::people::Person;
use super::rng;
use super::sink::Out;
use super::tenant::Tenant;
use super::text::{self, Obj};
use super::ual;

fn directory_record(t: &Tenant, o: &mut Obj, p: &Person, ip: &str, status: &str) {
    o.n("RecordType", 8)
        .s("ResultStatus", status)
        .s("UserKey", &p.puid)
        .n("UserType", 0)
        .n("Version", 1)
        .s("Workload", "AzureActiveDirectory")
        .s("ClientIP", ip)
        .s("UserId", &p.upn)
        .n("AzureActiveDirectoryEventType", 1)
        .raw("Actor", &ual::actor_list(p))
        .s("ActorContextId", &t.tenant_id)
        .s("ActorIpAddress", ip);
}

/// `User registered security info.` for `p`, from `ip` (`method`: "Authenticator App",
/// "Phone"; `device`: the phone's name).
pub fn security_info(
    t: &Tenant,
    out: &mut Out,
    when: i64,
    p: &Person,
    ip: IpAddr,
    method: &str,
    device: &str,
) {
    let id = out.next_id();
    let ip = ip.to_string();
    let details = Obj::new()
        .s("Method", method)
        .s("DeviceName", device)
        .done();
    let mut o = Obj::new();
    ual::base(&mut o, t, when, &id, "User registered security info.");
    directory_record(t, &mut o, p, &ip, "Success");
    o.s("ObjectId", &p.upn)
        .s("InterSystemsId", &rng::uuid(t.seed, &["inter", &id]))
        .s("IntraSystemId", &rng::uuid(t.seed, &["intra", &id]))
        .raw("ModifiedProperties", "[]")
        .raw(
            "Target",
            &format!(
                "[{{\"ID\":\"User_{0}\",\"Type\":2}},{{\"ID\":\"{0}\",\"Type\":2}},{{\"ID\":\"User\",\"Type\":2}},{{\"ID\":\"{1}\",\"Type\":5}}]",
                p.oid, p.upn
            ),
        )
        .s("TargetContextId", &t.tenant_id)
        .raw(
            "ExtendedProperties",
            &text::name_values(&[
                ("additionalDetails", &details),
                ("extendedAuditEventCategory", "User"),
            ]),
        );
    let json = o.done();
    let w = ual::Wrap {
        when,
        id: &id,
        record_type: "AzureActiveDirectory",
        op: "User registered security info.",
        user: &p.upn,
    };
    ual::push_record(out, w, &json);
}

/// An application a user consents to.
#[derive(Debug, Clone)]
pub struct Consent<'a> {
    /// Time.
    pub when: i64,
    /// Who consents.
    pub who: &'a Person,
    /// From where.
    pub ip: IpAddr,
    /// App display name.
    pub app_name: &'a str,
    /// App (client) id.
    pub app_id: &'a str,
    /// Delegated scopes, space-separated (`Mail.Read offline_access User.Read`).
    pub scopes: &'a str,
}

/// `Consent to application.` by a user for themselves (ConsentType Principal).
pub fn consent(t: &Tenant, out: &mut Out, c: &Consent<'_>) {
    let id = out.next_id();
    let ip = c.ip.to_string();
    let sp = rng::uuid(t.seed, &["sp", c.app_id]);
    let grant = rng::token(t.seed, &["grant", c.app_id, &c.who.upn]);
    let perms = format!(
        "[] => [[Id: {grant}, ClientId: {sp}, PrincipalId: {}, ResourceId: {}, ConsentType: Principal, Scope: {}, CreatedDateTime: , LastModifiedDateTime ]]; ",
        c.who.oid,
        rng::uuid(t.seed, &["graph-sp"]),
        c.scopes
    );
    let mods = [
        ("ConsentContext.IsAdminConsent", "False"),
        ("ConsentContext.IsAppOnly", "False"),
        ("ConsentContext.OnBehalfOfAll", "False"),
        ("ConsentAction.Permissions", perms.as_str()),
        ("TargetId.ServicePrincipalNames", c.app_id),
    ];
    let mods: Vec<String> = mods
        .iter()
        .map(|(n, v)| {
            Obj::new()
                .s("Name", n)
                .s("NewValue", v)
                .s("OldValue", "")
                .done()
        })
        .collect();
    let mut o = Obj::new();
    ual::base(&mut o, t, c.when, &id, "Consent to application.");
    directory_record(t, &mut o, c.who, &ip, "Success");
    o.s("ObjectId", c.app_name)
        .raw(
            "ExtendedProperties",
            &text::name_values(&[
                ("additionalDetails", "{\"UserType\":\"Member\"}"),
                ("extendedAuditEventCategory", "User"),
            ]),
        )
        .raw("ModifiedProperties", &text::array(&mods))
        .s("InterSystemsId", &rng::uuid(t.seed, &["inter", &id]))
        .s("IntraSystemId", &rng::uuid(t.seed, &["intra", &id]))
        .s("SupportTicketId", "")
        .raw(
            "Target",
            &format!(
                "[{{\"ID\":\"ServicePrincipal_{sp}\",\"Type\":2}},{{\"ID\":\"{}\",\"Type\":1}},{{\"ID\":\"{}\",\"Type\":2}}]",
                c.app_name, c.app_id
            ),
        )
        .s("TargetContextId", &t.tenant_id);
    let json = o.done();
    let w = ual::Wrap {
        when: c.when,
        id: &id,
        record_type: "AzureActiveDirectory",
        op: "Consent to application.",
        user: &c.who.upn,
    };
    ual::push_record(out, w, &json);
}
