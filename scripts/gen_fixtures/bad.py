"""Intentionally broken or unrecognisable inputs, and the optional --big file."""
import json
import os
from common import csv_text, encode, jdump, jsonl, register, us_time, write_bytes
from ual_csv import PURVIEW_HEADER, purview_date, purview_rows
from ual_records import catalogue


def lcg_bytes(n, seed=0x6d61696c):
    """Deterministic pseudo-random bytes (no dependence on the random module's algorithm)."""
    out, x = bytearray(), seed
    for i in range(n):
        x = (1103515245 * x + 12345) & 0x7FFFFFFF
        out.append(0 if i % 17 == 5 else (x >> 16) & 0xFF)
    return bytes(out)


def gen():
    recs = [r for _, r in catalogue("bad-json", "2026-01-08 10:00:00")[:3]]
    text = json.dumps(recs, indent=2)
    cut = text.index('"Operation"', text.index(recs[2]["Id"]))      # inside the 3rd record
    write_bytes("bad/truncated.json", encode(text[:cut], "utf8"))
    register("bad/truncated.json", "ual-json", 3, 2, rejected=1,
             notes="array cut mid-record after 2 good records: keep both, reject the partial third (unexpected EOF)")

    recs = [r for _, r in catalogue("bad-jsonl", "2026-01-08 11:00:00")[:5]]
    text = jsonl(recs)
    write_bytes("bad/truncated.jsonl", encode(text[:len(text) - 120], "utf8"))
    register("bad/truncated.jsonl", "ual-json", 5, 4, rejected=1, notes="last line cut (no closing brace, no newline)")

    pairs = catalogue("bad-ragged", "2026-01-08 12:00:00")[:7]
    rows = purview_rows(pairs, purview_date)
    rows[2] = rows[2] + ["extra-cell", "another"]
    rows[4] = rows[4][:4]
    write_bytes("bad/ragged.csv", encode(csv_text(PURVIEW_HEADER, rows), "utf8bom"))
    register("bad/ragged.csv", "ual-purview-csv", 7, 5, rejected=2,
             notes="row 3 has 10 cells (too many), row 5 has 4 cells (too few, no AuditData): field count mismatch")

    pairs = catalogue("bad-notjson", "2026-01-08 13:00:00")[:4]
    rows = purview_rows(pairs, purview_date)
    rows[1][5] = "{not json"
    write_bytes("bad/audit_data_not_json.csv", encode(csv_text(PURVIEW_HEADER, rows), "utf8bom"))
    register("bad/audit_data_not_json.csv", "ual-purview-csv", 4, 3, rejected=1,
             notes="row 2 AuditData is '{not json': AuditData not valid JSON")

    recs = [r for _, r in catalogue("bad-ts", "2026-01-08 14:00:00")[:5]]
    recs[3]["CreationTime"] = "yesterday"
    write_bytes("bad/bad_timestamp.jsonl", encode(jsonl(recs), "utf8"))
    register("bad/bad_timestamp.jsonl", "ual-json", 5, 4, rejected=1, notes="line 4 CreationTime 'yesterday': unparsable time")

    recs = [r for _, r in catalogue("bad-noop", "2026-01-08 15:00:00")[2:7]]
    del recs[2]["Operation"]
    write_bytes("bad/missing_operation.jsonl", encode(jsonl(recs), "utf8"))
    register("bad/missing_operation.jsonl", "ual-json", 5, 4, rejected=1, notes="line 3 has no Operation field")

    write_bytes("bad/empty.csv", b"")
    register("bad/empty.csv", "unknown", 0, 0, notes="0 bytes: empty file, nothing to sniff")
    write_bytes("bad/header_only.csv", encode(csv_text(PURVIEW_HEADER, []), "utf8bom"))
    register("bad/header_only.csv", "ual-purview-csv", 0, 0, notes="Purview header, no data rows (valid, zero events)")
    write_bytes("bad/binary_junk.bin", lcg_bytes(300))
    register("bad/binary_junk.bin", "unknown", 0, 0, notes="300 pseudo-random bytes with NULs: not text, skipped")

    pairs = catalogue("bad-utf8", "2026-01-08 16:00:00")[8:12]
    rows = purview_rows(pairs, purview_date)
    data = encode(csv_text(PURVIEW_HEADER, rows), "utf8bom")
    needle = b"Updated banking details"
    assert data.count(needle) == 1
    data = data.replace(needle, b"Updated banking d\xe9tails \xff\xfe\xc3(", 1)
    write_bytes("bad/invalid_utf8.csv", data)
    register("bad/invalid_utf8.csv", "ual-purview-csv", 4, 4,
             notes="row 2 Item.Subject holds invalid UTF-8 (\\xe9, \\xff\\xfe, \\xc3(): bytes replaced and counted, row kept")

    recs = [r for _, r in catalogue("bad-nul", "2026-01-08 17:00:00")[2:7]]
    lines = [jdump(r) for r in recs]
    lines[1] = lines[1].replace(',"Operation"', ',\x00\x00"Operation"', 1)
    write_bytes("bad/nul_bytes.jsonl", encode("\n".join(lines) + "\n", "utf8"))
    register("bad/nul_bytes.jsonl", "ual-json", 5, 4, rejected=1,
             notes="line 2 has two NUL bytes between JSON tokens (outside any string): invalid JSON line")

    write_bytes("bad/unknown_format.csv", b"Name,Age,City\r\nAda,36,London\r\nGrace,45,Arlington\r\nLinus,28,Helsinki\r\n")
    register("bad/unknown_format.csv", "unknown", 0, 0,
             notes="Name,Age,City header + 3 lines: unrecognised format, file skipped (exit 3; fatal with --strict); "
                   "rows 0 because nothing is read")


