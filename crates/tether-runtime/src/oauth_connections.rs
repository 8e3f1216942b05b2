//! TV1: OAuth connections on this machine. Each technician's own authorisation stays in the
//! keychain under their id; a technician may reuse a colleague's instead of signing in again
//! (a desk that shares one TeamViewer account signs in once). Which connection a technician
//! uses is a plain setting: no token is ever copied.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tether_core::domain::IntegrationKind;

use crate::integrations::Integrations;
use crate::RuntimeError;
use std::sync::Arc;

/// What the cache knows of a connection besides its tokens (which only the keychain holds).
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct ConnectionRecord {
    pub(crate) account: Option<String>,
    pub(crate) authorised_at: DateTime<Utc>,
}

fn record_key(kind: IntegrationKind, owner: &str) -> String {
    format!("integration.{}.connection.{owner}", kind.as_str())
}

fn reuse_key(kind: IntegrationKind, technician: &str) -> String {
    format!("integration.{}.reuses.{technician}", kind.as_str())
}

impl Integrations {
    /// Whose connection `technician` uses: a colleague's when they chose to reuse it, else
    /// their own.
    pub(crate) async fn connection_owner(
        &self,
        kind: IntegrationKind,
        technician: &str,
    ) -> Result<String, RuntimeError> {
        Ok(self
            .settings()
            .setting(&reuse_key(kind, technician))
            .await?
            .unwrap_or_else(|| technician.to_string()))
    }

    pub(crate) async fn reuse(
        &self,
        kind: IntegrationKind,
        technician: &str,
        owner: &str,
    ) -> Result<(), RuntimeError> {
        Ok(self
            .settings()
            .set_setting(&reuse_key(kind, technician), owner)
            .await?)
    }

    /// Back to the technician's own connection (signing in anew, or leaving a colleague's).
    pub(crate) async fn stop_reusing(
        &self,
        kind: IntegrationKind,
        technician: &str,
    ) -> Result<(), RuntimeError> {
        Ok(self
            .settings()
            .delete_setting(&reuse_key(kind, technician))
            .await?)
    }

    pub(crate) async fn connection_record(
        &self,
        kind: IntegrationKind,
        owner: &str,
    ) -> Result<Option<ConnectionRecord>, RuntimeError> {
        let Some(json) = self.settings().setting(&record_key(kind, owner)).await? else {
            return Ok(None);
        };
        // A record from another version is only a label: losing it loses nothing.
        Ok(serde_json::from_str(&json).ok())
    }

    pub(crate) async fn save_connection_record(
        &self,
        kind: IntegrationKind,
        owner: &str,
        account: Option<String>,
        authorised_at: DateTime<Utc>,
    ) -> Result<(), RuntimeError> {
        let record = ConnectionRecord {
            account,
            authorised_at,
        };
        let json = serde_json::to_string(&record)
            .map_err(|e| RuntimeError::Invalid(format!("unwritable connection record: {e}")))?;
        Ok(self
            .settings()
            .set_setting(&record_key(kind, owner), &json)
            .await?)
    }

    pub(crate) async fn forget_connection_record(
        &self,
        kind: IntegrationKind,
        owner: &str,
    ) -> Result<(), RuntimeError> {
        Ok(self
            .settings()
            .delete_setting(&record_key(kind, owner))
            .await?)
    }

    /// The account a fresh connection acts as, where the provider says (TeamViewer's
    /// `/account`); only a label, so a refusal is logged and the connection kept.
    pub(crate) async fn account_name(&self, kind: IntegrationKind, owner: &str) -> Option<String> {
        if kind != IntegrationKind::Teamviewer {
            return None;
        }
        let base_url = self
            .stored(kind)
            .await
            .ok()?
            .values
            .get("base_url")?
            .clone();
        let grant =
            crate::technician_grant::TechnicianGrant(self.connection(kind, owner).await.ok()?);
        let client = tether_providers::teamviewer::TeamViewerClient::new(
            &base_url,
            tether_providers::http::client(),
            Arc::new(grant),
        );
        match client.account().await {
            Ok(name) => Some(name),
            Err(e) => {
                tracing::warn!("TeamViewer did not say whose account {owner} authorised: {e}");
                None
            }
        }
    }
}
