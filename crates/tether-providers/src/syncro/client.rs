//! The SyncroMSP REST client (§4): the API key as a bearer token (never in a URL), one
//! request budget for the whole app (§4.2), every list driven by `meta.total_pages`, a 429
//! waited out as `Retry-After` says, and each refusal said in words.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, Utc};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use tether_core::domain::syncro::{SyncroAlert, SyncroAsset, SyncroCustomer};
use tether_core::ports::{PageProgress, ProviderError, Rmm};
use tether_core::secret::Secret;

use super::limiter::SYNCRO;
use super::map;
use super::wire::{AlertPage, AssetPage, CustomerPage, Me, Meta, OneAlert, Success};
use crate::http::{self, Idempotence, RetryPolicy};

/// A list that has not ended after this many pages is not one Syncro would send.
const MAX_PAGES: u32 = 20_000;

/// The permissions an import and alerts need (§4.1 names; INFERRED).
const NEEDED: [(&str, &str); 3] = [
    ("Customers - List/Search", "import customers"),
    ("Assets - List/Search", "import assets"),
    (
        "RMM Alerts - List/Create/Clear/Manage",
        "turn alerts into tickets",
    ),
];

pub struct SyncroClient {
    base_url: String,
    http: reqwest::Client,
    key: Secret,
    retry: RetryPolicy,
}

impl SyncroClient {
    /// `base_url` is the API's: `https://SUBDOMAIN.syncromsp.com/api/v1`.
    pub fn new(base_url: &str, http: reqwest::Client, key: Secret) -> Self {
        SyncroClient {
            base_url: base_url.trim_end_matches('/').to_string(),
            http,
            key,
            retry: RetryPolicy {
                max_attempts: 4,
                // A 429 says how long; a minute is the longest Syncro's window can ask.
                max_wait: Duration::from_secs(61),
                backoff: Duration::from_millis(500),
                on_rate_limit: None,
            },
        }
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        idempotence: Idempotence,
    ) -> Result<String, ProviderError> {
        let url = format!("{}{path}", self.base_url);
        // One slot per call: a retry after a 429 waits as long as Syncro said instead.
        SYNCRO.acquire().await;
        let response = http::send(&self.retry, idempotence, || {
            self.http
                .request(method.clone(), &url)
                .bearer_auth(self.key.expose())
                .query(query)
        })
        .await?;
        let status = response.status();
        let body = response
            .text()
            .await
            .map_err(|e| ProviderError::Unreachable(format!("the reply was cut off ({e})")))?;
        if status.is_success() {
            return Ok(body);
        }
        Err(refusal(status, path, &body))
    }

    async fn json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        idempotence: Idempotence,
    ) -> Result<T, ProviderError> {
        let body = self.call(method, path, query, idempotence).await?;
        serde_json::from_str(&body).map_err(|e| {
            ProviderError::Malformed(format!(
                "Syncro's answer to {path} is not what it sends ({e})"
            ))
        })
    }

    /// Every page of a list, `meta.total_pages` deciding when it ends (§4.3); without it,
    /// until a page comes back empty. A list that ends with fewer rows than `total_entries`
    /// said changed while it was read: an error, so nothing is taken as deleted because a row
    /// moved to a page already read.
    async fn pages<P: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
        meta: impl Fn(&P) -> &Meta,
        rows: impl Fn(&P) -> usize,
        progress: PageProgress<'_>,
    ) -> Result<Vec<P>, ProviderError> {
        let mut out = Vec::new();
        let mut page = 1u32;
        let mut read = 0usize;
        loop {
            let mut q = query.to_vec();
            q.push(("page", page.to_string()));
            let p: P = self.json(Method::GET, path, &q, Idempotence::Safe).await?;
            let (total_pages, total_entries) = (meta(&p).total_pages, meta(&p).total_entries);
            let n = rows(&p);
            read += n;
            out.push(p);
            let done = match total_pages {
                Some(total) => {
                    progress(page, total.max(1));
                    page >= total.max(1)
                }
                None => {
                    progress(page, page);
                    n == 0
                }
            };
            if done {
                if let Some(total) = total_entries {
                    if (read as u64) < total {
                        return Err(ProviderError::Unreachable(format!(
                            "Syncro's {path} list changed while it was read ({read} of {total} \
                             rows): try again"
                        )));
                    }
                }
                return Ok(out);
            }
            if page >= MAX_PAGES {
                return Err(ProviderError::Malformed(format!(
                    "{path} claims more than {MAX_PAGES} pages"
                )));
            }
            page += 1;
        }
    }

    /// *Test configuration*: who the key is, and which of the permissions Tether needs it
    /// lacks, by name.
    pub async fn check(&self) -> Result<String, ProviderError> {
        let me: Me = self
            .json(Method::GET, "/me", &[], Idempotence::Safe)
            .await?;
        let who = me
            .user_name
            .or(me.email)
            .unwrap_or_else(|| "an unnamed user".into());
        let Some(granted) = map::permissions(me.permissions.as_ref()) else {
            return Ok(format!("SyncroMSP answered as {who}"));
        };
        let norm = |s: &str| s.replace(['–', '—'], "-").to_lowercase();
        let missing: Vec<String> = NEEDED
            .iter()
            .filter(|(name, _)| !granted.iter().any(|g| norm(g) == norm(name)))
            .map(|(name, why)| format!("\"{name}\" (to {why})"))
            .collect();
        if missing.is_empty() {
            Ok(format!(
                "SyncroMSP answered as {who}, with every permission Tether uses"
            ))
        } else {
            Err(ProviderError::Unauthorized(format!(
                "the API key of {who} lacks {}: add them under Admin → API → API Tokens",
                missing.join(", ")
            )))
        }
    }
}

