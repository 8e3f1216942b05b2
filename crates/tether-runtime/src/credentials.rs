//! Where each provider is and how Tether proves who it is (SPEC CR1): the address in the
//! local cache, the secret in the OS keychain, never both in one place.

use std::path::Path;
use std::sync::Arc;

use tether_core::ports::{SecretStore, Store};
use tether_core::secret::Secret;
use tether_providers::splashtop::{SplashtopClient, SplashtopConfig};
use tether_store::SqliteStore;

use crate::{RuntimeError, SplashtopConnection};

/// The keychain entry of Splashtop's API token.
pub const SPLASHTOP_TOKEN: &str = "splashtop/api_token";
const SPLASHTOP_URL: &str = "splashtop.base_url";

pub struct Credentials {
    settings: SqliteStore,
    secrets: Arc<dyn SecretStore>,
}

impl Credentials {
    pub async fn open(
        data_dir: &Path,
        secrets: Arc<dyn SecretStore>,
    ) -> Result<Self, RuntimeError> {
        let settings = SqliteStore::open(&data_dir.join(crate::WORKSPACE_DB)).await?;
        Ok(Credentials { settings, secrets })
    }

    /// The configured Splashtop, if any. Configured but without its token in the keychain is
    /// an error that says so, never a silent switch to the demo.
    pub async fn splashtop(&self) -> Result<Option<SplashtopConnection>, RuntimeError> {
        let Some(base_url) = self.settings.setting(SPLASHTOP_URL).await? else {
            return Ok(None);
        };
        let token = self.secrets.get(SPLASHTOP_TOKEN).await?.ok_or_else(|| {
            RuntimeError::NotConfigured(format!(
                "Splashtop is set up at {base_url} but its API token is not in the keychain: \
                 set it again (`tether creds set splashtop --url {base_url}`)"
            ))
        })?;
        Ok(Some(SplashtopConnection { base_url, token }))
    }

    /// Stores the address in the cache and the token in the keychain. The token is written
    /// first, so a keychain failure leaves the previous configuration as it was.
    pub async fn set_splashtop(&self, base_url: &str, token: &Secret) -> Result<(), RuntimeError> {
        let base_url = check_base_url(base_url)?;
        if token.expose().trim().is_empty() {
            return Err(RuntimeError::Invalid("the API token is empty".into()));
        }
        self.secrets.set(SPLASHTOP_TOKEN, token).await?;
        self.settings.set_setting(SPLASHTOP_URL, &base_url).await?;
        Ok(())
    }

    /// Forgets Splashtop: the token leaves the keychain, the address the cache.
    pub async fn remove_splashtop(&self) -> Result<(), RuntimeError> {
        self.secrets.remove(SPLASHTOP_TOKEN).await?;
        self.settings.delete_setting(SPLASHTOP_URL).await?;
        Ok(())
    }

    /// The cheapest authenticated call (`users/basic_info`), reported in words.
    pub async fn test_splashtop(&self) -> Result<String, RuntimeError> {
        let connection = self
            .splashtop()
            .await?
            .ok_or_else(|| RuntimeError::NotConfigured("Splashtop is not set up yet".into()))?;
        let client = SplashtopClient::new(
            SplashtopConfig {
                base_url: connection.base_url.clone(),
                token: connection.token,
                source_name: "Tether".into(),
            },
            tether_providers::http::client(),
        );
        let info = client.basic_info().await?;
        let who = info.email.as_deref().unwrap_or("an unnamed account");
        match info.scopes.psa {
            Some(psa) => Ok(format!(
                "Splashtop at {} answered: the token belongs to {who}, team {}, with the \
                 service-desk (psa) scope",
                connection.base_url, psa.team_id
            )),
            None => Err(RuntimeError::Invalid(format!(
                "the token of {who} works but lacks the service-desk (psa) scope: create one \
                 with it in Splashtop's web console → Management → Settings → API"
            ))),
        }
    }

    pub async fn close(&self) {
        self.settings.close().await;
    }
}

/// https anywhere; plain http only on this machine (the sandbox).
fn check_base_url(raw: &str) -> Result<String, RuntimeError> {
    let url = url::Url::parse(raw.trim())
        .map_err(|e| RuntimeError::Invalid(format!("{raw:?} is not a URL: {e}")))?;
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    let ok = match url.scheme() {
        "https" => url.host_str().is_some(),
        "http" => loopback,
        _ => false,
    };
    if !ok || !url.username().is_empty() || url.password().is_some() || url.query().is_some() {
        return Err(RuntimeError::Invalid(format!(
            "{raw:?}: use https://host (e.g. https://webapi.splashtop.com); plain http only \
             on this machine, and no credentials or query in the address"
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::check_base_url;

    #[test]
    fn base_urls() {
        assert_eq!(
            check_base_url("https://webapi.splashtop.com/").unwrap(),
            "https://webapi.splashtop.com"
        );
        assert!(check_base_url("http://127.0.0.1:4100").is_ok());
        for bad in [
            "http://webapi.splashtop.com",
            "ftp://x",
            "https://user:pw@host",
            "https://host/?token=x",
            "webapi.splashtop.com",
            "javascript:alert(1)",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad}");
        }
    }
}
