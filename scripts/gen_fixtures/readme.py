"""fixtures/README.md text."""
from ual_records import MIRROR_CORRELATION_ID, MIRROR_REQUEST_ID, MIRROR_TIME

INTRO = """# mailtrail test fixtures

All files here are **synthetic**. They were written for mailtrail, and none is copied from a real
tenant or a third-party sample. They follow the real export formats: the same headers, field
names, value shapes, encodings and quirks as the public samples listed in
`/work/shared/corpus/PROVENANCE.md` and the notes in `research/anchors.md` §4.

Regenerate them with:

    python3 scripts/gen-fixtures.py            # rewrites fixtures/ and runs a self-check
    python3 scripts/gen-fixtures.py --big DIR  # also writes DIR/big_auditdata.csv (one 10 MB AuditData cell; not committed)

The generator uses only the Python 3 standard library and gives the same output every time:
identifiers come from uuid5 over fixed names, there is no randomness and no wall-clock time,
gzip mtime is 0 and zip members have fixed timestamps. The code is in `scripts/gen_fixtures/`:
`common` (helpers and writers), `ual_records` (the AuditData story), `ual_csv`, `ual_json`,
`ual_la`, `signin_data`, `signin_files`, `signin_la`, `rules`, `graph_activity`, `entra_audit`,
`message_trace`, `bad`, `check` (expected.tsv and self-check) and `readme`. Do not edit the fixtures by hand. Change the
generator and run it again.

## The story

Megan Bowen (`megan.bowen@contoso.com`) fails password logins from OVH (`51.38.1.1`). She is then
interrupted (50074 MFA required, 50140 KMSI) from DigitalOcean (`159.203.1.1`), and finally signs
in from there. The attacker creates the inbox rule `.` (move `invoice`/`payment` mail to
`RSS Feeds`, mark as read, stop processing). The same rule is also seen as an `UpdateInboxRules`
record with `RuleActions` JSON. The attacker also adds a forwarding rule to `x@evil.example`,
sets `ForwardingSmtpAddress` on the mailbox, reads mail (`MailItemsAccessed` Bind and Sync) and
sends, deletes and searches mail. Finance mailbox permissions are granted (FullAccess, SendAs,
folder Reviewer). The attacker consents `Mail Backup Pro` to `Mail.Read offline_access`, changes
MFA methods, an admin disables strong authentication, a role member is added, unified audit
ingestion is switched off, and a transport rule BCCs outside. Through Microsoft Graph the
attacker's token lists and reads her mail and attachments, enumerates users and calls
`sendMail` (`graph/`, each request tied to its sign-in by `SignInActivityId`). The Entra audit
log (`entra/`) records the same takeover in the directory: a new Authenticator app, the
consent and its grant, credentials added to the app, an app role grant, a registered device
and the Exchange Administrator role. The message trace (`trace/`) shows the phish that came
in and the "Updated banking details" mail sent from her mailbox, with its recipients and
which deliveries failed. Benign and
system activity (`NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)`, `S-1-5-18`,
SharePoint `FileAccessed`, a fabrikam.com guest) is mixed in. IPs are documentation ranges
(192.0.2.x, 198.51.100.x, 203.0.113.x, 2001:db8::/32) plus the hosting addresses above.

Each file is a different slice of this story, with its own record Ids (uuid5 of the file tag).
Across the whole folder, Ids and sign-in request ids are unique except in the two deliberate
pairs below. So if you run over the whole folder you should see exactly these duplicates and
merges.

## Deliberate cross-file pairs

* **Mirrored sign-in**: the first line of `ual/mgmt_api.jsonl` is a UAL `UserLoggedIn`
  (RecordType 15) at %(mt)s UTC from 159.203.1.1. Its `IntraSystemId` = `%(rid)s` and its
  `InterSystemsId` = `%(cid)s`. These equal the `Request ID` / `Correlation ID` of the 7th row of
  `signin/InteractiveSignIns_2026-01-01_2026-01-08.csv`. That is one sign-in seen twice, so
  expect 1 merge: the UAL record counts as `merged` (not as a duplicate) in
  `ual/mgmt_api.jsonl`.
* **Overlapping pages**: `ual/overlap_page2.jsonl` lines 1-2 repeat `ual/overlap_page1.jsonl`
  lines 7-8 (same `Id`). Expect 2 duplicates, counted against page 2.

## Quirk coverage

* ClientIP forms: `a.b.c.d`, `a.b.c.d:port` and `[2001:db8::1]:443` are in
  `ual/mgmt_api_array.json`. Bare v6, `::ffff:203.0.113.7`, empty and `LOCAL` are in
  `ual/mgmt_api.jsonl`. Each one is set in the field its workload really uses: `ClientIP`
  (ExchangeAdmin, STS logon, SharePoint), `ClientIPAddress` (Exchange item records) and
  `ActorIpAddress` (AzureActiveDirectory).
* Times: the `CreationTime` values in `ual/mgmt_api.jsonl` cover: without zone, `Z`, `+02:00`,
  a space instead of `T`, and 0/3/7/9 fraction digits. The export columns use: Purview
  `…0000000Z ` (trailing space), US `M/D/YYYY h:mm:ss AM/PM`, day-first `15/01/2026 16:05:03`
  (PowerShell), `\\/Date(ms)\\/` (Extractor JSON) and Log Analytics `1/4/2026, 2:08:45.221 PM`.
* Operations with a trailing period (`Consent to application.`, `Add member to role.`, …). User
  ids in mixed case and padded with spaces (`ual/purview_audit_search.csv`,
  `ual/powershell_export.csv`). System actors. `OriginatingServer` values end in CRLF, as real
  ones do.
* Encodings: UTF-8 with and without BOM, UTF-16 LE/BE with BOM, CRLF and LF, gzip, zip.
* `signin/signinlogs_la.csv` has no `TimeGenerated` column. The portal export of SigninLogs it
  imitates has none either; the time is in `CreatedDateTime [UTC]`.
* The Entra interactive header has 57 names, although it is usually called the "56-column"
  export. It is kept exactly, with `Application ID `, `Resource ID `, the duplicated
  `Incoming token type` and `Autonomous system  number`.

## Files

`expected.tsv` gives, for each file: the intended format id, the number of records (CSV data
rows, not physical lines; JSON records), good events, rejected rows, duplicates and merged
sign-ins, plus a note.
Zip members are listed as `ual/mixed_exports.zip/<member>`. For bad files, the note gives the
expected reason. Files of format `unknown` are skipped without reading any rows, so their `rows` is 0. In every
row of the table, `rows = events + rejected + duplicates + merged`.

| path | format | rows | events | rej | dup | merged | what it demonstrates |
|---|---|---|---|---|---|---|---|
"""

