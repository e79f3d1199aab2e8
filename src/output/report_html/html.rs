//! The one way report.html is built: a string buffer whose only entry for text is
//! [`Html::text`], which escapes through [`for_html`]. Markup goes in as `&'static str`
//! (so it cannot come from the logs) or, for numbers and ids the report makes itself,
//! through [`Html::markup`], whose arguments must never be log text.

use std::fmt::{Display, Write};

use crate::output::sanitize::for_html;

/// The page being written.
#[derive(Default)]
pub struct Html {
    buf: String,
}

impl Html {
    /// An empty page.
    pub fn new() -> Html {
        Html::default()
    }

    /// The finished text.
    pub fn into_string(self) -> String {
        self.buf
    }

    /// Static markup.
    pub fn raw(&mut self, markup: &'static str) -> &mut Html {
        self.buf.push_str(markup);
        self
    }

    /// Untrusted text, escaped (element content or a quoted attribute value).
    pub fn text(&mut self, s: &str) -> &mut Html {
        self.buf.push_str(&for_html(s));
        self
    }

    /// Markup made from numbers and the report's own ids: never log text.
    pub fn markup(&mut self, args: std::fmt::Arguments) -> &mut Html {
        let _ = self.buf.write_fmt(args);
        self
    }

    /// A number (or anything whose `Display` is the report's own).
    pub fn num(&mut self, n: impl Display) -> &mut Html {
        let _ = write!(self.buf, "{n}");
        self
    }

    /// `<tag>text</tag>` with escaped text.
    pub fn el(&mut self, tag: &'static str, text: &str) -> &mut Html {
        self.open(tag).text(text).close(tag)
    }

    /// `<tag>`.
    pub fn open(&mut self, tag: &'static str) -> &mut Html {
        self.buf.push('<');
        self.buf.push_str(tag);
        self.buf.push('>');
        self
    }

    /// `</tag>`.
    pub fn close(&mut self, tag: &'static str) -> &mut Html {
        self.buf.push_str("</");
        self.buf.push_str(tag);
        self.buf.push('>');
        self
    }

    /// `<tag class="…">`.
    pub fn open_class(&mut self, tag: &'static str, class: &'static str) -> &mut Html {
        self.markup(format_args!("<{tag} class=\"{class}\">"))
    }

    /// An account or address from the logs, escaped, that may break before its `@` (and
    /// anywhere, when it is one long token such as an anonymous-link user).
    pub fn account(&mut self, s: &str) -> &mut Html {
        match s.split_once('@') {
            Some((local, domain)) => self.text(local).raw("<wbr>@").text(domain),
            None if s.len() > 32 => self.raw("<span class=\"wrap\">").text(s).raw("</span>"),
            None => self.text(s),
        }
    }

    /// ` name="value"` with the value escaped (call between `<tag` and `>`).
    pub fn attr(&mut self, name: &'static str, value: &str) -> &mut Html {
        self.markup(format_args!(" {name}=\""))
            .text(value)
            .raw("\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_markup_is_not() {
        let mut h = Html::new();
        h.open("p")
            .text("<script>alert(1)</script>")
            .close("p")
            .raw("<td")
            .attr("title", "\"x\" onmouseover='y'")
            .raw(">");
        assert_eq!(
            h.into_string(),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\
             <td title=\"&quot;x&quot; onmouseover=&#39;y&#39;\">"
        );
    }

    #[test]
    fn accounts_break_before_the_at_sign() {
        let mut h = Html::new();
        h.account("<a>@x.com").raw(" ").account("short");
        assert_eq!(h.into_string(), "&lt;a&gt;<wbr>@x.com short");
    }
}
