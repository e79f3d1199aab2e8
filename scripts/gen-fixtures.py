#!/usr/bin/env python3
"""Regenerate mailtrail's test fixtures (deterministic, stdlib only).

    python3 scripts/gen-fixtures.py            # rewrite fixtures/ and self-check it
    python3 scripts/gen-fixtures.py --big DIR  # also write a Purview CSV with a 10 MB AuditData cell into DIR
    python3 scripts/gen-fixtures.py --out DIR  # write somewhere other than <repo>/fixtures

The code lives in scripts/gen_fixtures/ (common, ual_records, ual_csv, ual_json, ual_la,
signin_data, signin_files, rules, graph_activity, entra_audit, message_trace, bad,
check).
"""
import argparse
import os
import sys

sys.dont_write_bytecode = True  # keep scripts/gen_fixtures free of __pycache__
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "gen_fixtures"))

import common  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(HERE), "fixtures"))
    ap.add_argument("--big", metavar="DIR", help="write big_auditdata.csv (10 MB AuditData cell) into DIR")
    args = ap.parse_args()
    common.ROOT = os.path.abspath(args.out)
    os.makedirs(common.ROOT, exist_ok=True)

    import ual_csv
    import ual_json
    import ual_la
    import signin_files
    import rules
    import graph_activity
    import entra_audit
    import message_trace
    import bad
    import check
    for mod in (ual_csv, ual_json, ual_la, signin_files, rules, graph_activity, entra_audit,
                message_trace, bad):
        mod.generate()
    check.write_expected()
    check.write_readme()
    problems = check.self_check()
    if args.big:
        print("wrote", bad.write_big(args.big))
    for p in problems:
        print("SELF-CHECK:", p, file=sys.stderr)
    print("%d fixture files in %s, %d self-check problems" % (len(common.EXPECTED), common.ROOT, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
