//! Output stage: renders what earlier stages decided — files in the output directory and
//! the terminal summary. Writers never sort, filter or decide; untrusted text passes through
//! [`sanitize`] on its way out.

pub mod csv_out;
pub mod rejects;
pub mod sanitize;
pub mod summary;
pub mod terminal;
pub mod timeline;

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// An error writing an output file.
#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot write: {source}")]
pub struct OutputError {
    /// File or directory.
    pub path: String,
    /// OS error.
    pub source: std::io::Error,
}

/// Create (or truncate) one output file inside `dir`.
pub fn create(dir: &Path, name: &str) -> Result<BufWriter<File>, OutputError> {
    let path: PathBuf = dir.join(name);
    File::create(&path)
        .map(|f| BufWriter::with_capacity(256 * 1024, f))
        .map_err(|e| OutputError {
            path: path.display().to_string(),
            source: e,
        })
}

/// Make sure the output directory exists and is a directory.
pub fn ensure_dir(dir: &Path) -> Result<(), OutputError> {
    std::fs::create_dir_all(dir).map_err(|e| OutputError {
        path: dir.display().to_string(),
        source: e,
    })
}

/// Attach the file name to an I/O error.
pub fn io_err(dir: &Path, name: &str) -> impl Fn(std::io::Error) -> OutputError {
    let path = dir.join(name).display().to_string();
    move |e| OutputError {
        path: path.clone(),
        source: e,
    }
}
