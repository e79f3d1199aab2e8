//! The STIX 2.1 patterning language, read far enough to tell three things apart: a
//! pattern that is only equality comparisons joined by `OR` (within one observation or
//! between observations) — the part mailtrail matches; a well-formed pattern that uses
//! more (`AND`, `FOLLOWEDBY`, `!=`, `LIKE`, `MATCHES`, `IN`, `EXISTS`, qualifiers such as
//! `WITHIN`) — skipped and counted; and a malformed one — an error.

/// A literal on the right of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `'text'` (escapes `\'` and `\\` resolved).
    Str(String),
    /// A number as written.
    Num(String),
    /// Anything else (`true`, `t'…'`, `b'…'`, `h'…'`, a set).
    Other,
}

/// What a well-formed pattern says.
#[derive(Debug, Clone, PartialEq)]
pub enum Pattern {
    /// Equality comparisons joined by `OR`: `(object path, literal)`.
    AnyOf(Vec<(String, Literal)>),
    /// It uses more than that; the text names the first construct.
    Unsupported(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open(char),
    Close(char),
    Comma,
    Op(String),
    Str(String),
    Num(String),
    Word(String),
    Typed,
}

/// Parse a pattern. `Err` says why it is malformed.
pub fn parse(text: &str) -> Result<Pattern, String> {
    let toks = tokens(text)?;
    if toks.is_empty() {
        return Err("the pattern is empty".into());
    }
    let mut p = Parser {
        toks,
        at: 0,
        terms: Vec::new(),
        unsupported: None,
    };
    p.observation_expr()?;
    if let Some(t) = p.toks.get(p.at) {
        return Err(format!("unexpected {} after the end", show(t)));
    }
    Ok(match p.unsupported {
        Some(why) => Pattern::Unsupported(why),
        None => Pattern::AnyOf(p.terms),
    })
}

fn show(t: &Tok) -> String {
    match t {
        Tok::Open(c) | Tok::Close(c) => format!("'{c}'"),
        Tok::Comma => "','".into(),
        Tok::Op(s) | Tok::Word(s) | Tok::Num(s) => format!("'{s}'"),
        Tok::Str(s) => format!("string '{s}'"),
        Tok::Typed => "a typed literal".into(),
    }
}

fn tokens(text: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        i += 1;
        match c {
            c if c.is_whitespace() => {}
            '[' | '(' => out.push(Tok::Open(c)),
            ']' | ')' => out.push(Tok::Close(c)),
            ',' => out.push(Tok::Comma),
            '=' | '!' | '<' | '>' => {
                let mut op = c.to_string();
                if chars.get(i) == Some(&'=') {
                    op.push('=');
                    i += 1;
                }
                if op == "!" {
                    return Err("'!' must be followed by '='".into());
                }
                out.push(Tok::Op(op));
            }
            '\'' => out.push(Tok::Str(quoted(&chars, &mut i)?)),
            c if c.is_ascii_digit() || c == '-' || c == '+' => {
                let start = i - 1;
                while chars
                    .get(i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '.')
                {
                    i += 1;
                }
                let n: String = chars[start..i].iter().collect();
                if n.parse::<f64>().is_err() {
                    return Err(format!(
                        "'{n}' is not a number: quote text values, as in '{n}'"
                    ));
                }
                out.push(Tok::Num(n));
            }
            c if c.is_alphabetic() || c == '_' => out.push(word(&chars, &mut i)?),
            c => return Err(format!("unexpected character '{c}'")),
        }
    }
    Ok(out)
}

/// A quoted string; `i` is just past the opening quote.
fn quoted(chars: &[char], i: &mut usize) -> Result<String, String> {
    let mut s = String::new();
    loop {
        match chars.get(*i) {
            None => return Err("a string is not closed with '".into()),
            Some('\\') => {
                match chars.get(*i + 1) {
                    Some(c @ ('\'' | '\\')) => s.push(*c),
                    _ => return Err("only \\' and \\\\ may be escaped in a string".into()),
                }
                *i += 2;
            }
            Some('\'') => {
                *i += 1;
                return Ok(s);
            }
            Some(c) => {
                s.push(*c);
                *i += 1;
            }
        }
    }
}

/// A keyword, an object path (`ipv4-addr:value`,
/// `network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'`,
/// `file:hashes.'SHA-256'`, `x:refs[*].value`) or a typed literal (`t'…'`).
fn word(chars: &[char], i: &mut usize) -> Result<Tok, String> {
    let start = *i - 1;
    if chars.get(*i) == Some(&'\'') && matches!(chars[start], 't' | 'b' | 'h') {
        *i += 1;
        quoted(chars, i)?;
        return Ok(Tok::Typed);
    }
    let mut w: String = chars[start].to_string();
    while let Some(&c) = chars.get(*i) {
        if c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.' | '*') {
            w.push(c);
            *i += 1;
        } else if c == '\'' && w.ends_with('.') {
            *i += 1;
            let seg = quoted(chars, i)?;
            w.push_str(&format!("'{seg}'"));
        } else if c == '[' && w.contains(':') {
            while let Some(&c) = chars.get(*i) {
                w.push(c);
                *i += 1;
                if c == ']' {
                    break;
                }
            }
        } else {
            break;
        }
    }
    Ok(Tok::Word(w))
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
    terms: Vec<(String, Literal)>,
    unsupported: Option<String>,
}

