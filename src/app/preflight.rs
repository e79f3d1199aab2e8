//! Checks made before any input is read, so a mistake on the command line costs nothing:
//! the output directory is usable, and the inputs name at least one file.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::ingest::Ignored;
use crate::ingest::source::{self, Discovered};

/// `-o` must name a folder (existing or not), never a file — not even through a parent,
/// as in `-o case.csv/out`.
pub(super) fn out_dir_is_usable(dir: &Path) -> Result<()> {
    for p in dir.ancestors().filter(|p| !p.as_os_str().is_empty()) {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => return Ok(()),
            Ok(_) => {
                return Err(Error::OutIsFile {
                    out: dir.display().to_string(),
                    file: (p != dir).then(|| p.display().to_string()),
                });
            }
            // Missing (it will be created) or unreadable (creating it will say why).
            Err(_) => continue,
        }
    }
    Ok(())
}

/// Expand the inputs into sources; none at all is an error that names the inputs (an
/// empty folder, or one holding only hidden files). Files already known not to be logs
/// count as found: `sniff` lists them, and `analyze` refuses them with
/// [`nothing_to_read`].
pub(super) fn discover(inputs: &[PathBuf]) -> Result<Discovered> {
    let found = source::discover(inputs)?;
    if found.sources.is_empty() && found.ignored.is_empty() {
        return Err(Error::NoInputs(names(inputs)));
    }
    Ok(found)
}

/// The error for `analyze` when every input was ignored as not a log (the output folder
/// of an earlier run given as input, a folder of notes): that run would end with exit 0
/// and nothing read, a mistake to point out rather than a clean run.
pub(super) fn nothing_to_read(inputs: &[PathBuf], ignored: &[Ignored]) -> Error {
    let first = ignored
        .first()
        .map(|i| format!("{}: {}", i.path, i.reason))
        .unwrap_or_default();
    let more = match ignored.len() {
        0 | 1 => String::new(),
        n => format!("; and {} more", n - 1),
    };
    Error::NothingToRead {
        inputs: names(inputs),
        ignored: format!("{first}{more}"),
    }
}

fn names(inputs: &[PathBuf]) -> String {
    let names: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_or_a_file_parent_is_refused_a_folder_is_fine() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("case.csv");
        std::fs::write(&file, "x").expect("write");
        let err = out_dir_is_usable(&file).expect_err("a file");
        assert!(
            err.to_string()
                .ends_with("case.csv: is a file, not a directory; give a folder for the outputs")
        );
        let below = file.join("out");
        let err = out_dir_is_usable(&below).expect_err("below a file");
        assert!(
            err.to_string()
                .contains("case.csv is a file, not a directory")
        );
        assert!(out_dir_is_usable(dir.path()).is_ok());
        assert!(out_dir_is_usable(&dir.path().join("new/deeper")).is_ok());
        assert!(out_dir_is_usable(Path::new("relative-new-dir")).is_ok());
    }

    #[test]
    fn an_empty_folder_is_no_input() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(".DS_Store"), "x").expect("write");
        let err = discover(&[dir.path().to_path_buf()]).expect_err("empty");
        assert!(matches!(err, Error::NoInputs(_)));
    }

    #[test]
    fn only_ignored_inputs_are_nothing_to_read() {
        let ignored = [Ignored {
            path: "case/out".into(),
            reason: "mailtrail output folder".into(),
        }];
        let err = nothing_to_read(&[PathBuf::from("case/out")], &ignored);
        assert_eq!(
            err.to_string(),
            "nothing to read in case/out: every file found is ignored as not a log \
             (case/out: mailtrail output folder); give the exports or the folder that holds them"
        );
    }
}