OUTRO = """
## Detector scenarios and end-to-end stories

- `scenarios/<detector id>/` — for every detector a minimal input that must make it fire
  (`fires*`) and a realistic benign look-alike that must not (`benign*`), checked by
  `tests/scenarios.rs`. Rule, mailbox and persistence scenarios are Management-API NDJSON
  written by hand; the sign-in ones are generated by `scripts/gen_signin_scenarios.py`.
- `stories/bec_takeover/` and `stories/benign_tenant/` — two weeks of a tenant each, in
  Entra portal CSV and Purview CSV exports, generated by `scripts/gen_stories.py`:
  a full BEC takeover (AiTM sign-in from a DigitalOcean VPS with an axios user agent,
  hiding rule, mail access, fraud mail, forwarding, new MFA method) and a busy benign
  tenant (travel, an allow-listed VPN, ordinary rules and permission changes). Each has an
  `expected.toml` that `tests/stories.rs` checks; see `stories/README.md`.
  `stories/second_client/` is a third, smaller tenant (Tailspin Toys) hit two days later
  from the same VPS as the second wave of `bec_takeover`: `mailtrail sweep
  fixtures/stories` treats the three folders as three tenants, and `tests/msp.rs` checks
  the sweep, the roll-up and the expectations pinned in `tests/expect/`.
- `ioc/` — indicator files for `--ioc` (a CSV and a STIX 2.1 bundle naming the
  `bec_takeover` attacker), used by `tests/ioc.rs`; indicator files are not logs.
"""


def text(expected):
    out = INTRO % {"mt": MIRROR_TIME, "rid": MIRROR_REQUEST_ID, "cid": MIRROR_CORRELATION_ID}
    for rel, fmt, rows, ev, rej, dup, merged, notes in sorted(expected):
        out += "| `%s` | %s | %d | %d | %d | %d | %d | %s |\n" % (rel, fmt, rows, ev, rej, dup, merged,
                                                              notes.replace("|", "\\|"))
    out += "\n`rules/MailboxRules.csv` is not an event log. It is a current-state inventory judged by the rule detectors.\n"
    return out + OUTRO
