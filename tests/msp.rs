//! Many tenants (SPEC §11, §12): sweep, rollup and regression checks, end to end through
//! the binary. The tenants are the stories (fixtures/stories: bec_takeover and
//! second_client were hit from the same VPS), copied beside tenants made of junk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::util::{csv_rows, fixture, mailtrail, read_json, root};

const STORIES: [&str; 3] = ["bec_takeover", "benign_tenant", "second_client"];

/// A sweep root: the three stories, a tenant holding only junk, an empty tenant folder,
/// and a stray file beside the tenants.
fn tenants_root(dir: &Path) -> PathBuf {
    let root = dir.join("tenants");
    for story in STORIES {
        let to = root.join(story);
        std::fs::create_dir_all(&to).expect("mkdir");
        for entry in std::fs::read_dir(fixture("stories").join(story)).expect("story") {
            let path = entry.expect("entry").path();
            std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
        }
    }
    let junk: Vec<u8> = (0..300u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::create_dir_all(root.join("junk_only")).expect("mkdir");
    std::fs::write(root.join("junk_only/export.bin"), junk).expect("junk");
    std::fs::create_dir_all(root.join("empty_tenant")).expect("mkdir");
    std::fs::write(root.join("notes.txt"), "not a tenant\n").expect("stray");
    root
}

/// `mailtrail sweep ROOT -o OUT` with more arguments.
fn sweep(root: &Path, out: &Path, more: &[&str]) -> crate::util::Run {
    let mut args = vec![
        "sweep",
        root.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(more);
    mailtrail(&args)
}

/// Every file under `dir`, relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("under").display().to_string();
                out.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    out
}

#[test]
fn a_sweep_rolls_up_every_tenant_and_names_the_shared_vps() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tenants_root(tmp.path());
    let out = tmp.path().join("out");
    let run = sweep(&root, &out, &["--threads", "2", "--json", "-q"]);
    // The empty tenant cannot be analysed (2), the worst code; the others still ran.
    assert_eq!(run.code, 2, "{}", run.stderr);
    for story in STORIES {
        assert!(out.join(story).join("summary.json").is_file(), "{story}");
        assert!(out.join(story).join("report.html").is_file(), "{story}");
    }
    check_tenant_rows(&out);
    check_shared_vps(&out);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("--json");
    assert_eq!(json["exit_code"], 2);
    assert_eq!(json["tenants"].as_array().map(Vec::len), Some(5));
    assert_eq!(json["shared_infrastructure"][0]["value"], "91.92.240.10");
    check_rollup_reproduces(tmp.path(), &out);
    check_one_thread_is_the_same(tmp.path(), &root, &out);
}

fn check_tenant_rows(out: &Path) {
    let rows = csv_rows(&out.join("sweep-summary.csv"));
    let by: BTreeMap<&str, &BTreeMap<String, String>> =
        rows.iter().map(|r| (r["tenant"].as_str(), r)).collect();
    assert_eq!(
        by.keys().copied().collect::<Vec<_>>(),
        [
            "bec_takeover",
            "benign_tenant",
            "empty_tenant",
            "junk_only",
            "second_client"
        ]
    );
    assert_eq!(by["bec_takeover"]["incidents"], "2");
    assert_eq!(by["bec_takeover"]["max_severity"], "critical");
    assert_eq!(by["second_client"]["users_affected"], "1");
    assert_eq!(
        by["second_client"]["attacker_asns"],
        "AS202412 Omegatech LTD"
    );
    assert_eq!(by["benign_tenant"]["incidents"], "0");
    assert_eq!(by["benign_tenant"]["exit_code"], "0");
    assert_eq!(by["junk_only"]["exit_code"], "3");
    assert_eq!(by["junk_only"]["files_not_read"], "1");
    assert_eq!(by["empty_tenant"]["exit_code"], "2");
    assert!(by["empty_tenant"]["error"].contains("no input files found"));
    assert!(out.join("empty_tenant/failed.json").is_file());
}

