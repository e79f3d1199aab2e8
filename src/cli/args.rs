//! Argument groups for the subcommands and their resolution into library options.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::Args;

use crate::app::AnalyzeOptions;
use crate::correlate::TimelineMode;
use crate::detect::Severity;
use crate::enrich::EnrichOptions;

/// `mailtrail analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Export files, folders (searched recursively), or `-` for stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Output directory (created if missing; only mailtrail's own files are replaced).
    #[arg(
        short = 'o',
        long = "out",
        default_value = "mailtrail-out",
        value_name = "DIR"
    )]
    pub out: PathBuf,
    /// Save this run's findings as a regression expectation (detector, user, severity,
    /// evidence record ids; no run times) for a later `--expect`.
    #[arg(long, value_name = "FILE")]
    pub write_expect: Option<PathBuf>,
    /// Compare this run's findings with an expectation written by `--write-expect`;
    /// print what was added, removed or changed and exit 4 when they differ.
    #[arg(long, value_name = "FILE", conflicts_with = "write_expect")]
    pub expect: Option<PathBuf>,
    /// Options shared with `sweep`.
    #[command(flatten)]
    pub run: RunArgs,
}

/// `mailtrail sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Folder whose immediate subfolders are one tenant each (the folder name is the
    /// tenant id); a `mailtrail.toml` in a tenant folder overrides `--config` for it.
    #[arg(value_name = "ROOT")]
    pub root: PathBuf,
    /// Output directory: one subfolder per tenant, plus sweep-summary.csv and
    /// shared-infrastructure.csv.
    #[arg(
        short = 'o',
        long = "out",
        default_value = "mailtrail-sweep",
        value_name = "DIR"
    )]
    pub out: PathBuf,
    /// Save each tenant's findings as a regression expectation, `DIR/<tenant>.expect.json`.
    #[arg(long, value_name = "DIR")]
    pub write_expect: Option<PathBuf>,
    /// Compare each tenant with `DIR/<tenant>.expect.json` (written by `--write-expect`);
    /// exit 4 when any differs (2 when one has no expectation file).
    #[arg(long, value_name = "DIR", conflicts_with = "write_expect")]
    pub expect: Option<PathBuf>,
    /// Options shared with `analyze`.
    #[command(flatten)]
    pub run: RunArgs,
}

/// `mailtrail rollup`.
#[derive(Debug, Args)]
pub struct RollupArgs {
    /// Per-tenant output folders of `analyze` or `sweep` (the folder name is the tenant id).
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Where sweep-summary.csv and shared-infrastructure.csv go.
    #[arg(
        short = 'o',
        long = "out",
        default_value = "mailtrail-rollup",
        value_name = "DIR"
    )]
    pub out: PathBuf,
    /// Print the sweep summary as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// No summary on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Options of one analysis, shared by `analyze` and `sweep`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Keep events at or after this time: 2026-02-10, 2026-02-10T18:00, 2026-02-10 18:00:00.5,
    /// 2026-02-10T18:00:00+01:00; UTC unless it ends in Z or an offset.
    #[arg(long, value_name = "TIME", value_parser = parse_instant)]
    pub since: Option<DateTime<Utc>>,
    /// Keep events before this time (same forms as --since; a date alone is its midnight, so
    /// --until 2026-02-11 keeps all of 10 February).
    #[arg(long, value_name = "TIME", value_parser = parse_instant)]
    pub until: Option<DateTime<Utc>>,
    /// Keep only events of this user (UPN; repeatable).
    #[arg(long = "user", value_name = "UPN")]
    pub users: Vec<String>,
    /// Worker threads (default: all cores). Output is identical for any value.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,
    /// Day/month order for slashed dates a file does not settle by itself.
    #[arg(long, value_parser = ["mdy", "dmy"])]
    pub date_order: Option<String>,
    /// Stop at the first bad row or unrecognised file (exit 2).
    #[arg(long)]
    pub strict: bool,
    /// No terminal summary on stderr.
    #[arg(short, long)]
    pub quiet: bool,
    /// Terminal summary with every input's ledger (not only files with problems).
    #[arg(short, long)]
    pub verbose: bool,
    /// No progress bar.
    #[arg(long)]
    pub no_progress: bool,
    /// Print summary.json (sweep: the sweep summary) on stdout.
    #[arg(long)]
    pub json: bool,
    /// Configuration file (TOML): tenant domains, allow-lists, detector settings.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The tenant's own mail domain (repeatable); added to the configuration's.
    #[arg(long = "tenant-domain", value_name = "DOMAIN")]
    pub tenant_domains: Vec<String>,
    /// Leave findings below this severity out of the outputs.
    #[arg(long, default_value = "info", value_parser = parse_severity)]
    pub min_severity: Severity,
    /// Exit with code 1 when a finding at or above this severity exists.
    #[arg(long, default_value = "high", value_parser = parse_severity)]
    pub fail_on: Severity,
    /// Which events timeline.csv/.jsonl hold: `relevant` (every event of accounts with an
    /// incident, every event from attacker infrastructure, every finding's evidence) or
    /// `all`.
    #[arg(long, default_value = "relevant", value_parser = ["relevant", "all"])]
    pub timeline: String,
    /// Indicators of compromise (repeatable): CSV `type,value,label` or a STIX 2.1 bundle.
    /// Matching events are tagged and raise IOC-match findings.
    #[arg(long = "ioc", value_name = "FILE")]
    pub iocs: Vec<PathBuf>,
    /// Also write timeline.parquet and findings.parquet.
    #[arg(long)]
    pub parquet: bool,
    /// IP-intelligence overrides.
    #[command(flatten)]
    pub enrich: EnrichArgs,
}

