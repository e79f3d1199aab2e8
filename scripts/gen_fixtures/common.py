"""Shared helpers for the mailtrail fixture generator.

Everything here is deterministic: identifiers come from uuid5 over fixed names,
times are fixed datetimes, archives use fixed timestamps.
"""
import csv
import datetime as dt
import gzip
import io
import json
import os
import uuid
import zipfile

UTC = dt.timezone.utc
NS = uuid.UUID("6d61696c-7472-6169-6c2d-666978747572")  # "mailtrail-fixtur"

# ---------------------------------------------------------------- tenants / people
CONTOSO_TENANT = "5f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f"
FABRIKAM_TENANT = "a7b8c9d0-e1f2-4a3b-9c4d-5e6f7a8b9c0d"
CONTOSO_ORG = "contoso.onmicrosoft.com"

VICTIM = "megan.bowen@contoso.com"
VICTIM_NAME = "Megan Bowen"
VICTIM_OID = "3c9a1f52-7b4e-4d08-a6e1-2f5b8c0d7e91"
ALEX = "alex.wilber@contoso.com"
ALEX_OID = "b2e4d6f8-1a3c-4e5f-8a9b-0c1d2e3f4a5b"
ADMIN = "admin@contoso.com"
ADMIN_OID = "0d9e8f7a-6b5c-4d3e-9f1a-2b3c4d5e6f70"
FAB_USER = "pradeep.gupta@fabrikam.com"
FAB_OID = "c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f"
ATTACKER_MAIL = "x@evil.example"

SYSTEM_ACTOR = "NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)"
SID_SYSTEM = "S-1-5-18"

# ---------------------------------------------------------------- IPs
HOME_IP = "198.51.100.23"        # victim's usual egress (documentation range)
OFFICE_IP = "192.0.2.10"         # office NAT (documentation range)
DO_IP = "159.203.1.1"            # DigitalOcean hosting (attacker)
OVH_IP = "51.38.1.1"             # OVH hosting (attacker)
DOC_ATTACK_IP = "203.0.113.45"   # documentation range, attacker proxy
V6_IP = "2001:db8::1"
V4MAPPED_IP = "::ffff:203.0.113.7"

# every ClientIP form the reader must accept (value, comment)
IP_FORMS = [
    ("159.203.1.1", "plain v4"),
    ("51.38.1.1:52344", "v4 with port"),
    ("[2001:db8::1]:443", "bracketed v6 with port"),
    ("2001:db8:85a3::8a2e:370:7334", "bare v6"),
    ("::ffff:203.0.113.7", "v4-mapped v6"),
    ("", "empty"),
    ("LOCAL", "unparsable"),
]

APP_OFFICE = ("4765445b-32c6-49b0-83e6-1d93765276ca", "OfficeHome")
APP_OWA = ("00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online")
APP_OUTLOOK = ("d3590ed6-52b3-4102-aeff-aad2292ab01c", "Microsoft Office")
APP_AZPS = ("1950a258-227b-4e31-a9cf-717495945fc2", "Microsoft Azure PowerShell")
APP_EVIL = ("9b0f7e3c-5d1a-4c2b-8e6f-7a8b9c0d1e2f", "Mail Backup Pro")
APP_GRAPH_RES = ("00000003-0000-0000-c000-000000000000", "Microsoft Graph")

UA_EDGE = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0")
UA_LINUX = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/119.0.0.0 Safari/537.36")
UA_PY = "python-requests/2.31.0"
UA_AXIOS = "axios/1.6.7"


def gid(*parts):
    """Deterministic GUID string from a name."""
    return str(uuid.uuid5(NS, "/".join(str(p) for p in parts)))


def t(s):
    """Parse 'YYYY-MM-DD HH:MM:SS[.ffffff]' as a UTC datetime."""
    fmt = "%Y-%m-%d %H:%M:%S.%f" if "." in s else "%Y-%m-%d %H:%M:%S"
    return dt.datetime.strptime(s, fmt).replace(tzinfo=UTC)


