//! Input discovery and opening: files, directories (recursive, sorted by path), `-` for
//! stdin, zip members; each opened as a UTF-8 text stream with its first bytes kept for
//! sniffing. Progress is counted on the raw (compressed) bytes.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::decode::{self, Container, Encoding};
use super::error::IngestError;
use super::ignore::{self, Ignored};
use super::zip_member;

/// Bytes of decoded text kept for sniffing.
pub const HEAD_BYTES: usize = 1024 * 1024;

/// Where an input comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// A file on disk.
    File(PathBuf),
    /// Member `index` of a zip archive.
    ZipMember(PathBuf, usize),
    /// Standard input.
    Stdin,
}

/// One input stream as the run sees it.
#[derive(Debug, Clone)]
pub struct Source {
    /// Name shown in outputs (`dir/file.csv`, `exports.zip/member.json`, `-`).
    pub display: String,
    /// Where to read it.
    pub origin: Origin,
    /// Raw size in bytes, when known (for progress).
    pub size: Option<u64>,
    /// Why this input cannot be read at all (a damaged archive); it is reported and skipped.
    pub problem: Option<String>,
}

impl Source {
    /// The input's own file name without folders (for zip members the member's base
    /// name; `-` for stdin). Some exports say what they hold only in their name.
    pub fn base_name(&self) -> String {
        if let Origin::File(p) = &self.origin
            && let Some(name) = p.file_name()
        {
            return name.to_string_lossy().into_owned();
        }
        let last = self.display.rsplit(['/', '\\']).next();
        last.unwrap_or(&self.display).to_string()
    }

    /// True for a stream that can be read only once (stdin, a pipe such as `<(zcat x.gz)`,
    /// a FIFO): it must stay open from sniffing to reading, never be opened twice.
    pub fn read_once(&self) -> bool {
        match &self.origin {
            Origin::Stdin => true,
            Origin::File(p) => std::fs::metadata(p).is_ok_and(|m| !m.is_file()),
            Origin::ZipMember(..) => false,
        }
    }
}

/// What the inputs expand to: the sources to sniff, and what is known already not to be a
/// log (mailtrail's output folders, Office documents; see [`ignore`]).
#[derive(Debug, Default)]
pub struct Discovered {
    /// Sources in path order.
    pub sources: Vec<Source>,
    /// Files and folders that are not logs, in path order, each once.
    pub ignored: Vec<Ignored>,
}

/// Expand inputs: directories recursively, zips into their members; the result is in
/// path order whatever order the inputs were named in.
pub fn discover(inputs: &[PathBuf]) -> Result<Discovered, IngestError> {
    let mut found = Discovered::default();
    for input in inputs {
        if input.as_os_str() == "-" {
            found.sources.push(Source {
                display: "-".into(),
                origin: Origin::Stdin,
                size: None,
                problem: None,
            });
            continue;
        }
        let meta = std::fs::metadata(input).map_err(|e| IngestError::Open {
            path: input.display().to_string(),
            cause: e,
        })?;
        if meta.is_dir() {
            let mut files = Vec::new();
            walk(input, &mut files, &mut found.ignored)?;
            files.sort();
            for f in files {
                push_file(&f, &mut found)?;
            }
        } else if let Some(reason) = in_output_folder(input) {
            let path = input.display().to_string();
            found.ignored.push(Ignored { path, reason });
        } else {
            push_file(input, &mut found)?;
        }
    }
    // One global path order, so the order inputs are named in never changes the output.
    found.sources.sort_by(|a, b| {
        a.display
            .cmp(&b.display)
            .then_with(|| a.origin.cmp(&b.origin))
    });
    found.ignored.sort();
    found.ignored.dedup();
    Ok(found)
}

/// Why a file named on the command line is not read: it sits in one of mailtrail's
/// output folders (an earlier run's `timeline.csv`, say).
fn in_output_folder(file: &Path) -> Option<String> {
    let parent = file.parent().filter(|p| !p.as_os_str().is_empty());
    ignore::output_folder(parent.unwrap_or(Path::new("."))).map(|reason| format!("in the {reason}"))
}

/// Every file below `dir`, except hidden ones and mailtrail's output folders (those go to
/// `ignored`, once, as the folder).
fn walk(dir: &Path, out: &mut Vec<PathBuf>, ignored: &mut Vec<Ignored>) -> Result<(), IngestError> {
    if let Some(reason) = ignore::output_folder(dir) {
        let path = dir.display().to_string();
        ignored.push(Ignored { path, reason });
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).map_err(|e| IngestError::Open {
        path: dir.display().to_string(),
        cause: e,
    })?;
    for entry in entries {
        let entry = entry.map_err(|e| IngestError::Open {
            path: dir.display().to_string(),
            cause: e,
        })?;
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue; // hidden files and folders (.git, .DS_Store) are never exports
        }
        let ft = entry.file_type().map_err(|e| IngestError::Open {
            path: path.display().to_string(),
            cause: e,
        })?;
        if ft.is_dir() {
            walk(&path, out, ignored)?;
        } else if ft.is_file() || ft.is_symlink() && path.is_file() {
            out.push(path);
        }
    }
    Ok(())
}

