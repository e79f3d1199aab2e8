"""UAL JSON shapes: Management Activity API (array, JSONL, concatenated arrays, lower-cased keys,
gzip), Extractor cmdlet wrappers (JSON / JSONL), Graph audit search records (JSON / CSV),
and the overlapping page pair."""
import json
from common import (CONTOSO_TENANT, IP_FORMS, csv_text, encode, gid, gzip_bytes, iso, jdump, jsonl,
                    ms_date, ps_json, register, t, write_bytes)
from ual_csv import RT_NAME
from ual_records import catalogue, mirrored_logon, set_ip

GRAPH_RT = {1: "exchangeAdmin", 2: "exchangeItem", 3: "exchangeItemGroup", 6: "sharePointFileOperation",
            8: "azureActiveDirectory", 15: "azureActiveDirectoryStsLogon", 50: "exchangeItemAggregated"}
GRAPH_SERVICE = {"Exchange": "Exchange", "AzureActiveDirectory": "AzureActiveDirectory", "SharePoint": "SharePoint"}
GRAPH_COLS = ["id", "createdDateTime", "auditLogRecordType", "operation", "organizationId", "userType", "userId",
              "service", "objectId", "userPrincipalName", "clientIp", "administrativeUnits", "auditData"]
USER_TYPE = {0: "regular", 2: "admin", 4: "system"}


def recs_only(pairs):
    return [r for _, r in pairs]


def gen_mgmt():
    # pretty array, CRLF; three IP forms spread over the first rows of each workload
    pairs = catalogue("mgmt-array", "2026-01-02 18:30:00")[:20]
    for k, (_, r) in enumerate(pairs):
        set_ip(r, IP_FORMS[k % 3][0])
    text = json.dumps(recs_only(pairs), indent=4, ensure_ascii=False).replace("\n", "\r\n") + "\r\n"
    write_bytes("ual/mgmt_api_array.json", encode(text, "utf8"))
    register("ual/mgmt_api_array.json", "ual-json", 20, 20,
             notes="pretty JSON array, CRLF; IPs a.b.c.d, a.b.c.d:port, [v6]:port in ClientIP/ClientIPAddress/ActorIpAddress")

    # JSONL: time-format zoo + remaining IP forms + the mirrored UserLoggedIn
    pairs = catalogue("mgmt-jsonl", "2026-01-04 09:40:00.123456")[2:22]
    time_forms = [dict(z=True), dict(offset="+02:00"), dict(sep=" "), dict(frac=3), dict(frac=7, z=True),
                  dict(frac=9), dict(frac=3, z=True, sep=" "), dict(frac=7, offset="+02:00"), dict()]
    for k, (w, r) in enumerate(pairs):
        r["CreationTime"] = iso(w, **time_forms[k % len(time_forms)])
        set_ip(r, IP_FORMS[3 + k % 4][0])
    recs = recs_only(pairs)
    recs.insert(0, mirrored_logon())
    write_bytes("ual/mgmt_api.jsonl", encode(jsonl(recs), "utf8"))
    register("ual/mgmt_api.jsonl", "ual-json", len(recs), len(recs) - 1, merged=1,
             notes="JSON lines; line 1 merged into its Entra sign-in (counted as merged, not as a duplicate); CreationTime with Z, +02:00, space separator, 0/3/7/9 fraction digits; "
                   "IPs bare v6, ::ffff:v4, empty, LOCAL; line 1 UserLoggedIn IntraSystemId=%s mirrors "
                   "signin/InteractiveSignIns_2026-01-01_2026-01-08.csv" % recs[0]["IntraSystemId"])

    # concatenated arrays: `][` and `],\r\n[`
    recs = recs_only(catalogue("mgmt-concat", "2026-01-05 11:00:00")[:12])
    a, b, c = recs[:4], recs[4:8], recs[8:]
    text = json.dumps(a) + json.dumps(b) + ",\r\n" + json.dumps(c, indent=2) + "\r\n"
    write_bytes("ual/mgmt_api_concatenated.json", encode(text, "utf8"))
    register("ual/mgmt_api_concatenated.json", "ual-json", 12, 12,
             notes="three arrays back to back: `][` then `],\\r\\n[` (last one pretty)")

    # keys lower-cased by a pipeline (recursively)
    def low(v):
        if isinstance(v, dict):
            return {k.lower(): low(x) for k, x in v.items()}
        if isinstance(v, list):
            return [low(x) for x in v]
        return v
    recs = [low(r) for r in recs_only(catalogue("lower", "2026-01-06 07:00:00")[:9])]
    write_bytes("ual/audit_data_lowercase_keys.jsonl", encode(jsonl(recs), "utf8"))
    register("ual/audit_data_lowercase_keys.jsonl", "ual-json", 9, 9,
             notes="all keys lower-cased (creationtime, operation, recordtype, workload, clientip, userid, id)")

    recs = recs_only(catalogue("gz", "2026-01-06 12:00:00")[2:8])
    write_bytes("ual/ual.jsonl.gz", gzip_bytes(encode(jsonl(recs), "utf8")))
    register("ual/ual.jsonl.gz", "ual-json", 6, 6, notes="gzip (mtime 0) of AuditData JSONL")

    # overlapping pages: page2 repeats the last two records of page1 (same Id)
    recs = recs_only(catalogue("overlap", "2026-01-07 10:00:00")[:14])
    p1, p2 = recs[:8], recs[6:14]
    write_bytes("ual/overlap_page1.jsonl", encode(jsonl(p1), "utf8"))
    write_bytes("ual/overlap_page2.jsonl", encode(jsonl(p2), "utf8"))
    register("ual/overlap_page1.jsonl", "ual-json", 8, 8, notes="page 1 of an overlapping pair")
    register("ual/overlap_page2.jsonl", "ual-json", 8, 6, dups=2,
             notes="first 2 records repeat page1 lines 7-8 (same Id %s, %s)" % (p2[0]["Id"], p2[1]["Id"]))


