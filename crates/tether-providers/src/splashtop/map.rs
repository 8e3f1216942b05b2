//! Splashtop's session to the core's `ProviderSession`.

use tether_core::domain::Permission;
use tether_core::ports::{ProviderError, ProviderSession, ProviderStatus};

use super::wire::SupportSession;

pub(crate) fn session(s: SupportSession) -> Result<ProviderSession, ProviderError> {
    let status = match s.status.as_str() {
        "open" => ProviderStatus::Open,
        "closed" => ProviderStatus::Closed,
        "expired" => ProviderStatus::Expired,
        "deleted" => ProviderStatus::Deleted,
        other => {
            return Err(ProviderError::Malformed(format!(
                "session {} has the unknown status {other:?}",
                s.id
            )))
        }
    };
    let permission = match s.permission_status.as_deref() {
        // Without the sandbox's permission field, a technician connected means granted.
        None if s.connected_since.is_some() => Permission::Granted,
        None => Permission::NotRequested,
        Some("requested") => Permission::Requested,
        Some("granted") => Permission::Granted,
        Some("refused") => Permission::Refused,
        Some(other) => {
            return Err(ProviderError::Malformed(format!(
                "session {} has the unknown permission status {other:?}",
                s.id
            )))
        }
    };
    Ok(ProviderSession {
        provider_session_id: s.id,
        code: s.code,
        link: s.support_portal_link,
        status,
        app_running: s.online_since.is_some(),
        connected: s.connected_since.is_some(),
        ever_launched: s.associated_at.is_some() || s.online_since.is_some(),
        permission,
    })
}

/// The word Splashtop's console would show (it says "Waiting" for a session whose end user
/// has not launched the app yet).
pub(crate) fn status_word(s: &ProviderSession) -> String {
    match s.status {
        ProviderStatus::Closed => "Closed",
        ProviderStatus::Expired => "Expired",
        ProviderStatus::Deleted => "Deleted",
        ProviderStatus::Open if s.connected => "Connected",
        ProviderStatus::Open if s.app_running => "Online",
        ProviderStatus::Open if s.ever_launched => "Offline",
        ProviderStatus::Open => "Waiting",
    }
    .to_string()
}
