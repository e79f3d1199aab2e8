//! Text helpers that ingest, detectors, correlation and the writers share: list joining
//! for one-line summaries; the one definition of characters that render as nothing
//! (zero-width, bidi controls, fillers, tag characters), which the obfuscated-rule-name
//! detector looks for and the sanitiser removes from terminal and HTML output; and the
//! 128-bit fingerprint that stands in for a text where many must be remembered.

use std::hash::{Hash, Hasher};

/// A 128-bit fingerprint of a sequence of texts: two SipHash passes with different
/// prefixes and the fixed keys of `DefaultHasher::new`, so it is the same on every run
/// and a collision is out of reach. Dedup keeps one per record; MT-S08 one per session.
pub fn fingerprint(parts: &[&str]) -> u128 {
    let mut a = std::collections::hash_map::DefaultHasher::new();
    let mut b = std::collections::hash_map::DefaultHasher::new();
    0xA5u8.hash(&mut b);
    for p in parts {
        p.hash(&mut a);
        p.hash(&mut b);
    }
    (u128::from(a.finish()) << 64) | u128::from(b.finish())
}

/// Most addresses or keywords listed in a summary.
pub const LIST_SHOWN_MAX: usize = 5;

/// Up to [`LIST_SHOWN_MAX`] items joined with `, `, then `and N more`.
pub fn list_text<S: AsRef<str>>(items: &[S]) -> String {
    let shown: Vec<&str> = items
        .iter()
        .take(LIST_SHOWN_MAX)
        .map(AsRef::as_ref)
        .collect();
    let mut s = shown.join(", ");
    if items.len() > LIST_SHOWN_MAX {
        s.push_str(&format!(" and {} more", items.len() - LIST_SHOWN_MAX));
    }
    s
}

/// `a, b and c`.
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Join up to `max` items, adding `+N more` when there are more.
pub fn join_some<'a>(items: impl IntoIterator<Item = &'a str>, max: usize) -> String {
    let all: Vec<&str> = items.into_iter().collect();
    let mut s = all.iter().take(max).copied().collect::<Vec<_>>().join(", ");
    if all.len() > max {
        s.push_str(&format!(" +{} more", all.len() - max));
    }
    s
}

/// Zero-width, bidi-control, filler and other characters that render as nothing.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{E0000}'..='\u{E007F}'
    ) || c.is_control()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_tell_sequences_apart() {
        assert_eq!(fingerprint(&["session:abc"]), fingerprint(&["session:abc"]));
        assert_ne!(fingerprint(&["session:abc"]), fingerprint(&["token:abc"]));
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
    }

    #[test]
    fn lists_are_joined_and_bounded() {
        assert_eq!(
            join_and(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        let seven: Vec<String> = (1..=7).map(|i| i.to_string()).collect();
        assert_eq!(list_text(&seven), "1, 2, 3, 4, 5 and 2 more");
        assert_eq!(join_some(["x", "y", "z"], 2), "x, y +1 more");
    }

    #[test]
    fn invisible_characters() {
        for c in [
            '\u{200B}',
            '\u{202E}',
            '\u{2066}',
            '\u{FEFF}',
            '\u{E0041}',
            '\u{3164}',
        ] {
            assert!(is_invisible(c), "{c:?}");
        }
        assert!(!is_invisible('a'));
    }
}