def gen_hostile():
    """The small cases of tests/hostile.rs that are worth a real file (issue 12)."""
    pairs = catalogue("bad-utf16", "2026-01-08 18:00:00")[:4]
    text = csv_text(PURVIEW_HEADER, purview_rows(pairs, purview_date))
    write_bytes("bad/utf16le_no_bom.csv", text.encode("utf-16-le"))
    register("bad/utf16le_no_bom.csv", "ual-purview-csv", 4, 4,
             notes="UTF-16 LE without a BOM (some collection scripts write one): detected by the NUL pattern, read whole")

    pairs = catalogue("bad-excel", "2026-01-08 19:00:00")[:4]
    write_bytes("bad/excel_resaved.csv", encode(csv_text(PURVIEW_HEADER, purview_rows(pairs, us_time)), "utf8"))
    register("bad/excel_resaved.csv", "ual-purview-csv", 4, 4,
             notes="Purview CSV re-saved by Excel: CreationDate as 'M/D/YYYY h:mm:ss AM/PM', only cells that need quotes "
                   "quoted, no BOM; times still come from AuditData's ISO CreationTime")

    pairs = catalogue("bad-excelcut", "2026-01-08 20:00:00")[:3]
    pairs[1][1]["Blob"] = "z" * 40000
    rows = purview_rows(pairs, purview_date)
    rows[1][5] = rows[1][5][:32767]
    write_bytes("bad/excel_truncated.csv", encode(csv_text(PURVIEW_HEADER, rows), "utf8bom"))
    register("bad/excel_truncated.csv", "ual-purview-csv", 3, 2, rejected=1,
             notes="row 2 AuditData cut at 32,767 characters (Excel's cell limit) inside a string: AuditData not valid JSON")


def write_big(directory):
    """Purview CSV whose second row carries a 10 MB AuditData cell (a huge Parameters value)."""
    os.makedirs(directory, exist_ok=True)
    pairs = catalogue("big", "2026-01-09 10:00:00")[1:4]
    pairs[1][1]["Parameters"].append({"Name": "SubjectOrBodyContainsWords",
                                      "Value": ";".join("keyword%07d" % i for i in range(10 * 1024 * 1024 // 15))})
    p = os.path.join(directory, "big_auditdata.csv")
    with open(p, "wb") as f:
        f.write(encode(csv_text(PURVIEW_HEADER, purview_rows(pairs, purview_date)), "utf8bom"))
    return p


def generate():
    gen()
    gen_hostile()
