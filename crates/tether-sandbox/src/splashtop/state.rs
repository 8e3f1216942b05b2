//! The sandbox's memory of sessions and queued faults, optionally kept in a JSON file.

use crate::lock;
use std::collections::{BTreeMap, VecDeque};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::oauth::OAuthState;

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SandboxSession {
    pub id: i64,
    pub code: String,
    pub channel_id: i64,
    pub customer_name: String,
    pub customer_issue: String,
    pub source_name: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub assignee_email: String,
    pub associated_at: Option<DateTime<Utc>>,
    pub online_since: Option<DateTime<Utc>>,
    pub connected_since: Option<DateTime<Utc>>,
    pub permission_status: Option<String>,
    /// Every action the wire API accepted for this session, in order (control API only: the
    /// tests count deliveries with it).
    #[serde(default)]
    pub actions_received: Vec<String>,
}

/// A failure to serve instead of the next wire request (the control API queues them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QueuedFault {
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

#[derive(Default, Serialize, Deserialize)]
pub(crate) struct Data {
    pub next_id: i64,
    pub sessions: BTreeMap<i64, SandboxSession>,
}

pub struct SandboxState {
    pub(crate) base_url: String,
    pub(crate) token: String,
    pub(crate) user_email: String,
    pub(crate) channels: Vec<(i64, &'static str)>,
    pub(crate) data: Mutex<Data>,
    pub(crate) faults: Mutex<VecDeque<QueuedFault>>,
    pub(crate) requests: Mutex<u64>,
    /// Technicians' OAuth grants: their access tokens are accepted beside the API token.
    pub(crate) oauth: Arc<OAuthState>,
    state_file: Option<PathBuf>,
}

/// Who a session created with a technician's OAuth token is assigned to at the sandbox.
pub const OAUTH_USER_EMAIL: &str = "technician@oauth.sandbox.invalid";

impl SandboxState {
    pub fn load(
        base_url: String,
        token: String,
        state_file: Option<PathBuf>,
        oauth: Arc<OAuthState>,
    ) -> SandboxState {
        let data = state_file
            .as_ref()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|bytes| match serde_json::from_slice::<Data>(&bytes) {
                Ok(d) => Some(d),
                Err(e) => {
                    tracing::warn!("sandbox state unreadable, starting empty: {e}");
                    None
                }
            })
            .unwrap_or(Data {
                next_id: 100_001,
                sessions: BTreeMap::new(),
            });
        SandboxState {
            base_url,
            token,
            user_email: "alex@demo.tether.invalid".into(),
            channels: vec![(0, "Private"), (1, "Front desk"), (2, "Escalations")],
            data: Mutex::new(data),
            faults: Mutex::new(VecDeque::new()),
            requests: Mutex::new(0),
            oauth,
            state_file,
        }
    }

    pub(crate) fn lock_data(&self) -> std::sync::MutexGuard<'_, Data> {
        lock(&self.data)
    }

    /// Writes the sessions to the state file, if there is one. Written to a temporary file
    /// and renamed, so a crash never leaves half a file.
    pub(crate) fn persist(&self, data: &Data) {
        let Some(path) = &self.state_file else { return };
        let result = serde_json::to_vec_pretty(data)
            .map_err(std::io::Error::other)
            .and_then(|bytes| {
                let tmp = path.with_extension("tmp");
                std::fs::write(&tmp, bytes)?;
                std::fs::rename(&tmp, path)
            });
        if let Err(e) = result {
            tracing::warn!("sandbox state not saved to {}: {e}", path.display());
        }
    }

    pub(crate) fn new_session(
        &self,
        channel_id: i64,
        customer_name: String,
        customer_issue: String,
        source_name: String,
        assignee_email: String,
    ) -> SandboxSession {
        let mut data = self.lock_data();
        let id = data.next_id;
        data.next_id += 1;
        let mut rng = rand::thread_rng();
        let code = loop {
            let candidate = format!("{:09}", rng.gen_range(100_000_000..1_000_000_000u64));
            if !data.sessions.values().any(|s| s.code == candidate) {
                break candidate;
            }
        };
        let now = Utc::now();
        let session = SandboxSession {
            id,
            code,
            channel_id,
            customer_name,
            customer_issue,
            source_name,
            status: "open".into(),
            created_at: now,
            expires_at: now + Duration::hours(24),
            assignee_email,
            associated_at: None,
            online_since: None,
            connected_since: None,
            permission_status: None,
            actions_received: Vec::new(),
        };
        data.sessions.insert(id, session.clone());
        self.persist(&data);
        session
    }

    pub(crate) fn take_fault(&self) -> Option<QueuedFault> {
        lock(&self.faults).pop_front()
    }

    pub(crate) fn count_request(&self) {
        *lock(&self.requests) += 1;
    }
}
