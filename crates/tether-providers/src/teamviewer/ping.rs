//! TeamViewer's Web API (providers.md §2): enough for *Test configuration* so far.

use tether_core::ports::ProviderError;
use tether_core::secret::Secret;

/// `GET /ping` (§2.2): no scope needed; says whether the token is valid.
pub async fn ping(
    http: &reqwest::Client,
    base_url: &str,
    token: &Secret,
) -> Result<(), ProviderError> {
    #[derive(serde::Deserialize)]
    struct Ping {
        token_valid: bool,
    }
    let url = format!("{}/ping", base_url.trim_end_matches('/'));
    let (status, body) = crate::http::get_with_bearer(http, &url, token, &[]).await?;
    if !status.is_success() {
        return Err(ProviderError::Vendor {
            code: i64::from(status.as_u16()),
            message: match crate::reason::vendor_reason_text(&body) {
                Some(reason) => format!("TeamViewer answered HTTP {status}: {reason}"),
                None => format!("TeamViewer answered HTTP {status}; is the address the Web API's?"),
            },
        });
    }
    let ping: Ping = serde_json::from_str(&body)
        .map_err(|e| ProviderError::Malformed(format!("expected {{\"token_valid\": …}}: {e}")))?;
    if ping.token_valid {
        Ok(())
    } else {
        Err(ProviderError::Unauthorized(
            "TeamViewer says the token is not valid: create a new script token in the \
             Management Console"
                .into(),
        ))
    }
}
