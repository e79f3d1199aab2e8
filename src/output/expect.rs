//! Regression expectations (SPEC §12): `--write-expect` saves what a run concluded in a
//! stable, reviewable file; `--expect` compares a later run with it and lists what was
//! added, removed or changed.
//!
//! The file is JSON with one finding or incident per line, so a change to a detector shows
//! in review as a one-line diff. It holds only what the logs decide — detector, account,
//! severity, address, evidence record ids, the row accounting — never the run's own times
//! or paths, so the same logs give the same file on any machine and in any folder.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::correlate::NumberedFinding;
use crate::correlate::incident::Incident;
use crate::ingest::ledger::Ledger;

/// Version of the file format; a file of another version is refused with a hint.
const FORMAT_VERSION: u32 = 1;

/// One expected finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ExpectedFinding {
    /// Detector id.
    pub detector_id: String,
    /// Account (canonical key; empty when the finding is about several).
    pub user: String,
    /// Final severity.
    pub severity: String,
    /// Client address, when the finding names one.
    #[serde(default)]
    pub ip: String,
    /// Record ids of the evidence (input file name and line where a record has no id).
    pub evidence: Vec<String>,
}

impl ExpectedFinding {
    /// What identifies a finding across runs: detector, account and first evidence. A
    /// change of severity, address or further evidence is then a change, not a
    /// removal and an addition.
    fn key(&self) -> (&str, &str, &str) {
        let first = self.evidence.first().map_or("", String::as_str);
        (&self.detector_id, &self.user, first)
    }
}

/// One expected incident.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ExpectedIncident {
    /// Account.
    pub user: String,
    /// Severity.
    pub severity: String,
    /// Attacker addresses.
    pub attacker_ips: Vec<String>,
}

/// What one run concluded, as `--write-expect` saves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expectation {
    /// Format version.
    pub mailtrail_expect: u32,
    /// Row accounting of all inputs.
    pub totals: BTreeMap<String, u64>,
    /// Incidents, by account.
    pub incidents: Vec<ExpectedIncident>,
    /// Findings, sorted.
    pub findings: Vec<ExpectedFinding>,
}

/// A problem with an expectation file.
#[derive(Debug, thiserror::Error)]
pub enum ExpectError {
    /// It cannot be read or written.
    #[error("{path}: cannot {action} the expectation file: {cause}")]
    Io {
        /// The file.
        path: String,
        /// `read` or `write`.
        action: &'static str,
        /// OS error.
        cause: std::io::Error,
    },
    /// It is not an expectation file.
    #[error(
        "{path}:{line}: not a mailtrail expectation file ({message}); write one with --write-expect"
    )]
    Format {
        /// The file.
        path: String,
        /// Line of the problem.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl Expectation {
    /// The expectation of a run's outputs. `source_name` names an input file by its
    /// base name (evidence without a record id is identified by file and line).
    pub fn of(
        findings: &[NumberedFinding],
        incidents: &[Incident],
        ledger: &Ledger,
        source_name: impl Fn(&NumberedFinding, usize) -> Option<String>,
    ) -> Expectation {
        let mut list: Vec<ExpectedFinding> = findings
            .iter()
            .map(|n| ExpectedFinding {
                detector_id: n.finding.detector_id.clone(),
                user: n.finding.user.clone(),
                severity: n.finding.severity.as_str().to_string(),
                ip: n.finding.ip.map(|i| i.to_string()).unwrap_or_default(),
                evidence: n
                    .finding
                    .evidence
                    .iter()
                    .enumerate()
                    .filter_map(|(i, e)| e.record_id.clone().or_else(|| source_name(n, i)))
                    .collect(),
            })
            .collect();
        list.sort();
        let mut incidents: Vec<ExpectedIncident> = incidents
            .iter()
            .map(|i| ExpectedIncident {
                user: i.user.clone(),
                severity: i.severity.as_str().to_string(),
                attacker_ips: i.attacker_ips.clone(),
            })
            .collect();
        incidents.sort();
        let totals = [
            ("rows_read", ledger.rows_read),
            ("events", ledger.events),
            ("rejected", ledger.rejected),
            ("duplicates", ledger.duplicates),
            ("merged", ledger.merged),
            ("filtered", ledger.filtered),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        Expectation {
            mailtrail_expect: FORMAT_VERSION,
            totals,
            incidents,
            findings: list,
        }
    }

    /// The file text: pretty at the top, one line per incident and finding.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{{\"mailtrail_expect\": {},", self.mailtrail_expect);
        let _ = writeln!(s, " \"totals\": {},", one_line(&self.totals));
        list(&mut s, "incidents", &self.incidents, ",");
        list(&mut s, "findings", &self.findings, "");
        s.push_str("}\n");
        s
    }

    /// Save to `path`.
    pub fn write(&self, path: &Path) -> Result<(), ExpectError> {
        std::fs::write(path, self.to_text()).map_err(|cause| ExpectError::Io {
            path: path.display().to_string(),
            action: "write",
            cause,
        })
    }

    /// Read a file written by [`Expectation::write`].
    pub fn load(path: &Path) -> Result<Expectation, ExpectError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|cause| ExpectError::Io {
            path: shown.clone(),
            action: "read",
            cause,
        })?;
        Expectation::parse(&text, &shown)
    }

    /// Read the text of an expectation file; `shown` stands for the file in errors.
    pub fn parse(text: &str, shown: &str) -> Result<Expectation, ExpectError> {
        let shown = shown.to_string();
        let e: Expectation = serde_json::from_str(text).map_err(|e| ExpectError::Format {
            path: shown.clone(),
            line: e.line(),
            message: e.to_string(),
        })?;
        if e.mailtrail_expect != FORMAT_VERSION {
            return Err(ExpectError::Format {
                path: shown,
                line: 1,
                message: format!(
                    "format version {} (this mailtrail writes {FORMAT_VERSION})",
                    e.mailtrail_expect
                ),
            });
        }
        Ok(e)
    }
}

