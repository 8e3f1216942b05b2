//! TeamViewer's sessions and reports to the core's `TvSession` and `TvConnection`.

use chrono::{DateTime, NaiveDateTime, Utc};
use tether_core::domain::teamviewer::{TvConnection, TvSession, TvSessionKind, TvSessionState};
use tether_core::ports::ProviderError;

use super::wire::{Account, Report, Session};

/// Both ISO forms the API writes (§1.3 note): extended and compact.
pub(crate) fn date(s: &str) -> Result<DateTime<Utc>, ProviderError> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%SZ")
        .map(|t| t.and_utc())
        .map_err(|_| ProviderError::Malformed(format!("{s:?} is not a TeamViewer date")))
}

fn optional_date(s: Option<&str>) -> Result<Option<DateTime<Utc>>, ProviderError> {
    s.filter(|s| !s.trim().is_empty()).map(date).transpose()
}

pub(crate) fn session(s: Session) -> Result<TvSession, ProviderError> {
    let state = match s.state.to_ascii_lowercase().as_str() {
        "open" => TvSessionState::Open,
        "closed" => TvSessionState::Closed,
        other => {
            return Err(ProviderError::Malformed(format!(
                "session {} has the unknown state {other:?}",
                s.code
            )))
        }
    };
    let kind = match s
        .support_session_type
        .as_deref()
        .map(str::to_ascii_lowercase)
    {
        Some(k) if k == "pilot" => TvSessionKind::Pilot,
        _ => TvSessionKind::Remote,
    };
    let customer = s.end_customer.unwrap_or_default();
    Ok(TvSession {
        created_at: optional_date(s.created_at.as_deref())?.ok_or_else(|| {
            ProviderError::Malformed(format!("session {} has no created_at", s.code))
        })?,
        valid_until: optional_date(s.valid_until.as_deref())?,
        closed_at: optional_date(s.closed_at.as_deref())?,
        code: s.code,
        state,
        kind,
        end_customer_name: customer.name,
        end_customer_email: customer.email,
        description: s.description.unwrap_or_default(),
        end_customer_link: s.end_customer_link.unwrap_or_default(),
        supporter_link: s.supporter_link.unwrap_or_default(),
        custom_api: s.custom_api.unwrap_or_default(),
        online: s.online,
    })
}

pub(crate) fn connection(r: Report) -> Result<TvConnection, ProviderError> {
    Ok(TvConnection {
        start: date(&r.start_date)?,
        end: optional_date(r.end_date.as_deref())?,
        id: r.id,
        session_code: r.session_code.unwrap_or_default(),
        technician: r.username.unwrap_or_default(),
        device: r.devicename.unwrap_or_default(),
        notes: r.notes.unwrap_or_default(),
        custom_api: r.custom_api.unwrap_or_default(),
    })
}

/// "Name <email>", or whichever of the two the token may read.
pub(crate) fn account_label(a: Account) -> Result<String, ProviderError> {
    let name = a
        .name
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty());
    let email = a
        .email
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty());
    match (name, email) {
        (Some(n), Some(e)) => Ok(format!("{n} <{e}>")),
        (Some(x), None) | (None, Some(x)) => Ok(x),
        (None, None) => Err(ProviderError::Malformed(
            "TeamViewer's /account answer names no account".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_iso_forms_are_the_same_instant() {
        assert_eq!(
            date("2026-11-21T08:15:00Z").unwrap(),
            date("20261121T081500Z").unwrap()
        );
        assert!(date("21/11/2026").is_err());
    }
}