# ---------------------------------------------------------------- time formats
def iso(d, frac=0, z=False, sep="T", offset=None):
    """ISO 8601 with `frac` fraction digits (0..9), optional Z or offset string."""
    if offset:
        h, m = int(offset[1:3]), int(offset[4:6])
        delta = dt.timedelta(hours=h, minutes=m) * (1 if offset[0] == "+" else -1)
        d = d + delta
    s = d.strftime("%Y-%m-%d") + sep + d.strftime("%H:%M:%S")
    if frac:
        digits = "%06d" % d.microsecond + "000"
        s += "." + digits[:frac]
    if offset:
        s += offset
    elif z:
        s += "Z"
    return s


def us_time(d):
    """`9/20/2023 4:05:03 AM`"""
    h = d.hour % 12 or 12
    return "%d/%d/%d %d:%02d:%02d %s" % (d.month, d.day, d.year, h, d.minute, d.second,
                                         "AM" if d.hour < 12 else "PM")


def la_time(d):
    """Log Analytics export: `4/28/2021, 2:08:45.221 PM`"""
    h = d.hour % 12 or 12
    return "%d/%d/%d, %d:%02d:%02d.%03d %s" % (d.month, d.day, d.year, h, d.minute, d.second,
                                               d.microsecond // 1000,
                                               "AM" if d.hour < 12 else "PM")


def dmy_time(d):
    """Day-first culture (en-GB): `20/09/2023 16:05:03`"""
    return d.strftime("%d/%m/%Y %H:%M:%S")


def ms_date(d):
    """PowerShell 5.1 DateTime in JSON, already escaped: \\/Date(ms)\\/"""
    return "\\/Date(%d)\\/" % (int(d.timestamp() * 1000))


# ---------------------------------------------------------------- writers
ROOT = None           # set by the entry script: <repo>/fixtures
EXPECTED = []         # rows for expected.tsv


def path(rel):
    p = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def register(rel, fmt, rows, events, rejected=0, dups=0, merged=0, notes=""):
    EXPECTED.append((rel, fmt, rows, events, rejected, dups, merged, notes))


def write_bytes(rel, data):
    with open(path(rel), "wb") as f:
        f.write(data)


def csv_text(header, rows, eol="\r\n", quote_all=False):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=eol,
                   quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    if header is not None:
        w.writerow(header)
    for r in rows:
        w.writerow(r)
    return buf.getvalue()


def encode(text, enc):
    """enc: utf8, utf8bom, utf16le, utf16be (the UTF-16 ones always with BOM)."""
    if enc == "utf8":
        return text.encode("utf-8")
    if enc == "utf8bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if enc == "utf16le":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if enc == "utf16be":
        return b"\xfe\xff" + text.encode("utf-16-be")
    raise ValueError(enc)


def jdump(obj):
    """Compact JSON as the Management API emits it."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def jsonl(objs, eol="\n"):
    return "".join(jdump(o) + eol for o in objs)


def gzip_bytes(data):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as g:
        g.write(data)
    return buf.getvalue()


def zip_bytes(members):
    """members: list of (name, bytes). Fixed timestamps, fixed order."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            zi = zipfile.ZipInfo(name, date_time=(2026, 1, 24, 6, 54, 24))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)
    return buf.getvalue()


# ---------------------------------------------------------------- PowerShell ConvertTo-Json layout
def _ps_scalar(v):
    return json.dumps(v, ensure_ascii=False)


def ps_json(v, col=0):
    """Windows PowerShell 5.1 ConvertTo-Json layout: `"key":  value`, nested blocks
    indented 4 columns past the column where their opening bracket sits, empty
    arrays as `[` blank line `]`."""
    pad = " " * col
    if isinstance(v, dict):
        if not v:
            return "{\n\n" + pad + "}"
        lines = []
        for k, x in v.items():
            head = pad + "    " + json.dumps(k) + ":  "
            lines.append(head + ps_json(x, len(head)))
        return "{\n" + ",\n".join(lines) + "\n" + pad + "}"
    if isinstance(v, list):
        if not v:
            return "[\n\n" + pad + "]"
        inner = pad + "    "
        return "[\n" + ",\n".join(inner + ps_json(x, len(inner)) for x in v) + "\n" + pad + "]"
    return _ps_scalar(v)