def wrapper(i, n, w, r, creation, audit):
    return {"RecordType": RT_NAME[r["RecordType"]], "CreationDate": creation, "UserIds": r["UserId"],
            "Operations": r["Operation"], "AuditData": audit, "ResultIndex": i + 1, "ResultCount": n,
            "Identity": r["Id"], "IsValid": True, "ObjectState": "Unchanged"}


def gen_extractor():
    pairs = catalogue("extractor-json", "2024-07-14 01:13:02.928")[:10]
    n = len(pairs)
    objs = [wrapper(i, n, w, r, "/Date(%d)/" % int(w.timestamp() * 1000), r) for i, (w, r) in enumerate(pairs)]
    text = ps_json(objs)
    text = text.replace('"/Date(', '"\\/Date(').replace(')/"', ')\\/"')   # PowerShell escapes the slashes
    assert ms_date(pairs[0][0]) in text
    write_bytes("ual/extractor_ual.json", encode(text.replace("\n", "\r\n"), "utf8bom"))
    register("ual/extractor_ual.json", "ual-powershell-json", n, n,
             notes="PS 5.1 ConvertTo-Json layout, UTF-8 BOM, CRLF; CreationDate \"\\/Date(ms)\\/\"; AuditData object")

    pairs = catalogue("extractor-jsonl", "2026-01-05 13:30:00")[:10]
    n = len(pairs)
    lines = [wrapper(i, n, w, r, iso(w), jdump(r)) for i, (w, r) in enumerate(pairs)]
    write_bytes("ual/extractor_ual.jsonl", encode(jsonl(lines, eol="\r\n"), "utf8"))
    register("ual/extractor_ual.jsonl", "ual-powershell-json", n, n,
             notes="one wrapper per line, AuditData an escaped JSON string, ISO CreationDate without zone")


def graph_record(w, r):
    ip = r.get("ClientIP", r.get("ClientIPAddress", r.get("ActorIpAddress", "")))
    return {"id": r["Id"], "createdDateTime": iso(w, z=True), "auditLogRecordType": GRAPH_RT[r["RecordType"]],
            "operation": r["Operation"], "organizationId": CONTOSO_TENANT,
            "userType": USER_TYPE.get(r["UserType"], "regular"), "userId": r["UserId"],
            "service": GRAPH_SERVICE[r["Workload"]], "objectId": r.get("ObjectId", ""),
            "userPrincipalName": r["UserId"], "clientIp": ip,
            "administrativeUnits": ["Finance AU", "EU Users"] if r["UserId"].endswith("contoso.com") else [],
            "auditData": r}


def gen_graph():
    q = gid("graph-query")
    recs = [graph_record(w, r) for w, r in catalogue("graph-json", "2026-01-05 08:00:00")[:12]]
    page = {"@odata.context": "https://graph.microsoft.com/beta/$metadata#security/auditLog/queries('%s')/records" % q,
            "value": recs}
    write_bytes("ual/graph_audit_records.json", encode(json.dumps(page, indent=2), "utf8"))
    register("ual/graph_audit_records.json", "ual-graph", 12, 12,
             notes="@odata page; camelCase auditLogRecordType; auditData object")

    # A page saved as Graph returns it: compact, every record on line 1 (findings must be
    # joined to their events by record number, not by line).
    recs = [graph_record(w, r) for w, r in catalogue("graph-compact", "2026-01-06 08:00:00")[:16]]
    page = {"@odata.context": "https://graph.microsoft.com/beta/$metadata#security/auditLog/queries('%s')/records" % q,
            "value": recs}
    write_bytes("ual/graph_audit_compact.json", encode(json.dumps(page, separators=(",", ":")), "utf8"))
    register("ual/graph_audit_compact.json", "ual-graph", 16, 16,
             notes="compact @odata page: all 16 records on line 1, as Graph responses are saved")

    recs = [graph_record(w, r) for w, r in catalogue("graph-csv", "2026-01-05 18:00:00")[10:22]]
    rows = []
    for g in recs:
        g["administrativeUnits"] = "; ".join(g["administrativeUnits"])
        g["auditData"] = jdump(g["auditData"])
        rows.append([g[c] for c in GRAPH_COLS])
    write_bytes("ual/graph_audit_records.csv", encode(csv_text(GRAPH_COLS, rows), "utf8bom"))
    register("ual/graph_audit_records.csv", "ual-graph", len(rows), len(rows),
             notes="Get-UALGraph CSV: administrativeUnits joined with '; ', auditData JSON text")


def generate():
    gen_mgmt()
    gen_extractor()
    gen_graph()


_ = t
