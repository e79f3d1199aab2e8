//! Automated senders: notification, no-reply and newsletter addresses. A rule that files
//! mail from `notifications@github.com` into Archive is a user keeping the Inbox clean;
//! the BEC rule hides a person — the vendor, the CFO, the bank — or a keyword. Security
//! senders (Microsoft's account-protection mail, anything that speaks of security, sign-in,
//! passwords or verification) are never "automated" here: hiding them is what intruders do.
//!
//! Matching is on the address's local part split into words at `-`, `_`, `.` and `+`
//! (`github.notifications`); a word must equal a listed word, and `noreply`/`donotreply`
//! match with or without separators (`no-reply`, `do_not_reply`).

/// Words of a local part that mark an automated sender.
const AUTOMATED_WORDS: &[&str] = &[
    "notification",
    "notifications",
    "notify",
    "newsletter",
    "newsletters",
    "news",
    "digest",
    "updates",
    "mailer",
    "marketing",
    "bounce",
    "bounces",
];

/// Words anywhere in the address that make a sender security mail.
const SECURITY_WORDS: &[&str] = &[
    "security",
    "secure",
    "account",
    "accounts",
    "accountprotection",
    "protection",
    "alert",
    "alerts",
    "verify",
    "verification",
    "password",
    "signin",
    "login",
    "mfa",
    "otp",
    "auth",
    "microsoft",
    "microsoftonline",
    "office365",
    "azure",
];

fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(['-', '_', '.', '+', '@'])
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
}

/// True for a notification, no-reply or newsletter address that is not security mail.
pub fn is_automated_sender(address: &str) -> bool {
    let a = address.trim().trim_matches(['<', '>', '"', '\'']);
    let Some((local, _domain)) = a.rsplit_once('@') else {
        return false;
    };
    let compact: String = words(local).collect();
    let automated = compact.contains("noreply")
        || compact.contains("donotreply")
        || words(local).any(|w| AUTOMATED_WORDS.contains(&w.as_str()));
    automated && !words(a).any(|w| SECURITY_WORDS.contains(&w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notification_senders_are_automated_security_senders_are_not() {
        for a in [
            "notifications@github.com",
            "no-reply@zoom.us",
            "newsletter@vendor.example",
            "do_not_reply@jira.example.com",
        ] {
            assert!(is_automated_sender(a), "{a}");
        }
        for a in [
            "account-security-noreply@accountprotection.microsoft.com",
            "ap@vendor.example",
            "cfo@contoso.com",
            "noreply-security@bank.example",
            "notifications",
            "knowles@news.example",
        ] {
            assert!(!is_automated_sender(a), "{a}");
        }
    }
}