/// `"name": [` then one JSON object per line, then `]` and `tail`.
fn list<T: Serialize>(s: &mut String, name: &str, items: &[T], tail: &str) {
    if items.is_empty() {
        let _ = writeln!(s, " \"{name}\": []{tail}");
        return;
    }
    let _ = writeln!(s, " \"{name}\": [");
    for (i, item) in items.iter().enumerate() {
        let comma = if i + 1 < items.len() { "," } else { "" };
        let _ = writeln!(s, "  {}{comma}", one_line(item));
    }
    let _ = writeln!(s, " ]{tail}");
}

/// Compact JSON of a value (plain data: it cannot fail to serialise).
fn one_line<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// How a run differs from its expectation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    /// The expectation file, as given.
    pub expect_file: String,
    /// Findings not expected.
    pub added: Vec<String>,
    /// Expected findings that did not occur.
    pub removed: Vec<String>,
    /// Findings, incidents and counters that occur with other values.
    pub changed: Vec<String>,
}

impl Difference {
    /// No difference at all.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// The readable diff: a headline, then `+`, `-` and `~` lines.
    pub fn render(&self) -> String {
        let mut s = format!(
            "regression check against {}: {}\n",
            self.expect_file,
            if self.is_empty() {
                "as expected".to_string()
            } else {
                format!(
                    "{} added, {} removed, {} changed",
                    self.added.len(),
                    self.removed.len(),
                    self.changed.len()
                )
            }
        );
        for (mark, lines) in [
            ("+", &self.added),
            ("-", &self.removed),
            ("~", &self.changed),
        ] {
            for l in lines {
                let _ = writeln!(s, "  {mark} {l}");
            }
        }
        s
    }
}

/// Compare a run (`actual`) with what was expected.
pub fn compare(expected: &Expectation, actual: &Expectation, expect_file: &str) -> Difference {
    let mut d = Difference {
        expect_file: expect_file.to_string(),
        ..Default::default()
    };
    for (k, want) in &expected.totals {
        let got = actual.totals.get(k).copied().unwrap_or(0);
        if got != *want {
            d.changed.push(format!("rows {k}: {want} → {got}"));
        }
    }
    compare_incidents(expected, actual, &mut d);
    compare_findings(expected, actual, &mut d);
    d
}

fn compare_incidents(expected: &Expectation, actual: &Expectation, d: &mut Difference) {
    let by_user = |e: &Expectation| -> BTreeMap<String, ExpectedIncident> {
        e.incidents
            .iter()
            .map(|i| (i.user.clone(), i.clone()))
            .collect()
    };
    let (want, got) = (by_user(expected), by_user(actual));
    for (user, w) in &want {
        match got.get(user) {
            None => d.removed.push(format!("incident {user} ({})", w.severity)),
            Some(g) if g != w => d.changed.push(format!(
                "incident {user}: {} → {}",
                describe_incident(w),
                describe_incident(g)
            )),
            Some(_) => {}
        }
    }
    for (user, g) in &got {
        if !want.contains_key(user) {
            d.added
                .push(format!("incident {user}: {}", describe_incident(g)));
        }
    }
}

fn describe_incident(i: &ExpectedIncident) -> String {
    format!("{} from {}", i.severity, join_or_none(&i.attacker_ips))
}

fn compare_findings(expected: &Expectation, actual: &Expectation, d: &mut Difference) {
    let (want, got) = (group(expected), group(actual));
    let none = Vec::new();
    let keys: std::collections::BTreeSet<_> = want.keys().chain(got.keys()).collect();
    for key in keys {
        let w = want.get(key).unwrap_or(&none);
        let g = got.get(key).unwrap_or(&none);
        for pair in 0..w.len().max(g.len()) {
            match (w.get(pair), g.get(pair)) {
                (Some(w), Some(g)) if w != g => d.changed.push(describe_change(w, g)),
                (Some(w), None) => d.removed.push(describe_finding(w)),
                (None, Some(g)) => d.added.push(describe_finding(g)),
                _ => {}
            }
        }
    }
}

type Groups<'a> = BTreeMap<(&'a str, &'a str, &'a str), Vec<&'a ExpectedFinding>>;

/// Findings by identity, in file order within one identity.
fn group(e: &Expectation) -> Groups<'_> {
    let mut m: Groups<'_> = BTreeMap::new();
    for f in &e.findings {
        m.entry(f.key()).or_default().push(f);
    }
    m
}

