//! The Splashtop client: bearer token, team id discovered once, envelope decoding.

use std::sync::Arc;

use async_trait::async_trait;
use reqwest::{Method, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::json;
use tether_core::ports::provider::{CreateSessionRequest, ProviderAction, ProviderChannel};
use tether_core::ports::{AttendedProvider, ProviderError, ProviderSession};
use tether_core::secret::Secret;
use tokio::sync::OnceCell;

use super::map;
use super::wire::{BasicInfo, ChannelList, Envelope, SupportSession, RESULT_OK};
use crate::http::{self, Idempotence, RetryPolicy};
use crate::reason::vendor_reason_text;

#[derive(Clone, Debug)]
pub struct SplashtopConfig {
    /// `https://webapi.splashtop.com`, `https://webapi.splashtop.eu`, or the sandbox.
    pub base_url: String,
    pub token: Secret,
    /// Shown in Splashtop as where the session came from.
    pub source_name: String,
}

/// SP1: the token of the technician at the desk, when they authorised Splashtop with their
/// own account; sessions are then created as them. `None`: the admin's API token is used.
#[async_trait]
pub trait TechnicianToken: Send + Sync {
    async fn token(&self) -> Option<Secret>;
    /// Splashtop refused the token (revoked, expired): forget it, so the technician is asked
    /// to authorise again and the API token is used meanwhile.
    async fn refused(&self);
}

pub struct SplashtopClient {
    config: SplashtopConfig,
    http: reqwest::Client,
    retry: RetryPolicy,
    team_id: OnceCell<i64>,
    technician: Option<Arc<dyn TechnicianToken>>,
}

impl SplashtopClient {
    pub fn new(config: SplashtopConfig, http: reqwest::Client) -> Self {
        SplashtopClient {
            config: SplashtopConfig {
                base_url: config.base_url.trim_end_matches('/').to_string(),
                ..config
            },
            http,
            retry: RetryPolicy::default(),
            team_id: OnceCell::new(),
            technician: None,
        }
    }

    /// Uses the technician's own token whenever they have one (SP1).
    pub fn with_technician_token(mut self, source: Arc<dyn TechnicianToken>) -> Self {
        self.technician = Some(source);
        self
    }

    /// Told of each wait Splashtop asks for, while the request waits it out.
    pub fn on_rate_limit(mut self, observe: crate::http::WaitObserver) -> Self {
        self.retry.on_rate_limit = Some(observe);
        self
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Who the token belongs to and which team; the cheapest authenticated call.
    pub async fn basic_info(&self) -> Result<BasicInfo, ProviderError> {
        self.call(
            Method::GET,
            "/api/open/v1/users/basic_info",
            None,
            Idempotence::Safe,
        )
        .await
    }

    async fn team(&self) -> Result<i64, ProviderError> {
        self.team_id
            .get_or_try_init(|| async {
                let info = self.basic_info().await?;
                info.scopes.psa.map(|p| p.team_id).ok_or_else(|| {
                    ProviderError::Unauthorized(
                        "the API token has no `psa` scope: create one with the service-desk \
                         (PSA) scope in Splashtop's web console → Management → Settings → API"
                            .into(),
                    )
                })
            })
            .await
            .copied()
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<serde_json::Value>,
        idempotence: Idempotence,
    ) -> Result<T, ProviderError> {
        if let Some(source) = &self.technician {
            if let Some(token) = source.token().await {
                match self
                    .call_as(&token, &method, path, &body, idempotence)
                    .await
                {
                    Err(ProviderError::Unauthorized(why)) => {
                        tracing::warn!(
                            "Splashtop refused the technician's token ({why}); using the API token"
                        );
                        source.refused().await;
                    }
                    other => return other,
                }
            }
        }
        self.call_as(&self.config.token, &method, path, &body, idempotence)
            .await
    }

    async fn call_as<T: DeserializeOwned>(
        &self,
        token: &Secret,
        method: &Method,
        path: &str,
        body: &Option<serde_json::Value>,
        idempotence: Idempotence,
    ) -> Result<T, ProviderError> {
        let url = format!("{}{path}", self.config.base_url);
        let response = http::send(&self.retry, idempotence, || {
            let request = self
                .http
                .request(method.clone(), &url)
                .bearer_auth(token.expose());
            match body {
                Some(b) => request.json(b),
                None => request,
            }
        })
        .await?;
        decode(response).await
    }
}

/// Reads the `{result, data}` envelope. Splashtop may signal errors with an HTTP status, a
/// `result` code, or both; every path ends in a `ProviderError` that says what happened.
/// The envelope is read before its data, so an error reply with odd data still shows its code.
async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ProviderError> {
    let status = response.status();
    let body = response
        .text()
        .await
        .map_err(|e| ProviderError::Unreachable(format!("the reply was cut off ({e})")))?;
    decode_body(status, &body)
}

/// [`decode`] once the whole reply is in.
pub(crate) fn decode_body<T: DeserializeOwned>(
    status: StatusCode,
    body: &str,
) -> Result<T, ProviderError> {
    let envelope: Envelope<serde_json::Value> = match serde_json::from_str(body) {
        Ok(e) => e,
        Err(e) if status.is_success() => {
            return Err(ProviderError::Malformed(format!(
                "expected a JSON {{result, data}} envelope ({e}); the reply began {:?}",
                preview(body)
            )))
        }
        Err(_) => return Err(status_error(status, vendor_reason_text(body))),
    };
    // The reason may be top-level or nested (`data.message`, `error.message`): find it.
    let reason = envelope
        .message
        .filter(|m| !m.trim().is_empty())
        .or_else(|| vendor_reason_text(body));
    if envelope.result != RESULT_OK {
        return Err(result_error(envelope.result, reason));
    }
    if !status.is_success() {
        return Err(status_error(status, reason));
    }
    let data = envelope.data.ok_or_else(|| {
        ProviderError::Malformed("the envelope said OK but carried no data".to_string())
    })?;
    serde_json::from_value(data)
        .map_err(|e| ProviderError::Malformed(format!("the data is not what Splashtop sends: {e}")))
}

fn status_error(status: StatusCode, message: Option<String>) -> ProviderError {
    let message = message.unwrap_or_else(|| status.to_string());
    match status {
        StatusCode::UNAUTHORIZED => ProviderError::Unauthorized(message),
        // The token is good; this action is not allowed to it. Not a reason to forget a
        // technician's authorisation.
        StatusCode::FORBIDDEN => ProviderError::Vendor {
            code: 403,
            message: format!("Splashtop does not allow this to the account ({message})"),
        },
        // A bare 404 is a wrong address, not a missing session (that is result 40404).
        StatusCode::NOT_FOUND => ProviderError::Vendor {
            code: 404,
            message: "no such endpoint: check the Splashtop base URL".to_string(),
        },
        _ if message.trim().is_empty() => ProviderError::Vendor {
            code: i64::from(status.as_u16()),
            message: format!("Splashtop answered HTTP {status} without a reason"),
        },
        _ => ProviderError::Vendor {
            code: i64::from(status.as_u16()),
            message,
        },
    }
}

/// providers.md §3.2's result codes.
fn result_error(code: i64, message: Option<String>) -> ProviderError {
    let message = message.unwrap_or_else(|| format!("Splashtop gave no reason with result {code}"));
    match code {
        40100 | 40101 => ProviderError::Unauthorized(format!(
            "the API token is invalid or expired ({message}); create a new one in Splashtop"
        )),
        41406 => ProviderError::Unauthorized(
            "the API token is malformed (quoted or truncated?); paste it again".to_string(),
        ),
        40300 => ProviderError::Vendor {
            code,
            message: format!("the account lacks the permission for this team ({message})"),
        },
        40404 => ProviderError::NotFound,
        40403 => ProviderError::Vendor {
            code,
            message: format!("not allowed: {message}"),
        },
        40422 => ProviderError::Vendor {
            code,
            message: format!("wrong parameters: {message}"),
        },
        _ => ProviderError::Vendor { code, message },
    }
}

fn preview(body: &str) -> String {
    body.chars().take(80).collect()
}

#[async_trait]
impl AttendedProvider for SplashtopClient {
    fn name(&self) -> &str {
        "splashtop"
    }

    fn status_word(&self, session: &ProviderSession) -> String {
        map::status_word(session)
    }

    async fn channels(&self) -> Result<Vec<ProviderChannel>, ProviderError> {
        let team = self.team().await?;
        let list: ChannelList = self
            .call(
                Method::GET,
                &format!("/api/open/v1/teams/{team}/psa/channel_list?mode=psa"),
                None,
                Idempotence::Safe,
            )
            .await?;
        Ok(list
            .channels
            .into_iter()
            .map(|c| ProviderChannel {
                provider_channel_id: c.id,
                name: c.name,
            })
            .collect())
    }

    async fn create(&self, req: &CreateSessionRequest) -> Result<ProviderSession, ProviderError> {
        let team = self.team().await?;
        let body = json!({
            "channel_id": req.provider_channel_id,
            "customer_name": req.customer_name,
            "customer_issue": req.issue,
            "source_name": self.config.source_name,
        });
        let session: SupportSession = self
            .call(
                Method::POST,
                &format!("/api/open/v1/teams/{team}/psa/support_sessions"),
                Some(body),
                Idempotence::Unsafe,
            )
            .await?;
        map::session(session)
    }

    async fn fetch(&self, id: &str) -> Result<ProviderSession, ProviderError> {
        let team = self.team().await?;
        let id = session_id(id)?;
        let session: SupportSession = self
            .call(
                Method::GET,
                &format!("/api/open/v1/teams/{team}/psa/support_sessions/{id}"),
                None,
                Idempotence::Safe,
            )
            .await?;
        map::session(session)
    }

    async fn act(&self, id: &str, action: ProviderAction) -> Result<(), ProviderError> {
        let team = self.team().await?;
        let id = session_id(id)?;
        let kind = match action {
            ProviderAction::Close => "close",
            ProviderAction::Delete => "delete",
            ProviderAction::RequestPermission => "request_permission",
        };
        // Closing or deleting twice is harmless; asking the end user twice is merely noisy.
        let _: serde_json::Value = self
            .call(
                Method::PUT,
                &format!("/api/open/v1/teams/{team}/psa/support_sessions/{id}/action"),
                Some(json!({ "kind": kind })),
                Idempotence::Safe,
            )
            .await?;
        Ok(())
    }

    /// `st-business://com.splashtop.business?account=<email>&sos=<code>` (§3.1), every value
    /// encoded so neither can add a parameter.
    fn remote_url(&self, code: &str, technician_email: &str) -> String {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("account", technician_email)
            .append_pair("sos", code)
            .finish();
        format!("st-business://com.splashtop.business?{query}")
    }
}

/// Splashtop's session ids are numbers; refuse anything else before putting it in a path.
fn session_id(id: &str) -> Result<u64, ProviderError> {
    id.parse()
        .map_err(|_| ProviderError::Malformed(format!("{id:?} is not a Splashtop session id")))
}
