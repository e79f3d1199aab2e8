//! The output directory of one run. Every output is written under a temporary name
//! (`.<name>.partial`) and recorded when it is created; [`OutputDir::commit`] moves exactly
//! the files this run created into place, so a run that stops on a fatal error leaves the
//! previous run's files untouched, and a new writer can never be forgotten by a hand-kept
//! list of names. Nothing else in the directory is touched.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{OutputError, io_err};

/// Buffer size of every output file.
const BUFFER: usize = 256 * 1024;

/// The output directory and the files this run has created in it.
#[derive(Debug)]
pub struct OutputDir {
    path: PathBuf,
    created: Mutex<Vec<&'static str>>,
}

impl OutputDir {
    /// Create the directory (and its parents) if missing.
    pub fn open(path: &Path) -> Result<OutputDir, OutputError> {
        std::fs::create_dir_all(path).map_err(|e| OutputError {
            path: path.display().to_string(),
            cause: e,
        })?;
        Ok(OutputDir {
            path: path.to_path_buf(),
            created: Mutex::new(Vec::new()),
        })
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Create (or truncate) the temporary file of output `name` and record it.
    pub fn create(&self, name: &'static str) -> Result<BufWriter<File>, OutputError> {
        let file = File::create(self.path.join(partial_name(name))).map_err(|e| OutputError {
            path: self.path.join(name).display().to_string(),
            cause: e,
        })?;
        let mut created = self.created.lock().unwrap_or_else(|p| p.into_inner());
        if !created.contains(&name) {
            created.push(name);
        }
        Ok(BufWriter::with_capacity(BUFFER, file))
    }

    /// The names of the files created so far, in creation order.
    pub fn created(&self) -> Vec<&'static str> {
        self.created
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Move every file this run created into place (replacing the previous run's).
    pub fn commit(self) -> Result<(), OutputError> {
        for name in self.created() {
            std::fs::rename(self.path.join(partial_name(name)), self.path.join(name))
                .map_err(io_err(&self.path, name))?;
        }
        Ok(())
    }

    /// Remove this run's temporary files after a failure (best effort).
    pub fn discard(self) {
        for name in self.created() {
            let _ = std::fs::remove_file(self.path.join(partial_name(name)));
        }
    }
}

/// Name of the temporary file an output is written to before the run commits it.
fn partial_name(name: &str) -> String {
    format!(".{name}.partial")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn commit_moves_exactly_the_files_created() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
        let out = OutputDir::open(tmp.path()).unwrap();
        out.create("a.csv").unwrap().write_all(b"x").unwrap();
        assert!(!tmp.path().join("a.csv").exists(), "not before the commit");
        out.commit().unwrap();
        assert_eq!(std::fs::read(tmp.path().join("a.csv")).unwrap(), b"x");
        assert_eq!(
            std::fs::read(tmp.path().join("notes.txt")).unwrap(),
            b"mine"
        );
        let names: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn discard_leaves_the_previous_run() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("a.csv"), "old").unwrap();
        let out = OutputDir::open(tmp.path()).unwrap();
        out.create("a.csv").unwrap().write_all(b"new").unwrap();
        out.discard();
        assert_eq!(std::fs::read(tmp.path().join("a.csv")).unwrap(), b"old");
        assert!(!tmp.path().join(".a.csv.partial").exists());
    }
}
