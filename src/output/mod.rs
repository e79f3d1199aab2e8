//! Output stage: renders what earlier stages decided — files in the output directory and
//! the terminal summary. Writers never sort, filter or decide; untrusted text passes through
//! [`sanitize`] on its way out.

pub mod accessed;
pub mod csv_out;
pub mod findings;
pub mod incidents;
pub mod rejects;
pub mod report_html;
pub mod sanitize;
pub mod summary;
pub mod terminal;
pub mod timeline;

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// An error writing an output file.
#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot write: {cause}")]
pub struct OutputError {
    /// File or directory.
    pub path: String,
    /// OS error.
    pub cause: std::io::Error,
}

/// Every file mailtrail writes in an output directory (it touches nothing else there).
pub const OUTPUT_FILES: &[&str] = &[
    "timeline.csv",
    "timeline.jsonl",
    "findings.csv",
    "incidents.csv",
    "accessed_messages.csv",
    "rejects.csv",
    "summary.json",
    "report.html",
];

/// Name of the temporary file an output is written to before the run commits it, so a run
/// that fails half-way never leaves a mix of new and old files.
fn partial_name(name: &str) -> String {
    format!(".{name}.partial")
}

/// Create (or truncate) the temporary file of one output inside `dir`.
pub fn create(dir: &Path, name: &str) -> Result<BufWriter<File>, OutputError> {
    let path: PathBuf = dir.join(partial_name(name));
    File::create(&path)
        .map(|f| BufWriter::with_capacity(256 * 1024, f))
        .map_err(|e| OutputError {
            path: dir.join(name).display().to_string(),
            cause: e,
        })
}

/// Move every written output into place (replacing the previous run's files).
pub fn commit(dir: &Path) -> Result<(), OutputError> {
    for name in OUTPUT_FILES {
        let partial = dir.join(partial_name(name));
        if partial.exists() {
            std::fs::rename(&partial, dir.join(name)).map_err(io_err(dir, name))?;
        }
    }
    Ok(())
}

/// Remove temporary files after a failed run (best effort).
pub fn discard(dir: &Path) {
    for name in OUTPUT_FILES {
        let _ = std::fs::remove_file(dir.join(partial_name(name)));
    }
}

/// Make sure the output directory exists and is a directory.
pub fn ensure_dir(dir: &Path) -> Result<(), OutputError> {
    std::fs::create_dir_all(dir).map_err(|e| OutputError {
        path: dir.display().to_string(),
        cause: e,
    })
}

/// Attach the file name to an I/O error.
pub fn io_err(dir: &Path, name: &str) -> impl Fn(std::io::Error) -> OutputError {
    let path = dir.join(name).display().to_string();
    move |e| OutputError {
        path: path.clone(),
        cause: e,
    }
}