fn describe_finding(f: &ExpectedFinding) -> String {
    let mut s = format!("{} {} {}", f.detector_id, f.severity, or_all(&f.user));
    if !f.ip.is_empty() {
        let _ = write!(s, " from {}", f.ip);
    }
    let _ = write!(s, " (evidence {})", join_or_none(&f.evidence));
    s
}

fn describe_change(w: &ExpectedFinding, g: &ExpectedFinding) -> String {
    let mut what = Vec::new();
    if w.severity != g.severity {
        what.push(format!("severity {} → {}", w.severity, g.severity));
    }
    if w.ip != g.ip {
        what.push(format!("address {} → {}", or_none(&w.ip), or_none(&g.ip)));
    }
    if w.evidence != g.evidence {
        let gone: Vec<&String> = w
            .evidence
            .iter()
            .filter(|e| !g.evidence.contains(e))
            .collect();
        let new: Vec<&String> = g
            .evidence
            .iter()
            .filter(|e| !w.evidence.contains(e))
            .collect();
        let mut e = String::from("evidence");
        for n in new {
            let _ = write!(e, " +{n}");
        }
        for o in gone {
            let _ = write!(e, " -{o}");
        }
        if e == "evidence" {
            e.push_str(" reordered");
        }
        what.push(e);
    }
    format!("{} {}: {}", w.detector_id, or_all(&w.user), what.join("; "))
}

fn or_all(user: &str) -> &str {
    if user.is_empty() {
        "(several users)"
    } else {
        user
    }
}

fn or_none(s: &str) -> &str {
    if s.is_empty() { "none" } else { s }
}

fn join_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(det: &str, user: &str, sev: &str, ev: &[&str]) -> ExpectedFinding {
        ExpectedFinding {
            detector_id: det.into(),
            user: user.into(),
            severity: sev.into(),
            ip: "203.0.113.7".into(),
            evidence: ev.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn expectation(findings: Vec<ExpectedFinding>) -> Expectation {
        Expectation {
            mailtrail_expect: FORMAT_VERSION,
            totals: [("events".to_string(), 10), ("rejected".to_string(), 0)].into(),
            incidents: vec![ExpectedIncident {
                user: "a@x.com".into(),
                severity: "high".into(),
                attacker_ips: vec!["203.0.113.7".into()],
            }],
            findings,
        }
    }

    #[test]
    fn the_text_reads_back_and_holds_one_finding_per_line() {
        let e = expectation(vec![
            finding("MT-R02", "a@x.com", "high", &["r1", "r2"]),
            finding("MT-S01", "b@x.com", "medium", &[]),
        ]);
        let text = e.to_text();
        assert!(
            text.lines()
                .any(|l| l.trim_start().starts_with("{\"detector_id\":\"MT-R02\""))
        );
        assert_eq!(
            text.lines().filter(|l| l.contains("detector_id")).count(),
            2
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("x.expect.json");
        e.write(&path).expect("write");
        assert_eq!(Expectation::load(&path).expect("load"), e);
    }

    #[test]
    fn the_same_run_has_no_difference() {
        let e = expectation(vec![finding("MT-R02", "a@x.com", "high", &["r1"])]);
        let d = compare(&e, &e.clone(), "x");
        assert!(d.is_empty());
        assert_eq!(d.render(), "regression check against x: as expected\n");
    }

    #[test]
    fn added_removed_and_changed_are_told_apart() {
        let want = expectation(vec![
            finding("MT-R02", "a@x.com", "high", &["r1", "r2"]),
            finding("MT-S01", "b@x.com", "medium", &["r5"]),
        ]);
        let mut got = expectation(vec![
            finding("MT-R02", "a@x.com", "medium", &["r1", "r3"]),
            finding("MT-M05", "a@x.com", "high", &["r9"]),
        ]);
        got.totals.insert("rejected".into(), 2);
        got.incidents[0].severity = "critical".into();
        let d = compare(&want, &got, "case.expect.json");
        assert_eq!(
            d.render(),
            "regression check against case.expect.json: 1 added, 1 removed, 3 changed\n\
             \x20 + MT-M05 high a@x.com from 203.0.113.7 (evidence r9)\n\
             \x20 - MT-S01 medium b@x.com from 203.0.113.7 (evidence r5)\n\
             \x20 ~ rows rejected: 0 → 2\n\
             \x20 ~ incident a@x.com: high from 203.0.113.7 → critical from 203.0.113.7\n\
             \x20 ~ MT-R02 a@x.com: severity high → medium; evidence +r3 -r2\n"
        );
    }

    #[test]
    fn another_file_is_refused_with_its_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("summary.json");
        std::fs::write(&path, "{\n \"version\": \"0.1.0\"\n}\n").expect("write");
        let err = Expectation::load(&path).expect_err("not an expectation");
        let text = err.to_string();
        assert!(
            text.contains("summary.json:3: not a mailtrail expectation file"),
            "{text}"
        );
        assert!(text.ends_with("write one with --write-expect"), "{text}");
    }
}
