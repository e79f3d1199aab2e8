"""UAL CSV shapes: Purview (new), classic compliance portal, PowerShell Export-Csv."""
import datetime as dt
from common import (ALEX, VICTIM, csv_text, dmy_time, encode, gid, iso, jdump, register,
                    us_time, write_bytes)
from ual_records import catalogue

RT_NAME = {1: "ExchangeAdmin", 2: "ExchangeItem", 3: "ExchangeItemGroup", 6: "SharePointFileOperation",
           8: "AzureActiveDirectory", 15: "AzureActiveDirectoryStsLogon", 50: "ExchangeItemAggregated"}
PURVIEW_HEADER = ["RecordId", "CreationDate", "RecordType", "Operation", "UserId", "AuditData",
                  "AssociatedAdminUnits", "AssociatedAdminUnitsNames"]
PS_HEADER = ["RunspaceId", "RecordType", "CreationDate", "UserIds", "Operations", "AuditData",
             "ResultIndex", "ResultCount", "Identity", "IsValid", "ObjectState"]


def mangle_user(rec, form):
    """User-id quirks: mixed case and stray spaces, in both the column and AuditData."""
    rec["UserId"] = form
    return form


def purview_rows(recs, date_fn, numeric_every=0):
    rows = []
    for i, (when, r) in enumerate(recs):
        rt = r["RecordType"]
        rtype = str(rt) if numeric_every and i % numeric_every == 0 else RT_NAME[rt]
        rows.append([r["Id"], date_fn(when), rtype, r["Operation"], r["UserId"], jdump(r), "", ""])
    return rows


def purview_date(when):
    return iso(when, 7, z=True) + " "          # trailing space is real


def purview_csv_bytes(recs):
    return encode(csv_text(PURVIEW_HEADER, purview_rows(recs, purview_date, numeric_every=4)), "utf8bom")


def gen_purview():
    recs = catalogue("purview", "2026-01-03 21:54:24")[:27]
    mangle_user(recs[3][1], "Megan.Bowen@Contoso.com")
    mangle_user(recs[7][1], " megan.bowen@contoso.com ")
    mangle_user(recs[10][1], "MEGAN.BOWEN@CONTOSO.COM")
    # one ExchangeItem row with a multi-line AuditData cell (pretty JSON keeps its newlines in the quoted cell)
    rows = purview_rows(recs, purview_date, numeric_every=4)
    rows[12][5] = __import__("json").dumps(recs[12][1], indent=2).replace("\n", "\r\n")
    write_bytes("ual/purview_audit_search.csv", encode(csv_text(PURVIEW_HEADER, rows), "utf8bom"))
    register("ual/purview_audit_search.csv", "ual-purview-csv", len(rows), len(rows),
             notes="UTF-8 BOM, CRLF; CreationDate 7 fraction digits + trailing space; RecordType names and "
                   "numbers; mixed-case/space-padded UserIds; one AuditData cell pretty-printed over several lines")

    us = catalogue("purview-us", "2026-01-04 16:05:03")[20:34]
    rows = purview_rows(us, us_time, numeric_every=1)
    write_bytes("ual/purview_us_dates.csv", encode(csv_text(PURVIEW_HEADER, rows, eol="\n"), "utf8"))
    register("ual/purview_us_dates.csv", "ual-purview-csv", len(rows), len(rows),
             notes="US 'M/D/YYYY h:mm:ss AM/PM' CreationDate, numeric RecordType, LF, no BOM; "
                   "incl. NT AUTHORITY\\SYSTEM and S-1-5-18 actors")


def gen_classic():
    recs = catalogue("classic", "2026-01-05 04:05:03")[:14]
    rows = [[iso(w, 7, z=True), r["UserId"], r["Operation"], jdump(r)] for w, r in recs]
    write_bytes("ual/classic_compliance.csv",
                encode(csv_text(["CreationDate", "UserIds", "Operations", "AuditData"], rows), "utf8"))
    register("ual/classic_compliance.csv", "ual-classic-csv", len(rows), len(rows),
             notes="CreationDate YYYY-MM-DDThh:mm:ss.0000000Z; plural UserIds/Operations")


def shift(recs, from_index, days):
    out = []
    for i, (w, r) in enumerate(recs):
        if i >= from_index:
            w = w + dt.timedelta(days=days)
            r["CreationTime"] = iso(w)
        out.append((w, r))
    return out


def ps_rows(recs, date_fn, runspace):
    n = len(recs)
    return [[runspace, RT_NAME[r["RecordType"]], date_fn(w), r["UserId"], r["Operation"], jdump(r),
             str(i + 1), str(n), r["Id"], "True", "Unchanged"] for i, (w, r) in enumerate(recs)]


def gen_powershell():
    recs = shift(catalogue("ps", "2026-01-04 16:05:03")[:16], 8, 11)   # later half on 15 Jan: day 15 > 12
    mangle_user(recs[2][1], "Megan.Bowen@contoso.com")
    rows = ps_rows(recs, dmy_time, gid("runspace", 1))
    text = "#TYPE Deserialized.Microsoft.Exchange.Management.SystemConfigurationTasks.AuditRecord\r\n"
    text += csv_text(PS_HEADER, rows, quote_all=True)
    write_bytes("ual/powershell_export.csv", encode(text, "utf16le"))
    register("ual/powershell_export.csv", "ual-powershell-csv", len(rows), len(rows),
             notes="UTF-16 LE BOM, CRLF, #TYPE line, all cells quoted; day-first CreationDate "
                   "(04/01/2026 ambiguous, 15/01/2026 settles dmy)")

    be = catalogue("ps-be", "2026-01-06 09:15:00")[2:7]
    rows = [r[1:] for r in ps_rows(be, us_time, "")]
    text = csv_text(PS_HEADER[1:], rows, quote_all=True)
    write_bytes("ual/powershell_export_utf16be.csv", encode(text, "utf16be"))
    register("ual/powershell_export_utf16be.csv", "ual-powershell-csv", len(rows), len(rows),
             notes="UTF-16 BE BOM, no #TYPE line, no RunspaceId, en-US CreationDate")


def generate():
    gen_purview()
    gen_classic()
    gen_powershell()


_ = (ALEX, VICTIM)
