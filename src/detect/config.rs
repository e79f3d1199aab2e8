//! The configuration file (SPEC §8, TOML): tenant domains, allow-lists and per-detector
//! settings. Unknown keys and bad values are errors naming `file:line`, so a typo never
//! silently disables tuning. `mailtrail init-config` prints the commented defaults.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::context::Corroboration;
use super::context::{AllowList, Context, DetectorSettings, IpNet};
use super::own_networks::OwnNetworkRules;
use super::severity::Severity;

/// A configuration problem, located.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct ConfigError {
    /// Config file.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong and what to do.
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    tenant: Option<RawTenant>,
    #[serde(default)]
    allow: Option<RawAllow>,
    #[serde(default)]
    correlation: Option<RawCorrelation>,
    #[serde(default)]
    detectors: BTreeMap<String, Spanned<BTreeMap<String, Spanned<toml::Value>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTenant {
    #[serde(default)]
    domains: Vec<Spanned<String>>,
    #[serde(default)]
    own_network_accounts: Option<Spanned<i64>>,
    #[serde(default)]
    own_network_days: Option<Spanned<i64>>,
    #[serde(default)]
    own_network_baseline_days: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCorrelation {
    #[serde(default)]
    corroborate_detectors: Option<Spanned<i64>>,
    #[serde(default)]
    corroborate_kinds: Option<Spanned<i64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawAllow {
    #[serde(default)]
    ips: Vec<Spanned<String>>,
    #[serde(default)]
    asns: Vec<Spanned<i64>>,
    #[serde(default)]
    countries: Vec<Spanned<String>>,
    #[serde(default)]
    user_agents: Vec<Spanned<String>>,
    #[serde(default)]
    forward_domains: Vec<Spanned<String>>,
    #[serde(default)]
    app_ids: Vec<Spanned<String>>,
}

/// Settings read from a configuration file.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// `[tenant] domains`, lower case.
    pub tenant_domains: Vec<String>,
    /// `[allow]`.
    pub allow: AllowList,
    /// `[detectors.<id>]`.
    pub settings: std::collections::HashMap<String, DetectorSettings>,
    /// `[tenant] own_network_*`: when a network counts as the tenant's own.
    pub own_networks: OwnNetworkRules,
    /// `[correlation] corroborate_*`: when findings from one address corroborate.
    pub corroboration: Corroboration,
    /// Indicators of compromise from `--ioc` files (not part of the TOML; the run sets
    /// them, and the context carries them to the detectors).
    pub indicators: std::sync::Arc<super::indicators::Indicators>,
}

impl Config {
    /// Read and validate a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.display().to_string(),
            line: 0,
            message: format!("cannot read: {e}"),
        })?;
        Config::parse(&text, &path.display().to_string())
    }

    /// Parse configuration text; `name` is used in error messages.
    pub fn parse(text: &str, name: &str) -> Result<Config, ConfigError> {
        let err = |span: Option<std::ops::Range<usize>>, message: String| ConfigError {
            path: name.to_string(),
            line: span.map_or(1, |s| line_of(text, s.start)),
            message,
        };
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| err(e.span(), e.message().trim().to_string()))?;
        let mut cfg = Config::default();
        if let Some(t) = raw.tenant {
            for d in &t.domains {
                let v = d.get_ref().trim().to_ascii_lowercase();
                if v.is_empty() || v.contains('@') || !v.contains('.') {
                    return Err(err(
                        Some(d.span()),
                        format!("'{}' is not a domain name", d.get_ref()),
                    ));
                }
                cfg.tenant_domains.push(v);
            }
            let rules = &mut cfg.own_networks;
            set_count(
                t.own_network_accounts.as_ref(),
                &mut rules.shared_ip_accounts,
                "own_network_accounts",
                1,
                &err,
            )?;
            set_count(
                t.own_network_days.as_ref(),
                &mut rules.min_days,
                "own_network_days",
                1,
                &err,
            )?;
            set_count(
                t.own_network_baseline_days.as_ref(),
                &mut rules.baseline_days,
                "own_network_baseline_days",
                1,
                &err,
            )?;
        }
        if let Some(c) = raw.correlation {
            let rules = &mut cfg.corroboration;
            set_count(
                c.corroborate_detectors.as_ref(),
                &mut rules.detectors,
                "corroborate_detectors",
                0,
                &err,
            )?;
            set_count(
                c.corroborate_kinds.as_ref(),
                &mut rules.kinds,
                "corroborate_kinds",
                1,
                &err,
            )?;
        }
        cfg.allow = allow_list(raw.allow.unwrap_or_default(), &err)?;
        for (id, table) in raw.detectors {
            let settings = detector_settings(&id, table, &err)?;
            cfg.settings.insert(id, settings);
        }
        Ok(cfg)
    }

    /// The detection context: configured tenant domains (else `inferred`), allow-lists,
    /// settings.
    pub fn context(&self, inferred: impl IntoIterator<Item = String>) -> Context {
        let tenant_domains = if self.tenant_domains.is_empty() {
            inferred.into_iter().collect()
        } else {
            self.tenant_domains.iter().cloned().collect()
        };
        Context {
            tenant_domains,
            allow: self.allow.clone(),
            settings: self.settings.clone(),
            own: Default::default(),
            corroboration: self.corroboration,
            indicators: self.indicators.clone(),
        }
    }
}