const QUALIFIERS: [&str; 3] = ["WITHIN", "REPEATS", "START"];

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn next(&mut self, wanted: &str) -> Result<Tok, String> {
        let t = self
            .toks
            .get(self.at)
            .cloned()
            .ok_or_else(|| format!("the pattern ends where {wanted} was expected"))?;
        self.at += 1;
        Ok(t)
    }

    fn expect(&mut self, tok: Tok, wanted: &str) -> Result<(), String> {
        let t = self.next(wanted)?;
        if t == tok {
            Ok(())
        } else {
            Err(format!("expected {wanted}, found {}", show(&t)))
        }
    }

    fn not_supported(&mut self, what: impl Into<String>) {
        self.unsupported.get_or_insert_with(|| what.into());
    }

    /// A keyword at the cursor (case-insensitive), consumed when it is one of `words`.
    fn keyword(&mut self, words: &[&str]) -> Option<String> {
        let Some(Tok::Word(w)) = self.peek() else {
            return None;
        };
        let up = w.to_ascii_uppercase();
        words.contains(&up.as_str()).then(|| {
            self.at += 1;
            up
        })
    }

    fn observation_expr(&mut self) -> Result<(), String> {
        self.observation()?;
        while let Some(op) = self.keyword(&["OR", "AND", "FOLLOWEDBY"]) {
            if op != "OR" {
                self.not_supported(op);
            }
            self.observation()?;
        }
        Ok(())
    }

    fn observation(&mut self) -> Result<(), String> {
        match self.next("'[' or '('")? {
            Tok::Open('[') => {
                self.comparison_expr()?;
                self.expect(Tok::Close(']'), "']'")?;
            }
            Tok::Open('(') => {
                self.observation_expr()?;
                self.expect(Tok::Close(')'), "')'")?;
            }
            t => return Err(format!("expected '[' or '(', found {}", show(&t))),
        }
        while let Some(q) = self.keyword(&QUALIFIERS) {
            self.not_supported(q.clone());
            self.qualifier(&q)?;
        }
        Ok(())
    }

    fn qualifier(&mut self, q: &str) -> Result<(), String> {
        let (first, then) = match q {
            "WITHIN" => ("a number", "SECONDS"),
            "REPEATS" => ("a number", "TIMES"),
            _ => ("a timestamp", "STOP"),
        };
        self.next(first)?;
        if self.keyword(&[then]).is_none() {
            return Err(format!("{q} must be followed by {first} and {then}"));
        }
        if q == "START" {
            self.next("a timestamp")?;
        }
        Ok(())
    }

    fn comparison_expr(&mut self) -> Result<(), String> {
        self.comparison()?;
        while let Some(op) = self.keyword(&["OR", "AND"]) {
            if op == "AND" {
                self.not_supported("AND");
            }
            self.comparison()?;
        }
        Ok(())
    }

    fn comparison(&mut self) -> Result<(), String> {
        if self.peek() == Some(&Tok::Open('(')) {
            self.at += 1;
            self.comparison_expr()?;
            return self.expect(Tok::Close(')'), "')'");
        }
        if self.keyword(&["EXISTS"]).is_some() {
            self.not_supported("EXISTS");
            return self.path().map(drop);
        }
        let path = self.path()?;
        let negated = self.keyword(&["NOT"]).is_some();
        let op = match self.next("a comparison operator")? {
            Tok::Op(op) => op,
            Tok::Word(w) => w.to_ascii_uppercase(),
            t => {
                return Err(format!(
                    "expected a comparison operator, found {}",
                    show(&t)
                ));
            }
        };
        if !matches!(
            op.as_str(),
            "=" | "!="
                | "<"
                | ">"
                | "<="
                | ">="
                | "LIKE"
                | "MATCHES"
                | "IN"
                | "ISSUBSET"
                | "ISSUPERSET"
        ) {
            return Err(format!("'{op}' is not a comparison operator"));
        }
        let value = self.literal()?;
        if negated || op != "=" {
            self.not_supported(if negated { format!("NOT {op}") } else { op });
        } else {
            self.terms.push((path, value));
        }
        Ok(())
    }

    fn path(&mut self) -> Result<String, String> {
        match self.next("an object path such as ipv4-addr:value")? {
            Tok::Word(w) if w.contains(':') => Ok(w),
            t => Err(format!(
                "expected an object path such as ipv4-addr:value, found {}",
                show(&t)
            )),
        }
    }

    fn literal(&mut self) -> Result<Literal, String> {
        match self.next("a value")? {
            Tok::Str(s) => Ok(Literal::Str(s)),
            Tok::Num(n) => Ok(Literal::Num(n)),
            Tok::Typed => Ok(Literal::Other),
            Tok::Word(w) if w == "true" || w == "false" => Ok(Literal::Other),
            Tok::Open('(') => {
                loop {
                    self.literal()?;
                    match self.next("',' or ')'")? {
                        Tok::Comma => {}
                        Tok::Close(')') => break,
                        t => return Err(format!("expected ',' or ')', found {}", show(&t))),
                    }
                }
                Ok(Literal::Other)
            }
            t => Err(format!("expected a value, found {}", show(&t))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn any_of(text: &str) -> Vec<(String, Literal)> {
        match parse(text) {
            Ok(Pattern::AnyOf(t)) => t,
            other => panic!("{text}: {other:?}"),
        }
    }

    fn s(p: &str, v: &str) -> (String, Literal) {
        (p.into(), Literal::Str(v.into()))
    }

    #[test]
    fn equality_and_or_combinations() {
        assert_eq!(
            any_of("[ipv4-addr:value = '203.0.113.7']"),
            [s("ipv4-addr:value", "203.0.113.7")]
        );
        assert_eq!(
            any_of("[ipv4-addr:value = '1.2.3.4'] OR [domain-name:value='evil.example']"),
            [
                s("ipv4-addr:value", "1.2.3.4"),
                s("domain-name:value", "evil.example")
            ]
        );
        assert_eq!(
            any_of("[email-addr:value = 'a@x.example' OR email-addr:value = 'it\\'s@x.example']"),
            [
                s("email-addr:value", "a@x.example"),
                s("email-addr:value", "it's@x.example")
            ]
        );
        assert_eq!(
            any_of("([autonomous-system:number = 14061])"),
            [(
                "autonomous-system:number".into(),
                Literal::Num("14061".into())
            )]
        );
        assert_eq!(
            any_of(
                "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' \
                 = 'python-requests/2.31.0']"
            )[0]
            .0,
            "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'"
        );
    }

    #[test]
    fn more_than_equality_is_unsupported_not_malformed() {
        let why = |t: &str| match parse(t) {
            Ok(Pattern::Unsupported(w)) => w,
            other => panic!("{t}: {other:?}"),
        };
        assert_eq!(
            why("[ipv4-addr:value = '1.2.3.4' AND ipv4-addr:value = '1.2.3.5']"),
            "AND"
        );
        assert_eq!(why("[a:b = 'x'] AND [c:d = 'y']"), "AND");
        assert_eq!(why("[a:b = 'x'] FOLLOWEDBY [c:d = 'y']"), "FOLLOWEDBY");
        assert_eq!(why("[url:value MATCHES '^https?://']"), "MATCHES");
        assert_eq!(why("[domain-name:value NOT LIKE '%.example']"), "NOT LIKE");
        assert_eq!(why("[ipv4-addr:value IN ('1.2.3.4', '1.2.3.5')]"), "IN");
        assert_eq!(why("[ipv4-addr:value != '1.2.3.4']"), "!=");
        assert_eq!(
            why("[file:hashes.'SHA-256' = 'ab'] WITHIN 300 SECONDS"),
            "WITHIN"
        );
        assert_eq!(
            why("[a:b = 'x'] START t'2026-01-01T00:00:00Z' STOP t'2026-02-01T00:00:00Z'"),
            "START"
        );
        assert_eq!(why("[EXISTS windows-registry-key:values]"), "EXISTS");
    }

    #[test]
    fn malformed_patterns_say_why() {
        let err = |t: &str| parse(t).unwrap_err();
        assert_eq!(err(""), "the pattern is empty");
        assert_eq!(
            err("[ipv4-addr:value = '1.2.3.4'"),
            "the pattern ends where ']' was expected"
        );
        assert_eq!(
            err("[ipv4-addr:value = '1.2.3.4]"),
            "a string is not closed with '"
        );
        assert_eq!(
            err("ipv4-addr:value = '1.2.3.4'"),
            "expected '[' or '(', found 'ipv4-addr:value'"
        );
        assert_eq!(
            err("[ipv4-addr:value '1.2.3.4']"),
            "expected a comparison operator, found string '1.2.3.4'"
        );
        assert_eq!(err("[ipv4-addr:value = ]"), "expected a value, found ']'");
        assert_eq!(
            err("[value = '1']"),
            "expected an object path such as ipv4-addr:value, found 'value'"
        );
        assert_eq!(
            err("[a:b = 'x'] OR"),
            "the pattern ends where '[' or '(' was expected"
        );
        assert_eq!(err("[a:b = 'x'] ]"), "unexpected ']' after the end");
        assert_eq!(err("[a:b = 'x' ; ]"), "unexpected character ';'");
        assert_eq!(
            err("[ipv4-addr:value = 1.2.3.4]"),
            "'1.2.3.4' is not a number: quote text values, as in '1.2.3.4'"
        );
    }
}
