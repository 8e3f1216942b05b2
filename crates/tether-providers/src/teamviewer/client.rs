//! The TeamViewer Web API client: bearer tokens from a `TokenSource` (a technician's OAuth
//! authorisation or a company script token), errors read by their `error` field (§2.5), one
//! refresh and one retry on `token_expired`, and never a blind retry of a create.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use tether_core::domain::teamviewer::{NewTvSession, TvConnection, TvSession, TvSessionKind};
use tether_core::ports::{ProviderError, RemoteControl};
use tether_core::secret::Secret;

use super::map;
use super::wire::{
    Account, CreateSession, EndCustomerOut, ErrorBody, ReportList, Session, SessionList,
};
use crate::http::{self, Idempotence, RetryPolicy};
use crate::reason::vendor_reason_text;

/// No numeric limit is documented (§2.6): a rate-limit answer without `Retry-After` waits this.
const RATE_LIMIT_WAIT_SECS: u64 = 60;

/// A list that has not ended after this many pages is not a list the API would send.
const MAX_PAGES: usize = 1_000;

/// Where the client's bearer token comes from.
#[async_trait]
pub trait TokenSource: Send + Sync {
    async fn token(&self) -> Result<Secret, ProviderError>;
    /// TeamViewer said `expired` was expired: a fresh token, or why there is none.
    async fn refresh(&self, expired: &Secret) -> Result<Secret, ProviderError>;
}

/// A script token (§2.1): it does not expire on a schedule and cannot be refreshed.
pub struct ScriptToken(pub Secret);

#[async_trait]
impl TokenSource for ScriptToken {
    async fn token(&self) -> Result<Secret, ProviderError> {
        Ok(self.0.clone())
    }
    async fn refresh(&self, _: &Secret) -> Result<Secret, ProviderError> {
        Err(ProviderError::Unauthorized(
            "TeamViewer says the script token expired: create a new one in the Management \
             Console and save it in Settings → Integrations"
                .into(),
        ))
    }
}

pub struct TeamViewerClient {
    base_url: String,
    http: reqwest::Client,
    tokens: Arc<dyn TokenSource>,
    retry: RetryPolicy,
}

impl TeamViewerClient {
    /// `base_url` is the API's, `https://webapi.teamviewer.com/api/v1` in the cloud.
    pub fn new(base_url: &str, http: reqwest::Client, tokens: Arc<dyn TokenSource>) -> Self {
        TeamViewerClient {
            base_url: base_url.trim_end_matches('/').to_string(),
            http,
            tokens,
            retry: RetryPolicy {
                max_attempts: 3,
                max_wait: Duration::from_secs(5),
                backoff: Duration::from_millis(200),
                on_rate_limit: None,
            },
        }
    }

    /// One request; an expired token is refreshed and the request sent once more (the
    /// server refused it, so even a create is safe to repeat then).
    async fn call(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&Value>,
        idempotence: Idempotence,
    ) -> Result<(StatusCode, String), ProviderError> {
        let url = format!("{}{path}", self.base_url);
        let mut token = self.tokens.token().await?;
        let mut refreshed = false;
        loop {
            let response = http::send(&self.retry, idempotence, || {
                let request = self
                    .http
                    .request(method.clone(), &url)
                    .bearer_auth(token.expose())
                    .query(query);
                match body {
                    Some(b) => request.json(b),
                    None => request,
                }
            })
            .await?;
            let status = response.status();
            let retry_after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| http::parse_retry_after(v, chrono::Utc::now()))
                .map(|d| d.as_secs());
            let text = response
                .text()
                .await
                .map_err(|e| ProviderError::Unreachable(format!("the reply was cut off ({e})")))?;
            if status.is_success() {
                return Ok((status, text));
            }
            let error: ErrorBody = serde_json::from_str(&text).unwrap_or_default();
            if error.error == "token_expired" && !refreshed {
                token = self.tokens.refresh(&token).await?;
                refreshed = true;
                continue;
            }
            return Err(refusal(status, &error, &text, retry_after));
        }
    }

    async fn json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&Value>,
        idempotence: Idempotence,
    ) -> Result<T, ProviderError> {
        let (_, text) = self.call(method, path, query, body, idempotence).await?;
        serde_json::from_str(&text).map_err(|e| {
            ProviderError::Malformed(format!(
                "TeamViewer's answer to {path} is not what it sends ({e})"
            ))
        })
    }
}

impl TeamViewerClient {
    /// Whose TeamViewer account the token acts as, said the way a person would recognise it
    /// ("Name <email>"); a company script token has no account and is refused by the API.
    pub async fn account(&self) -> Result<String, ProviderError> {
        let account: Account = self
            .json(Method::GET, "/account", &[], None, Idempotence::Safe)
            .await?;
        map::account_label(account)
    }