type ErrFn<'a> = dyn Fn(Option<std::ops::Range<usize>>, String) -> ConfigError + 'a;

/// Store a configured whole number of at least `min` in `slot`, when one is given.
fn set_count(
    value: Option<&Spanned<i64>>,
    slot: &mut u32,
    what: &str,
    min: u32,
    err: &ErrFn,
) -> Result<(), ConfigError> {
    if let Some(v) = value {
        *slot = u32::try_from(*v.get_ref())
            .ok()
            .filter(|n| *n >= min)
            .ok_or_else(|| {
                err(
                    Some(v.span()),
                    format!("{what} must be a whole number of at least {min}"),
                )
            })?;
    }
    Ok(())
}

fn allow_list(raw: RawAllow, err: &ErrFn) -> Result<AllowList, ConfigError> {
    let mut a = AllowList::default();
    for ip in raw.ips {
        let net = IpNet::parse(ip.get_ref()).ok_or_else(|| {
            err(
                Some(ip.span()),
                format!("'{}' is not an IP address or CIDR network", ip.get_ref()),
            )
        })?;
        a.ips.push(net);
    }
    for asn in raw.asns {
        let v = u32::try_from(*asn.get_ref()).map_err(|_| {
            err(
                Some(asn.span()),
                format!("{} is not an AS number", asn.get_ref()),
            )
        })?;
        a.asns.insert(v);
    }
    for c in raw.countries {
        let v = c.get_ref().trim().to_ascii_uppercase();
        if v.len() != 2 || !v.chars().all(|ch| ch.is_ascii_alphabetic()) {
            return Err(err(
                Some(c.span()),
                format!("'{}' is not a two-letter country code", c.get_ref()),
            ));
        }
        a.countries.insert(v);
    }
    a.user_agents = raw
        .user_agents
        .into_iter()
        .map(|u| u.into_inner().to_ascii_lowercase())
        .collect();
    a.forward_domains = raw
        .forward_domains
        .into_iter()
        .map(|d| d.into_inner().trim().to_ascii_lowercase())
        .collect();
    a.app_ids = raw
        .app_ids
        .into_iter()
        .map(|d| d.into_inner().trim().to_ascii_lowercase())
        .collect();
    Ok(a)
}

