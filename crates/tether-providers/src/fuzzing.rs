//! Entry points for `fuzz/`: each reads untrusted bytes the way the client reads a vendor's
//! reply, through the same functions, so a crash the fuzzer finds is a crash in the product.
//! Not an API: nothing else calls these.

use reqwest::StatusCode;

use crate::beyondtrust::{commands, reporting, xml};
use crate::{splashtop, syncro, teamviewer};

/// The first byte picks the HTTP status a reply came with; the rest is its body.
fn status_and_body(data: &[u8]) -> Option<(StatusCode, &str)> {
    const STATUSES: [u16; 8] = [200, 201, 400, 401, 403, 404, 422, 429];
    let (first, rest) = data.split_first()?;
    let status = match first {
        0..=199 => STATUSES[usize::from(*first) % STATUSES.len()],
        _ => 500 + u16::from(*first % 4),
    };
    Some((
        StatusCode::from_u16(status).ok()?,
        std::str::from_utf8(rest).ok()?,
    ))
}

/// A BeyondTrust reply: the XML reader, then every reader of a document it returns.
pub fn beyondtrust(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(root) = xml::parse(text) {
        let _ = reporting::parse_support_sessions(&root);
        let _ = commands::parse_session_key(&root);
        let _ = commands::parse_logged_in_reps(&root);
        let _ = commands::parse_support_teams(&root);
    }
}

/// A Splashtop reply to the session calls: the envelope, its result code, the session.
pub fn splashtop(data: &[u8]) {
    let Some((status, body)) = status_and_body(data) else {
        return;
    };
    if let Ok(session) =
        splashtop::client::decode_body::<splashtop::wire::SupportSession>(status, body)
    {
        let _ = splashtop::map::session(session);
    }
    let _ = splashtop::client::decode_body::<splashtop::wire::ChannelList>(status, body);
}

/// A TeamViewer reply: sessions, connection reports and the account on success; the
/// refusal otherwise.
pub fn teamviewer(data: &[u8]) {
    use teamviewer::wire::{Account, ErrorBody, ReportList, SessionList};
    let Some((status, body)) = status_and_body(data) else {
        return;
    };
    if !status.is_success() {
        let error: ErrorBody = serde_json::from_str(body).unwrap_or_default();
        let _ = teamviewer::client::refusal(status, &error, body, Some(30));
        return;
    }
    if let Ok(list) = serde_json::from_str::<SessionList>(body) {
        list.sessions.into_iter().for_each(|s| {
            let _ = teamviewer::map::session(s);
        });
    }
    if let Ok(list) = serde_json::from_str::<ReportList>(body) {
        list.records.into_iter().for_each(|r| {
            let _ = teamviewer::map::connection(r);
        });
    }
    if let Ok(account) = serde_json::from_str::<Account>(body) {
        let _ = teamviewer::map::account_label(account);
    }
}

/// A SyncroMSP reply: the three pages, one alert and `/me` on success; the refusal (with
/// its four 422 shapes) otherwise.
pub fn syncro(data: &[u8]) {
    use syncro::wire::{AlertPage, AssetPage, CustomerPage, Me, OneAlert};
    let Some((status, body)) = status_and_body(data) else {
        return;
    };
    if !status.is_success() {
        let _ = syncro::client::refusal(status, "/customers", body);
        return;
    }
    if let Ok(page) = serde_json::from_str::<CustomerPage>(body) {
        page.customers.into_iter().for_each(|c| {
            syncro::map::customer(c);
        });
    }
    if let Ok(page) = serde_json::from_str::<AssetPage>(body) {
        page.assets.into_iter().for_each(|a| {
            syncro::map::asset(a);
        });
    }
    if let Ok(page) = serde_json::from_str::<AlertPage>(body) {
        page.rmm_alerts.into_iter().for_each(|a| {
            syncro::map::alert(a);
        });
    }
    if let Ok(one) = serde_json::from_str::<OneAlert>(body) {
        one.rmm_alert.or(one.alert).map(syncro::map::alert);
    }
    if let Ok(me) = serde_json::from_str::<Me>(body) {
        syncro::map::permissions(me.permissions.as_ref());
    }
}

/// A `Retry-After` value: never longer than the cap, whatever the server wrote.
pub fn retry_after(data: &[u8]) {
    let Ok(value) = std::str::from_utf8(data) else {
        return;
    };
    let now = chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap_or_default();
    if let Some(wait) = crate::http::parse_retry_after(value, now) {
        assert!(
            wait <= crate::http::MAX_RETRY_AFTER,
            "{value:?} waits {wait:?}"
        );
    }
}

/// A request to the sign-in's loopback: only a redirect with our state ends the wait.
pub fn loopback_request(data: &[u8]) {
    const STATE: &str = "fuzz-state-0123456789";
    let (outcome, response) = crate::oauth::loopback::read_redirect(data, STATE);
    let ok = response.starts_with("HTTP/1.1 200 ");
    assert_eq!(
        ok,
        matches!(outcome, Some(Ok(_))),
        "the page must say what happened"
    );
}
