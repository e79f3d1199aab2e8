//! Neutralising untrusted text (rule names, subjects, user agents) for each medium, in one
//! place: CSV cells that a spreadsheet would run as a formula get a leading `'`; HTML is
//! escaped; terminal and HTML text lose control characters, bidi overrides and zero-width
//! marks (a reader must see the characters that are there, in the order they are stored).

use std::borrow::Cow;

use crate::text::is_invisible;

/// A CSV cell safe to open in a spreadsheet.
pub fn for_csv(s: &str) -> Cow<'_, str> {
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// Text safe to print on a terminal.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe_char) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|c| !is_unsafe_char(*c)).collect())
}

/// Text safe inside HTML element content and quoted attributes: markup characters
/// escaped; control characters (ANSI escapes, NUL), bidi overrides and zero-width marks
/// removed, as on the terminal, so a rule name cannot display reversed or hidden.
pub fn for_html(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) && !s.chars().any(is_unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_unsafe_char(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Control characters other than the line break, and everything that renders as nothing
/// (`crate::text::is_invisible`: zero-width, bidi controls, fillers, tag characters).
fn is_unsafe_char(c: char) -> bool {
    c != '\n' && is_invisible(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_formulas_are_neutralised() {
        for bad in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert!(for_csv(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(for_csv("invoice"), "invoice");
    }

    #[test]
    fn terminal_strips_controls_bidi_and_zero_width() {
        assert_eq!(
            for_terminal("a\x1b[31mb\u{202E}c\u{200B}d\u{7}"),
            "a[31mbcd"
        );
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(for_html("<script>\"&'"), "&lt;script&gt;&quot;&amp;&#39;");
        assert_eq!(for_html("plain"), "plain");
    }

    #[test]
    fn html_drops_controls_bidi_and_zero_width() {
        assert_eq!(
            for_html("a\x1b[31m<b>\u{202E}c\u{200B}d\u{0}"),
            "a[31m&lt;b&gt;cd"
        );
    }
}
