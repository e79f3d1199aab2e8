"""expected.tsv writer and the generator's self-check (every good CSV parses with csv, every
good JSON with json, record counts match expected.tsv, cross-file links hold)."""
import csv
import gzip
import io
import json
import os
import zipfile
import common
from ual_records import MIRROR_REQUEST_ID

TSV_HEADER = ["path", "format", "rows", "events", "rejected", "duplicates", "merged", "notes"]


def write_expected():
    lines = ["\t".join(TSV_HEADER)]
    for row in sorted(common.EXPECTED):
        lines.append("\t".join(str(x).replace("\t", " ").replace("\n", " ") for x in row))
    with open(os.path.join(common.ROOT, "expected.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def write_readme():
    import readme
    with open(os.path.join(common.ROOT, "README.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(readme.text(common.EXPECTED))


def raw(rel):
    if ".zip/" in rel:
        zpath, member = rel.split(".zip/")
        with zipfile.ZipFile(os.path.join(common.ROOT, zpath + ".zip")) as z:
            return z.read(member)
    with open(os.path.join(common.ROOT, rel), "rb") as f:
        data = f.read()
    return gzip.decompress(data) if rel.endswith(".gz") else data


def decode(data):
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le")
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8", errors="strict")


def json_docs(text):
    """All JSON values in text: one document, JSON lines, or documents back to back (with optional commas)."""
    dec, i, out = json.JSONDecoder(), 0, []
    while True:
        while i < len(text) and text[i] in " \t\r\n,":
            i += 1
        if i >= len(text):
            return out
        v, i = dec.raw_decode(text, i)
        out.append(v)


def count_records(docs):
    n = 0
    for d in docs:
        if isinstance(d, list):
            n += len(d)
        elif isinstance(d, dict) and "value" in d:
            n += len(d["value"])
        elif isinstance(d, dict) and "records" in d:
            n += len(d["records"])
        else:
            n += 1
    return n


def check_csv(rel, text, expected_rows, problems):
    lines = text.split("\r\n" if "\r\n" in text else "\n", 1)
    if lines[0].startswith("#TYPE"):
        text = lines[1]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, data = rows[0], rows[1:]
    if len(data) != expected_rows:
        problems.append("%s: %d data rows, expected %d" % (rel, len(data), expected_rows))
    for k, r in enumerate(data):
        if len(r) != len(header):
            problems.append("%s: row %d has %d cells, header %d" % (rel, k + 1, len(r), len(header)))
        for name in ("AuditData", "auditData"):
            if name in header:
                json.loads(r[header.index(name)])
    return header, data


def self_check():
    problems = []
    for rel, fmt, rows, events, rejected, dups, merged, notes in common.EXPECTED:
        if rel.startswith("bad/") or fmt == "unknown":
            continue
        try:
            text = decode(raw(rel))
            if rel.endswith(".csv"):
                check_csv(rel, text, rows, problems)
            else:
                docs = json_docs(text)
                n = count_records(docs)
                if n != rows:
                    problems.append("%s: %d JSON records, expected %d" % (rel, n, rows))
                if fmt == "ual-powershell-json" and rel.endswith(".jsonl"):
                    for d in docs:
                        assert isinstance(d["AuditData"], str)
                        json.loads(d["AuditData"])
        except Exception as e:  # noqa: BLE001
            problems.append("%s: %s: %s" % (rel, type(e).__name__, e))
    problems += check_bad() + check_links()
    # Only this generator's folders: scenarios/ and stories/ have generators of their own.
    own = [os.path.join(common.ROOT, d) for d in ("ual", "signin", "rules", "graph", "entra", "trace", "bad")]
    total = sum(os.path.getsize(os.path.join(dp, f)) for top in own for dp, _, fs in os.walk(top) for f in fs)
    if total >= 1024 * 1024:
        problems.append("format fixtures total %d bytes >= 1 MB" % total)
    return problems


def check_bad():
    p = []
    R = common.ROOT
    try:
        json.loads(open(os.path.join(R, "bad/truncated.json"), encoding="utf-8").read())
        p.append("bad/truncated.json parses")
    except json.JSONDecodeError:
        pass
    lines = open(os.path.join(R, "bad/truncated.jsonl"), encoding="utf-8").read().split("\n")
    try:
        json.loads(lines[-1])
        p.append("bad/truncated.jsonl last line parses")
    except json.JSONDecodeError:
        pass
    rows = list(csv.reader(open(os.path.join(R, "bad/ragged.csv"), encoding="utf-8-sig", newline="")))
    if sorted({len(r) for r in rows}) != [4, 8, 10]:
        p.append("bad/ragged.csv widths %s" % sorted({len(r) for r in rows}))
    raw_utf8 = open(os.path.join(R, "bad/invalid_utf8.csv"), "rb").read()
    try:
        raw_utf8.decode("utf-8")
        p.append("bad/invalid_utf8.csv is valid UTF-8")
    except UnicodeDecodeError:
        rows = list(csv.reader(io.StringIO(raw_utf8.decode("utf-8-sig", "replace"), newline="")))
        if len(rows) != 5:
            p.append("bad/invalid_utf8.csv rows %d" % len(rows))
    nul = open(os.path.join(R, "bad/nul_bytes.jsonl"), "rb").read()
    if nul.count(b"\x00") != 2:
        p.append("bad/nul_bytes.jsonl NULs %d" % nul.count(b"\x00"))
    if os.path.getsize(os.path.join(R, "bad/empty.csv")) != 0:
        p.append("bad/empty.csv not empty")
    if b"\x00" not in open(os.path.join(R, "bad/binary_junk.bin"), "rb").read():
        p.append("binary_junk has no NUL")
    return p


def check_links():
    p = []
    R = common.ROOT
    rows = list(csv.DictReader(open(os.path.join(R, "signin/InteractiveSignIns_2026-01-01_2026-01-08.csv"),
                                    encoding="utf-8-sig", newline="")))
    hit = [r for r in rows if r["Request ID"] == MIRROR_REQUEST_ID]
    first = json.loads(open(os.path.join(R, "ual/mgmt_api.jsonl"), encoding="utf-8").readline())
    if not hit or first["IntraSystemId"] != MIRROR_REQUEST_ID:
        p.append("mirrored sign-in link broken")
    elif hit[0]["Date (UTC)"] != first["CreationTime"] + "Z" or hit[0]["IP address"] != first["ClientIP"]:
        p.append("mirrored sign-in time/IP differ")
    ids1 = [json.loads(x)["Id"] for x in open(os.path.join(R, "ual/overlap_page1.jsonl"), encoding="utf-8")]
    ids2 = [json.loads(x)["Id"] for x in open(os.path.join(R, "ual/overlap_page2.jsonl"), encoding="utf-8")]
    if len(set(ids1) & set(ids2)) != 2:
        p.append("overlap pair shares %d ids" % len(set(ids1) & set(ids2)))
    return p
