//! The **Examples** that end each subcommand's `--help` (and its man page section).
//!
//! Each text starts with a heading line ending in `:`, then indented lines: a command,
//! and under it, indented further, what it does. `examples/gen-man.rs` turns the heading
//! into a man page section, so keep that shape.

/// `mailtrail analyze --help`.
pub const ANALYZE: &str = "\
Examples:
  mailtrail analyze exports/ -o case-0142
      every export under exports/ (recursively); outputs in case-0142/
  mailtrail analyze AuditLog.csv SignIns.csv --user alice@contoso.com --since 2026-02-01 -o alice
      one account, from 1 February 2026 00:00 UTC on
  mailtrail analyze exports/ --since \"2026-02-10 18:00\" --until 2026-02-11T06:00+01:00
      a window; a time without Z or an offset is UTC
  mailtrail analyze exports/ --config mailtrail.toml --fail-on critical --json -q > summary.json
      for scripts: summary.json on stdout, exit 1 only for critical findings or incidents
  mailtrail analyze - < signins.json
      read standard input";

/// `mailtrail sweep --help`.
pub const SWEEP: &str = "\
Examples:
  mailtrail sweep tenants/ -o sweep-2026-11
      tenants/contoso/, tenants/fabrikam/, ... each analysed into sweep-2026-11/<tenant>/;
      sweep-summary.csv and shared-infrastructure.csv across them
  mailtrail sweep tenants/ --ioc redvds.csv --ioc intel.stix.json --parquet -q --json
      with indicators and Parquet outputs; the sweep summary as JSON on stdout
  mailtrail sweep tenants/ --expect expectations/
      regression check of every tenant against expectations/<tenant>.expect.json
      (exit 4 on change)";

/// `mailtrail rollup --help`.
pub const ROLLUP: &str = "\
Examples:
  mailtrail rollup out/contoso out/fabrikam -o rollup
      sweep-summary.csv and shared-infrastructure.csv from two analyze output folders
  mailtrail rollup /mnt/jobs/*/ -o rollup --json
      tenants analysed as separate jobs on other machines, rolled up in one place";

/// `mailtrail sniff --help`.
pub const SNIFF: &str = "\
Examples:
  mailtrail sniff exports/
      one line per file: path, format, records, why (tab-separated)
  mailtrail sniff --json exports/ | jq -r '.[] | select(.format == \"unknown\") | .path'
      the files mailtrail does not recognise";

/// `mailtrail lookup --help`.
pub const LOOKUP: &str = "\
Examples:
  mailtrail lookup 159.203.1.1 2001:4860:4860::8888
      ASN, organisation, network class, reason, country
  mailtrail lookup --json - < ips.txt
      one IP per line from standard input (blank lines and # comments skipped)
  mailtrail lookup --asn-db GeoLite2-ASN.mmdb 203.0.113.7
      your own ASN database before the embedded one";

/// `mailtrail detectors --help`.
pub const DETECTORS: &str = "\
Examples:
  mailtrail detectors
      id, severity, status, ATT&CK techniques, title (tab-separated)
  mailtrail detectors --json | jq -r '.[] | select(.severity == \"high\") | .id'
      the ids of the detectors that are high by default";

/// `mailtrail init-config --help`.
pub const INIT_CONFIG: &str = "\
Examples:
  mailtrail init-config > mailtrail.toml
      write the commented defaults, then edit tenant domains, allow-lists, thresholds
  mailtrail analyze exports/ --config mailtrail.toml -o case-0142
      use it";

/// `mailtrail completions --help`.
pub const COMPLETIONS: &str = "\
Examples:
  mailtrail completions bash > ~/.local/share/bash-completion/completions/mailtrail
  mailtrail completions zsh > ~/.zfunc/_mailtrail
      then add ~/.zfunc to fpath before compinit in ~/.zshrc
  mailtrail completions fish > ~/.config/fish/completions/mailtrail.fish
  mailtrail completions powershell >> $PROFILE";
