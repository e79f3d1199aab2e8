//! User agents of scripting libraries, attack tools and legacy-authentication clients
//! (anchors.md §2.1.1 UserAgent-Blacklist, §3 D20/D21: Microsoft-Analyzer-Suite, Elastic,
//! Sigma), with the matcher that uses them.
//!
//! The anchors' tools matched these either by exact equality (`axios/` then only matches a
//! UA that is literally `axios/`) or by case-sensitive substring (`node` then matches
//! `Nodejs`, `AnodeX`, …). Here a user agent is cut into its product tokens
//! (`name/version`, outside the parenthesised comments) and a list name matches when it
//! *is* a token's product name, case-insensitively: `axios/1.7.2` matches `axios`,
//! `Go-http-client/2.0` matches `go-http-client`, but `Nodejs` or `node-red/3` never match
//! `node`. Attack-tool names are distinctive enough to be matched inside comments too
//! (`Mozilla/5.0 (compatible; AADInternals)`); library names are not, because
//! comments carry free text. A few user agents are known only as one full string
//! (TeamFiltration's fixed Teams UA) and are compared whole.

use serde::Serialize;

/// What kind of client a suspicious user agent belongs to. Declared from the most to the
/// least specific: when one UA names several, the first category here wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UaCategory {
    /// An offensive tool (AADInternals, AzureHound, ROADtools, TeamFiltration, …).
    AttackTool,
    /// Administrative shells (PowerShell, Azure CLI): legitimate for admins, unusual for
    /// mailbox users.
    AdminTool,
    /// Legacy-authentication / ROPC marker (`BAV2ROPC`, `CBAinPROD`).
    Legacy,
    /// A third-party mail client abused to copy mailboxes (eM Client).
    MailClient,
    /// An HTTP library or scripting runtime (axios, node, python-requests, curl, …): a
    /// script, not a person, signed in. Password sprays and AiTM kits use these.
    Library,
}

impl UaCategory {
    /// Stable lower-case name used in summaries.
    pub fn as_str(self) -> &'static str {
        match self {
            UaCategory::AttackTool => "attack-tool",
            UaCategory::Library => "library",
            UaCategory::AdminTool => "admin-tool",
            UaCategory::Legacy => "legacy",
            UaCategory::MailClient => "mail-client",
        }
    }
}

impl std::fmt::Display for UaCategory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A suspicious user agent that matched: the list entry and its category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct UaMatch {
    /// The list entry that matched (lower case product name, or the name of a whole-UA entry).
    pub token: &'static str,
    /// Its category.
    pub category: UaCategory,
}

use UaCategory::{AdminTool, AttackTool, Legacy, Library, MailClient};

/// Product names (lower case), each with its category. Sources: the Analyzer list
/// (anchors §2.1.1), Elastic's AAD Graph / Tycoon2FA / BloodHound rules and Sigma (§3 D20,
/// D21), ROADtools and TeamFiltration tool names.
pub const PRODUCTS: &[(&str, UaCategory)] = &[
    // Offensive tools.
    ("aadinternals", AttackTool),
    ("azurehound", AttackTool),
    ("bloodhound", AttackTool),
    ("sharphound", AttackTool),
    ("roadtools", AttackTool),
    ("roadrecon", AttackTool),
    ("roadtx", AttackTool),
    ("teamfiltration", AttackTool),
    ("kali365-live", AttackTool),
    // HTTP libraries and scripting runtimes.
    ("axios", Library),
    ("agentaxios", Library),
    ("node", Library),
    ("node-fetch", Library),
    ("undici", Library),
    ("python", Library),
    ("python-requests", Library),
    ("python-urllib", Library),
    ("python-urllib3", Library),
    ("python-httpx", Library),
    ("aiohttp", Library),
    ("go-http-client", Library),
    ("go-resty", Library),
    ("fasthttp", Library),
    ("okhttp", Library),
    ("guzzlehttp", Library),
    ("curl", Library),
    ("wget", Library),
    ("postmanruntime", Library),
    // Administrative shells.
    ("powershell", AdminTool),
    ("windowspowershell", AdminTool),
    ("azurepowershell", AdminTool),
    ("azurecli", AdminTool),
    // Legacy authentication / ROPC markers.
    ("bav2ropc", Legacy),
    ("aconsumerv2ropc", Legacy),
    ("cbainprod", Legacy),
    ("cbaintar", Legacy),
    // Abused mail clients.
    ("emclient", MailClient),
];

/// Whole user agents known as one string: (name reported, full UA).
pub const WHOLE: &[(&str, &str, UaCategory)] = &[(
    "teamfiltration",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
     Teams/1.3.00.30866 Chrome/80.0.3987.165 Electron/8.5.1 Safari/537.36",
    AttackTool,
)];

/// The suspicious-list entry a user agent matches, if any. Whole-UA entries are tried
/// first, then product tokens. When a UA names several, the most specific category wins
/// (attack tool, then admin shell, legacy marker, mail client, and library last):
/// Azure CLI's `python/3.10 (…) AZURECLI/2.50` is an admin tool, not a bare script.
pub fn classify_user_agent(ua: &str) -> Option<UaMatch> {
    let ua = ua.trim();
    if ua.is_empty() {
        return None;
    }
    if let Some(&(token, _, category)) = WHOLE.iter().find(|(_, w, _)| w.eq_ignore_ascii_case(ua)) {
        return Some(UaMatch { token, category });
    }
    product_names(ua)
        .filter_map(|(name, in_comment)| {
            let &(token, category) = PRODUCTS
                .iter()
                .find(|(p, _)| p.eq_ignore_ascii_case(name))?;
            (!in_comment || category == AttackTool).then_some(UaMatch { token, category })
        })
        // `min_by_key` keeps the first of equals: the earliest token of the best category.
        .min_by_key(|m| m.category)
}