fn push_file(path: &Path, found: &mut Discovered) -> Result<(), IngestError> {
    let out = &mut found.sources;
    let display = path.display().to_string();
    let open_err = |e| IngestError::Open {
        path: display.clone(),
        cause: e,
    };
    // A pipe (`<(zcat x.gz)`, a FIFO) can be read only once: peeking at its magic here
    // would eat its first bytes, and it cannot be a zip (zip reading seeks). So only
    // regular files are opened before reading starts.
    let meta = std::fs::metadata(path).map_err(open_err)?;
    if !meta.is_file() {
        out.push(Source {
            display,
            origin: Origin::File(path.to_path_buf()),
            size: None,
            problem: None,
        });
        return Ok(());
    }
    let size = meta.len();
    let mut f = File::open(path).map_err(open_err)?;
    let mut magic = [0u8; 4];
    let n = decode::read_up_to(&mut f, &mut magic).map_err(open_err)?;
    if decode::container_of(&magic[..n]) != Container::Zip {
        out.push(Source {
            display,
            origin: Origin::File(path.to_path_buf()),
            size: Some(size),
            problem: None,
        });
        return Ok(());
    }
    let archive = match zip_member::parsed(path).map_err(open_err)? {
        Ok(a) => a,
        Err(e) => {
            out.push(Source {
                display,
                origin: Origin::File(path.to_path_buf()),
                size: Some(size),
                problem: Some(format!("damaged zip archive: {e}")),
            });
            return Ok(());
        }
    };
    let mut members: Vec<(String, usize)> = Vec::new();
    for i in 0..archive.len() {
        let Some(Ok(name)) = archive.name_for_index(i) else {
            continue;
        };
        if name.ends_with('/') {
            continue;
        }
        members.push((name.to_string(), i));
    }
    members.sort();
    let names: Vec<&str> = members.iter().map(|(name, _)| name.as_str()).collect();
    if let Some(reason) = ignore::office_zip(&names) {
        found.ignored.push(Ignored {
            path: display,
            reason,
        });
        return Ok(());
    }
    let share = size / members.len().max(1) as u64;
    for (name, i) in members {
        out.push(Source {
            display: format!("{display}/{name}"),
            origin: Origin::ZipMember(path.to_path_buf(), i),
            size: Some(share),
            problem: None,
        });
    }
    Ok(())
}

/// Counts raw bytes read, for the progress bar.
struct Counting<R> {
    inner: R,
    counter: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// A reader that fails once with a stored error, then reports end of stream.
struct FailAfter(Option<io::Error>);

impl Read for FailAfter {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

/// An opened input: decoded UTF-8 stream (starting at byte 0) and what was learned.
pub struct Opened {
    /// The whole decoded stream, from its beginning.
    pub reader: Box<dyn BufRead + Send>,
    /// Up to [`HEAD_BYTES`] of decoded text for sniffing.
    pub head: Vec<u8>,
    /// Text encoding found.
    pub encoding: Encoding,
    /// Whether the stream was gzip-compressed.
    pub gzip: bool,
}

/// Open a source for reading.
pub fn open(src: &Source, counter: Arc<AtomicU64>) -> Result<Opened, IngestError> {
    let io_err = |e| IngestError::Open {
        path: src.display.clone(),
        cause: e,
    };
    let raw: Box<dyn Read + Send> = match &src.origin {
        Origin::File(p) => Box::new(File::open(p).map_err(io_err)?),
        Origin::Stdin => Box::new(io::stdin()),
        Origin::ZipMember(p, i) => Box::new(zip_member::open(p, *i, &src.display)?),
    };
    let counted = Counting {
        inner: raw,
        counter,
    };
    decode_stream(Box::new(counted), &src.display)
}

/// Decode a raw stream (gzip layers, text encoding) and keep its head for sniffing: the
/// part of [`open`] after the bytes are found (also the fuzzing entry's way in).
pub fn decode_stream(raw: Box<dyn Read + Send>, display: &str) -> Result<Opened, IngestError> {
    let damaged = |e: io::Error| IngestError::Damaged {
        path: display.to_string(),
        message: e.to_string(),
    };
    let (buffered, gzip) = decode::ungzip(raw).map_err(damaged)?;
    let (mut text, encoding) = decode::to_utf8(buffered).map_err(damaged)?;
    let mut head = Vec::new();
    // A damaged stream (cut gzip, bad deflate data) still yields what came before the
    // damage; the error is replayed after it so the reader reports it with a line number.
    let rest: Box<dyn Read + Send> =
        match (&mut text).take(HEAD_BYTES as u64).read_to_end(&mut head) {
            Ok(_) => Box::new(text),
            Err(e) => Box::new(FailAfter(Some(e))),
        };
    let replay = Cursor::new(head.clone()).chain(rest);
    Ok(Opened {
        reader: Box::new(BufReader::with_capacity(256 * 1024, replay)),
        head,
        encoding,
        gzip,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(display: &str, origin: Origin) -> Source {
        Source {
            display: display.into(),
            origin,
            size: None,
            problem: None,
        }
    }

    #[test]
    fn base_names_of_files_members_and_stdin() {
        let path = PathBuf::from("exports/InteractiveSignIns_2026-01-01_2026-01-08.csv");
        let file = source(
            "exports/InteractiveSignIns_2026-01-01_2026-01-08.csv",
            Origin::File(path),
        );
        assert_eq!(
            file.base_name(),
            "InteractiveSignIns_2026-01-01_2026-01-08.csv"
        );
        let zip = PathBuf::from("case.zip");
        let member = source(
            "case.zip/entra/NonInteractiveSignIns_2026-01-01_2026-01-08.csv",
            Origin::ZipMember(zip, 3),
        );
        assert_eq!(
            member.base_name(),
            "NonInteractiveSignIns_2026-01-01_2026-01-08.csv"
        );
        assert_eq!(source("-", Origin::Stdin).base_name(), "-");
    }
}
