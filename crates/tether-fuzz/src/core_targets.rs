//! Targets over the core's and the store's readers of untrusted input.

use std::collections::BTreeMap;

use tether_core::domain::beyondtrust::OutboundEvent;
use tether_core::domain::template::{render, Format, Values};

/// A form posted to the events receiver: decoded as axum's `Form` decodes it
/// (serde_urlencoded), then read as the intake reads it.
pub fn receiver_form(data: &[u8]) {
    let Ok(form) = serde_urlencoded::from_bytes::<BTreeMap<String, String>>(data) else {
        return;
    };
    if let Ok(event) = OutboundEvent::read(&form) {
        assert!(
            !event.event.trim().is_empty(),
            "an event without its name was taken"
        );
    }
}

/// A body posted to the Syncro alerts receiver.
pub fn syncro_webhook(data: &[u8]) {
    if let Ok(body) = std::str::from_utf8(data) {
        let _ = tether_core::domain::syncro::webhook_alert_id(body);
    }
}

/// What a technician types in search: whatever it is, the FTS5 query is only quoted
/// prefixes, so no input becomes query syntax.
pub fn fts_query(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(query) = tether_store::fts_query(text) else {
        return;
    };
    for term in query.split(' ') {
        let word = term
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix("\"*"))
            .unwrap_or_else(|| panic!("{term:?} is not a quoted prefix"));
        assert!(
            !word.is_empty() && word.chars().all(char::is_alphanumeric),
            "{term:?} carries query syntax"
        );
    }
}

/// An invitation template an admin typed, with whatever link and code a provider returned
/// (the four separated by NUL). Values are escaped in HTML; a template without variables
/// renders as written.
pub fn template(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.splitn(4, '\u{0}');
    let template = parts.next().unwrap_or_default();
    let link = parts.next().unwrap_or_default();
    let code = parts.next().unwrap_or_default();
    let remote_invite = parts.next().unwrap_or_default();
    let values = Values {
        link,
        code,
        remote_invite,
    };
    let html = render(template, Format::Html, &values);
    let _ = render(template, Format::Text, &values);
    if !template.contains('$') {
        assert_eq!(html, template, "a template without variables changed");
    }
    if !template.contains('<') && !remote_invite.contains('<') {
        assert!(
            !html.contains('<'),
            "a value reached the HTML unescaped: {html:?}"
        );
    }
}
