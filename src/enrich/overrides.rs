//! User-supplied data that wins over the embedded tables (SPEC §5 "Overrides"):
//! `--asn-db` (GeoLite2-ASN `.mmdb`, iptoasn TSV, or CSV with CIDR or start/end
//! columns), `--hosting-asns` (CSV `asn,class`) and `--geo-db` (GeoLite2 Country/City
//! `.mmdb`). Files are sniffed by content, never by extension.
//!
//! Loading only: every bad row is an error naming `file:line`. Precedence between
//! these and the embedded data is decided by the `Enricher`.

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::Path;

use serde::Deserialize;

use super::classify::parse_class;
use super::range_table::RangeTable;
use super::{EnrichError, NetClass};

/// Marker that starts the metadata section of every MaxMind DB file.
const MMDB_MARKER: &[u8] = b"\xab\xcd\xefMaxMind.com";

/// A user-supplied IP→ASN database.
pub enum AsnDb {
    /// GeoLite2-ASN (or compatible) MaxMind DB.
    Mmdb(maxminddb::Reader<Vec<u8>>),
    /// A CSV/TSV file turned into a range table; values index `entries` (1-based).
    Table {
        /// The ranges.
        ranges: RangeTable,
        /// `(asn, organisation)` per value index.
        entries: Vec<(u32, Option<String>)>,
    },
}

/// A user-supplied IP→country MaxMind DB.
pub struct GeoDb(maxminddb::Reader<Vec<u8>>);

#[derive(Deserialize)]
struct IsoCode<'a> {
    #[serde(borrow)]
    iso_code: Option<&'a str>,
}

/// The fields we read from GeoLite2 Country/City records (and ip-location-db's
/// country mmdb files, which use a flat `country_code`).
#[derive(Deserialize)]
struct GeoRecord<'a> {
    #[serde(borrow)]
    country: Option<IsoCode<'a>>,
    #[serde(borrow)]
    registered_country: Option<IsoCode<'a>>,
    #[serde(borrow)]
    country_code: Option<&'a str>,
}

fn read(flag: &'static str, path: &Path) -> Result<Vec<u8>, EnrichError> {
    std::fs::read(path).map_err(|source| EnrichError::Read {
        flag,
        path: path.into(),
        source,
    })
}

fn open_mmdb(
    flag: &'static str,
    path: &Path,
    bytes: Vec<u8>,
) -> Result<maxminddb::Reader<Vec<u8>>, EnrichError> {
    maxminddb::Reader::from_source(bytes).map_err(|e| EnrichError::Mmdb {
        flag,
        path: path.into(),
        expected: expected(flag),
        reason: e.to_string(),
    })
}

/// Rejects a MaxMind DB whose `database_type` does not mention any of `kinds`
/// (e.g. a Country database given to `--asn-db`), which would otherwise silently
/// answer nothing.
fn check_kind(
    flag: &'static str,
    path: &Path,
    reader: maxminddb::Reader<Vec<u8>>,
    kinds: &[&str],
) -> Result<maxminddb::Reader<Vec<u8>>, EnrichError> {
    let db_type = reader.metadata().database_type.to_ascii_lowercase();
    if kinds.iter().any(|k| db_type.contains(k)) {
        return Ok(reader);
    }
    Err(EnrichError::Mmdb {
        flag,
        path: path.into(),
        expected: expected(flag),
        reason: format!(
            "database type '{}' is not one of: {}",
            reader.metadata().database_type,
            kinds.join(", ")
        ),
    })
}

/// What each flag accepts, for error messages.
fn expected(flag: &str) -> &'static str {
    if flag == "--geo-db" {
        "a GeoLite2 Country or City .mmdb"
    } else {
        "a GeoLite2-ASN .mmdb, an iptoasn TSV or a CSV (network,asn,org)"
    }
}

fn is_mmdb(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(128 * 1024)..];
    tail.windows(MMDB_MARKER.len()).any(|w| w == MMDB_MARKER)
}

impl AsnDb {
    /// Opens `path`: a MaxMind DB if it has the MaxMind metadata marker, else text.
    pub fn open(path: &Path) -> Result<AsnDb, EnrichError> {
        let bytes = read("--asn-db", path)?;
        if is_mmdb(&bytes) {
            let reader = open_mmdb("--asn-db", path, bytes)?;
            return check_kind("--asn-db", path, reader, &["asn"]).map(AsnDb::Mmdb);
        }
        load_asn_text(path, &bytes)
    }

