//! truth.json: what the generator planted, for the evaluation (scripts/eval) to score
//! mailtrail's answer against. Not an export: the evaluation gives analyze only the CSVs.
//! Every person is listed with `compromised` true or false; the compromised with their
//! attack's kind, attacker addresses and sessions and time window; the others with the
//! benign look-alike habits that could make them look compromised.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use serde_json::{Value, json};

use super::attacks::Story;
use super::clock;
use super::people::Job;
use super::sink::Written;
use super::tenant::Tenant;

/// What each benign trait in `users[].traits` means.
const TRAIT_MEANINGS: &[(&str, &str)] = &[
    (
        "traveller",
        "a few days abroad on hotel broadband, own laptop, an MFA prompt on arrival",
    ),
    (
        "corporate-vpn",
        "works remotely through the corporate VPN concentrator on OVH (hosting) from day one",
    ),
    (
        "consumer-vpn",
        "laptop always on a consumer VPN exit (NordVPN, Proton, M247, CDN77)",
    ),
    (
        "mobile-hopper",
        "phone refreshes tokens on the carrier and on home Wi-Fi seconds apart, one session",
    ),
    (
        "cloud-developer",
        "signs in from an AWS, GCP or Azure VM (browser without a registered device)",
    ),
    (
        "cloud-developer-device-code",
        "as cloud-developer, plus Azure CLI device-code logins from the VM",
    ),
    (
        "outlook-rule-restamp",
        "Outlook re-stamps existing rules: UpdateInboxRules bursts",
    ),
    (
        "archive-rule",
        "own rule filing notifications into Archive (New-InboxRule, later Set-InboxRule)",
    ),
    (
        "failed-spray-target",
        "one of the accounts of a password spray that never succeeded",
    ),
    (
        "attack-spray-target",
        "sprayed by the attacker of a spray-takeover story, not taken over",
    ),
    (
        "invoice-searcher",
        "finance: searches the own mailbox for invoices and payments",
    ),
    (
        "new-mfa-phone",
        "registers a new phone for MFA from the own network",
    ),
    (
        "send-as-delegate",
        "assistant sending as the Sales mailbox, some days more than ten times",
    ),
    (
        "delegate-reader",
        "assistant reading an executive's inbox with delegated FullAccess",
    ),
    (
        "inbox-cleanup",
        "deletes dozens of messages in a day, old sign-in notices among them",
    ),
    (
        "password-mistyper",
        "five to seven wrong passwords at the own desk, then MFA and success",
    ),
    (
        "smtp-scanner",
        "office printer sends scan-to-mail with the user's password over authenticated SMTP",
    ),
    (
        "sanctioned-mail-app",
        "consents to a sanctioned mail add-in with Mail.Read, which reads mail from AWS",
    ),
    (
        "admin-changes",
        "IT admin: FullAccess and Send-As grants, forwarding a mailbox to a partner (via PowerShell)",
    ),
    (
        "forwarded-to-partner",
        "mailbox forwarded to a partner domain by the admin",
    ),
    (
        "new-hire",
        "joins during the period: MFA enrolment on the first morning",
    ),
];

fn job_name(job: Job) -> &'static str {
    match job {
        Job::Staff => "staff",
        Job::Finance => "finance",
        Job::Assistant => "assistant",
        Job::Executive => "executive",
        Job::Admin => "admin",
        Job::Developer => "developer",
    }
}

fn time(t: i64) -> String {
    format!("{}Z", clock::iso(t))
}

fn attack_json(t: &Tenant, id: &str, s: &Story) -> Value {
    let accounts: Vec<&str> = std::iter::once(s.plan.victim)
        .chain(s.plan.second)
        .map(|i| t.people[i].upn.as_str())
        .collect();
    json!({
        "id": id,
        "kind": s.plan.kind.name(),
        "victim": t.people[s.plan.victim].upn,
        "accounts": accounts,
        "attacker_ips": s.ips.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "attacker_sessions": s.sessions,
        "first": time(s.window.0),
        "last": time(s.window.1),
        "accounts_sprayed": s.spray_targets.len(),
        "steps": s.notes,
    })
}

