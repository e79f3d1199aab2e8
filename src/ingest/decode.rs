//! Bytes → UTF-8 text stream: transparent gzip, UTF-16 LE/BE (with BOM, or detected by
//! its NUL pattern) transcoded to UTF-8, a UTF-8 BOM stripped. Never reads a whole file:
//! everything is a `Read` adaptor. Invalid UTF-8 is left in place here and replaced
//! (and counted) per record by the readers, so clean files pay nothing.

use std::io::{self, BufRead, BufReader, Read};

use encoding_rs::{UTF_16BE, UTF_16LE};
use encoding_rs_io::DecodeReaderBytesBuilder;
use flate2::read::MultiGzDecoder;

/// Text encoding found at the start of a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without BOM (or ASCII).
    Utf8,
    /// UTF-8 with BOM.
    Utf8Bom,
    /// UTF-16 little endian.
    Utf16Le,
    /// UTF-16 big endian.
    Utf16Be,
}

impl Encoding {
    /// Name shown in `sniff` reasons.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16Le => "UTF-16 LE",
            Encoding::Utf16Be => "UTF-16 BE",
        }
    }
}

/// Container compression found by magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// Plain file.
    Plain,
    /// gzip.
    Gzip,
    /// zip archive (members are opened separately).
    Zip,
}

const READ_BUF: usize = 256 * 1024;

/// Peek at the first bytes of a buffered reader without consuming them.
fn peek<R: BufRead>(r: &mut R) -> io::Result<Vec<u8>> {
    Ok(r.fill_buf()?.iter().take(8).copied().collect())
}

/// Reads until `buf` is full or the stream ends (a short read is not the end); the bytes
/// read. Used to peek at magic bytes and to fill the zip member stream's chunks.
pub fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Which container a stream is, by magic bytes.
pub fn container_of(head: &[u8]) -> Container {
    if head.starts_with(&[0x1f, 0x8b]) {
        Container::Gzip
    } else if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        Container::Zip
    } else {
        Container::Plain
    }
}

/// Unwrap gzip (possibly several layers of `.gz`, bounded) from a raw stream.
pub fn ungzip(raw: Box<dyn Read + Send>) -> io::Result<(Box<dyn BufRead + Send>, bool)> {
    let mut r: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(READ_BUF, raw));
    let mut was_gzip = false;
    for _ in 0..3 {
        let head = peek(&mut r)?;
        if container_of(&head) != Container::Gzip {
            break;
        }
        was_gzip = true;
        r = Box::new(BufReader::with_capacity(READ_BUF, MultiGzDecoder::new(r)));
    }
    Ok((r, was_gzip))
}

/// Detect the text encoding of a buffered stream and return a UTF-8 reader over it.
pub fn to_utf8(mut r: Box<dyn BufRead + Send>) -> io::Result<(Box<dyn BufRead + Send>, Encoding)> {
    let head: Vec<u8> = r.fill_buf()?.iter().take(64).copied().collect();
    let enc = detect_encoding(&head);
    let out: Box<dyn BufRead + Send> = match enc {
        Encoding::Utf8 => r,
        Encoding::Utf8Bom => {
            r.consume(3);
            r
        }
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let e = if enc == Encoding::Utf16Le {
                UTF_16LE
            } else {
                UTF_16BE
            };
            let decoder = DecodeReaderBytesBuilder::new()
                .encoding(Some(e))
                .bom_override(true)
                .build(r);
            Box::new(BufReader::with_capacity(READ_BUF, decoder))
        }
    };
    Ok((out, enc))
}

/// BOMs first; then the NUL pattern of BOM-less UTF-16 ASCII text.
pub fn detect_encoding(head: &[u8]) -> Encoding {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Encoding::Utf8Bom;
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return Encoding::Utf16Le;
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return Encoding::Utf16Be;
    }
    if head.len() >= 8 {
        let pairs = &head[..head.len() & !1];
        let even_nul = pairs.iter().step_by(2).filter(|&&b| b == 0).count();
        let odd_nul = pairs.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
        let half = pairs.len() / 2;
        if odd_nul == half && even_nul == 0 {
            return Encoding::Utf16Le;
        }
        if even_nul == half && odd_nul == 0 {
            return Encoding::Utf16Be;
        }
    }
    Encoding::Utf8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_by_bom_and_pattern() {
        assert_eq!(detect_encoding(b"\xEF\xBB\xBFabc"), Encoding::Utf8Bom);
        assert_eq!(detect_encoding(b"\xFF\xFEa\0b\0"), Encoding::Utf16Le);
        assert_eq!(detect_encoding(b"\xFE\xFF\0a\0b"), Encoding::Utf16Be);
        assert_eq!(detect_encoding(b"a\0b\0c\0d\0"), Encoding::Utf16Le);
        assert_eq!(detect_encoding(b"abcdefgh"), Encoding::Utf8);
    }

    #[test]
    fn utf16_le_is_transcoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for c in "a,b\r\n1,2\r\n".encode_utf16() {
            bytes.extend(c.to_le_bytes());
        }
        let (mut r, enc) = to_utf8(Box::new(BufReader::new(io::Cursor::new(bytes)))).unwrap();
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        assert_eq!(enc, Encoding::Utf16Le);
        assert_eq!(s, "a,b\r\n1,2\r\n");
    }

    #[test]
    fn gzip_is_unwrapped() {
        use flate2::{Compression, write::GzEncoder};
        use std::io::Write;
        let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
        gz.write_all(b"hello").unwrap();
        let data = gz.finish().unwrap();
        let (mut r, was) = ungzip(Box::new(io::Cursor::new(data))).unwrap();
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        assert!(was);
        assert_eq!(s, "hello");
    }
}