    /// ASN and organisation for `ip`, when the file has them.
    pub fn lookup(&self, ip: IpAddr) -> Option<(u32, Option<String>)> {
        match self {
            AsnDb::Mmdb(reader) => {
                let found = reader.lookup(ip).ok()?;
                let rec: maxminddb::geoip2::Asn = found.decode().ok()??;
                let org = rec.autonomous_system_organization.map(str::to_owned);
                rec.autonomous_system_number
                    .filter(|&a| a != 0)
                    .map(|a| (a, org))
            }
            AsnDb::Table { ranges, entries } => {
                let idx = (ranges.value(ip) as usize).checked_sub(1)?;
                entries.get(idx).cloned()
            }
        }
    }
}

impl GeoDb {
    /// Opens a GeoLite2 Country/City (or compatible) MaxMind DB.
    pub fn open(path: &Path) -> Result<GeoDb, EnrichError> {
        let bytes = read("--geo-db", path)?;
        if !is_mmdb(&bytes) {
            return Err(EnrichError::Mmdb {
                flag: "--geo-db",
                path: path.into(),
                expected: expected("--geo-db"),
                reason: "no MaxMind DB metadata marker found".into(),
            });
        }
        let reader = open_mmdb("--geo-db", path, bytes)?;
        check_kind("--geo-db", path, reader, &["country", "city"]).map(GeoDb)
    }

    /// ISO country code of `ip` (located country, else registered country).
    pub fn lookup(&self, ip: IpAddr) -> Option<String> {
        let found = self.0.lookup(ip).ok()?;
        let rec: GeoRecord = found.decode().ok()??;
        let code = rec
            .country
            .and_then(|c| c.iso_code)
            .or(rec.country_code)
            .or(rec.registered_country.and_then(|c| c.iso_code))?;
        Some(code.to_ascii_uppercase()).filter(|c| c.len() == 2 && c != "ZZ")
    }
}

/// Parses the ASN part of a cell: `13335` or `AS13335`.
fn parse_asn(text: &str) -> Option<u32> {
    let t = text.trim();
    let t = t
        .strip_prefix("AS")
        .or_else(|| t.strip_prefix("as"))
        .unwrap_or(t);
    t.parse().ok()
}

/// Parses `a.b.c.d/len` or `v6/len` into an inclusive integer range.
fn parse_cidr(text: &str) -> Option<(IpAddr, u128, u128)> {
    let (addr, len) = text.trim().split_once('/')?;
    let addr: IpAddr = addr.parse().ok()?;
    let len: u32 = len.parse().ok()?;
    let (bits, n) = match addr {
        IpAddr::V4(v4) => (32, u128::from(u32::from(v4))),
        IpAddr::V6(v6) => (128, u128::from(v6)),
    };
    if len > bits {
        return None;
    }
    let host = if len == bits {
        0
    } else {
        (1u128 << (bits - len)) - 1
    };
    Some((addr, n & !host, (n & !host) | host))
}

fn ip_int(text: &str) -> Option<(bool, u128)> {
    match text.trim().parse::<IpAddr>().ok()? {
        IpAddr::V4(v4) => Some((true, u128::from(u32::from(v4)))),
        IpAddr::V6(v6) => Some((false, u128::from(v6))),
    }
}

/// One parsed row of a text ASN database.
struct AsnRow {
    v4: bool,
    start: u128,
    end: u128,
    asn: u32,
    org: Option<String>,
}

/// Reads `network,asn[,org]`, `start,end,asn[,org]` (CSV) or iptoasn
/// `start<TAB>end<TAB>asn<TAB>country<TAB>name` rows; one header row is allowed.
fn parse_asn_row(fields: &[&str], tsv: bool) -> Result<Option<AsnRow>, String> {
    let first = fields.first().copied().unwrap_or("");
    let (v4, start, end, rest) = if let Some((addr, s, e)) = parse_cidr(first) {
        (addr.is_ipv4(), s, e, &fields[1..])
    } else {
        let (fam, s) =
            ip_int(first).ok_or_else(|| format!("not an IP address or CIDR: '{first}'"))?;
        let second = fields.get(1).copied().unwrap_or("");
        let (fam2, e) = ip_int(second).ok_or_else(|| format!("not an IP address: '{second}'"))?;
        if fam != fam2 || e < s {
            return Err(format!("bad range '{first}' - '{second}'"));
        }
        (fam, s, e, &fields[2..])
    };
    let asn_text = rest.first().copied().unwrap_or("");
    let asn = parse_asn(asn_text).ok_or_else(|| format!("not an AS number: '{asn_text}'"))?;
    // iptoasn puts the country before the name.
    let org_col = if tsv { 2 } else { 1 };
    let org = rest
        .get(org_col)
        .map(|o| o.trim().to_owned())
        .filter(|o| !o.is_empty());
    // ASN 0 is iptoasn's "Not routed": no data, not an error.
    Ok((asn != 0).then_some(AsnRow {
        v4,
        start,
        end,
        asn,
        org,
    }))
}