/// Per person: (attack id, role) of the attack that took them over.
fn compromised(stories: &[Story]) -> BTreeMap<usize, (String, &'static str, usize)> {
    let mut map = BTreeMap::new();
    for (k, s) in stories.iter().enumerate() {
        let id = format!("A{}", k + 1);
        map.insert(s.plan.victim, (id.clone(), "victim", k));
        if let Some(second) = s.plan.second {
            map.insert(second, (id, "second-account", k));
        }
    }
    map
}

fn users_json(t: &Tenant, stories: &[Story]) -> Vec<Value> {
    let taken = compromised(stories);
    let sprayed: Vec<usize> = stories
        .iter()
        .flat_map(|s| s.spray_targets.iter().copied())
        .collect();
    t.people
        .iter()
        .map(|p| {
            let mut traits: Vec<&str> = t.traits[p.idx].iter().map(|x| x.name()).collect();
            if sprayed.contains(&p.idx) {
                traits.push("attack-spray-target");
            }
            traits.sort_unstable();
            traits.dedup();
            match taken.get(&p.idx) {
                Some((id, role, k)) => {
                    let s = &stories[*k];
                    json!({
                        "upn": p.upn, "name": p.name, "job": job_name(p.job), "compromised": true,
                        "attack": id, "attack_kind": s.plan.kind.name(), "role": role,
                        "attacker_ips": s.ips.iter().map(ToString::to_string).collect::<Vec<_>>(),
                        "attacker_sessions": s.sessions,
                        "window": [time(s.window.0), time(s.window.1)],
                        "traits": traits,
                    })
                }
                None => json!({
                    "upn": p.upn, "name": p.name, "job": job_name(p.job), "compromised": false,
                    "traits": traits,
                }),
            }
        })
        .collect()
}

/// Write truth.json to `path`.
pub fn write(t: &Tenant, stories: &[Story], files: &[Written], path: &Path) -> io::Result<()> {
    let cfg = &t.cfg;
    let attacks: Vec<Value> = stories
        .iter()
        .enumerate()
        .map(|(k, s)| attack_json(t, &format!("A{}", k + 1), s))
        .collect();
    let sprays: Vec<Value> = t
        .sprays
        .iter()
        .map(|s| json!({"ip": s.src.ip.to_string(), "network": s.src.range.name, "day": clock::date(t.day(s.d)), "accounts": s.targets.len()}))
        .collect();
    let files: Vec<Value> = files
        .iter()
        .map(|f| json!({"name": f.path.file_name().map(|n| n.to_string_lossy().into_owned()), "rows": f.rows, "bytes": f.bytes}))
        .collect();
    let doc = json!({
        "generator": "mailtrail examples/gen",
        "seed": cfg.seed,
        "user_count": cfg.users,
        "days": cfg.days,
        "events_target": cfg.events,
        "start": clock::date(cfg.start),
        "end": clock::date(cfg.start + cfg.days),
        "tenant": {
            "domain": t.domain, "country": "US", "organization": t.org, "tenant_id": t.tenant_id, "name": t.tenant_name,
            "office_ip": t.office.ip.to_string(), "corporate_vpn_ip": t.corp_vpn.ip.to_string(),
            "partner_domain": t.partner,
            "shared_mailboxes": t.shared.iter().map(|s| s.upn.as_str()).collect::<Vec<_>>(),
            "system_accounts": ["NT SERVICE\\MSExchangeAdminApiNetCore", "NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)"],
        },
        "files": files,
        "attacks": attacks,
        "benign_sprays": sprays,
        "users": users_json(t, stories),
        "trait_meanings": TRAIT_MEANINGS.iter().map(|(k, v)| (k.to_string(), json!(v))).collect::<serde_json::Map<_, _>>(),
    });
    let mut text = serde_json::to_string_pretty(&doc).map_err(io::Error::other)?;
    text.push('\n');
    std::fs::write(path, text)
}
