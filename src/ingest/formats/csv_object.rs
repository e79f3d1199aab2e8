//! A CSV row as a JSON object, for shapes whose columns are the same fields as a JSON
//! export (Log Analytics tables, Graph audit CSV). Keys keep their names minus the
//! ` [UTC]` suffix; Log Analytics `X_dynamic`/`X_string` pairs become `X`.

use serde_json::{Map, Value};

use super::super::csv_header::CsvHeader;
use super::Cell;

/// Build an object from a row; empty cells are left out.
pub fn row_object(header: &CsvHeader, cells: &[Cell<'_>]) -> Value {
    let mut map = Map::with_capacity(cells.len());
    for (name, cell) in header.names.iter().zip(cells) {
        if cell.trim().is_empty() {
            continue;
        }
        let key = clean_key(name);
        map.entry(key)
            .or_insert_with(|| Value::String(cell.to_string()));
    }
    Value::Object(map)
}

fn clean_key(name: &str) -> String {
    let n = name.trim();
    let n = n.strip_suffix("[UTC]").map_or(n, str::trim_end);
    let n = n
        .strip_suffix("_dynamic")
        .or_else(|| n.strip_suffix("_string"))
        .unwrap_or(n);
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn la_columns_are_folded() {
        let h = CsvHeader::from_names(vec![
            "TimeGenerated [UTC]".into(),
            "DeviceDetail_dynamic".into(),
            "DeviceDetail_string".into(),
        ]);
        let v = row_object(&h, &["t".into(), "".into(), "{\"a\":1}".into()]);
        assert_eq!(v["TimeGenerated"], "t");
        assert_eq!(v["DeviceDetail"], "{\"a\":1}");
    }
}
