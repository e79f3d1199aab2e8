//! report.html in a real browser: the BEC story's report loads in headless Chromium with
//! no console message at all (no script error, no Content-Security-Policy refusal of a
//! load), the DOM after the script ran holds the incident accounts and every finding, and
//! sorting and filtering do what they say. Skipped (and passing) where Chromium is not
//! installed; CI installs it (`.ci/run`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{fixture, mailtrail};

/// Flags for a quiet, offline headless run (without the background-networking ones
/// Chromium keeps trying the network).
const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--enable-logging=stderr",
    "--v=0",
    "--virtual-time-budget=5000",
    "--dump-dom",
];

/// How long one Chromium run may take before the test fails.
const TIMEOUT: Duration = Duration::from_secs(120);

/// `chromium` on the PATH, if any.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("chromium"))
        .find(|p| p.is_file())
}

/// The BEC story analysed into `out`; the report's path.
fn bec_report(out: &Path) -> PathBuf {
    let dir = fixture("stories/bec_takeover");
    let mut inputs: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().to_string())
        .filter(|p| p.ends_with(".csv"))
        .collect();
    inputs.sort();
    let o = out.to_string_lossy().to_string();
    let mut args: Vec<&str> = vec!["analyze", "-o", &o, "--quiet"];
    args.extend(inputs.iter().map(String::as_str));
    let run = mailtrail(&args);
    assert!(matches!(run.code, 0 | 1), "{}", run.stderr);
    out.join("report.html")
}

/// Load `page` in headless Chromium; the DOM after scripts ran, and the console lines.
fn load(browser: &Path, page: &Path) -> (String, Vec<String>) {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(browser)
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let err = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("chromium did not finish in {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let (dom, log) = (out.join().unwrap(), err.join().unwrap());
    assert!(status.success(), "chromium failed ({status}): {log}");
    let console = log
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
        .map(String::from)
        .collect();
    (dom, console)
}

/// Rows of findings.csv (the table must show every one).
fn finding_ids(out: &Path) -> Vec<String> {
    let mut rdr = csv::Reader::from_path(out.join("findings.csv")).unwrap();
    rdr.records().map(|r| r.unwrap()[0].to_string()).collect()
}

#[test]
fn bec_report_loads_without_console_errors() {
    let Some(browser) = chromium() else {
        println!("skipped: chromium not installed");
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let page = bec_report(out.path());
    let (dom, console) = load(&browser, &page);
    assert!(console.is_empty(), "console messages: {console:#?}");
    for account in ["megan.bowen@contoso.com", "diego.siciliani@contoso.com"] {
        assert!(dom.contains(account), "{account} missing from the DOM");
    }
    assert!(dom.contains("id=\"I0001\"") && dom.contains("id=\"I0002\""));
    let ids = finding_ids(out.path());
    assert!(!ids.is_empty());
    for id in &ids {
        assert!(
            dom.contains(&format!("<tr id=\"{id}\"")),
            "{id} not in the table"
        );
    }
    let shown = format!("Showing {n} of {n} findings", n = ids.len());
    assert!(dom.contains(&shown), "the script did not run: no '{shown}'");
    assert!(
        !dom.contains("id=\"findings-controls\" hidden"),
        "the script did not show the controls"
    );
}

/// Run after the report's script: sort by severity both ways, filter by severity and by
/// text, and write what the table showed into `<pre id="probe">` as JSON.
const PROBE: &str = r##"<script>
(function () {
  var rows = function () { return Array.prototype.slice.call(document.getElementById("findings").tBodies[0].rows); };
  var sev = function (r) { return Number(r.getAttribute("data-sev")); };
  var button = document.querySelectorAll("#findings thead th")[1].querySelector("button");
  var result = {};
  button.click();
  result.ascending = rows().map(sev);
  button.click();
  result.descending = rows().map(sev);
  var select = document.getElementById("findings-severity");
  select.value = "3";
  select.dispatchEvent(new Event("change"));
  result.high = rows().filter(function (r) { return !r.hidden; }).map(sev);
  result.high_count = document.getElementById("findings-count").textContent;
  select.value = "0";
  select.dispatchEvent(new Event("change"));
  var filter = document.getElementById("findings-filter");
  filter.value = "DIEGO";
  filter.dispatchEvent(new Event("input"));
  result.text = rows().map(function (r) {
    return [r.hidden, r.textContent.toLowerCase().indexOf("diego") !== -1];
  });
  var pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(result);
  document.body.appendChild(pre);
})();
</script>"##;

#[test]
fn findings_table_sorts_and_filters_in_the_browser() {
    let Some(browser) = chromium() else {
        println!("skipped: chromium not installed");
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let page = bec_report(out.path());
    let html = std::fs::read_to_string(&page).unwrap();
    let probe_page = out.path().join("probe.html");
    std::fs::write(
        &probe_page,
        html.replace("</body>", &format!("{PROBE}</body>")),
    )
    .unwrap();
    let (dom, console) = load(&browser, &probe_page);
    assert!(console.is_empty(), "console messages: {console:#?}");
    let json = dom
        .split_once("<pre id=\"probe\">")
        .and_then(|(_, rest)| rest.split_once("</pre>"))
        .map(|(j, _)| j.replace("&quot;", "\""))
        .expect("the probe ran");
    let r: serde_json::Value = serde_json::from_str(&json).unwrap();
    let sevs = |k: &str| -> Vec<u64> {
        r[k].as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect()
    };
    let asc = sevs("ascending");
    assert!(asc.windows(2).all(|w| w[0] <= w[1]), "ascending: {asc:?}");
    let desc = sevs("descending");
    assert!(
        desc.windows(2).all(|w| w[0] >= w[1]),
        "descending: {desc:?}"
    );
    let high = sevs("high");
    assert!(!high.is_empty() && high.iter().all(|s| *s >= 3), "{high:?}");
    assert_eq!(
        r["high_count"],
        format!("Showing {} of {} findings", high.len(), asc.len())
    );
    let text = r["text"].as_array().unwrap();
    assert!(text.iter().any(|t| t[1] == true), "no row mentions diego");
    for t in text {
        assert_eq!(t[0], t[1] != true, "hidden iff the row lacks the text: {t}");
    }
}