fn check_shared_vps(out: &Path) {
    let shared = csv_rows(&out.join("shared-infrastructure.csv"));
    let vps = shared
        .iter()
        .find(|r| r["value"] == "91.92.240.10")
        .expect("the VPS is shared");
    assert_eq!(vps["kind"], "ip");
    assert_eq!(vps["tenants"], "bec_takeover;second_client");
    assert_eq!(vps["first_seen"], "2026-02-12T20:47:18.000Z");
    assert!(vps["users"].contains("kim.akers@tailspintoys.com"));
    assert!(vps["users"].contains("megan.bowen@contoso.com"));
    assert!(!shared.iter().any(|r| r["value"] == "159.203.120.77"));
    let indicators = csv_rows(&out.join("attacker-indicators.csv"));
    assert!(
        indicators
            .iter()
            .any(|r| r["type"] == "ip" && r["value"] == "159.203.120.77")
    );
}

/// A rollup over the per-tenant folders, given in any order, rebuilds the same files.
fn check_rollup_reproduces(tmp: &Path, out: &Path) {
    let again = tmp.join("rollup");
    let mut args: Vec<String> = vec!["rollup".into(), "-o".into(), again.display().to_string()];
    for t in [
        "second_client",
        "junk_only",
        "bec_takeover",
        "empty_tenant",
        "benign_tenant",
    ] {
        args.push(out.join(t).display().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let rolled = mailtrail(&args);
    assert_eq!(rolled.code, 2, "{}", rolled.stderr);
    for f in [
        "sweep-summary.csv",
        "shared-infrastructure.csv",
        "attacker-indicators.csv",
    ] {
        assert_eq!(
            std::fs::read(out.join(f)).expect("sweep file"),
            std::fs::read(again.join(f)).expect("rollup file"),
            "{f} differs between sweep and rollup"
        );
    }
}

/// One thread gives the same files, every tenant's included.
fn check_one_thread_is_the_same(tmp: &Path, root: &Path, out: &Path) {
    let one = tmp.join("one");
    let run1 = sweep(root, &one, &["--threads", "1", "-q"]);
    assert_eq!(run1.code, 2);
    let (a, b) = (tree(out), tree(&one));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        if name.ends_with("failed.json") {
            continue; // names the tenant folder of that run
        }
        assert!(b[name] == *bytes, "{name} differs between 1 and 2 threads");
    }
}

#[test]
fn the_shared_vps_as_an_indicator_is_found_in_both_tenants() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tenants_root(tmp.path());
    let iocs = tmp.path().join("crew.csv");
    std::fs::write(
        &iocs,
        "type,value,label\nip,91.92.240.10,crew VPS (ISAC alert 2026-117)\n",
    )
    .expect("indicators");
    let out = tmp.path().join("out");
    let run = sweep(&root, &out, &["--ioc", iocs.to_str().expect("utf-8"), "-q"]);
    assert_eq!(run.code, 2, "{}", run.stderr); // the empty tenant
    for (tenant, user) in [
        ("bec_takeover", "megan.bowen@contoso.com"),
        ("second_client", "kim.akers@tailspintoys.com"),
    ] {
        let findings = csv_rows(&out.join(tenant).join("findings.csv"));
        let hit = findings
            .iter()
            .find(|f| f["detector_id"] == "MT-I01" && f["user"] == user)
            .unwrap_or_else(|| panic!("no IOC finding for {user} in {tenant}"));
        assert_eq!(hit["severity"], "high");
        assert!(
            hit["summary"].contains("crew VPS (ISAC alert 2026-117)"),
            "{}",
            hit["summary"]
        );
        assert!(hit["summary"].contains("crew.csv:2"), "{}", hit["summary"]);
        let timeline = csv_rows(&out.join(tenant).join("timeline.csv"));
        assert!(
            timeline
                .iter()
                .filter(|r| r["ip"] == "91.92.240.10")
                .all(|r| r["detector_ids"].contains("MT-I01") && !r["ioc"].is_empty()),
            "{tenant}: an event from the VPS is not tagged"
        );
    }
    let benign = csv_rows(&out.join("benign_tenant/findings.csv"));
    assert!(!benign.iter().any(|f| f["detector_id"].starts_with("MT-I")));

    // A bad indicator file stops the sweep before any tenant runs.
    std::fs::write(&iocs, "type,value,label\nip,not-an-ip,x\n").expect("bad");
    let bad = tmp.path().join("bad");
    let run = sweep(&root, &bad, &["--ioc", iocs.to_str().expect("utf-8")]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("crew.csv:2"), "{}", run.stderr);
    assert!(!bad.join("bec_takeover").exists());
}

