//! `--parquet` (SPEC §11): timeline.parquet and findings.parquet hold the rows of
//! timeline.csv and findings.csv — same columns, same order, typed where the data is — and
//! are byte-identical whatever the thread count. Read back with the parquet crate's own
//! reader. A binary built without the `parquet` feature refuses the option.

#[cfg(feature = "parquet")]
mod with_support {
    use std::fs::File;
    use std::path::Path;

    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    use crate::util::{fixture, mailtrail};

    /// Run analyze over every fixture into a fresh directory.
    fn analyze(extra: &[&str]) -> tempfile::TempDir {
        let out = tempfile::tempdir().unwrap();
        let o = out.path().to_string_lossy().to_string();
        let dir = fixture("").to_string_lossy().to_string();
        let mut args = vec!["analyze", "-q", "--parquet", "-o", &o];
        args.extend_from_slice(extra);
        args.push(&dir);
        let r = mailtrail(&args);
        assert!(matches!(r.code, 0 | 1 | 3), "exit {}: {}", r.code, r.stderr);
        out
    }

    /// Header and rows of a CSV output, with the spreadsheet guard (a leading `'` before
    /// `= + - @`, tab or CR) taken off again: Parquet holds the plain text.
    fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
        let mut r = csv::Reader::from_path(path).unwrap();
        let header = r.headers().unwrap().iter().map(String::from).collect();
        let plain = |c: &str| match c.strip_prefix('\'') {
            Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
            _ => c.to_string(),
        };
        let rows = r
            .records()
            .map(|rec| rec.unwrap().iter().map(plain).collect())
            .collect();
        (header, rows)
    }

    /// Column names and rows of a Parquet output.
    fn read_parquet(path: &Path) -> (Vec<String>, Vec<Vec<Field>>) {
        let reader = SerializedFileReader::new(File::open(path).unwrap()).unwrap();
        let schema = reader.metadata().file_metadata().schema_descr();
        let names = schema
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        let rows = reader
            .get_row_iter(None)
            .unwrap()
            .map(|r| {
                r.unwrap()
                    .into_columns()
                    .into_iter()
                    .map(|(_, f)| f)
                    .collect()
            })
            .collect();
        (names, rows)
    }

    /// The CSV cell a Parquet value stands for.
    fn as_cell(f: &Field) -> String {
        match f {
            Field::Null => String::new(),
            Field::Str(s) => s.clone(),
            Field::Long(n) => n.to_string(),
            Field::Bool(b) => b.to_string(),
            Field::TimestampMillis(ms) => chrono::DateTime::from_timestamp_millis(*ms)
                .unwrap()
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            other => panic!("unexpected Parquet value {other:?}"),
        }
    }

    /// A column to compare cell by cell, and the Parquet values it may hold.
    type Checked<'a> = (&'a str, fn(&Field) -> bool);

    /// Same header, same number of rows, and every cell of `checked` columns the same.
    fn same_rows(dir: &Path, name: &str, checked: &[Checked]) {
        let (header, rows) = read_csv(&dir.join(format!("{name}.csv")));
        let (names, values) = read_parquet(&dir.join(format!("{name}.parquet")));
        assert_eq!(
            names, header,
            "{name}: Parquet columns differ from the CSV header"
        );
        assert_eq!(values.len(), rows.len(), "{name}: row counts differ");
        assert!(!rows.is_empty(), "{name}: the fixtures give rows");
        for (column, typed) in checked {
            let i = header.iter().position(|h| h == column).unwrap();
            for (csv_row, pq_row) in rows.iter().zip(&values) {
                assert!(typed(&pq_row[i]), "{name}.{column}: {:?}", pq_row[i]);
                assert_eq!(as_cell(&pq_row[i]), csv_row[i], "{name}.{column}");
            }
        }
    }

    #[test]
    fn parquet_files_hold_the_csv_rows() {
        let out = analyze(&["--threads", "2"]);
        let time = |f: &Field| matches!(f, Field::TimestampMillis(_));
        let opt_time = |f: &Field| matches!(f, Field::TimestampMillis(_) | Field::Null);
        let opt_int = |f: &Field| matches!(f, Field::Long(_) | Field::Null);
        let text = |f: &Field| matches!(f, Field::Str(_) | Field::Null);
        same_rows(
            out.path(),
            "timeline",
            &[
                ("datetime", time),
                ("user", text),
                ("asn", opt_int),
                ("source_line", |f| matches!(f, Field::Long(_))),
                ("attacker_activity", |f| matches!(f, Field::Bool(_))),
            ],
        );
        same_rows(
            out.path(),
            "findings",
            &[
                ("time_first", opt_time),
                ("time_last", opt_time),
                ("user", text),
                ("asn", opt_int),
                ("techniques", text),
            ],
        );
    }

    #[test]
    fn parquet_is_the_same_for_one_and_two_threads() {
        let one = analyze(&["--threads", "1"]);
        let two = analyze(&["--threads", "2"]);
        for f in ["timeline.parquet", "findings.parquet"] {
            let a = std::fs::read(one.path().join(f)).unwrap();
            let b = std::fs::read(two.path().join(f)).unwrap();
            assert!(a == b, "{f} differs between --threads 1 and 2");
        }
    }
}

#[cfg(not(feature = "parquet"))]
#[test]
fn parquet_is_refused_without_support() {
    use crate::util::{fixture, mailtrail};

    let out = tempfile::tempdir().unwrap();
    let o = out.path().join("out").to_string_lossy().to_string();
    let dir = fixture("").to_string_lossy().to_string();
    let r = mailtrail(&["analyze", "-q", "--parquet", "-o", &o, &dir]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("built without Parquet support"),
        "{}",
        r.stderr
    );
    assert!(!out.path().join("out").exists(), "refused before any work");
}
