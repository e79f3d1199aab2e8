//! One zip member as a stream (ingest stage). A thread owns the archive and inflates the
//! member into a small bounded channel, so a member is never copied to disk nor held whole
//! in memory, and the zip crate still checks its CRC. Members can only be read through
//! the archive that holds them, which is why the reading side cannot simply own a
//! `ZipFile`.
//!
//! An archive's directory is parsed once and shared (see [`parsed`]): members are opened
//! twice each (to sniff, then to read), and parsing a directory of n entries per member
//! made an archive of 5,000 small files take 73 s, and one of 65,535 empty members hours.
//!
//! A member whose declared size is past its cap is refused at open as a likely
//! decompression bomb. A declared size cannot lie its way past that: the zip crate stops a
//! member that inflates past its declared size with a read error.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use zip::ZipArchive;
use zip::result::ZipResult;

use super::decode::read_up_to;
use super::error::IngestError;

/// A zip member may expand to this many times its compressed size…
pub const ZIP_RATIO_MAX: u64 = 200;
/// …or to this size, whichever is larger. Real exports compress 5–20 times; a
/// decompression bomb a thousand times and more.
pub const ZIP_EXPANSION_FLOOR: u64 = 1 << 30;

/// Bytes handed over at a time.
const CHUNK_BYTES: usize = 256 * 1024;
/// Chunks inflated ahead of the reader.
const CHUNKS_AHEAD: usize = 2;

/// Archives whose parsed directory is kept (members are read in path order, so the members
/// of one archive come together; a few slots cover archives read side by side).
const PARSED_KEPT: usize = 4;

/// A file as it was when its directory was parsed: a changed file is parsed again.
type Stamp = (u64, Option<SystemTime>);

/// Recently parsed archives, most recent first.
static PARSED: Mutex<Vec<(PathBuf, Stamp, ZipArchive<SharedFile>)>> = Mutex::new(Vec::new());

/// The archive at `path` with its directory parsed, from the cache when the file has not
/// changed since. The outer error is the file's (it cannot be opened); the inner one says
/// the archive is damaged. Clones share the parsed directory and the open file.
pub fn parsed(path: &Path) -> io::Result<ZipResult<ZipArchive<SharedFile>>> {
    let meta = std::fs::metadata(path)?;
    let stamp = (meta.len(), meta.modified().ok());
    let mut kept = PARSED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(i) = kept.iter().position(|(p, s, _)| p == path && *s == stamp) {
        let entry = kept.remove(i);
        let archive = entry.2.clone();
        kept.insert(0, entry);
        return Ok(Ok(archive));
    }
    let file = SharedFile {
        file: Arc::new(File::open(path)?),
        pos: 0,
        len: meta.len(),
    };
    let archive = match ZipArchive::new(file) {
        Ok(archive) => archive,
        Err(e) => return Ok(Err(e)),
    };
    kept.retain(|(p, _, _)| p != path);
    kept.insert(0, (path.to_path_buf(), stamp, archive.clone()));
    kept.truncate(PARSED_KEPT);
    Ok(Ok(archive))
}

/// A file read at explicit offsets, so that clones share one handle and never disturb each
/// other's position (what lets a parsed archive be cloned per member).
#[derive(Clone)]
pub struct SharedFile {
    file: Arc<File>,
    pos: u64,
    len: u64,
}

impl Read for SharedFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = read_at(&self.file, buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for SharedFile {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = target.ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the file",
            )
        })?;
        Ok(self.pos)
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

/// What the inflating thread tells the reader.
enum Msg {
    /// The member was found and may be read.
    Opened,
    /// The next bytes.
    Data(Vec<u8>),
    /// The member ended and its CRC matched.
    End,
    /// Opening or reading failed; nothing follows.
    Failed(io::Error),
}

/// The decompressed bytes of one member, in order.
pub struct MemberReader {
    rx: Receiver<Msg>,
    chunk: Vec<u8>,
    pos: usize,
    ended: bool,
}

/// Opens member `index` of the archive at `path` (shown as `display` in errors).
pub fn open(path: &Path, index: usize, display: &str) -> Result<MemberReader, IngestError> {
    open_capped(path, index, display, None)
}