fn detector_settings(
    id: &str,
    table: Spanned<BTreeMap<String, Spanned<toml::Value>>>,
    err: &ErrFn,
) -> Result<DetectorSettings, ConfigError> {
    let span = table.span();
    let metas = super::catalogue::metas();
    let Some(meta) = metas.iter().find(|m| m.id == id) else {
        let known: Vec<&str> = metas.iter().map(|m| m.id).collect();
        return Err(err(
            Some(span),
            format!("unknown detector '{id}' (known: {})", known.join(", ")),
        ));
    };
    let mut s = DetectorSettings::default();
    for (key, value) in table.into_inner() {
        let vspan = Some(value.span());
        match (key.as_str(), value.get_ref()) {
            ("enabled", toml::Value::Boolean(b)) => s.enabled = Some(*b),
            ("enabled", _) => return Err(err(vspan, "enabled must be true or false".into())),
            ("severity", toml::Value::String(v)) => {
                s.severity = Some(v.parse::<Severity>().map_err(|m| err(vspan, m))?);
            }
            ("severity", _) => {
                return Err(err(
                    vspan,
                    "severity must be a string such as \"high\"".into(),
                ));
            }
            (name, v) => {
                let Some(param) = meta.params.iter().find(|p| p.name == name) else {
                    let known: Vec<&str> = meta.params.iter().map(|p| p.name).collect();
                    let list = if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    };
                    return Err(err(
                        vspan,
                        format!(
                            "{id} has no setting '{name}' (settings: enabled, severity, {list})"
                        ),
                    ));
                };
                let n = match v {
                    toml::Value::Integer(i) => *i as f64,
                    toml::Value::Float(f) => *f,
                    _ => {
                        return Err(err(
                            vspan,
                            format!("{id}.{name} must be a number ({})", param.doc),
                        ));
                    }
                };
                if !n.is_finite() || n < 0.0 {
                    return Err(err(
                        vspan,
                        format!("{id}.{name} must be a non-negative number"),
                    ));
                }
                s.params.insert(name.to_string(), n);
            }
        }
    }
    Ok(s)
}

