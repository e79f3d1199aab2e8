//! Tests for [`Enricher`]: well-known addresses against the embedded data (expected
//! values verified against the npm CSVs the tables were built from, data of
//! 2026-06-17 / 2026-06-01), and override files written to a temp dir.

use std::net::IpAddr;
use std::path::PathBuf;

use super::*;

fn ip(s: &str) -> IpAddr {
    s.parse().expect("test literal is an IP")
}

fn embedded() -> Enricher {
    Enricher::new(&EnrichOptions::default()).expect("no override files")
}

fn check(e: &Enricher, addr: &str, asn: Option<u32>, class: NetClass, reason: &str) {
    let info = e.lookup(ip(addr));
    assert_eq!(
        (info.asn, info.class, info.class_reason.as_str()),
        (asn, class, reason),
        "{addr}"
    );
}

const LISTED: &str = "list:brianhama+oxl-hosting+x4bnet-datacenter";

#[test]
fn hosting_providers_v4_and_v6() {
    let e = embedded();
    check(&e, "159.203.1.1", Some(14061), NetClass::Hosting, LISTED); // DigitalOcean
    check(&e, "2604:a880::1", Some(14061), NetClass::Hosting, LISTED);
    check(&e, "51.38.1.1", Some(16276), NetClass::Hosting, LISTED); // OVH
    check(&e, "2001:41d0::1", Some(16276), NetClass::Hosting, LISTED);
    check(&e, "88.198.1.1", Some(24940), NetClass::Hosting, LISTED); // Hetzner
    check(&e, "2a01:4f8::1", Some(24940), NetClass::Hosting, LISTED);
    let info = e.lookup(ip("88.198.1.1"));
    assert_eq!(info.as_org.as_deref(), Some("Hetzner Online GmbH"));
    assert_eq!(info.country.as_deref(), Some("DE"));
}

#[test]
fn isp_cloud_vendor_and_microsoft() {
    let e = embedded();
    check(&e, "73.1.1.1", Some(7922), NetClass::Isp, "table:isp"); // Comcast
    check(&e, "2601::1", Some(7922), NetClass::Isp, "table:isp");
    check(&e, "8.8.8.8", Some(15169), NetClass::Cloud, "table:cloud"); // Google DNS
    check(
        &e,
        "2001:4860:4860::8888",
        Some(15169),
        NetClass::Cloud,
        "table:cloud",
    );
    check(
        &e,
        "52.95.110.1",
        Some(16509),
        NetClass::Cloud,
        "table:cloud",
    ); // AWS
    check(
        &e,
        "165.225.1.1",
        Some(22616),
        NetClass::SecurityVendor,
        "table:security-vendor",
    );
    check(
        &e,
        "40.107.1.1",
        Some(8075),
        NetClass::Microsoft,
        "table:microsoft-ranges",
    );
    check(
        &e,
        "52.96.1.1",
        Some(8075),
        NetClass::Microsoft,
        "table:microsoft-ranges",
    );
    check(
        &e,
        "2a01:111:f400::1",
        Some(8075),
        NetClass::Microsoft,
        "table:microsoft-ranges",
    );
    // Exchange-internal UAL ClientIP: no row in the ASN data, still Microsoft.
    check(
        &e,
        "2603:10a6:10:1::1",
        None,
        NetClass::Microsoft,
        "table:microsoft-ranges",
    );
    // AS8075 outside the M365 ranges (Azure compute): Microsoft by ASN.
    check(
        &e,
        "20.0.0.1",
        Some(8075),
        NetClass::Microsoft,
        "table:microsoft",
    );
    check(
        &e,
        "185.220.101.52",
        Some(60729),
        NetClass::Vpn,
        "list:oxl-hosting+x4bnet-datacenter+x4bnet-vpn",
    );
}

#[test]
fn mapped_private_and_reserved() {
    let e = embedded();
    check(
        &e,
        "::ffff:159.203.1.1",
        Some(14061),
        NetClass::Hosting,
        LISTED,
    );
    assert_eq!(
        e.lookup(ip("::ffff:159.203.1.1")),
        e.lookup(ip("159.203.1.1"))
    );
    check(
        &e,
        "::ffff:10.1.1.1",
        None,
        NetClass::Private,
        "range:private",
    );
    check(&e, "192.168.1.1", None, NetClass::Private, "range:private");
    check(&e, "100.64.1.1", None, NetClass::Private, "range:cgnat");
    check(&e, "fd12::1", None, NetClass::Private, "range:ula");
    check(
        &e,
        "198.51.100.1",
        None,
        NetClass::Reserved,
        "range:documentation",
    );
    assert_eq!(e.lookup(ip("10.0.0.1")).country, None);
}

#[test]
fn cache_never_changes_results_and_is_shared_across_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Enricher>();
    let e = embedded();
    let addrs = [
        "159.203.1.1",
        "8.8.8.8",
        "10.0.0.1",
        "2603:10a6:10:1::1",
        "92.40.1.1",
    ];
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for a in addrs {
                    assert_eq!(e.lookup(ip(a)), e.compute(ip(a)));
                }
            });
        }
    });
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("temp dir is writable");
    path
}

