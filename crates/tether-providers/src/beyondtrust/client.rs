//! The command API (§1.2): form requests, XML answers, `<error>` with HTTP 200.

use tether_core::ports::ProviderError;
use tether_core::secret::Secret;

use super::auth::TokenCache;
use super::xml::{self, Element};
use crate::http::{self, Idempotence, RetryPolicy};

#[derive(Clone, Debug)]
pub struct BeyondTrustConfig {
    /// The appliance, e.g. `https://support.example.com`.
    pub base_url: String,
    pub client_id: String,
    pub client_secret: Secret,
}

/// What `get_api_info` says: the API version and the account's permissions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiInfo {
    pub api_version: String,
    pub permissions: Vec<(String, String)>,
}

pub struct BeyondTrustClient {
    base_url: String,
    tokens: TokenCache,
    http: reqwest::Client,
    retry: RetryPolicy,
}

impl BeyondTrustClient {
    pub fn new(config: BeyondTrustConfig, http: reqwest::Client) -> Self {
        let base_url = config.base_url.trim_end_matches('/').to_string();
        BeyondTrustClient {
            tokens: TokenCache::new(&base_url, config.client_id, config.client_secret),
            base_url,
            http,
            retry: RetryPolicy::default(),
        }
    }

    pub(crate) fn base_url(&self) -> &str {
        &self.base_url
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    pub(crate) fn retry(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The cheapest authenticated call: validates the token and lists the permissions.
    pub async fn api_info(&self) -> Result<ApiInfo, ProviderError> {
        let root = self.command(&[("action", "get_api_info")]).await?;
        expect_root(&root, "api_information")?;
        Ok(ApiInfo {
            api_version: root
                .child("api_version")
                .map(|v| v.text.clone())
                .unwrap_or_default(),
            permissions: root
                .child("permissions")
                .map(|p| {
                    p.children
                        .iter()
                        .map(|perm| {
                            (
                                perm.attribute("name").unwrap_or("?").to_string(),
                                perm.text.clone(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
    }

    /// One read-only command, with the token renewed once on a 401.
    pub async fn command(&self, params: &[(&str, &str)]) -> Result<Element, ProviderError> {
        self.command_with(Idempotence::Safe, params).await
    }

    /// One command; `Unsafe` ones are not repeated after a server error. A 401 means the
    /// command was not run, so it is sent once more with a new token.
    pub(crate) async fn command_with(
        &self,
        idempotence: Idempotence,
        params: &[(&str, &str)],
    ) -> Result<Element, ProviderError> {
        self.authorised(|token| self.command_once(token, idempotence, params))
            .await
    }

    /// Runs `call` with the cached token, and once more with a fresh one after a 401.
    pub(crate) async fn authorised<'a, F, Fut>(&'a self, call: F) -> Result<Element, ProviderError>
    where
        F: Fn(Secret) -> Fut,
        Fut: std::future::Future<Output = Result<Element, ProviderError>> + 'a,
    {
        match call(self.tokens.token().await?).await {
            Err(ProviderError::Unauthorized(_)) => {
                self.tokens.invalidate().await;
                call(self.tokens.token().await?).await
            }
            other => other,
        }
    }

    async fn command_once(
        &self,
        token: Secret,
        idempotence: Idempotence,
        params: &[(&str, &str)],
    ) -> Result<Element, ProviderError> {
        let url = format!("{}/api/command", self.base_url);
        let response = http::send(&self.retry, idempotence, || {
            self.http
                .post(&url)
                .bearer_auth(token.expose())
                .form(params)
        })
        .await?;
        read_xml(response, "command").await
    }
}

/// Reads an XML answer: 401/403 as refused credentials, `<error>` (sent with HTTP 200) as
/// the appliance's refusal, anything unreadable as malformed.
pub(crate) async fn read_xml(
    response: reqwest::Response,
    api: &str,
) -> Result<Element, ProviderError> {
    let status = response.status();
    if status == reqwest::StatusCode::UNAUTHORIZED || status == reqwest::StatusCode::FORBIDDEN {
        return Err(ProviderError::Unauthorized(format!(
            "BeyondTrust refused the token (HTTP {status}); does the API account have the \
                 {api} API permission?"
        )));
    }
    let body = response
        .text()
        .await
        .map_err(|e| ProviderError::Unreachable(format!("the reply was cut off ({e})")))?;
    if !status.is_success() {
        // An appliance error page may still carry its reason as an <error> element.
        let reason = xml::parse(&body)
            .ok()
            .filter(|r| r.name == "error" && !r.text.trim().is_empty())
            .map(|r| format!(": {}", r.text.trim()))
            .unwrap_or_default();
        return Err(ProviderError::Vendor {
            code: i64::from(status.as_u16()),
            message: format!("the {api} API answered HTTP {status}{reason}"),
        });
    }
    let root = xml::parse(&body)
        .map_err(|e| ProviderError::Malformed(format!("the {api} API's XML is unreadable: {e}")))?;
    if root.name == "error" {
        return Err(ProviderError::Vendor {
            code: 200,
            message: if root.text.trim().is_empty() {
                format!("the {api} API refused the request without a reason")
            } else {
                root.text.trim().to_string()
            },
        });
    }
    Ok(root)
}

pub(crate) fn expect_root(root: &Element, name: &str) -> Result<(), ProviderError> {
    if root.name == name {
        Ok(())
    } else {
        Err(ProviderError::Malformed(format!(
            "expected <{name}>, got <{}>",
            root.name
        )))
    }
}
