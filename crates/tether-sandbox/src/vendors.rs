//! The other vendors' sandboxes, enough for *Test configuration*: BeyondTrust's OAuth token
//! and `get_api_info` (providers.md §1.1, §1.4), TeamViewer's `/ping` (§2.2), Syncro's
//! customers page (§4.4). Their credentials are the constants below.

use crate::lock;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use base64::Engine;
use rand::Rng;
use serde::Deserialize;
use serde_json::json;

use crate::beyondtrust::Appliance;

pub const BEYONDTRUST_CLIENT_ID: &str = "sandbox-bt-client";
pub const BEYONDTRUST_CLIENT_SECRET: &str = "sandbox-bt-secret";
pub const TEAMVIEWER_TOKEN: &str = "sandbox-tv-token";
pub const SYNCRO_API_KEY: &str = "sandbox-syncro-key";

pub struct VendorState {
    beyondtrust_tokens: Arc<Mutex<HashSet<String>>>,
    beyondtrust_tokens_issued: Mutex<u64>,
    appliance: Arc<Appliance>,
}

/// The BeyondTrust appliance for `base_url`, sharing its token list with `router`.
pub fn appliance(base_url: &str) -> Arc<Appliance> {
    Arc::new(Appliance::new(base_url.to_string(), Arc::default()))
}

pub fn router(oauth: Arc<crate::oauth::OAuthState>, appliance: Arc<Appliance>) -> Router {
    let state = VendorState {
        beyondtrust_tokens: appliance.tokens(),
        beyondtrust_tokens_issued: Mutex::new(0),
        appliance: appliance.clone(),
    };
    let ping_state = oauth.clone();
    Router::new()
        .route("/oauth2/token", post(beyondtrust_token))
        .route(
            "/api/command",
            get(beyondtrust_command).post(beyondtrust_command),
        )
        .route("/_sandbox/beyondtrust/stats", get(beyondtrust_stats))
        .route(
            "/_sandbox/beyondtrust/revoke-tokens",
            post(beyondtrust_revoke),
        )
        .with_state(Arc::new(state))
        .merge(crate::beyondtrust::router(appliance))
        .route(
            "/api/v1/ping",
            get(move |headers: HeaderMap| teamviewer_ping(ping_state.clone(), headers)),
        )
        .merge(crate::oauth::router(oauth))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
}

fn basic_auth(headers: &HeaderMap) -> Option<(String, String)> {
    let encoded = headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Basic ")?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let decoded = String::from_utf8(bytes).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((url_decode(id), url_decode(secret)))
}

#[derive(Deserialize)]
struct TokenForm {
    grant_type: String,
}

async fn beyondtrust_token(
    State(state): State<Arc<VendorState>>,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Response {
    if form.grant_type != "client_credentials" {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "unsupported_grant_type"})),
        )
            .into_response();
    }
    match basic_auth(&headers) {
        Some((id, secret))
            if id == BEYONDTRUST_CLIENT_ID && secret == BEYONDTRUST_CLIENT_SECRET =>
        {
            let token: String = (0..32)
                .map(|_| char::from(b'a' + rand::thread_rng().gen_range(0..26u8)))
                .collect();
            lock(&state.beyondtrust_tokens).insert(token.clone());
            *lock(&state.beyondtrust_tokens_issued) += 1;
            Json(json!({"access_token": token, "token_type": "Bearer", "expires_in": 3600}))
                .into_response()
        }
        _ => (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_client", "message": "Client authentication failed"})),
        )
            .into_response(),
    }
}

const COMMAND_NS: &str = "http://www.bomgar.com/namespaces/API/command";

/// GET with a query string or POST with a form body: both are documented (§1.2).
async fn beyondtrust_command(
    State(state): State<Arc<VendorState>>,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let params: std::collections::BTreeMap<String, String> = uri
        .query()
        .map(|q| q.as_bytes().to_vec())
        .into_iter()
        .chain(std::iter::once(body.to_vec()))
        .flat_map(|raw| {
            url::form_urlencoded::parse(&raw)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect::<Vec<_>>()
        })
        .collect();
    let action = params.get("action").cloned();
    let known = bearer(&headers).is_some_and(|t| lock(&state.beyondtrust_tokens).contains(t));
    if !known {
        return (StatusCode::UNAUTHORIZED, "").into_response();
    }
    if let Some(fault) = state.appliance.fault().await {
        return fault;
    }
    if let Some(answer) = state.appliance.command(&params) {
        return answer;
    }
    let xml = match action.as_deref() {
        Some("get_api_info") => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <api_information xmlns=\"{COMMAND_NS}\"><api_version>1.19.0</api_version>\
             <company_name>Tether Sandbox</company_name><timestamp>0</timestamp><permissions>\
             <permission name=\"perm_command\">full_access</permission>\
             <permission name=\"perm_reporting_support\">1</permission></permissions>\
             </api_information>"
        ),
        other => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><error xmlns=\"{COMMAND_NS}\">\
             Unknown action {}</error>",
            other.unwrap_or("(none)")
        ),
    };
    // BeyondTrust reports command errors with HTTP 200 (providers.md §1.5).
    ([(header::CONTENT_TYPE, "text/xml; charset=UTF-8")], xml).into_response()
}

/// Valid for the script token and for OAuth access tokens the sandbox issued.
async fn beyondtrust_stats(State(state): State<Arc<VendorState>>) -> Response {
    let issued = *lock(&state.beyondtrust_tokens_issued);
    Json(json!({ "tokens_issued": issued })).into_response()
}

/// As regenerating the API account's secret does: every outstanding token stops working.
async fn beyondtrust_revoke(State(state): State<Arc<VendorState>>) -> Response {
    lock(&state.beyondtrust_tokens).clear();
    StatusCode::OK.into_response()
}

async fn teamviewer_ping(oauth: Arc<crate::oauth::OAuthState>, headers: HeaderMap) -> Response {
    let valid =
        bearer(&headers).is_some_and(|t| t == TEAMVIEWER_TOKEN || oauth.access_token_valid(t));
    Json(json!({ "token_valid": valid })).into_response()
}

/// OAuth clients form-encode the id and secret before Basic auth (RFC 6749 §2.3.1).
fn url_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("v={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}
