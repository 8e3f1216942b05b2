//! Who may call: the bearer token on every API request; the `Host` a request is addressed to
//! (a web page that rebinds its own name to 127.0.0.1 still sends its name); and the `Origin`
//! of a page that calls from a browser. All three are checked before anything runs.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, HOST, ORIGIN};
use axum::middleware::Next;
use axum::response::Response;
use rand::RngCore;
use tether_core::{ErrorCode, ErrorDto};

use crate::caller::Caller;
use crate::handlers::error_response;
use crate::ServeConfig;

/// The bearer token. Its `Debug` does not print it.
#[derive(Clone)]
pub struct Token(String);

impl Token {
    pub fn new(value: impl Into<String>) -> Self {
        Token(value.into())
    }

    /// 32 random bytes, hex.
    pub fn random() -> Self {
        let mut bytes = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut bytes);
        Token(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// For the one line that prints it at start-up.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// In constant time: how much of a guess is right must not show in the answer's timing.
    fn matches(&self, candidate: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), candidate.as_bytes());
        let mut diff = a.len() ^ b.len();
        for (i, x) in a.iter().enumerate() {
            diff |= usize::from(x ^ b.get(i).copied().unwrap_or(0));
        }
        diff == 0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// Who may call the API, and as whom.
#[derive(Clone)]
pub enum Access {
    /// `tether serve`: the one token printed at start-up; requests act as the desk's own
    /// technician.
    Desk(Token),
    /// `tether-server`: each technician's own token; requests act as the technician it names.
    Team(Arc<dyn TokenOwners>),
}

impl std::fmt::Debug for Access {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Access::Desk(t) => write!(f, "Desk({t:?})"),
            Access::Team(_) => f.write_str("Team"),
        }
    }
}

/// Whose a presented token is (the team's access tokens, kept hashed by the server).
#[async_trait::async_trait]
pub trait TokenOwners: Send + Sync {
    /// The technician `token` signs in, `None` for a token that is unknown or revoked, an
    /// error when that cannot be known now (the database is away).
    async fn owner(&self, token: &str) -> Result<Option<String>, String>;
}

pub(crate) struct Guard {
    access: Access,
    hosts: Vec<String>,
    origins: Vec<String>,
}

impl Guard {
    pub(crate) fn new(config: &ServeConfig, addr: SocketAddr) -> Self {
        let mut hosts: Vec<String> = vec!["127.0.0.1".into(), "localhost".into(), "[::1]".into()];
        if !addr.ip().is_unspecified() {
            hosts.push(match addr {
                SocketAddr::V4(a) => a.ip().to_string(),
                SocketAddr::V6(a) => format!("[{}]", a.ip()),
            });
        }
        hosts.extend(config.allow_hosts.iter().map(|h| h.to_ascii_lowercase()));
        hosts.dedup();
        let port = addr.port();
        let mut origins: Vec<String> = hosts.iter().map(|h| format!("http://{h}:{port}")).collect();
        origins.extend(
            config
                .allow_origins
                .iter()
                .map(|o| o.trim_end_matches('/').to_ascii_lowercase()),
        );
        Guard {
            access: config.access.clone(),
            hosts,
            origins,
        }
    }

    fn host_allowed(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        // Without its port: "[::1]:8080" → "[::1]", "localhost:8080" → "localhost".
        let name = match host.rfind(':') {
            Some(i) if !host[i..].contains(']') => &host[..i],
            _ => host.as_str(),
        };
        self.hosts.iter().any(|h| h == name)
    }

    fn origin_allowed(&self, origin: &str) -> bool {
        let origin = origin.trim_end_matches('/').to_ascii_lowercase();
        self.origins.contains(&origin)
    }
}

fn refuse(code: ErrorCode, message: &str) -> Response {
    error_response(&ErrorDto::new(code, message))
}

/// Every request, the UI's files too: addressed to a name this server answers to, and not
/// from another site's page.
pub(crate) async fn require_host_and_origin(
    State(guard): State<Arc<Guard>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    match host {
        Some(h) if guard.host_allowed(h) => {}
        _ => {
            return refuse(
                ErrorCode::HostRefused,
                "this server does not answer to that host name",
            )
        }
    }
    if let Some(origin) = request.headers().get(ORIGIN) {
        let allowed = origin
            .to_str()
            .map(|o| guard.origin_allowed(o))
            .unwrap_or(false);
        if !allowed {
            return refuse(
                ErrorCode::OriginRefused,
                "requests from pages of another origin are refused",
            );
        }
    }
    next.run(request).await
}

/// API requests: `Authorization: Bearer <token>`; the request then carries its `Caller`.
pub(crate) async fn require_token(
    State(guard): State<Arc<Guard>>,
    mut request: Request,
    next: Next,
) -> Response {
    let presented = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string());
    let Some(token) = presented else {
        return refuse(
            ErrorCode::Unauthenticated,
            match guard.access {
                Access::Desk(_) => {
                    "send the token tether serve printed, as Authorization: Bearer <token>"
                }
                Access::Team(_) => {
                    "send your access token (tether-server technician token), as Authorization: Bearer <token>"
                }
            },
        );
    };
    let caller = match &guard.access {
        Access::Desk(expected) if expected.matches(&token) => Caller(None),
        Access::Desk(_) => {
            return refuse(ErrorCode::Unauthenticated, "the token is not this server's")
        }
        Access::Team(owners) => match owners.owner(&token).await {
            Ok(Some(technician)) => Caller(Some(technician)),
            Ok(None) => {
                return refuse(
                    ErrorCode::Unauthenticated,
                    "this access token is unknown or was revoked: ask your admin for a new one",
                )
            }
            Err(e) => {
                tracing::error!("cannot check an access token: {e}");
                return refuse(
                    ErrorCode::Store,
                    "the team server cannot check tokens now (its database is away); try again shortly",
                );
            }
        },
    };
    request.extensions_mut().insert(caller);
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard() -> Guard {
        let config = ServeConfig {
            access: Access::Desk(Token::new("secret")),
            allow_hosts: vec!["desk.example".into()],
            allow_origins: vec!["http://127.0.0.1:1420/".into()],
            ui: None,
            replays: None,
        };
        Guard::new(&config, "127.0.0.1:4000".parse().unwrap())
    }

    #[test]
    fn hosts_are_matched_by_name_whatever_the_port() {
        let g = guard();
        for ok in [
            "127.0.0.1:4000",
            "localhost:4000",
            "[::1]:4000",
            "LOCALHOST",
            "desk.example:1",
        ] {
            assert!(g.host_allowed(ok), "{ok}");
        }
        for no in [
            "evil.example:4000",
            "127.0.0.1.evil.example",
            "",
            "[::2]:4000",
        ] {
            assert!(!g.host_allowed(no), "{no}");
        }
    }

    #[test]
    fn origins_are_the_servers_own_and_the_allowed_ones() {
        let g = guard();
        for ok in [
            "http://127.0.0.1:4000",
            "http://localhost:4000",
            "http://127.0.0.1:1420",
        ] {
            assert!(g.origin_allowed(ok), "{ok}");
        }
        for no in [
            "http://127.0.0.1:4001",
            "https://127.0.0.1:4000",
            "null",
            "http://evil.example",
        ] {
            assert!(!g.origin_allowed(no), "{no}");
        }
    }

    #[test]
    fn tokens_compare_whole() {
        let t = Token::new("secret");
        assert!(t.matches("secret"));
        for no in ["", "secre", "secret2", "Secret", "secreT"] {
            assert!(!t.matches(no), "{no}");
        }
        assert_eq!(format!("{t:?}"), "Token(<redacted>)");
    }
}