/// Product names of a user agent with whether each sits inside a `( … )` comment:
/// `Mozilla/5.0 (Windows NT 10.0; x64) PowerShell/7.4` gives `Mozilla`, `Windows NT 10.0`
/// words…, `PowerShell`. Outside comments tokens are split on whitespace; inside, on `;`,
/// `,` and whitespace. The product name is the part before the first `/`.
fn product_names(ua: &str) -> impl Iterator<Item = (&str, bool)> {
    let mut depth = 0u32;
    let mut start = 0usize;
    let mut out = Vec::new();
    for (i, c) in ua.char_indices() {
        let boundary =
            c.is_whitespace() || c == '(' || c == ')' || (depth > 0 && (c == ';' || c == ','));
        if boundary {
            push_token(&ua[start..i], depth > 0, &mut out);
            start = i + c.len_utf8();
        }
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    push_token(&ua[start..], depth > 0, &mut out);
    out.into_iter()
}

fn push_token<'a>(token: &'a str, in_comment: bool, out: &mut Vec<(&'a str, bool)>) {
    let name = token.split('/').next().unwrap_or_default();
    let name = name.trim_matches(|c: char| c == '"' || c == '\'' || c == ';' || c == ',');
    if !name.is_empty() {
        out.push((name, in_comment));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(ua: &str) -> Option<&'static str> {
        classify_user_agent(ua).map(|m| m.token)
    }

    #[test]
    fn library_versions_match_their_name() {
        assert_eq!(token("axios/1.7.2"), Some("axios"));
        assert_eq!(token("AXIOS/0.21.4"), Some("axios"));
        assert_eq!(token("axios"), Some("axios"));
        assert_eq!(token("node"), Some("node"));
        assert_eq!(token("undici"), Some("undici"));
        assert_eq!(token("python-requests/2.31.0"), Some("python-requests"));
        assert_eq!(token("Python/3.11 aiohttp/3.9.1"), Some("python"));
        assert_eq!(token("Go-http-client/2.0"), Some("go-http-client"));
        assert_eq!(token("okhttp/4.12.0"), Some("okhttp"));
        assert_eq!(
            token("node-fetch/1.0 (+https://github.com/bitinn/node-fetch)"),
            Some("node-fetch")
        );
        assert_eq!(
            token("go-resty/2.7.0 (https://github.com/go-resty/resty)"),
            Some("go-resty")
        );
        assert_eq!(token("GuzzleHttp/7"), Some("guzzlehttp"));
        assert_eq!(token("fasthttp"), Some("fasthttp"));
        assert_eq!(token("curl/8.4.0"), Some("curl"));
        assert_eq!(token("PostmanRuntime/7.36.1"), Some("postmanruntime"));
        let m = classify_user_agent("axios/1.7.2").unwrap();
        assert_eq!(m.category, UaCategory::Library);
    }

    #[test]
    fn powershell_is_found_after_the_mozilla_prefix() {
        let ps7 =
            "Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.19045; en-US) PowerShell/7.4.1";
        let ps5 =
            "Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.3803";
        assert_eq!(
            classify_user_agent(ps7).map(|m| (m.token, m.category)),
            Some(("powershell", UaCategory::AdminTool))
        );
        assert_eq!(token(ps5), Some("windowspowershell"));
    }

    #[test]
    fn attack_tools_and_legacy_markers() {
        assert_eq!(
            classify_user_agent("BAV2ROPC").map(|m| m.category),
            Some(UaCategory::Legacy)
        );
        assert_eq!(token("AADInternals"), Some("aadinternals"));
        assert_eq!(token("azurehound/v2.1.7"), Some("azurehound"));
        assert_eq!(token("roadrecon/1.0"), Some("roadrecon"));
        assert_eq!(token("ROADtools"), Some("roadtools"));
        assert_eq!(token("SharpHound/2.0"), Some("sharphound"));
        assert_eq!(
            token("Mozilla/5.0 (compatible; AADInternals)"),
            Some("aadinternals")
        );
        // An attack tool wins over a library named earlier in the same UA, an admin shell
        // over the runtime it is written in.
        assert_eq!(token("python-requests/2.28 roadtx/1.0"), Some("roadtx"));
        let az = "python/3.10.11 (Windows-10-10.0.22621-SP0) msrest/0.7.1 AZURECLI/2.50.0 (MSI)";
        assert_eq!(token(az), Some("azurecli"));
        let tf = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Teams/1.3.00.30866 Chrome/80.0.3987.165 Electron/8.5.1 Safari/537.36";
        assert_eq!(
            classify_user_agent(tf).map(|m| (m.token, m.category)),
            Some(("teamfiltration", UaCategory::AttackTool))
        );
        assert_eq!(token("eMClient/9.2.2157.0"), Some("emclient"));
    }

    #[test]
    fn browsers_and_look_alikes_do_not_match() {
        let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0";
        assert_eq!(token(chrome), None);
        // Substrings of list names in odd places never match.
        assert_eq!(
            token("Mozilla/5.0 (X11; Linux x86_64) Nodejs AppleWebKit/537.36 Chrome/120"),
            None
        );
        assert_eq!(
            token("Mozilla/5.0 (Windows NT 10.0; node; curl) Gecko/20100101 Firefox/121.0"),
            None
        );
        assert_eq!(token("node-red/3.1"), None);
        assert_eq!(
            token(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) Mobile/15E148 Outlook-iOS/2.0"
            ),
            None
        );
        assert_eq!(
            token("Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17126; Pro)"),
            None
        );
        assert_eq!(token("curlyfries/1.0"), None);
        assert_eq!(token(""), None);
        assert_eq!(token("   "), None);
    }
}
