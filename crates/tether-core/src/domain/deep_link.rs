//! `tether://` links (a PSA's ticket page, a colleague's chat, a notification elsewhere):
//! `tether://session/<id>` opens a session on the board, `tether://ticket/<number or id>` a
//! ticket. Anything else is refused by name, never guessed.

use crate::error::CoreError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeepLink {
    Session(String),
    Ticket(String),
}

/// The scheme the desktop registers.
pub const SCHEME: &str = "tether";

pub fn parse_deep_link(raw: &str) -> Result<DeepLink, CoreError> {
    let refuse = |why: &str| CoreError::Invalid(format!("{raw:?} is not a Tether link: {why}"));
    let rest = raw
        .trim()
        .strip_prefix("tether://")
        .ok_or_else(|| refuse("it does not start with tether://"))?;
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let mut parts = rest.trim_end_matches('/').splitn(2, '/');
    let (kind, id) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    let id_ok = !id.is_empty()
        && id.len() <= 100
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !id_ok {
        return Err(refuse("it names no session or ticket"));
    }
    match kind {
        "session" => Ok(DeepLink::Session(id.to_string())),
        "ticket" => Ok(DeepLink::Ticket(id.to_string())),
        _ => Err(refuse(
            "only tether://session/… and tether://ticket/… open something",
        )),
    }
}

/// The first argument a launch was given that is a `tether://` link.
pub fn deep_link_in(args: &[String]) -> Option<&str> {
    args.iter()
        .map(String::as_str)
        .find(|a| a.starts_with("tether://"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_and_tickets_open_and_anything_else_is_refused() {
        assert_eq!(
            parse_deep_link("tether://session/3f2a-9c").unwrap(),
            DeepLink::Session("3f2a-9c".into())
        );
        assert_eq!(
            parse_deep_link("tether://ticket/1042/").unwrap(),
            DeepLink::Ticket("1042".into())
        );
        assert_eq!(
            parse_deep_link("tether://ticket/1042?from=psa").unwrap(),
            DeepLink::Ticket("1042".into())
        );
        for bad in [
            "https://example.com/session/1",
            "tether://session/",
            "tether://settings/x",
            "tether://session/../../etc",
            "tether://ticket/1042 or 1=1",
        ] {
            assert!(parse_deep_link(bad).is_err(), "{bad}");
        }
        let args = ["tether-app".to_string(), "tether://ticket/7".to_string()];
        assert_eq!(deep_link_in(&args), Some("tether://ticket/7"));
    }
}
