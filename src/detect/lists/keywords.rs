//! BEC keyword lists: finance terms an attacker watches or hides (invoice, payment, wire,
//! bank, ACH, IBAN, payroll, W-2, …) and security terms whose mail would warn the victim
//! (hack, phish, compromised, suspicious, password, MFA, security alert, …).
//!
//! Matching is by word, never naive substring: the text is split into lower-case words on
//! anything that is not a letter or digit; a keyword word matches a text word that equals
//! it or adds a plain English inflection (`invoice` → `invoices`, `invoiced`, `invoicing`;
//! `transfer` → `transferred`; `hack` → `hacked`, `hackers`). Other continuations do not
//! match: `bankruptcy` is not `bank`, `swiftly` is not `swift`, `achieve` is not `ACH`.
//! Common French, German, Spanish, Italian, Dutch, Portuguese and Nordic words for invoice,
//! payment, transfer and bank are spellings of the English keyword.
//! Keywords of three characters or fewer (`ACH`, `MFA`, `OTP`) match whole words only.
//! Multi-word keywords (`security alert`, `unusual sign-in`, `W-2`) match consecutive words.

/// Which kind of mail a keyword is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeywordGroup {
    /// Payments, invoices, bank details, payroll, tax forms.
    Finance,
    /// Warnings about the compromise itself: phishing, hacked, password, sign-in alerts.
    Security,
}

impl KeywordGroup {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            KeywordGroup::Finance => "finance",
            KeywordGroup::Security => "security",
        }
    }
}

/// One keyword: its label, its group, and the spellings that match it (words separated
/// by spaces, lower case).
struct Keyword {
    label: &'static str,
    group: KeywordGroup,
    spellings: &'static [&'static str],
}

const fn kw(
    label: &'static str,
    group: KeywordGroup,
    spellings: &'static [&'static str],
) -> Keyword {
    Keyword {
        label,
        group,
        spellings,
    }
}

use KeywordGroup::{Finance as F, Security as S};

/// The keyword table, finance first.
const KEYWORDS: &[Keyword] = &[
    kw(
        "invoice",
        F,
        &[
            "invoice",
            "rechnung",
            "rechnungen",
            "facture",
            "factura",
            "fattura",
            "factuur",
            "fatura",
            "faktura",
            "lasku",
        ],
    ),
    kw(
        "payment",
        F,
        &[
            "payment",
            "zahlung",
            "zahlungen",
            "paiement",
            "pago",
            "pagamento",
            "betaling",
            "betalning",
            "maksu",
        ],
    ),
    kw("payable", F, &["payable"]),
    kw("wire", F, &["wire"]),
    kw("bank", F, &["bank", "banque", "banco", "banca"]),
    kw("ACH", F, &["ach"]),
    kw("remittance", F, &["remittance"]),
    kw("remit", F, &["remit"]),
    kw(
        "transfer",
        F,
        &[
            "transfer",
            "überweisung",
            "virement",
            "transferencia",
            "bonifico",
            "overboeking",
            "transferência",
        ],
    ),
    kw("W-2", F, &["w 2", "w2"]),
    kw("W-9", F, &["w 9", "w9"]),
    kw("payroll", F, &["payroll"]),
    kw("IBAN", F, &["iban"]),
    kw("SWIFT", F, &["swift"]),
    kw("deposit", F, &["deposit"]),
    kw(
        "routing number",
        F,
        &["routing number", "routing no", "aba"],
    ),
    kw("account number", F, &["account number", "account details"]),
    kw("beneficiary", F, &["beneficiary", "beneficiaries"]),
    kw("gift card", F, &["gift card", "giftcard"]),
    kw("purchase order", F, &["purchase order"]),
    kw("hack", S, &["hack"]),
    kw("phish", S, &["phish"]),
    kw("compromised", S, &["compromise"]),
    kw("suspicious", S, &["suspicious", "suspicion"]),
    kw("fraud", S, &["fraud", "fraudulent"]),
    kw("scam", S, &["scam"]),
    kw("spoof", S, &["spoof"]),
    kw("malware", S, &["malware", "virus", "viruses"]),
    kw("password", S, &["password", "passcode"]),
    kw(
        "MFA",
        S,
        &["mfa", "2fa", "otp", "multi factor", "two factor"],
    ),
    kw("authenticator", S, &["authenticator"]),
    kw("security", S, &["security"]),
    kw("security alert", S, &["security alert", "security notice"]),
    kw(
        "unusual sign-in",
        S,
        &[
            "unusual sign in",
            "unusual signin",
            "unusual login",
            "unusual activity",
        ],
    ),
    kw("sign-in", S, &["sign in", "signin", "login", "logon"]),
    kw("verify", S, &["verify", "verified", "verification"]),
    kw("unauthorized", S, &["unauthorized", "unauthorised"]),
    kw("reset", S, &["reset"]),
    kw("breach", S, &["breach"]),
    kw("helpdesk", S, &["helpdesk", "help desk", "it support"]),
];

