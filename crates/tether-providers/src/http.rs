//! The retry policy every client shares: honour `Retry-After`, back off on 429 and 5xx,
//! bounded attempts, and never repeat a non-idempotent call that may have been processed.

use std::sync::Arc;
use std::time::Duration;

use reqwest::{RequestBuilder, Response, StatusCode};
use tether_core::ports::ProviderError;

#[derive(Clone)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    /// A `Retry-After` longer than this is returned to the caller instead of slept through:
    /// the poller then waits without holding a request open.
    pub max_wait: Duration,
    pub backoff: Duration,
    /// Told before each wait the vendor asked for (a 429's `Retry-After`), so a slow
    /// command can say why it is slow while it waits.
    pub on_rate_limit: Option<WaitObserver>,
}

/// Called with how long the vendor asked to wait.
pub type WaitObserver = Arc<dyn Fn(Duration) + Send + Sync>;

impl std::fmt::Debug for RetryPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RetryPolicy")
            .field("max_attempts", &self.max_attempts)
            .field("max_wait", &self.max_wait)
            .field("backoff", &self.backoff)
            .field("on_rate_limit", &self.on_rate_limit.is_some())
            .finish()
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            max_wait: Duration::from_secs(10),
            backoff: Duration::from_millis(250),
            on_rate_limit: None,
        }
    }
}

/// Whether repeating the request is harmless if the first one was processed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Idempotence {
    Safe,
    /// Repeated only when the server says it did not process it (429) or it never got it.
    Unsafe,
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .connect_timeout(Duration::from_secs(5))
        .user_agent(concat!("Tether/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_else(|_| reqwest::Client::new())
}

/// Sends the request built by `build`, retrying as the policy allows. Returns the final
/// response when it is neither a 429 nor a 5xx.
pub async fn send(
    policy: &RetryPolicy,
    idempotence: Idempotence,
    build: impl Fn() -> RequestBuilder,
) -> Result<Response, ProviderError> {
    let mut attempt = 1;
    loop {
        let last = attempt >= policy.max_attempts;
        let backoff = policy.backoff * 2u32.pow(attempt - 1);
        match build().send().await {
            Err(e) if e.is_connect() && !last => {
                tracing::debug!("connect failed, attempt {attempt}: {e}");
            }
            Err(e) if e.is_timeout() => {
                return Err(ProviderError::Unreachable(format!(
                    "no answer in time ({e})"
                )))
            }
            Err(e) => return Err(ProviderError::Unreachable(describe(&e))),
            Ok(r) if r.status() == StatusCode::TOO_MANY_REQUESTS => {
                let wait = retry_after(&r).unwrap_or(backoff);
                if last || wait > policy.max_wait {
                    return Err(ProviderError::RateLimited {
                        retry_after_secs: wait.as_secs().max(1),
                    });
                }
                if let Some(observe) = &policy.on_rate_limit {
                    observe(wait);
                }
                tokio::time::sleep(wait).await;
                attempt += 1;
                continue;
            }
            Ok(r) if r.status().is_server_error() => {
                // A 503 may say when to come back; otherwise the usual back-off.
                let wait = retry_after(&r).unwrap_or(backoff);
                if last || idempotence == Idempotence::Unsafe || wait > policy.max_wait {
                    return Err(ProviderError::Server {
                        status: r.status().as_u16(),
                    });
                }
                tracing::debug!("HTTP {}, attempt {attempt}", r.status());
                tokio::time::sleep(wait).await;
                attempt += 1;
                continue;
            }
            Ok(r) => return Ok(r),
        }
        tokio::time::sleep(backoff).await;
        attempt += 1;
    }
}

/// One authenticated GET, for the simple JSON APIs: the status and the body as text.
pub async fn get_with_bearer(
    http: &reqwest::Client,
    url: &str,
    token: &tether_core::secret::Secret,
    query: &[(&str, &str)],
) -> Result<(StatusCode, String), ProviderError> {
    let response = http
        .get(url)
        .query(query)
        .bearer_auth(token.expose())
        .send()
        .await
        .map_err(|e| ProviderError::Unreachable(describe(&e)))?;
    let status = response.status();
    let body = response
        .text()
        .await
        .map_err(|e| ProviderError::Unreachable(format!("the reply was cut off ({e})")))?;
    Ok((status, body))
}

/// A server cannot make Tether wait longer than this, whatever its `Retry-After` says.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// `Retry-After` as seconds or an HTTP date, at most [`MAX_RETRY_AFTER`].
fn retry_after(r: &Response) -> Option<Duration> {
    let value = r
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?;
    parse_retry_after(value, chrono::Utc::now())
}

/// A `Retry-After` value as seconds or an HTTP date (RFC 9110 §10.2.3) seen at `now`, at
/// most [`MAX_RETRY_AFTER`]; a date in the past means now. `None` when it is neither.
pub fn parse_retry_after(value: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let value = value.trim();
    let secs = match value.parse::<u64>() {
        Ok(secs) => secs,
        Err(_) => {
            let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
            let secs = (when.with_timezone(&chrono::Utc) - now).num_seconds();
            u64::try_from(secs).unwrap_or(0)
        }
    };
    Some(Duration::from_secs(secs).min(MAX_RETRY_AFTER))
}

/// A reqwest error with its causes ("connection refused" is several levels down). Tokens
/// travel in headers, never in URLs, so the URL it names is safe to show.
fn describe(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text = format!("{text}: {s}");
        source = s.source();
    }
    text
}
