//! OAuth for the sandbox's TeamViewer (providers.md §2.1) and Splashtop: authorization code
//! with PKCE (S256), codes valid 10 minutes and usable once, single-use rotating refresh
//! tokens, and revocation. Splashtop's OAuth endpoints are not public (providers.md §3.2:
//! apps are issued by arrangement), so its paths here are a sandbox assumption. The authorize page approves at once (there is no one to log in), redirecting
//! to the client's loopback address, so a plain HTTP client can play the browser.

use crate::lock;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use base64::Engine;
use rand::Rng;
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};

/// The sandbox's registered TeamViewer app.
pub const TEAMVIEWER_CLIENT_ID: &str = "sandbox-tv-app";
pub const TEAMVIEWER_CLIENT_SECRET: &str = "sandbox-tv-app-secret";
/// The sandbox's registered Splashtop app.
pub const SPLASHTOP_CLIENT_ID: &str = "sandbox-st-app";
pub const SPLASHTOP_CLIENT_SECRET: &str = "sandbox-st-app-secret";

/// One provider's OAuth server: its app and where it answers.
pub struct OAuthServer {
    pub client_id: &'static str,
    pub client_secret: &'static str,
    pub token_prefix: &'static str,
    pub authorize_path: &'static str,
    pub token_path: &'static str,
    pub revoke_path: &'static str,
    /// Prefix of the control API (`…/settings`, `…/revoke-all`, `…/stats`).
    pub control_path: &'static str,
}

pub const TEAMVIEWER: OAuthServer = OAuthServer {
    client_id: TEAMVIEWER_CLIENT_ID,
    client_secret: TEAMVIEWER_CLIENT_SECRET,
    token_prefix: "tv",
    authorize_path: "/api/v1/oauth2/authorize",
    token_path: "/api/v1/oauth2/token",
    revoke_path: "/api/v1/oauth2/revoke",
    control_path: "/_sandbox/oauth",
};

pub const SPLASHTOP: OAuthServer = OAuthServer {
    client_id: SPLASHTOP_CLIENT_ID,
    client_secret: SPLASHTOP_CLIENT_SECRET,
    token_prefix: "st",
    authorize_path: "/oauth/authorize",
    token_path: "/oauth/token",
    revoke_path: "/oauth/revoke",
    control_path: "/_sandbox/splashtop/oauth",
};
const CODE_LIFETIME: Duration = Duration::from_secs(600);
const ACCESS_LIFETIME_SECS: u64 = 3600;

struct Code {
    challenge: String,
    redirect_uri: String,
    issued: Instant,
    account: Account,
}

/// Whose account a grant acts as: the person signed in to the provider's web page when they
/// consented (the control API's `sign-in` changes who that is).
#[derive(Clone, Debug, serde::Serialize, Deserialize)]
pub struct Account {
    pub userid: String,
    pub name: String,
    pub email: String,
}

impl Default for Account {
    fn default() -> Self {
        Account {
            userid: "u7001".into(),
            name: "Northwind Service Desk".into(),
            email: "servicedesk@northwind.example".into(),
        }
    }
}

pub struct OAuthState {
    server: &'static OAuthServer,
    codes: Mutex<HashMap<String, Code>>,
    refresh_tokens: Mutex<HashMap<String, Account>>,
    access_tokens: Mutex<HashMap<String, Account>>,
    /// Who consents on the next authorize page.
    signed_in: Mutex<Account>,
    /// How many refresh grants were served: the tests check a refresh happens once.
    refreshes: Mutex<u64>,
    /// Codes older than this are expired (the control API shortens it).
    code_lifetime: Mutex<Option<Duration>>,
    /// Access tokens are issued with this lifetime (the control API shortens it).
    access_lifetime: Mutex<Option<u64>>,
}

impl OAuthState {
    pub fn new(server: &'static OAuthServer) -> Self {
        OAuthState {
            server,
            codes: Mutex::default(),
            refresh_tokens: Mutex::default(),
            access_tokens: Mutex::default(),
            signed_in: Mutex::default(),
            refreshes: Mutex::default(),
            code_lifetime: Mutex::default(),
            access_lifetime: Mutex::default(),
        }
    }

    pub fn access_token_valid(&self, token: &str) -> bool {
        lock(&self.access_tokens).contains_key(token)
    }

    /// The account an access token acts as.
    pub fn account_of(&self, token: &str) -> Option<Account> {
        lock(&self.access_tokens).get(token).cloned()
    }
}

fn random(prefix: &str) -> String {
    let tail: String = (0..24)
        .map(|_| char::from(b'a' + rand::thread_rng().gen_range(0..26u8)))
        .collect();
    format!("{prefix}-{tail}")
}

pub fn router(state: Arc<OAuthState>) -> Router {
    let server = state.server;
    let control = |tail: &str| format!("{}/{tail}", server.control_path);
    Router::new()
        .route(server.authorize_path, get(authorize))
        .route(server.token_path, post(token))
        .route(server.revoke_path, post(revoke))
        .route(&control("settings"), post(settings))
        .route(&control("revoke-all"), post(revoke_all))
        .route(&control("sign-in"), post(sign_in))
        .route(&control("stats"), get(stats))
        .with_state(state)
}

#[derive(Deserialize)]
struct AuthorizeQuery {
    response_type: String,
    client_id: String,
    redirect_uri: String,
    state: String,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
}