/// [`open`] with the expansion cap given instead of derived (tests use small caps).
fn open_capped(
    path: &Path,
    index: usize,
    display: &str,
    cap: Option<u64>,
) -> Result<MemberReader, IngestError> {
    let zip_err = |message: String| IngestError::Zip {
        path: display.to_string(),
        message,
    };
    let (tx, rx) = sync_channel(CHUNKS_AHEAD);
    let path = path.to_path_buf();
    std::thread::Builder::new()
        .name("zip-member".into())
        .spawn(move || {
            if let Err(e) = inflate(&path, index, cap, &tx) {
                let _ = tx.send(Msg::Failed(e));
            }
        })
        .map_err(|e| zip_err(e.to_string()))?;
    match rx.recv() {
        Ok(Msg::Opened) => Ok(MemberReader {
            rx,
            chunk: Vec::new(),
            pos: 0,
            ended: false,
        }),
        Ok(Msg::Failed(e)) => Err(zip_err(e.to_string())),
        Ok(Msg::Data(_) | Msg::End) | Err(_) => Err(zip_err(
            "the member reader stopped before opening it".into(),
        )),
    }
}

/// The thread's work: open, check the declared size, stream the bytes. Returns early and
/// quietly when the reader has gone (it was only sniffing the head).
fn inflate(path: &Path, index: usize, cap: Option<u64>, tx: &SyncSender<Msg>) -> io::Result<()> {
    let mut archive = parsed(path)?.map_err(io::Error::other)?;
    let mut member = archive.by_index(index).map_err(io::Error::other)?;
    let cap = cap.unwrap_or_else(|| expansion_cap(member.compressed_size()));
    if member.size() > cap {
        return Err(bomb(cap));
    }
    if tx.send(Msg::Opened).is_err() {
        return Ok(());
    }
    loop {
        let mut chunk = vec![0; CHUNK_BYTES];
        let n = read_up_to(&mut member, &mut chunk)?;
        if n == 0 {
            let _ = tx.send(Msg::End);
            return Ok(());
        }
        chunk.truncate(n);
        if tx.send(Msg::Data(chunk)).is_err() {
            return Ok(());
        }
    }
}

/// How far a member of `compressed` bytes may expand.
fn expansion_cap(compressed: u64) -> u64 {
    compressed
        .saturating_mul(ZIP_RATIO_MAX)
        .max(ZIP_EXPANSION_FLOOR)
}

fn bomb(cap: u64) -> io::Error {
    io::Error::other(format!(
        "expands past {} MiB ({ZIP_RATIO_MAX} times its compressed size, at least {} MiB): \
         refused as a likely decompression bomb; extract it yourself and give the file to \
         read it",
        cap >> 20,
        ZIP_EXPANSION_FLOOR >> 20
    ))
}

