//! A client for the sandbox's control API, for the demo's "play the end user" buttons, the
//! CLI and the tests.

use serde::Serialize;
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndUserAction {
    Launch,
    Grant,
    Refuse,
    Leave,
    /// The provider ends the session on its side.
    End,
}

impl EndUserAction {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "launch" => EndUserAction::Launch,
            "grant" => EndUserAction::Grant,
            "refuse" => EndUserAction::Refuse,
            "leave" => EndUserAction::Leave,
            "end" => EndUserAction::End,
            _ => return None,
        })
    }

    fn path(self) -> &'static str {
        match self {
            EndUserAction::Launch => "launch",
            EndUserAction::Grant => "grant",
            EndUserAction::Refuse => "refuse",
            EndUserAction::Leave => "leave",
            EndUserAction::End => "end",
        }
    }
}

/// A fault the sandbox serves instead of its next wire answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fault {
    RateLimit {
        retry_after: u64,
    },
    ServerError,
    Malformed,
    ErrorEnvelope {
        code: i64,
    },
    /// A refusal whose reason is nested (`data.message`) with no top-level message, as
    /// some Splashtop deployments answer (providers.md §3.2 shows only the top-level form).
    NestedReason {
        code: i64,
        reason: String,
    },
    Unauthorized,
    /// HTTP 403 with result 40300: the token is fine, this action is not allowed to it.
    Forbidden,
}

#[derive(Debug, thiserror::Error)]
pub enum ControlError {
    #[error("the sandbox is not reachable: {0}")]
    Unreachable(String),
    #[error("the sandbox refused: {0}")]
    Refused(String),
}

#[derive(Clone)]
pub struct SandboxControl {
    base: String,
    http: reqwest::Client,
}

impl SandboxControl {
    pub fn new(base_url: &str) -> Self {
        SandboxControl {
            base: base_url.trim_end_matches('/').to_string(),
            http: reqwest::Client::new(),
        }
    }

    /// Plays the end user of the session with this code.
    pub async fn end_user(&self, code: &str, action: EndUserAction) -> Result<Value, ControlError> {
        if !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ControlError::Refused(format!(
                "{code:?} is not a session code"
            )));
        }
        let url = format!(
            "{}/_sandbox/splashtop/sessions/{code}/{}",
            self.base,
            action.path()
        );
        self.send(self.http.post(url)).await
    }

    /// Queues `count` copies of `fault` for the next wire requests.
    pub async fn fault(&self, fault: Fault, count: u32) -> Result<(), ControlError> {
        let mut body =
            serde_json::to_value(&fault).map_err(|e| ControlError::Refused(e.to_string()))?;
        body["count"] = count.into();
        let url = format!("{}/_sandbox/splashtop/faults", self.base);
        self.send(self.http.post(url).json(&body)).await.map(|_| ())
    }

    /// Drops the faults still queued: the next wire requests are served.
    pub async fn clear_faults(&self) -> Result<(), ControlError> {
        let url = format!("{}/_sandbox/splashtop/faults", self.base);
        self.send(self.http.delete(url)).await.map(|_| ())
    }

    /// Every session the sandbox holds, in the wire format.
    pub async fn sessions(&self) -> Result<Vec<Value>, ControlError> {
        let url = format!("{}/_sandbox/splashtop/sessions", self.base);
        let v = self.send(self.http.get(url)).await?;
        serde_json::from_value(v).map_err(|e| ControlError::Refused(e.to_string()))
    }

    /// How many wire requests the sandbox has served (faults included).
    pub async fn request_count(&self) -> Result<u64, ControlError> {
        let url = format!("{}/_sandbox/splashtop/requests", self.base);
        let v = self.send(self.http.get(url)).await?;
        v["requests"]
            .as_u64()
            .ok_or_else(|| ControlError::Refused("no request count".into()))
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Result<Value, ControlError> {
        let response = request
            .send()
            .await
            .map_err(|e| ControlError::Unreachable(e.to_string()))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|e| ControlError::Unreachable(e.to_string()))?;
        if !status.is_success() {
            return Err(ControlError::Refused(text));
        }
        serde_json::from_str(&text).map_err(|e| ControlError::Refused(format!("{e}: {text}")))
    }
}