async fn authorize(State(s): State<Arc<OAuthState>>, Query(q): Query<AuthorizeQuery>) -> Response {
    if q.response_type != "code" || q.client_id != s.server.client_id {
        return (StatusCode::BAD_REQUEST, "unknown client or response type").into_response();
    }
    let is_loopback = q.redirect_uri.starts_with("http://127.0.0.1:");
    let (Some(challenge), Some("S256")) = (q.code_challenge, q.code_challenge_method.as_deref())
    else {
        return (StatusCode::BAD_REQUEST, "PKCE with S256 is required").into_response();
    };
    if !is_loopback {
        return (
            StatusCode::BAD_REQUEST,
            "the redirect must be a loopback address",
        )
            .into_response();
    }
    let code = random("code");
    lock(&s.codes).insert(
        code.clone(),
        Code {
            challenge,
            redirect_uri: q.redirect_uri.clone(),
            issued: Instant::now(),
            account: lock(&s.signed_in).clone(),
        },
    );
    let mut target = url::Url::parse(&q.redirect_uri).expect("checked above");
    target
        .query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", &q.state);
    Redirect::to(target.as_str()).into_response()
}

#[derive(Deserialize)]
struct TokenForm {
    grant_type: String,
    code: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    refresh_token: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

fn oauth_error(error: &str, description: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}

fn client_ok(server: &OAuthServer, form: &TokenForm, headers: &HeaderMap) -> bool {
    let from_body = form.client_id.as_deref() == Some(server.client_id)
        && form.client_secret.as_deref() == Some(server.client_secret);
    let from_basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .is_some_and(|pair| pair == format!("{}:{}", server.client_id, server.client_secret));
    from_body || from_basic
}

fn issue(s: &OAuthState, account: Account) -> Response {
    let access = random(&format!("{}-access", s.server.token_prefix));
    let refresh = random(&format!("{}-refresh", s.server.token_prefix));
    lock(&s.access_tokens).insert(access.clone(), account.clone());
    lock(&s.refresh_tokens).insert(refresh.clone(), account);
    let lifetime = lock(&s.access_lifetime).unwrap_or(ACCESS_LIFETIME_SECS);
    (
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::PRAGMA, "no-cache"),
        ],
        Json(json!({
            "access_token": access, "token_type": "bearer",
            "expires_in": lifetime, "refresh_token": refresh
        })),
    )
        .into_response()
}

async fn token(
    State(s): State<Arc<OAuthState>>,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Response {
    if !client_ok(s.server, &form, &headers) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_client"})),
        )
            .into_response();
    }
    match form.grant_type.as_str() {
        "authorization_code" => {
            let Some(code) = form.code.as_deref().and_then(|c| lock(&s.codes).remove(c)) else {
                return oauth_error("invalid_grant", "unknown or already used code");
            };
            let lifetime = lock(&s.code_lifetime).unwrap_or(CODE_LIFETIME);
            if code.issued.elapsed() > lifetime {
                return oauth_error("invalid_grant", "the code expired");
            }
            if form.redirect_uri.as_deref() != Some(code.redirect_uri.as_str()) {
                return oauth_error("invalid_grant", "redirect_uri does not match");
            }
            let verifier = form.code_verifier.unwrap_or_default();
            let digest = Sha256::digest(verifier.as_bytes());
            let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest);
            if computed != code.challenge {
                return oauth_error("invalid_grant", "PKCE verification failed");
            }
            issue(&s, code.account)
        }
        "refresh_token" => {
            let known = form
                .refresh_token
                .as_deref()
                .and_then(|t| lock(&s.refresh_tokens).remove(t));
            let Some(account) = known else {
                return oauth_error("invalid_grant", "the refresh token is invalid or revoked");
            };
            *lock(&s.refreshes) += 1;
            issue(&s, account)
        }
        _ => oauth_error(
            "unsupported_grant_type",
            "use authorization_code or refresh_token",
        ),
    }
}

#[derive(Deserialize)]
struct RevokeForm {
    token: String,
}

async fn revoke(State(s): State<Arc<OAuthState>>, Form(form): Form<RevokeForm>) -> Response {
    lock(&s.refresh_tokens).remove(&form.token);
    lock(&s.access_tokens).remove(&form.token);
    StatusCode::OK.into_response()
}

#[derive(Deserialize)]
struct SettingsBody {
    code_lifetime_secs: Option<u64>,
    access_lifetime_secs: Option<u64>,
}

async fn settings(State(s): State<Arc<OAuthState>>, Json(b): Json<SettingsBody>) -> Response {
    if let Some(secs) = b.code_lifetime_secs {
        *lock(&s.code_lifetime) = Some(Duration::from_secs(secs));
    }
    if let Some(secs) = b.access_lifetime_secs {
        *lock(&s.access_lifetime) = Some(secs);
    }
    StatusCode::OK.into_response()
}

/// Who is signed in to the provider's web page, so the next consent is theirs.
async fn sign_in(State(s): State<Arc<OAuthState>>, Json(account): Json<Account>) -> Response {
    *lock(&s.signed_in) = account;
    StatusCode::OK.into_response()
}

/// Revokes every grant, as a user removing the app from their account would.
async fn revoke_all(State(s): State<Arc<OAuthState>>) -> Response {
    lock(&s.refresh_tokens).clear();
    lock(&s.access_tokens).clear();
    StatusCode::OK.into_response()
}

async fn stats(State(s): State<Arc<OAuthState>>) -> Response {
    Json(json!({ "refreshes": *lock(&s.refreshes) })).into_response()
}
