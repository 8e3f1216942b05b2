//! The team server as a desktop reaches it: the command table over HTTPS with the
//! technician's token, and the change feed over a WebSocket.

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::Value;
use tether_core::secret::Secret;
use tether_core::{ErrorCode, ErrorDto};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

/// How a call to the server ended, when it did not answer with a result.
#[derive(Debug)]
pub enum CallError {
    /// Not reached (offline, the server down, a timeout): the action may wait and be replayed.
    Offline(String),
    /// The server answered with a refusal: the core's, or the server's own.
    Refused(ErrorDto),
}

impl CallError {
    pub fn into_dto(self) -> ErrorDto {
        match self {
            CallError::Offline(why) => ErrorDto::new(
                ErrorCode::Disconnected,
                format!("the team server cannot be reached ({why}): this needs it"),
            ),
            CallError::Refused(e) => e,
        }
    }
}

#[derive(Clone)]
pub(crate) struct TeamClient {
    http: reqwest::Client,
    server: String,
    token: Secret,
}

/// The change feed as it arrives: batches of changes, in order.
pub(crate) type Feed = futures_util::stream::BoxStream<'static, Result<Vec<Change>, String>>;

/// A change as the server's feed sends it.
#[derive(Clone, Debug, serde::Deserialize)]
pub(crate) struct Change {
    pub(crate) seq: i64,
    pub(crate) kind: String,
    pub(crate) payload: Value,
}

impl TeamClient {
    pub(crate) fn new(server: &str, token: Secret) -> Self {
        TeamClient {
            http: tether_providers::http::client(),
            server: server.trim_end_matches('/').to_string(),
            token,
        }
    }

    /// Runs `command` on the server as this desktop's technician, under `key` when it is a
    /// replay of an action queued offline.
    pub(crate) async fn call(
        &self,
        command: &str,
        args: &Value,
        key: Option<&str>,
    ) -> Result<Value, CallError> {
        let mut request = self
            .http
            .post(format!("{}/api/{command}", self.server))
            .bearer_auth(self.token.expose())
            .timeout(Duration::from_secs(15))
            .json(args);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        let response = request
            .send()
            .await
            .map_err(|e| CallError::Offline(without_url(&e)))?;
        let status = response.status();
        let body: Value = response.json().await.map_err(|e| {
            CallError::Offline(format!("an unreadable answer: {}", without_url(&e)))
        })?;
        if status.is_success() {
            return Ok(body);
        }
        match serde_json::from_value::<ErrorDto>(body) {
            Ok(e) => Err(CallError::Refused(e)),
            Err(_) => Err(CallError::Offline(format!("the server answered {status}"))),
        }
    }

    /// The feed's newest sequence number now.
    pub(crate) async fn head(&self) -> Result<i64, String> {
        let response = self
            .http
            .get(format!("{}/api/changes?since={}", self.server, i64::MAX))
            .bearer_auth(self.token.expose())
            .timeout(Duration::from_secs(15))
            .send()
            .await
            .map_err(|e| without_url(&e))?;
        if !response.status().is_success() {
            return Err(format!("the change feed answered {}", response.status()));
        }
        let page: Value = response.json().await.map_err(|e| without_url(&e))?;
        page.get("head")
            .and_then(Value::as_i64)
            .ok_or_else(|| "the change feed's answer has no head".to_string())
    }

    /// The changes after `since`, as they commit, until the connection ends.
    pub(crate) async fn follow(&self, since: i64) -> Result<Feed, String> {
        let ws = self
            .server
            .replacen("https://", "wss://", 1)
            .replacen("http://", "ws://", 1);
        let mut request = format!("{ws}/api/changes/live?since={since}")
            .into_client_request()
            .map_err(|e| e.to_string())?;
        let bearer = format!("Bearer {}", self.token.expose())
            .parse()
            .map_err(|_| "the token cannot be sent as a header".to_string())?;
        request.headers_mut().insert("authorization", bearer);
        let (socket, _) = tokio::time::timeout(
            Duration::from_secs(15),
            tokio_tungstenite::connect_async(request),
        )
        .await
        .map_err(|_| "no answer within 15 s".to_string())?
        .map_err(|e| e.to_string())?;
        Ok(socket
            .filter_map(|message| async move {
                match message {
                    Ok(Message::Text(text)) => Some(
                        serde_json::from_str::<Vec<Change>>(&text)
                            .map_err(|e| format!("an unreadable change: {e}")),
                    ),
                    Ok(Message::Close(_)) => Some(Err("the server closed the feed".into())),
                    Ok(_) => None,
                    Err(e) => Some(Err(e.to_string())),
                }
            })
            .boxed())
    }
}

/// reqwest's error with its cause ("connection refused"), which its own message leaves out.
fn without_url(e: &reqwest::Error) -> String {
    match std::error::Error::source(e) {
        Some(source) => format!("{e}: {source}"),
        None => e.to_string(),
    }
}