fn text_reader(bytes: &[u8], tsv: bool) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .delimiter(if tsv { b'\t' } else { b',' })
        .quoting(!tsv)
        .from_reader(bytes)
}

/// 1-based line of a CSV record, or of the position where reading it failed.
fn record_line(record: &Result<csv::StringRecord, csv::Error>) -> u64 {
    let pos = match record {
        Ok(r) => r.position(),
        Err(e) => e.position(),
    };
    pos.map_or(0, csv::Position::line)
}

fn bad_row(flag: &'static str, path: &Path, line: u64, reason: String) -> EnrichError {
    EnrichError::BadRow {
        flag,
        path: path.into(),
        line,
        reason,
    }
}

fn load_asn_text(path: &Path, bytes: &[u8]) -> Result<AsnDb, EnrichError> {
    let tsv = bytes
        .split(|&b| b == b'\n')
        .find(|l| !l.is_empty() && l[0] != b'#')
        .is_some_and(|l| l.contains(&b'\t'));
    let mut index: HashMap<(u32, Option<String>), u32> = HashMap::new();
    let mut entries = Vec::new();
    let (mut v4, mut v6) = (Vec::new(), Vec::new());
    for (n, record) in text_reader(bytes, tsv).records().enumerate() {
        let line = record_line(&record);
        let record = record.map_err(|e| bad_row("--asn-db", path, line, e.to_string()))?;
        let fields: Vec<&str> = record.iter().collect();
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let row = match parse_asn_row(&fields, tsv) {
            Ok(row) => row,
            Err(_) if n == 0 => continue, // a header row
            Err(reason) => return Err(bad_row("--asn-db", path, line, reason)),
        };
        let Some(row) = row else { continue };
        let key = (row.asn, row.org);
        let next = u32::try_from(entries.len() + 1).unwrap_or(u32::MAX);
        let value = *index.entry(key.clone()).or_insert_with(|| {
            entries.push(key);
            next
        });
        if row.v4 {
            v4.push((row.start as u32, row.end as u32, value));
        } else {
            v6.push((row.start, row.end, value));
        }
    }
    if entries.is_empty() {
        return Err(EnrichError::Empty {
            flag: "--asn-db",
            path: path.into(),
            expected: "a GeoLite2-ASN .mmdb, an iptoasn TSV, or CSV rows `network,asn,org`",
        });
    }
    Ok(AsnDb::Table {
        ranges: RangeTable::from_ranges(v4, v6),
        entries,
    })
}

/// Loads a `--hosting-asns` CSV: `asn,class` (header optional; with a header the
/// columns may be named `asn` and `class`, `category` or `network_class`).
pub fn load_hosting_asns(path: &Path) -> Result<HashMap<u32, NetClass>, EnrichError> {
    let bytes = read("--hosting-asns", path)?;
    let mut out = HashMap::new();
    let mut cols = (0usize, 1usize);
    for (n, record) in text_reader(&bytes, false).records().enumerate() {
        let line = record_line(&record);
        let record = record.map_err(|e| bad_row("--hosting-asns", path, line, e.to_string()))?;
        let cell = |i: usize| record.get(i).unwrap_or("").trim();
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if n == 0 && parse_asn(cell(0)).is_none() {
            cols = header_columns(&record);
            continue;
        }
        let asn = parse_asn(cell(cols.0)).ok_or_else(|| {
            bad_row(
                "--hosting-asns",
                path,
                line,
                format!("not an AS number: '{}'", cell(cols.0)),
            )
        })?;
        let class = parse_class(cell(cols.1))
            .filter(|c| !matches!(c, NetClass::Private | NetClass::Reserved));
        let class = class.ok_or_else(|| {
            let reason = format!(
                "unknown class '{}' (expected hosting, vpn, proxy, cloud, microsoft, security-vendor, isp or unknown)",
                cell(cols.1)
            );
            bad_row("--hosting-asns", path, line, reason)
        })?;
        out.insert(asn, class);
    }
    Ok(out)
}

fn header_columns(header: &csv::StringRecord) -> (usize, usize) {
    let find = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.contains(&h.trim().to_ascii_lowercase().as_str()))
    };
    let asn = find(&["asn", "as", "as_number", "autonomous_system_number"]).unwrap_or(0);
    let class = find(&["class", "category", "network_class"]).unwrap_or(1);
    (asn, class)
}

/// `override:<file name>`, the reason shown for classes that came from `path`.
pub fn override_reason(path: &Path) -> String {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    format!("override:{name}")
}