fn line_of(text: &str, byte: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(byte.min(text.len()))
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The commented default configuration printed by `mailtrail init-config`.
pub fn default_config_text() -> String {
    let mut s = String::from(
        "# mailtrail configuration (TOML). Every setting is optional; the values shown are\n\
         # the defaults. Uncomment and edit what you need, then pass --config FILE.\n\n\
         [tenant]\n\
         # The tenant's own mail domains (subdomains included). Without them mailtrail\n\
         # infers them from member UPNs and OrganizationName (see summary.json).\n\
         # domains = [\"contoso.com\", \"contoso.onmicrosoft.com\"]\n\
         # The tenant's own networks, learnt from the data: an address that at least\n\
         # own_network_accounts accounts use, and a VPN/hosting/cloud network one account\n\
         # uses, on at least own_network_days days from within own_network_baseline_days of\n\
         # the start of the data (summary.json lists them with the [allow] line to pin them).\n\
         # own_network_accounts = 3\n\
         # own_network_days = 5\n\
         # own_network_baseline_days = 3\n\n\
         [correlation]\n\
         # Findings of at least corroborate_detectors detectors, giving at least\n\
         # corroborate_kinds kinds of signal, for one account from one hosting, VPN, proxy,\n\
         # cloud or unclassified address are raised to high (0 turns this off).\n\
         # corroborate_detectors = 3\n\
         # corroborate_kinds = 2\n\n\
         [allow]\n\
         # Known-good networks: corporate egress, VPN concentrators, partners.\n\
         # ips = [\"203.0.113.0/24\", \"2001:db8::/32\"]\n\
         # asns = [64500]\n\
         # countries = [\"US\", \"CA\"]\n\
         # User-agent substrings of known scanners or internal tools.\n\
         # user_agents = [\"CorpMailScanner\"]\n\
         # Domains mail may be forwarded to without a finding.\n\
         # forward_domains = [\"partner.example\"]\n\
         # Application ids to trust.\n\
         # app_ids = [\"00000000-0000-0000-0000-000000000000\"]\n",
    );
    for m in super::catalogue::metas() {
        s.push_str(&format!(
            "\n# {} — {} (default severity {})\n",
            m.id, m.title, m.severity
        ));
        s.push_str(&format!(
            "# [detectors.{}]\n# enabled = true\n# severity = \"{}\"\n",
            m.id, m.severity
        ));
        for p in m.params {
            s.push_str(&format!("# {} = {}    # {}\n", p.name, p.default, p.doc));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn correlation_thresholds_are_read_and_checked() {
        let c = Config::parse(
            "[correlation]\ncorroborate_detectors = 4\ncorroborate_kinds = 3\n",
            "c.toml",
        )
        .unwrap();
        assert_eq!((c.corroboration.detectors, c.corroboration.kinds), (4, 3));
        assert_eq!(c.context(Vec::new()).corroboration, c.corroboration);
        let off = Config::parse("[correlation]\ncorroborate_detectors = 0\n", "c.toml").unwrap();
        assert_eq!(off.corroboration.detectors, 0);
        let e = Config::parse("[correlation]\n\ncorroborate_kinds = 0\n", "c.toml").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(
            e.message
                .contains("corroborate_kinds must be a whole number of at least 1")
        );
    }

    #[test]
    fn a_full_config_parses() {
        let cfg = Config::parse(
            "[tenant]\ndomains = [\"Contoso.com\"]\n[allow]\nips = [\"203.0.113.0/24\"]\nasns = [64500]\n\
             countries = [\"us\"]\nforward_domains = [\"Partner.example\"]\n[detectors.MT-R01]\nenabled = false\n",
            "t.toml",
        )
        .unwrap();
        assert_eq!(cfg.tenant_domains, vec!["contoso.com"]);
        assert!(cfg.allow.countries.contains("US"));
        assert_eq!(cfg.settings["MT-R01"].enabled, Some(false));
    }

    #[test]
    fn errors_name_file_and_line() {
        let e =
            Config::parse("[tenant]\ndomains = [\"x.com\"]\ncolour = 1\n", "c.toml").unwrap_err();
        assert_eq!((e.path.as_str(), e.line), ("c.toml", 3), "{e}");
        let e = Config::parse(
            "[allow]\nips = [\n \"1.2.3.4\",\n \"not-an-ip\"]\n",
            "c.toml",
        )
        .unwrap_err();
        assert_eq!(e.line, 4, "{e}");
        assert!(e.to_string().contains("not-an-ip"));
        let e = Config::parse("[detectors.MT-Z99]\nenabled = true\n", "c.toml").unwrap_err();
        assert!(e.to_string().contains("unknown detector 'MT-Z99'"), "{e}");
        let e =
            Config::parse("\n[detectors.MT-R01]\nseverity = \"severe\"\n", "c.toml").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        let e = Config::parse("[detectors.MT-R01]\nnot_a_param = 3\n", "c.toml").unwrap_err();
        assert!(
            e.to_string().contains("has no setting 'not_a_param'"),
            "{e}"
        );
    }

    #[test]
    fn the_printed_defaults_are_a_valid_config() {
        let text = default_config_text();
        Config::parse(&text, "init").unwrap();
        let uncommented: String = text
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|r| r.contains(" = ") || r.starts_with("[detectors."))
                    .unwrap_or(l)
            })
            .map(|l| l.split("    #").next().unwrap_or(l).to_string() + "\n")
            .filter(|l| {
                !l.starts_with("# ")
                    && !l.starts_with("domains")
                    && !l.starts_with("ips")
                    && !l.starts_with("asns")
                    && !l.starts_with("countries")
                    && !l.starts_with("user_agents")
                    && !l.starts_with("forward_domains")
                    && !l.starts_with("app_ids")
            })
            .collect();
        Config::parse(&uncommented, "uncommented").unwrap();
    }
}