/// A severity name.
pub fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse()
}

/// Optional IP-intelligence databases; the embedded data is used without them.
#[derive(Debug, Clone, Args)]
pub struct EnrichArgs {
    /// IP→ASN database to use before the embedded one: GeoLite2-ASN .mmdb, or CSV/TSV
    /// (iptoasn `start end asn country name`, or `network,asn,org`).
    #[arg(long, value_name = "FILE")]
    pub asn_db: Option<PathBuf>,
    /// CSV `asn,class` whose classes win over the embedded classification
    /// (hosting, vpn, proxy, cloud, microsoft, security-vendor, isp, unknown).
    #[arg(long, value_name = "FILE")]
    pub hosting_asns: Option<PathBuf>,
    /// IP→country database (GeoLite2 Country/City .mmdb) to use before the embedded one.
    #[arg(long, value_name = "FILE")]
    pub geo_db: Option<PathBuf>,
}

impl EnrichArgs {
    /// Library options.
    pub fn options(&self) -> EnrichOptions {
        EnrichOptions {
            asn_db: self.asn_db.clone(),
            hosting_asns: self.hosting_asns.clone(),
            geo_db: self.geo_db.clone(),
        }
    }
}

impl AnalyzeArgs {
    /// Validated options for the library.
    pub fn resolve(&self) -> Result<AnalyzeOptions, String> {
        let mut opts = self.run.resolve(&self.inputs, &self.out)?;
        opts.write_expect = self.write_expect.clone();
        opts.expect = self.expect.clone();
        Ok(opts)
    }
}

impl SweepArgs {
    /// Validated options for the library.
    pub fn resolve(&self) -> Result<crate::app::SweepOptions, String> {
        Ok(crate::app::SweepOptions {
            root: self.root.clone(),
            out: self.out.clone(),
            run: self.run.resolve(&[], &self.out)?,
            write_expect: self.write_expect.clone(),
            expect: self.expect.clone(),
        })
    }
}

impl RunArgs {
    /// Validated options for one analysis of `inputs` into `out`.
    pub fn resolve(
        &self,
        inputs: &[PathBuf],
        out: &std::path::Path,
    ) -> Result<AnalyzeOptions, String> {
        if let (Some(s), Some(u)) = (self.since, self.until)
            && s >= u
        {
            return Err(format!("--since ({s}) must be before --until ({u})"));
        }
        if self.parquet && !crate::output::parquet::SUPPORTED {
            return Err(crate::output::parquet::UNSUPPORTED.to_string());
        }
        Ok(AnalyzeOptions {
            inputs: inputs.to_vec(),
            out_dir: out.to_path_buf(),
            threads: self.threads.map(usize::from),
            date_order: self.date_order.as_deref().map(|s| s.parse()).transpose()?,
            strict: self.strict,
            since: self.since,
            until: self.until,
            users: self.users.clone(),
            progress: !self.no_progress && !self.quiet && !self.json,
            enrich: self.enrich.options(),
            config: self.config.clone(),
            tenant_domains: self.tenant_domains.clone(),
            min_severity: self.min_severity,
            fail_on: self.fail_on,
            timeline: if self.timeline == "all" {
                TimelineMode::All
            } else {
                TimelineMode::Relevant
            },
            ioc_files: self.iocs.clone(),
            parquet: self.parquet,
            write_expect: None,
            expect: None,
        })
    }
}