#[test]
fn a_tenant_config_overrides_the_global_one() {
    // benign_tenant carries mailtrail.toml (its VPN allow-listed): swept alone with no
    // --config it must give the same findings as analyze with that config.
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tenants_root(tmp.path());
    let out = tmp.path().join("out");
    sweep(&root, &out, &["-q"]);
    let swept = read_json(&out.join("benign_tenant/summary.json"));
    let direct = tmp.path().join("direct");
    let story = fixture("stories/benign_tenant");
    mailtrail(&[
        "analyze",
        story.to_str().expect("utf-8"),
        "--config",
        story.join("mailtrail.toml").to_str().expect("utf-8"),
        "-o",
        direct.to_str().expect("utf-8"),
        "-q",
    ]);
    let direct = read_json(&direct.join("summary.json"));
    assert_eq!(swept["findings"], direct["findings"]);
    assert_eq!(swept["own_networks"], direct["own_networks"]);
}

#[test]
fn rollup_refuses_a_folder_that_is_not_an_output() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let run = mailtrail(&[
        "rollup",
        fixture("stories/bec_takeover").to_str().expect("utf-8"),
        "-o",
        tmp.path().join("r").to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("bec_takeover: not a mailtrail output folder (no summary.json)"),
        "{}",
        run.stderr
    );
}

/// The stories' findings are pinned in tests/expect (SPEC §12): any change to what
/// mailtrail concludes on them fails here with the diff. After an intended change, rerun
/// with MAILTRAIL_BLESS=1 and review the diff of tests/expect in the commit.
#[test]
fn the_stories_are_as_expected() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let expect = root().join("tests/expect");
    let flag = if std::env::var_os("MAILTRAIL_BLESS").is_some() {
        "--write-expect"
    } else {
        "--expect"
    };
    let run = sweep(
        &fixture("stories"),
        tmp.path(),
        &[flag, expect.to_str().expect("utf-8"), "--threads", "2"],
    );
    if flag == "--expect" {
        assert_eq!(
            run.code, 0,
            "a story differs from tests/expect:\n{}",
            run.stderr
        );
    }
}

#[test]
fn a_changed_finding_exits_4_with_a_readable_diff() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let pinned = std::fs::read_to_string(root().join("tests/expect/second_client.expect.json"))
        .expect("expectation");
    // Pretend the hiding rule used to be medium, and an extra finding used to exist.
    let line = pinned
        .lines()
        .find(|l| l.contains("\"MT-R02\""))
        .expect("MT-R02 pinned");
    let edited = pinned.replace(
        line,
        &line.replace("\"severity\":\"high\"", "\"severity\":\"medium\""),
    );
    assert_ne!(edited, pinned);
    let file = tmp.path().join("second_client.expect.json");
    std::fs::write(&file, edited).expect("write");
    let run = mailtrail(&[
        "analyze",
        fixture("stories/second_client").to_str().expect("utf-8"),
        "-o",
        tmp.path().join("o").to_str().expect("utf-8"),
        "--expect",
        file.to_str().expect("utf-8"),
        "-q",
    ]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(
        run.stderr.contains("0 added, 0 removed, 1 changed"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("~ MT-R02 kim.akers@tailspintoys.com: severity medium → high"),
        "{}",
        run.stderr
    );
    let summary = read_json(&tmp.path().join("o/summary.json"));
    assert_eq!(summary["exit_code"], 4);
    assert_eq!(
        summary["regression"]["changed"].as_array().map(Vec::len),
        Some(1)
    );
}
