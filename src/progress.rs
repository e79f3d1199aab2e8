//! Progress bar on stderr (indicatif): while reading, sized in raw bytes across all inputs
//! with the current file as its message; then one stage per replay of the sorted events
//! (detecting, correlating, writing), counted in events. Hidden when stderr is not a
//! terminal or with --quiet/--no-progress.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A byte-based progress bar that may be hidden.
pub struct Progress {
    bar: Option<ProgressBar>,
    /// Stage start times, kept when `MAILTRAIL_PROFILE` is set (see docs/performance.md).
    stages: Option<Mutex<Vec<(String, Instant)>>>,
}

impl Progress {
    /// Show a bar for `total` bytes when `enabled` and stderr is a terminal.
    pub fn new(total: u64, enabled: bool) -> Progress {
        let stages = std::env::var_os("MAILTRAIL_PROFILE")
            .map(|_| Mutex::new(vec![("reading".to_string(), Instant::now())]));
        if !enabled || !std::io::stderr().is_terminal() {
            return Progress { bar: None, stages };
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {bytes}/{total_bytes} {bytes_per_sec} {wide_msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress {
            bar: Some(bar),
            stages,
        }
    }

    /// Name the file being read.
    pub fn set_file(&self, name: &str) {
        if let Some(b) = &self.bar {
            b.set_message(crate::output::sanitize::for_terminal(name).into_owned());
        }
    }

    /// Set the bytes read so far.
    pub fn set_position(&self, bytes: u64) {
        if let Some(b) = &self.bar {
            b.set_position(bytes);
        }
    }

    /// Start a stage over `events` events, named by `label`.
    pub fn stage(&self, label: &str, events: u64) {
        self.mark(label);
        if let Some(b) = &self.bar {
            let style = ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} events {per_sec} {wide_msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            b.set_style(style);
            b.set_length(events);
            b.set_position(0);
            b.set_message(label.to_string());
        }
    }

    /// Count `n` more events of the current stage.
    pub fn advance(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
        }
    }

    /// Note the start of a phase for `MAILTRAIL_PROFILE` (no effect otherwise).
    pub fn mark(&self, label: &str) {
        if let Some(Ok(mut s)) = self.stages.as_ref().map(Mutex::lock) {
            s.push((label.to_string(), Instant::now()));
        }
    }

    /// Remove the bar (finished or abandoned); with `MAILTRAIL_PROFILE`, print how long
    /// each phase took on stderr.
    pub fn clear(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
        if let Some(Ok(s)) = self.stages.as_ref().map(Mutex::lock) {
            let now = Instant::now();
            let times: Vec<String> = s
                .iter()
                .enumerate()
                .map(|(i, (label, start))| {
                    let end = s.get(i + 1).map_or(now, |n| n.1);
                    format!("{label} {:.2} s", (end - *start).as_secs_f64())
                })
                .collect();
            eprintln!("profile: {}", times.join(", "));
        }
    }
}