    /// Every page of a list: `next` reads where the next page starts, passed back as
    /// `offset_param` (§2.3 `next_offset` → `offset`; §2.4 `next_offset` → `offset_id`).
    async fn pages<P: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
        offset_param: &str,
        next: impl Fn(&P) -> Option<String>,
    ) -> Result<Vec<P>, ProviderError> {
        let mut out = Vec::new();
        let mut offset: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut q = query.to_vec();
            if let Some(o) = &offset {
                q.push((offset_param, o.as_str()));
            }
            let page: P = self
                .json(Method::GET, path, &q, None, Idempotence::Safe)
                .await?;
            let following = next(&page).filter(|o| !o.is_empty());
            out.push(page);
            match following {
                Some(n) if Some(&n) == offset.as_ref() => {
                    return Err(ProviderError::Malformed(format!(
                        "TeamViewer's list at {path} points back at the same page"
                    )))
                }
                Some(n) => offset = Some(n),
                None => return Ok(out),
            }
        }
        Err(ProviderError::Malformed(format!(
            "TeamViewer's list at {path} did not end after {MAX_PAGES} pages"
        )))
    }
}

/// A refusal in the technician's words, by the body's `error` field (§2.5).
pub(crate) fn refusal(
    status: StatusCode,
    error: &ErrorBody,
    text: &str,
    retry_after: Option<u64>,
) -> ProviderError {
    let description = error
        .error_description
        .clone()
        .filter(|d| !d.trim().is_empty())
        .or_else(|| vendor_reason_text(text));
    let said = description.clone().unwrap_or_else(|| {
        if error.error.is_empty() {
            format!("HTTP {status}")
        } else {
            error.error.clone()
        }
    });
    match error.error.as_str() {
        "rate_limit_reached" => ProviderError::RateLimited {
            retry_after_secs: retry_after.unwrap_or(RATE_LIMIT_WAIT_SECS),
        },
        "invalid_token" | "token_expired" => ProviderError::Unauthorized(format!(
            "TeamViewer no longer accepts this authorisation ({said}): authorise again in \
             Settings → Integrations"
        )),
        "blocked" => ProviderError::Vendor {
            code: i64::from(status.as_u16()),
            message: format!(
                "TeamViewer blocked requests from this address ({said}); ask your TeamViewer \
                 administrator"
            ),
        },
        "not_found" => ProviderError::NotFound,
        _ if status == StatusCode::NOT_FOUND => ProviderError::NotFound,
        _ if status.is_server_error() => ProviderError::Server {
            status: status.as_u16(),
        },
        _ if said.to_ascii_lowercase().contains("licens") => ProviderError::Vendor {
            code: i64::from(status.as_u16()),
            message: format!(
                "TeamViewer refused because of the licence: {said}. Your TeamViewer plan limits \
                 this; nothing was created"
            ),
        },
        _ => ProviderError::Vendor {
            code: i64::from(status.as_u16()),
            message: said,
        },
    }
}

#[async_trait]
impl RemoteControl for TeamViewerClient {
    async fn available(&self) -> Result<(), ProviderError> {
        Ok(())
    }

    async fn create_session(&self, new: &NewTvSession) -> Result<TvSession, ProviderError> {
        let body = CreateSession {
            groupname: &new.group_name,
            description: &new.description,
            end_customer: EndCustomerOut {
                name: &new.end_customer_name,
                email: new.end_customer_email.as_deref(),
            },
            custom_api: &new.custom_api,
            valid_until: new
                .valid_until
                .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
            support_session_type: match new.kind {
                TvSessionKind::Remote => "Default",
                TvSessionKind::Pilot => "Pilot",
            },
        };
        let body = serde_json::to_value(&body)
            .map_err(|e| ProviderError::Malformed(format!("the session request: {e}")))?;
        // 201 + Location (§2.3): the body is the session; the Location is not followed.
        let session: Session = self
            .json(
                Method::POST,
                "/sessions",
                &[],
                Some(&body),
                Idempotence::Unsafe,
            )
            .await?;
        map::session(session)
    }

    async fn session(&self, code: &str) -> Result<TvSession, ProviderError> {
        let session: Session = self
            .json(
                Method::GET,
                &format!("/sessions/{}", path_segment(code)?),
                &[],
                None,
                Idempotence::Safe,
            )
            .await?;
        map::session(session)
    }

    async fn open_sessions(&self) -> Result<Vec<TvSession>, ProviderError> {
        let pages: Vec<SessionList> = self
            .pages(
                "/sessions",
                &[("full_list", "true")],
                "offset",
                |p: &SessionList| p.next_offset.clone(),
            )
            .await?;
        pages
            .into_iter()
            .flat_map(|p| p.sessions)
            .map(map::session)
            .collect()
    }

    async fn close_session(&self, code: &str) -> Result<(), ProviderError> {
        self.call(
            Method::PUT,
            &format!("/sessions/{}", path_segment(code)?),
            &[],
            Some(&json!({ "state": "closed" })),
            Idempotence::Safe,
        )
        .await
        .map(|_| ())
    }

    async fn connections(&self, session_code: &str) -> Result<Vec<TvConnection>, ProviderError> {
        let pages: Vec<ReportList> = self
            .pages(
                "/reports/connections",
                &[("session_code", session_code)],
                "offset_id",
                |p: &ReportList| p.next_offset.clone(),
            )
            .await?;
        pages
            .into_iter()
            .flat_map(|p| p.records)
            .map(map::connection)
            .collect()
    }
}

/// A session code goes into a path as it is: anything but `s12-345-678`-like text is refused.
fn path_segment(code: &str) -> Result<&str, ProviderError> {
    if !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        Ok(code)
    } else {
        Err(ProviderError::Vendor {
            code: 400,
            message: format!("{code:?} is not a TeamViewer session code"),
        })
    }
}