#[test]
fn hosting_override_wins_over_embedded_tables() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(
        &dir,
        "mine.csv",
        "asn,class\n14061,isp\nAS7922, hosting\n8075,unknown\n",
    );
    let opts = EnrichOptions {
        hosting_asns: Some(path),
        ..EnrichOptions::default()
    };
    let e = Enricher::new(&opts).expect("valid override");
    check(
        &e,
        "159.203.1.1",
        Some(14061),
        NetClass::Isp,
        "override:mine.csv",
    );
    check(
        &e,
        "73.1.1.1",
        Some(7922),
        NetClass::Hosting,
        "override:mine.csv",
    );
    check(
        &e,
        "52.96.1.1",
        Some(8075),
        NetClass::Unknown,
        "override:mine.csv",
    );
    check(&e, "88.198.1.1", Some(24940), NetClass::Hosting, LISTED);
}

#[test]
fn asn_db_csv_override_wins_and_falls_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "network,autonomous_system_number,autonomous_system_organization\n\
                159.203.0.0/16,64500,\"Example Hosting, Inc.\"\n\
                2604:a880::/32,AS64501,\n";
    let opts = EnrichOptions {
        asn_db: Some(write(&dir, "asn.csv", text)),
        ..Default::default()
    };
    let e = Enricher::new(&opts).expect("valid override");
    let info = e.lookup(ip("159.203.1.1"));
    assert_eq!(info.asn, Some(64500));
    assert_eq!(info.as_org.as_deref(), Some("Example Hosting, Inc."));
    assert_eq!(
        (info.class, info.class_reason.as_str()),
        (NetClass::Hosting, "name:hosting")
    );
    assert_eq!(e.lookup(ip("2604:a880::1")).asn, Some(64501));
    // Not in the override file: embedded data answers.
    check(&e, "8.8.8.8", Some(15169), NetClass::Cloud, "table:cloud");
}

#[test]
fn asn_db_iptoasn_tsv_and_range_csv() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tsv =
        "1.0.0.0\t1.0.0.255\t13335\tUS\tCLOUDFLARENET\n1.0.1.0\t1.0.3.255\t0\tNone\tNot routed\n";
    let opts = EnrichOptions {
        asn_db: Some(write(&dir, "ip2asn.tsv", tsv)),
        ..Default::default()
    };
    let e = Enricher::new(&opts).expect("valid TSV");
    let info = e.lookup(ip("1.0.0.9"));
    assert_eq!(
        (info.asn, info.as_org.as_deref()),
        (Some(13335), Some("CLOUDFLARENET"))
    );
    let csv = "# ip-location-db style\n88.198.0.0,88.198.255.255,65001,Test Org\n";
    let opts = EnrichOptions {
        asn_db: Some(write(&dir, "r.csv", csv)),
        ..Default::default()
    };
    let e = Enricher::new(&opts).expect("valid CSV");
    assert_eq!(e.lookup(ip("88.198.1.1")).asn, Some(65001));
}

fn err_text(opts: EnrichOptions) -> String {
    Enricher::new(&opts)
        .expect_err("bad file must be rejected")
        .to_string()
}

#[test]
fn bad_override_files_name_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = write(&dir, "h.csv", "asn,class\n1,hosting\n2,evil\n");
    let msg = err_text(EnrichOptions {
        hosting_asns: Some(p.clone()),
        ..Default::default()
    });
    assert!(
        msg.starts_with(&format!("{}:3: unknown class 'evil'", p.display())),
        "{msg}"
    );
    let p = write(&dir, "h2.csv", "1,hosting\nx1,vpn\n");
    let msg = err_text(EnrichOptions {
        hosting_asns: Some(p.clone()),
        ..Default::default()
    });
    assert!(
        msg.starts_with(&format!("{}:2: not an AS number: 'x1'", p.display())),
        "{msg}"
    );
    let p = write(
        &dir,
        "a.csv",
        "network,asn,org\n1.2.3.0/24,5,x\n1.2.3.0/33,5,y\n",
    );
    let msg = err_text(EnrichOptions {
        asn_db: Some(p.clone()),
        ..Default::default()
    });
    assert!(
        msg.starts_with(&format!("{}:3: not an IP address or CIDR", p.display())),
        "{msg}"
    );
    let p = write(&dir, "empty.csv", "network,asn,org\n");
    let msg = err_text(EnrichOptions {
        asn_db: Some(p),
        ..Default::default()
    });
    assert!(msg.contains("no usable rows"), "{msg}");
    let p = write(&dir, "geo.mmdb", "not a database");
    let msg = err_text(EnrichOptions {
        geo_db: Some(p),
        ..Default::default()
    });
    assert!(
        msg.contains("not a usable MaxMind DB") && msg.contains("--geo-db"),
        "{msg}"
    );
    let missing = dir.path().join("missing.csv");
    let msg = err_text(EnrichOptions {
        hosting_asns: Some(missing),
        ..Default::default()
    });
    assert!(
        msg.contains("cannot read the file given to --hosting-asns"),
        "{msg}"
    );
}

#[test]
fn invalid_utf8_row_reports_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bin.csv");
    std::fs::write(&path, b"1,hosting\n2,vpn\n3,\xff\xfe\n").expect("temp dir is writable");
    let msg = err_text(EnrichOptions {
        hosting_asns: Some(path.clone()),
        ..Default::default()
    });
    assert!(msg.starts_with(&format!("{}:3: ", path.display())), "{msg}");
}
