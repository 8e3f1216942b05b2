//! SyncroMSP's REST API (providers.md §4): enough for *Test configuration* so far.

use reqwest::StatusCode;
use tether_core::ports::ProviderError;
use tether_core::secret::Secret;

/// A one-customer page of `GET /customers`: returns how many customers there are.
pub async fn customer_count(
    http: &reqwest::Client,
    base_url: &str,
    api_key: &Secret,
) -> Result<u64, ProviderError> {
    #[derive(serde::Deserialize)]
    struct Page {
        meta: Meta,
    }
    #[derive(serde::Deserialize)]
    struct Meta {
        total_entries: u64,
    }
    let url = format!("{}/customers", base_url.trim_end_matches('/'));
    let query = [("page", "1"), ("per_page", "1")];
    let (status, body) = crate::http::get_with_bearer(http, &url, api_key, &query).await?;
    match status {
        StatusCode::UNAUTHORIZED => {
            return Err(ProviderError::Unauthorized(
                "Syncro refused the API key (invalid or expired): create a new one under \
                 Admin → API → API Tokens"
                    .into(),
            ))
        }
        StatusCode::FORBIDDEN => {
            return Err(ProviderError::Unauthorized(
                "the API key lacks the permission \"Customers – List/Search\"".into(),
            ))
        }
        StatusCode::TOO_MANY_REQUESTS => {
            return Err(ProviderError::RateLimited {
                retry_after_secs: 60,
            })
        }
        s if !s.is_success() => {
            return Err(ProviderError::Vendor {
                code: i64::from(s.as_u16()),
                message: format!("Syncro answered HTTP {s}; is the address …/api/v1?"),
            })
        }
        _ => {}
    }
    let page: Page = serde_json::from_str(&body)
        .map_err(|e| ProviderError::Malformed(format!("expected a customers page: {e}")))?;
    Ok(page.meta.total_entries)
}