/// Inflection endings accepted after a keyword word of four or more characters.
const SUFFIXES: &[&str] = &["", "s", "es", "d", "ed", "ing", "er", "ers"];

/// Every keyword found in `text`, with its group, once each, in table order.
pub fn match_keywords(text: &str) -> Vec<(&'static str, KeywordGroup)> {
    let words = words(text);
    if words.is_empty() {
        return Vec::new();
    }
    KEYWORDS
        .iter()
        .filter(|k| k.spellings.iter().any(|s| phrase_in(s, &words)))
        .map(|k| (k.label, k.group))
        .collect()
}

/// Lower-case words of `text` (letters and digits; everything else separates).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// True when the words of `phrase` occur consecutively in `words`.
fn phrase_in(phrase: &str, words: &[String]) -> bool {
    let pat: Vec<&str> = phrase.split(' ').collect();
    if pat.is_empty() || pat.len() > words.len() {
        return false;
    }
    words
        .windows(pat.len())
        .any(|win| win.iter().zip(&pat).all(|(w, p)| word_matches(w, p)))
}

/// `word` is `key` or an inflection of it (see the module doc).
pub fn word_matches(word: &str, key: &str) -> bool {
    if word == key {
        return true;
    }
    if key.chars().count() <= 3 {
        return false;
    }
    if let Some(rest) = word.strip_prefix(key) {
        if SUFFIXES.contains(&rest) {
            return true;
        }
        // Doubled final consonant: transfer → transferred, remit → remitted.
        let last = key.chars().last().unwrap_or(' ');
        if let Some(tail) = rest.strip_prefix(last)
            && ["ed", "ing", "er", "ers"].contains(&tail)
        {
            return true;
        }
    }
    // Silent e dropped: invoice → invoicing, compromise → compromising.
    if let Some(stem) = key.strip_suffix('e')
        && let Some(rest) = word.strip_prefix(stem)
    {
        return ["ing", "ed", "er", "ers"].contains(&rest);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<&'static str> {
        match_keywords(text).into_iter().map(|(l, _)| l).collect()
    }

    #[test]
    fn inflections_match() {
        assert_eq!(labels("Invoices"), vec!["invoice"]);
        assert_eq!(labels("invoicing"), vec!["invoice"]);
        assert_eq!(labels("invoiced"), vec!["invoice"]);
        assert_eq!(labels("payments due"), vec!["payment"]);
        assert_eq!(labels("funds transferred"), vec!["transfer"]);
        assert_eq!(labels("you were HACKED"), vec!["hack"]);
        assert_eq!(labels("phishing"), vec!["phish"]);
        assert_eq!(labels("account compromised"), vec!["compromised"]);
        assert_eq!(labels("wired"), vec!["wire"]);
        assert_eq!(labels("remitted"), vec!["remit"]);
    }

    #[test]
    fn continuations_that_are_other_words_do_not_match() {
        for t in [
            "bankruptcy",
            "swiftly",
            "achieve",
            "wireless",
            "passwordless2",
            "prehack",
            "ibanez",
            "transference",
            "depository",
            "",
            "   ;;  ",
        ] {
            assert!(labels(t).is_empty(), "{t}: {:?}", labels(t));
        }
    }

    #[test]
    fn short_keywords_are_whole_words() {
        assert_eq!(labels("ACH"), vec!["ACH"]);
        assert_eq!(labels("ach-transfer"), vec!["ACH", "transfer"]);
        assert!(labels("achs").is_empty());
        assert_eq!(labels("MFA code"), vec!["MFA"]);
        assert!(labels("mfas").is_empty());
    }

    #[test]
    fn multi_word_and_tax_forms() {
        assert_eq!(labels("W-2"), vec!["W-2"]);
        assert_eq!(labels("w2 forms"), vec!["W-2"]);
        assert!(labels("w 22").is_empty());
        assert_eq!(labels("Security Alert"), vec!["security", "security alert"]);
        assert_eq!(
            labels("Unusual sign-in activity"),
            vec!["unusual sign-in", "sign-in"]
        );
        assert_eq!(labels("Gift cards"), vec!["gift card"]);
    }

    #[test]
    fn groups_are_reported() {
        let m = match_keywords("invoice;password reset");
        assert!(m.contains(&("invoice", KeywordGroup::Finance)));
        assert!(m.contains(&("password", KeywordGroup::Security)));
        assert!(m.contains(&("reset", KeywordGroup::Security)));
        assert_eq!(KeywordGroup::Finance.as_str(), "finance");
    }

    #[test]
    fn non_ascii_text_is_safe() {
        assert!(labels("✓ 請求書 ünïcödé").is_empty());
        assert_eq!(labels("Überweisung BANK"), vec!["bank", "transfer"]);
        assert_eq!(labels("Rechnungen"), vec!["invoice"]);
        assert_eq!(labels("facture impayée"), vec!["invoice"]);
    }
}
