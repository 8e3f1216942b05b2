//! SPEC IN5: invitation templates. `$LINKTOREMOTE` is the session URL, `$REMOTESESSIONCODE`
//! the code or PIN, `$REMOTEINVITE` a canned paragraph that may use the other two. In an HTML
//! template every value is HTML-escaped; `$$` is a literal dollar sign.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const LINK: &str = "LINKTOREMOTE";
pub const CODE: &str = "REMOTESESSIONCODE";
pub const INVITE: &str = "REMOTEINVITE";
pub const VARIABLES: [&str; 3] = [LINK, CODE, INVITE];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Html,
    Text,
}

/// The values a template is rendered with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Values<'a> {
    pub link: &'a str,
    pub code: &'a str,
    /// The `$REMOTEINVITE` paragraph, itself a template (HTML) over the other two.
    pub remote_invite: &'a str,
}

/// A variable the editor should flag: unknown, or `$REMOTEINVITE` used inside itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct TemplateProblem {
    pub variable: String,
    pub message: String,
}

enum Piece<'t> {
    Text(&'t str),
    Var(&'t str),
}

/// Splits a template into text and `$NAME` pieces (NAME is A–Z, 0–9 and `_`).
fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let bytes = template.as_bytes();
    let (mut i, mut start) = (0, 0);
    while i < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        if bytes.get(i + 1) == Some(&b'$') {
            out.push(Piece::Text(&template[start..=i]));
            i += 2;
            start = i;
            continue;
        }
        let name_len = bytes[i + 1..]
            .iter()
            .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || **b == b'_')
            .count();
        // A variable starts with a letter: "$5" is money, not a variable.
        if name_len == 0 || !bytes[i + 1].is_ascii_uppercase() {
            i += 1;
            continue;
        }
        out.push(Piece::Text(&template[start..i]));
        out.push(Piece::Var(&template[i + 1..i + 1 + name_len]));
        i += 1 + name_len;
        start = i;
    }
    out.push(Piece::Text(&template[start..]));
    out
}

/// What the editor flags. `inside_remote_invite` is true for the `$REMOTEINVITE` paragraph.
pub fn problems(template: &str, inside_remote_invite: bool) -> Vec<TemplateProblem> {
    let mut out: Vec<TemplateProblem> = Vec::new();
    for piece in pieces(template) {
        let Piece::Var(name) = piece else { continue };
        let message = if !VARIABLES.contains(&name) {
            format!(
                "${name} is not a variable; use $LINKTOREMOTE, $REMOTESESSIONCODE or $REMOTEINVITE (write $$ for a dollar sign)"
            )
        } else if inside_remote_invite && name == INVITE {
            "$REMOTEINVITE cannot be used inside itself".to_string()
        } else {
            continue;
        };
        if !out.iter().any(|p| p.variable[1..] == *name) {
            out.push(TemplateProblem {
                variable: format!("${name}"),
                message,
            });
        }
    }
    out
}

/// Renders `template`; unknown variables stay as written (the editor has flagged them).
pub fn render(template: &str, format: Format, values: &Values<'_>) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    for piece in pieces(template) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Var(LINK) => push_value(&mut out, values.link, format),
            Piece::Var(CODE) => push_value(&mut out, values.code, format),
            Piece::Var(INVITE) => {
                let inner = Values {
                    remote_invite: "",
                    ..values.clone()
                };
                let html = render(values.remote_invite, Format::Html, &inner);
                match format {
                    Format::Html => out.push_str(&html),
                    Format::Text => out.push_str(&html_to_text(&html)),
                }
            }
            Piece::Var(other) => {
                out.push('$');
                out.push_str(other);
            }
        }
    }
    out
}

fn push_value(out: &mut String, value: &str, format: Format) {
    match format {
        Format::Text => out.push_str(value),
        Format::Html => out.push_str(&escape_html(value)),
    }
}

pub fn escape_html(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The plain-text part of an email: tags dropped, block ends as line breaks, the five
/// entities `escape_html` writes turned back.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].trim().to_ascii_lowercase();
        let block_end = [
            "/p", "/div", "/li", "/tr", "/h1", "/h2", "/h3", "/h4", "/h5", "/h6",
        ];
        if tag.starts_with("br") || block_end.contains(&tag.as_str()) {
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let text = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    lines.join("\n").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const INVITE_HTML: &str =
        "<p>Open <a href=\"$LINKTOREMOTE\">$LINKTOREMOTE</a> or enter $REMOTESESSIONCODE.</p>";

    fn values<'a>(link: &'a str, code: &'a str) -> Values<'a> {
        Values {
            link,
            code,
            remote_invite: INVITE_HTML,
        }
    }

    #[test]
    fn renders_every_variable_and_the_paragraph_over_them() {
        let v = values("https://sos.example/s/1?a=1&b=2", "123456789");
        let html = render(
            "<h1>Hi</h1>$REMOTEINVITE<p>Code: $REMOTESESSIONCODE, $$5</p>",
            Format::Html,
            &v,
        );
        assert_eq!(
            html,
            "<h1>Hi</h1><p>Open <a href=\"https://sos.example/s/1?a=1&amp;b=2\">https://sos.example/s/1?a=1&amp;b=2</a> or enter 123456789.</p><p>Code: 123456789, $5</p>"
        );
        let text = render("Support: $REMOTEINVITE", Format::Text, &v);
        assert_eq!(
            text,
            "Support: Open https://sos.example/s/1?a=1&b=2 or enter 123456789."
        );
        assert_eq!(html_to_text(&html).lines().count(), 3);
    }

    #[test]
    fn unknown_variables_are_flagged_and_left_as_written() {
        let p = problems("$LINKTOREMOTE $LINK $FOO $FOO $5 $REMOTEINVITE", false);
        let vars: Vec<&str> = p.iter().map(|p| p.variable.as_str()).collect();
        assert_eq!(vars, ["$LINK", "$FOO"]);
        assert!(problems("$REMOTEINVITE", true)[0]
            .message
            .contains("inside itself"));
        assert!(problems("Pay $$20 at $LINKTOREMOTE", false).is_empty());
        let out = render("$FOO $LINKTOREMOTEX", Format::Html, &values("l", "c"));
        assert_eq!(out, "$FOO $LINKTOREMOTEX");
    }

    #[test]
    fn the_paragraph_cannot_recurse() {
        let v = Values {
            link: "l",
            code: "c",
            remote_invite: "[$REMOTEINVITE $REMOTESESSIONCODE]",
        };
        assert_eq!(render("$REMOTEINVITE", Format::Html, &v), "[ c]");
    }

    proptest! {
        /// IN5: whatever a value holds, an HTML template gains no markup from it.
        #[test]
        fn values_never_add_markup(link in ".*", code in ".*") {
            let html = render("<a href=\"$LINKTOREMOTE\">$REMOTESESSIONCODE</a>$REMOTEINVITE", Format::Html, &values(&link, &code));
            let tags = html.matches('<').count();
            prop_assert_eq!(tags, 6, "{}", html);
            prop_assert_eq!(html.matches('"').count(), 4);
        }

        #[test]
        fn text_round_trips_values(link in "[^<>$]*", code in "[0-9]{6,10}") {
            let text = render("$LINKTOREMOTE|$REMOTESESSIONCODE", Format::Text, &values(&link, &code));
            prop_assert_eq!(text, format!("{link}|{code}"));
        }
    }
}
