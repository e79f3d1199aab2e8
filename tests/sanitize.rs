//! Attacker-controlled text (rule names, subjects, user agents) is neutralised in every
//! writer: no CSV cell starts a spreadsheet formula, and the terminal gets no control,
//! bidi or zero-width characters.

use crate::util::mailtrail;

const PAYLOADS: &str = r#"{"CreationTime":"2026-02-03T10:00:00","Id":"SAN-1","Operation":"New-InboxRule","RecordType":1,"Workload":"Exchange","UserId":"megan.bowen@contoso.com","ClientIP":"159.203.1.1:5050","Parameters":[{"Name":"Name","Value":"=HYPERLINK(\"http://evil.example\",\"x\")"},{"Name":"MoveToFolder","Value":"RSS Feeds"},{"Name":"MarkAsRead","Value":"True"},{"Name":"SubjectContainsWords","Value":"-invoice;@payment"}]}
{"CreationTime":"2026-02-03T10:01:00","Id":"SAN-2","Operation":"Send","RecordType":2,"Workload":"Exchange","UserId":"megan.bowen@contoso.com","ClientIPAddress":"159.203.1.1","Item":{"Subject":"+cmd|' /C calc'!A0 \u001b[31mred\u202e"}}
{"CreationTime":"2026-02-03T10:02:00","Id":"SAN-3","Operation":"UserLoggedIn","RecordType":15,"Workload":"AzureActiveDirectory","UserId":"\u001b]0;pwned\u0007megan.bowen@contoso.com","ClientIP":"159.203.1.1","ExtendedProperties":[{"Name":"UserAgent","Value":"@SUM(1+1)\u200b axios/1.7.2"}]}
"#;

fn formula_start(cell: &str) -> bool {
    matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

#[test]
fn every_writer_neutralises_attacker_text() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("payloads.jsonl");
    std::fs::write(&input, PAYLOADS).unwrap();
    let out = dir.path().join("out");
    let run = mailtrail(&[
        "analyze",
        &input.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
    ]);
    assert!(matches!(run.code, 0 | 1), "{}", run.stderr);
    for file in [
        "timeline.csv",
        "findings.csv",
        "incidents.csv",
        "accessed_messages.csv",
        "rejects.csv",
    ] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        for rec in rdr.records() {
            for cell in rec.unwrap().iter() {
                assert!(!formula_start(cell), "{file} has a formula cell: {cell:?}");
            }
        }
    }
    let timeline = std::fs::read_to_string(out.join("timeline.csv")).unwrap();
    assert!(
        timeline.contains("'=HYPERLINK"),
        "the rule name is kept, neutralised"
    );
    let incidents = std::fs::read_to_string(out.join("incidents.csv")).unwrap();
    assert!(
        incidents.contains("=HYPERLINK"),
        "the incident names the rule: {incidents}"
    );
    for c in run.stderr.chars() {
        assert!(
            !c.is_control() || c == '\n',
            "control character {c:?} on the terminal"
        );
        assert!(
            !matches!(c, '\u{202A}'..='\u{202E}' | '\u{200B}'..='\u{200F}'),
            "bidi/zero-width {c:?}"
        );
    }
}