impl Read for MemberReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.chunk.len() {
            if self.ended {
                return Ok(0);
            }
            match self.rx.recv() {
                Ok(Msg::Data(chunk)) => {
                    self.chunk = chunk;
                    self.pos = 0;
                }
                Ok(Msg::End) => self.ended = true,
                Ok(Msg::Failed(e)) => {
                    self.ended = true;
                    return Err(e);
                }
                // The thread stopped without saying why: never pass that off as the end.
                Ok(Msg::Opened) | Err(_) => {
                    self.ended = true;
                    return Err(io::Error::other("the zip member reader stopped part-way"));
                }
            }
        }
        let n = out.len().min(self.chunk.len() - self.pos);
        out[..n].copy_from_slice(&self.chunk[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A zip with a deflated and a stored member, written to a temporary file.
    fn archive(members: &[(&str, &[u8], zip::CompressionMethod)]) -> tempfile::NamedTempFile {
        let mut zip = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
        for (name, body, method) in members {
            let options = zip::write::SimpleFileOptions::default().compression_method(*method);
            zip.start_file(*name, options).unwrap();
            zip.write_all(body).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(&bytes).unwrap();
        file
    }

    fn read_all(mut r: impl Read) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        r.read_to_end(&mut out)?;
        Ok(out)
    }

    /// Several chunks of lines, so chunk boundaries are crossed.
    fn big_text() -> Vec<u8> {
        (0..60_000)
            .map(|i| format!("{{\"n\":{i}}}\n"))
            .collect::<String>()
            .into_bytes()
    }

    #[test]
    fn members_stream_whole_and_in_order() {
        let text = big_text();
        let file = archive(&[
            ("a.jsonl", &text, zip::CompressionMethod::Deflated),
            ("b.txt", b"stored bytes", zip::CompressionMethod::Stored),
        ]);
        let a = read_all(open(file.path(), 0, "x.zip/a.jsonl").unwrap()).unwrap();
        assert_eq!(a, text);
        let b = read_all(open(file.path(), 1, "x.zip/b.txt").unwrap()).unwrap();
        assert_eq!(b, b"stored bytes");
    }

    #[test]
    fn a_reader_dropped_after_the_head_stops_the_thread() {
        let text = big_text();
        let file = archive(&[("a.jsonl", &text, zip::CompressionMethod::Deflated)]);
        let mut reader = open(file.path(), 0, "x.zip/a.jsonl").unwrap();
        let mut head = [0u8; 10];
        reader.read_exact(&mut head).unwrap();
        drop(reader);
        // Opening again still works: nothing was left locked or half-read.
        assert_eq!(read_all(open(file.path(), 0, "a").unwrap()).unwrap(), text);
    }

    #[test]
    fn a_declared_size_over_the_cap_is_refused_at_open() {
        let file = archive(&[("a.csv", &[b'x'; 5000], zip::CompressionMethod::Deflated)]);
        let err = open_capped(file.path(), 0, "x.zip/a.csv", Some(4096))
            .err()
            .expect("refused");
        let text = err.to_string();
        assert!(text.starts_with("x.zip/a.csv: "), "{text}");
        assert!(
            text.contains("refused as a likely decompression bomb"),
            "{text}"
        );
    }

    #[test]
    fn bytes_past_a_lying_declared_size_are_a_read_error() {
        let file = archive(&[("a.csv", &[b'x'; 5000], zip::CompressionMethod::Deflated)]);
        // Make the central directory claim 10 bytes.
        let mut bytes = std::fs::read(file.path()).unwrap();
        let central = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
        bytes[central + 24..central + 28].copy_from_slice(&10u32.to_le_bytes());
        std::fs::write(file.path(), &bytes).unwrap();
        let reader = open_capped(file.path(), 0, "x.zip/a.csv", Some(4096)).unwrap();
        let err = read_all(reader).expect_err("stopped at the declared size");
        assert!(
            err.to_string().contains("declared uncompressed size"),
            "{err}"
        );
    }

    #[test]
    fn a_damaged_member_is_a_read_error_not_a_short_file() {
        let body = vec![b'y'; 3000];
        let file = archive(&[("a.txt", &body, zip::CompressionMethod::Stored)]);
        let mut bytes = std::fs::read(file.path()).unwrap();
        let at = bytes.windows(3).position(|w| w == b"yyy").unwrap() + 1000;
        bytes[at] = b'z';
        std::fs::write(file.path(), &bytes).unwrap();
        let reader = open(file.path(), 0, "x.zip/a.txt").unwrap();
        assert!(read_all(reader).is_err());
    }

    #[test]
    fn a_missing_member_is_an_open_error() {
        let file = archive(&[("a.txt", b"a", zip::CompressionMethod::Stored)]);
        let err = open(file.path(), 5, "x.zip/#5").err().expect("no member 5");
        assert!(err.to_string().starts_with("x.zip/#5: "), "{err}");
    }

    #[test]
    fn an_archive_rewritten_between_opens_is_parsed_again() {
        let file = archive(&[("a.txt", b"first", zip::CompressionMethod::Stored)]);
        assert_eq!(
            read_all(open(file.path(), 0, "a").unwrap()).unwrap(),
            b"first"
        );
        let other = archive(&[
            ("0.txt", b"zero", zip::CompressionMethod::Stored),
            ("a.txt", b"second, longer", zip::CompressionMethod::Deflated),
        ]);
        std::fs::copy(other.path(), file.path()).unwrap();
        assert_eq!(
            read_all(open(file.path(), 1, "a").unwrap()).unwrap(),
            b"second, longer"
        );
    }

    #[test]
    fn members_of_one_archive_read_back_through_the_kept_directory() {
        let names: Vec<String> = (0..300).map(|i| format!("m{i:03}.txt")).collect();
        let members: Vec<(&str, &[u8], zip::CompressionMethod)> = names
            .iter()
            .map(|n| (n.as_str(), n.as_bytes(), zip::CompressionMethod::Deflated))
            .collect();
        let file = archive(&members);
        for (i, name) in names.iter().enumerate() {
            let got = read_all(open(file.path(), i, name).unwrap()).unwrap();
            assert_eq!(got, name.as_bytes());
        }
        let kept = PARSED.lock().unwrap_or_else(|p| p.into_inner());
        assert!(kept.len() <= PARSED_KEPT);
    }

    #[test]
    fn the_cap_scales_with_the_compressed_size() {
        assert_eq!(expansion_cap(1), ZIP_EXPANSION_FLOOR);
        assert_eq!(expansion_cap(100 << 20), 20_000 << 20);
    }
}
