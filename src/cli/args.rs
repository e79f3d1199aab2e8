//! Argument groups for the subcommands and their resolution into library options.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
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
    /// Keep events at or after this time (RFC 3339 or YYYY-MM-DD, UTC).
    #[arg(long, value_parser = parse_instant)]
    pub since: Option<DateTime<Utc>>,
    /// Keep events before this time (RFC 3339 or YYYY-MM-DD, UTC).
    #[arg(long, value_parser = parse_instant)]
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
    /// Print summary.json on stdout.
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
        if let (Some(s), Some(u)) = (self.since, self.until)
            && s >= u
        {
            return Err(format!("--since ({s}) must be before --until ({u})"));
        }
        Ok(AnalyzeOptions {
            inputs: self.inputs.clone(),
            out_dir: self.out.clone(),
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

/// RFC 3339, or a plain date (midnight UTC).
pub fn parse_instant(s: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc())
        .map_err(|_| format!("'{s}' is not an RFC 3339 time or YYYY-MM-DD date"))
}