/// `mailtrail sniff`.
#[derive(Debug, Args)]
pub struct SniffArgs {
    /// Files, folders, or `-`.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// JSON array on stdout.
    #[arg(long)]
    pub json: bool,
}

/// `mailtrail detectors`.
#[derive(Debug, Args)]
pub struct DetectorsArgs {
    /// JSON array on stdout.
    #[arg(long)]
    pub json: bool,
}

/// `mailtrail completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write the script for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `mailtrail lookup`.
#[derive(Debug, Args)]
pub struct LookupArgs {
    /// IP addresses, or `-` to read one per line from stdin.
    #[arg(required = true, value_name = "IP")]
    pub ips: Vec<String>,
    /// JSON array on stdout.
    #[arg(long)]
    pub json: bool,
    /// IP-intelligence overrides.
    #[command(flatten)]
    pub enrich: EnrichArgs,
}

/// A `--since` / `--until` value: ISO 8601 with `T` or a space between date and time,
/// optional seconds and fraction, or a date alone (its midnight); UTC unless an offset or
/// `Z` is given. Strict on purpose (no locale dates): a typo must not become another day.
pub fn parse_instant(s: &str) -> Result<DateTime<Utc>, String> {
    crate::event::time::parse_iso_8601(s.trim()).ok_or_else(|| {
        format!(
            "'{s}' is not a time: use 2026-02-10, 2026-02-10T18:00:00 (UTC) or 2026-02-10T18:00:00+01:00"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> String {
        let t = parse_instant(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        crate::event::time::format_utc(&t)
    }

    #[test]
    fn a_date_alone_is_midnight_utc() {
        assert_eq!(utc("2026-02-10"), "2026-02-10T00:00:00.000Z");
    }

    #[test]
    fn t_or_space_and_optional_seconds_are_utc() {
        assert_eq!(utc("2026-02-10T18:00"), "2026-02-10T18:00:00.000Z");
        assert_eq!(utc("2026-02-10 18:00"), "2026-02-10T18:00:00.000Z");
        assert_eq!(utc("2026-02-10T18:00:05"), "2026-02-10T18:00:05.000Z");
        assert_eq!(utc("2026-02-10 18:00:05"), "2026-02-10T18:00:05.000Z");
    }

    #[test]
    fn fractional_seconds() {
        assert_eq!(utc("2026-02-10T18:00:05.25"), "2026-02-10T18:00:05.250Z");
        assert_eq!(
            utc("2026-02-10 18:00:05.123456789"),
            "2026-02-10T18:00:05.123Z"
        );
    }

    #[test]
    fn z_and_offsets() {
        assert_eq!(utc("2026-02-10T18:00:00Z"), "2026-02-10T18:00:00.000Z");
        assert_eq!(utc("2026-02-10T18:00:00+01:00"), "2026-02-10T17:00:00.000Z");
        assert_eq!(utc("2026-02-10 18:00-0530"), "2026-02-10T23:30:00.000Z");
        assert_eq!(utc("2026-02-10T01:00:00.5+02"), "2026-02-09T23:00:00.500Z");
    }

    #[test]
    fn surrounding_blanks_are_ignored() {
        assert_eq!(utc(" 2026-02-10 "), "2026-02-10T00:00:00.000Z");
    }

    #[test]
    fn a_bad_value_is_refused_with_examples() {
        assert_eq!(
            parse_instant("2026-13-01").unwrap_err(),
            "'2026-13-01' is not a time: use 2026-02-10, 2026-02-10T18:00:00 (UTC) or 2026-02-10T18:00:00+01:00"
        );
        for bad in [
            "",
            "yesterday",
            "10/02/2026",
            "2026-02-10T",
            "2026-02-10T18",
            "2026-02-10T25:00",
            "2026-02-10T18:00:00+1",
            "2026-02-10T18:00:00 UTC",
            "2026-02-30",
        ] {
            assert!(parse_instant(bad).is_err(), "{bad}");
        }
    }
}
