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

/// A hiding rule and a send from the same hosting address (so both are the intruder's and
/// named in the incident), carrying script, formula, ANSI and bidi payloads.
const HTML_PAYLOADS: &str = r#"{"CreationTime":"2026-02-03T10:00:00","Id":"HTML-1","Operation":"New-InboxRule","RecordType":1,"Workload":"Exchange","UserId":"megan.bowen@contoso.com","ClientIP":"159.203.1.1:5050","Parameters":[{"Name":"Name","Value":"<script>alert(1)</script>=HYPERLINK(\"http://evil.example\",\"x\")\u001b[31m\u202erule"},{"Name":"MoveToFolder","Value":"RSS Feeds"},{"Name":"MarkAsRead","Value":"True"},{"Name":"SubjectContainsWords","Value":"invoice"}]}
{"CreationTime":"2026-02-03T10:01:00","Id":"HTML-2","Operation":"Send","RecordType":2,"Workload":"Exchange","UserId":"megan.bowen@contoso.com","ClientIPAddress":"159.203.1.1","Item":{"Subject":"<script>alert(1)</script> =HYPERLINK(\"http://evil.example\") \u001b[31mred\u202esubject"}}
"#;

#[test]
fn report_html_escapes_attacker_text() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("html.jsonl");
    std::fs::write(&input, HTML_PAYLOADS).unwrap();
    let out = dir.path().join("out");
    let run = mailtrail(&[
        "analyze",
        &input.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
    ]);
    assert!(matches!(run.code, 0 | 1), "{}", run.stderr);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("<script>alert"), "raw script from the logs");
    assert_eq!(
        html.to_ascii_lowercase().matches("<script").count(),
        1,
        "only the report's own inline script"
    );
    assert!(!html.contains('\u{1b}'), "ANSI escape kept");
    assert!(!html.contains('\u{202e}'), "bidi override kept");
    assert!(
        !html.contains("\"http://evil.example"),
        "quote from the logs unescaped"
    );
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;=HYPERLINK(&quot;http://evil.example&quot;";
    assert!(html.contains(escaped), "the rule name is shown, escaped");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; =HYPERLINK(&quot;http://evil.example&quot;) [31mredsubject"),
        "the mail subject is shown, escaped, without ANSI and bidi characters"
    );
}