fn since_query(since: Option<DateTime<Utc>>) -> Vec<(&'static str, String)> {
    since
        .map(|t| {
            vec![(
                "since_updated_at",
                t.to_rfc3339_opts(SecondsFormat::Secs, true),
            )]
        })
        .unwrap_or_default()
}

pub(crate) fn refusal(status: StatusCode, path: &str, body: &str) -> ProviderError {
    match status {
        StatusCode::UNAUTHORIZED => ProviderError::Unauthorized(
            "Syncro refused the API key (invalid or expired): create a new one under Admin → API → \
             API Tokens"
                .into(),
        ),
        StatusCode::FORBIDDEN => ProviderError::Unauthorized(format!(
            "the API key lacks the permission for {path}: add it under Admin → API → API Tokens"
        )),
        StatusCode::NOT_FOUND => ProviderError::NotFound,
        StatusCode::UNPROCESSABLE_ENTITY => ProviderError::Vendor {
            code: 422,
            message: match map::unprocessable(body) {
                Some(said) => format!("Syncro refused it: {said}"),
                None => "Syncro refused it (422) without saying why".into(),
            },
        },
        s => ProviderError::Vendor {
            code: i64::from(s.as_u16()),
            message: match crate::reason::vendor_reason_text(body) {
                Some(reason) => format!("Syncro answered HTTP {s}: {reason}"),
                None => format!("Syncro answered HTTP {s}; is the address …/api/v1?"),
            },
        },
    }
}

#[async_trait]
impl Rmm for SyncroClient {
    async fn available(&self) -> Result<(), ProviderError> {
        Ok(())
    }

    async fn customers(
        &self,
        since: Option<DateTime<Utc>>,
        progress: PageProgress<'_>,
    ) -> Result<Vec<SyncroCustomer>, ProviderError> {
        let mut query = since_query(since);
        query.push(("include_disabled", "true".into()));
        let pages: Vec<CustomerPage> = self
            .pages(
                "/customers",
                &query,
                |p: &CustomerPage| &p.meta,
                |p: &CustomerPage| p.customers.len(),
                progress,
            )
            .await?;
        Ok(pages
            .into_iter()
            .flat_map(|p| p.customers)
            .map(map::customer)
            .collect())
    }

    async fn assets(
        &self,
        since: Option<DateTime<Utc>>,
        progress: PageProgress<'_>,
    ) -> Result<Vec<SyncroAsset>, ProviderError> {
        let pages: Vec<AssetPage> = self
            .pages(
                "/customer_assets",
                &since_query(since),
                |p: &AssetPage| &p.meta,
                |p: &AssetPage| p.assets.len(),
                progress,
            )
            .await?;
        Ok(pages
            .into_iter()
            .flat_map(|p| p.assets)
            .map(map::asset)
            .collect())
    }

    async fn alerts(&self, all: bool) -> Result<Vec<SyncroAlert>, ProviderError> {
        let status = if all { "all" } else { "active" };
        let pages: Vec<AlertPage> = self
            .pages(
                "/rmm_alerts",
                &[("status", status.into())],
                |p: &AlertPage| &p.meta,
                |p: &AlertPage| p.rmm_alerts.len(),
                &|_, _| {},
            )
            .await?;
        Ok(pages
            .into_iter()
            .flat_map(|p| p.rmm_alerts)
            .map(map::alert)
            .collect())
    }

    async fn alert(&self, id: i64) -> Result<SyncroAlert, ProviderError> {
        let one: OneAlert = self
            .json(
                Method::GET,
                &format!("/rmm_alerts/{id}"),
                &[],
                Idempotence::Safe,
            )
            .await?;
        one.rmm_alert
            .or(one.alert)
            .map(map::alert)
            .ok_or_else(|| ProviderError::Malformed("an alert answer without the alert".into()))
    }

    async fn resolve_alert(&self, id: i64) -> Result<(), ProviderError> {
        // Resolving twice resolves once: safe to repeat.
        let done: Success = self
            .json(
                Method::DELETE,
                &format!("/rmm_alerts/{id}"),
                &[],
                Idempotence::Safe,
            )
            .await?;
        match done.success {
            Some(serde_json::Value::Bool(true)) => Ok(()),
            Some(serde_json::Value::String(s)) if s == "true" => Ok(()),
            other => Err(ProviderError::Malformed(format!(
                "Syncro answered the resolve with success = {other:?}"
            ))),
        }
    }
}
