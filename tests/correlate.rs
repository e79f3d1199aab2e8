//! Correlation end to end: findings joined onto the right events (one-line JSON arrays),
//! incidents, attacker infrastructure, blast radius, breach scoping and the timeline read
//! back into typed rows, on the BEC story and the benign tenant.

use std::path::{Path, PathBuf};

use mailtrail::app::{AnalyzeOptions, analyze};
use mailtrail::correlate::TimelineMode;
use mailtrail::correlate::timeline::TimelineRow;

use crate::util::{fixture, read_json};

/// Every row of a CSV file as header → value maps.
fn csv_rows(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    rdr.records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// timeline.jsonl read back into typed rows.
fn timeline(dir: &Path) -> Vec<TimelineRow> {
    std::fs::read_to_string(dir.join("timeline.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn story_inputs(name: &str) -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(fixture(name))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    v.sort();
    v
}

fn run(inputs: Vec<PathBuf>, config: Option<PathBuf>, mode: TimelineMode) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    analyze(&AnalyzeOptions {
        inputs,
        out_dir: out.path().to_path_buf(),
        threads: Some(2),
        config,
        timeline: mode,
        ..AnalyzeOptions::default()
    })
    .unwrap();
    out
}

fn expected() -> toml::Table {
    let text =
        std::fs::read_to_string(fixture("stories/bec_takeover").join("expected.toml")).unwrap();
    text.parse().unwrap()
}

fn strings(t: &toml::Table, key: &str) -> Vec<String> {
    t[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// Regression (issue 7, item 0): a compact JSON array holds every record on line 1, so
/// joining findings to events by file and line tagged every user's events with one user's
/// inbox-rule finding.
#[test]
fn findings_tag_only_their_own_records_in_a_one_line_json_array() {
    let dir = tempfile::tempdir().unwrap();
    let records = [
        r#"{"CreationTime":"2026-02-10T18:52:30","Id":"r1","Operation":"New-InboxRule","RecordType":1,"Workload":"Exchange","UserId":"alice@contoso.com","UserType":2,"ResultStatus":"True","ClientIP":"203.0.113.9:51532","ObjectId":"alice@contoso.com\\.","Parameters":[{"Name":"Name","Value":"."},{"Name":"MoveToFolder","Value":"RSS Feeds"},{"Name":"MarkAsRead","Value":"True"},{"Name":"SubjectOrBodyContainsWords","Value":"invoice;payment"}]}"#,
        r#"{"CreationTime":"2026-02-10T18:53:00","Id":"r2","Operation":"MailItemsAccessed","RecordType":50,"Workload":"Exchange","UserId":"bob@contoso.com","ResultStatus":"Succeeded","ClientIPAddress":"203.0.113.10","MailboxOwnerUPN":"bob@contoso.com","OperationProperties":[{"Name":"MailAccessType","Value":"Bind"}],"Folders":[{"Path":"\\Inbox","FolderItems":[{"InternetMessageId":"<a@b>"}]}]}"#,
        r#"{"CreationTime":"2026-02-10T18:54:00","Id":"r3","Operation":"Send","RecordType":2,"Workload":"Exchange","UserId":"carol@contoso.com","ResultStatus":"Succeeded","ClientIPAddress":"203.0.113.11","Item":{"Subject":"Lunch"}}"#,
    ];
    let path = dir.path().join("graph_page.json");
    std::fs::write(&path, format!("[{}]", records.join(","))).unwrap();
    let out = run(vec![path], None, TimelineMode::All);
    let rows = timeline(out.path());
    assert_eq!(rows.len(), 3);
    assert!(
        rows.iter().all(|r| r.source_line == 1),
        "one line holds all"
    );
    let alice = rows.iter().find(|r| r.user == "alice@contoso.com").unwrap();
    assert!(alice.detector_ids.contains("MT-R03"), "{alice:?}");
    for other in rows.iter().filter(|r| r.user != "alice@contoso.com") {
        assert_eq!(other.detector_ids, "", "{} tagged: {other:?}", other.user);
        assert_eq!(other.severity, "");
        assert!(other.tag.is_empty());
    }
}

#[test]
fn bec_story_incidents_tell_the_story() {
    let exp = expected();
    let out = run(
        story_inputs("stories/bec_takeover"),
        None,
        TimelineMode::Relevant,
    );
    let incidents = csv_rows(&out.path().join("incidents.csv"));
    let users: Vec<&str> = incidents.iter().map(|i| i["user"].as_str()).collect();
    for u in strings(&exp, "incident_users") {
        assert!(
            users.contains(&u.as_str()),
            "no incident for {u}: {users:?}"
        );
    }
    let victim = exp["user"].as_str().unwrap();
    let megan = incidents.iter().find(|i| i["user"] == victim).unwrap();
    assert_eq!(
        megan["severity"],
        exp["incident_severity"].as_str().unwrap()
    );
    assert_eq!(megan["confidence"], "high");
    assert!(
        megan["entry_vector"].contains(exp["entry_vector_contains"].as_str().unwrap()),
        "{}",
        megan["entry_vector"]
    );
    assert!(megan["entry_vector"].contains("159.203.120.77"));
    assert!(megan["attacker_asns"].contains("DigitalOcean"));
    for ip in strings(&exp, "attacker_ips") {
        assert!(
            megan["attacker_ips"].contains(&ip),
            "{ip} not on Megan's incident"
        );
    }
    // Rules name the mailbox's UPN, also where the record gave its GUID.
    assert!(megan["rules"].contains("'.' in megan.bowen@contoso.com"));
    assert!(megan["rules"].contains("'..' in megan.bowen@contoso.com"));
    assert!(!megan["rules"].contains("unresolved"), "{}", megan["rules"]);
    assert!(megan["forwarding"].contains("megan.bowen.finance@evil.example"));
    assert!(megan["messages_read"].parse::<u64>().unwrap() >= 100);
    assert_eq!(megan["mails_sent"], "2");
    assert!(megan["sent_subjects"].contains("updated remittance details"));
    assert!(megan["deleted_subjects"].contains("New sign-in to your account"));
    assert!(megan["persistence"].contains("Authenticator App"));
    for u in strings(&exp, "other_users_touched") {
        assert!(megan["related_users"].contains(&u), "{u} not related");
    }
    let second = exp["second_account"].as_str().unwrap();
    let diego = incidents.iter().find(|i| i["user"] == second).unwrap();
    assert_eq!(diego["severity"], "high");
    assert!(diego["entry_vector"].contains(exp["second_wave_ip"].as_str().unwrap()));
    assert!(diego["related_users"].contains(victim));
    let file = exp["anonymous_link_file"].as_str().unwrap();
    assert!(
        diego["sharing_links"].contains(file),
        "{}",
        diego["sharing_links"]
    );
    assert!(diego["sharing_links"].contains("anonymous"));
}

#[test]
fn bec_story_blast_radius_timeline_and_accessed_messages() {
    let exp = expected();
    let out = run(
        story_inputs("stories/bec_takeover"),
        None,
        TimelineMode::Relevant,
    );
    let findings = csv_rows(&out.path().join("findings.csv"));
    let c01: Vec<_> = findings
        .iter()
        .filter(|f| f["detector_id"] == "MT-C01")
        .collect();
    let alex = c01
        .iter()
        .find(|f| f["user"] == "alex.wilber@contoso.com")
        .unwrap();
    assert_eq!(alex["severity"], "low", "a failed sign-in only");
    assert!(
        !alex["incident_id"].is_empty(),
        "points to the victim's incident"
    );
    let diego = c01
        .iter()
        .find(|f| f["user"] == exp["second_account"].as_str().unwrap())
        .unwrap();
    assert_eq!(diego["severity"], "high");
    // Every finding of the victim points to her incident.
    let summary = read_json(&out.path().join("summary.json"));
    let first_key = summary.as_object().unwrap().keys().nth(1).unwrap().clone();
    assert_eq!(
        first_key, "incidents",
        "summary.json lists the incidents first"
    );
    let megan_inc = summary["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["user"] == "megan.bowen@contoso.com")
        .unwrap()["incident_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        findings
            .iter()
            .filter(|f| f["user"] == "megan.bowen@contoso.com")
            .all(|f| f["incident_id"] == megan_inc)
    );
    // The timeline: the anonymous link, created and used from the second-wave VPS, is
    // attacker activity of an incident although no detector flagged it.
    let rows = timeline(out.path());
    for op in ["AnonymousLinkCreated", "AnonymousLinkUsed"] {
        let r = rows
            .iter()
            .find(|r| r.operation == op)
            .unwrap_or_else(|| panic!("{op} missing"));
        assert!(r.attacker_activity, "{op} not attacker activity");
        assert!(!r.incident_id.is_empty());
        assert!(r.tag.contains(&"attacker_activity".to_string()));
        assert!(
            r.message
                .contains(exp["anonymous_link_file"].as_str().unwrap())
        );
    }
    let signin = rows
        .iter()
        .find(|r| r.operation == "Sign-in activity" || r.category == "SignIn")
        .unwrap();
    assert!(!signin.auth_requirement.is_empty(), "{signin:?}");
    assert!(rows.iter().all(|r| !r.datetime.starts_with("1970")));
    // Breach scoping: every message the attacker bound, with its session and address.
    let accessed = csv_rows(&out.path().join("accessed_messages.csv"));
    assert!(accessed.len() >= 100);
    assert!(
        accessed
            .iter()
            .all(|a| a["user"] == "megan.bowen@contoso.com")
    );
    assert!(
        accessed
            .iter()
            .any(|a| a["access_type"] == "Sync" && a["folder"] == "\\Inbox")
    );
    assert!(accessed.iter().all(|a| a["incident_id"] == megan_inc));
}

#[test]
fn benign_tenant_has_no_incident_and_a_short_relevant_timeline() {
    let dir = fixture("stories/benign_tenant");
    let out = run(
        story_inputs("stories/benign_tenant"),
        Some(dir.join("mailtrail.toml")),
        TimelineMode::Relevant,
    );
    assert!(csv_rows(&out.path().join("incidents.csv")).is_empty());
    let summary = read_json(&out.path().join("summary.json"));
    assert_eq!(summary["incidents"].as_array().unwrap().len(), 0);
    assert!(summary["attacker_ips"].as_array().unwrap().is_empty());
    let all = run(
        story_inputs("stories/benign_tenant"),
        Some(dir.join("mailtrail.toml")),
        TimelineMode::All,
    );
    let (relevant, every) = (timeline(out.path()).len(), timeline(all.path()).len());
    assert!(relevant < every, "relevant {relevant} vs all {every}");
    assert_eq!(
        read_json(&all.path().join("summary.json"))["timeline"]["rows"],
        every as u64
    );
}

/// Issue 9: without its configuration the benign tenant's corporate VPN (an OVH address
/// three accounts use every day from the first day) is the tenant's own network, named in
/// the summary with the `[allow]` line that pins it — not attacker infrastructure.
#[test]
fn benign_tenant_without_config_treats_its_vpn_as_its_own() {
    let out = run(
        story_inputs("stories/benign_tenant"),
        None,
        TimelineMode::Relevant,
    );
    let summary = read_json(&out.path().join("summary.json"));
    assert_eq!(summary["incidents"].as_array().unwrap().len(), 0);
    assert!(summary["attacker_ips"].as_array().unwrap().is_empty());
    let own = summary["own_networks"].as_array().unwrap();
    let vpn = own
        .iter()
        .find(|o| o["value"] == "51.81.112.40")
        .expect("the VPN concentrator is listed");
    assert_eq!(vpn["kind"], "shared-ip");
    assert_eq!(vpn["allow"], "[allow] ips = [\"51.81.112.40\"]");
}
