//! The control API: plays the end user and queues faults. Not part of any vendor's API.

use crate::lock;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use super::state::{QueuedFault, SandboxState};
use super::wire::session_json;

pub(crate) async fn health() -> &'static str {
    "ok"
}

pub(crate) async fn list_sessions(State(state): State<Arc<SandboxState>>) -> Response {
    let data = state.lock_data();
    let sessions: Vec<_> = data
        .sessions
        .values()
        .map(|s| {
            let mut json = session_json(s, &state.base_url);
            json["actions_received"] = serde_json::json!(s.actions_received);
            json
        })
        .collect();
    Json(sessions).into_response()
}

pub(crate) async fn request_count(State(state): State<Arc<SandboxState>>) -> Response {
    let n = *lock(&state.requests);
    Json(json!({ "requests": n })).into_response()
}

#[derive(Deserialize)]
pub(crate) struct FaultBody {
    #[serde(flatten)]
    fault: QueuedFault,
    #[serde(default = "one")]
    count: u32,
}

fn one() -> u32 {
    1
}

pub(crate) async fn clear_faults(State(state): State<Arc<SandboxState>>) -> Response {
    lock(&state.faults).clear();
    Json(json!({ "queued": 0 })).into_response()
}

pub(crate) async fn add_faults(
    State(state): State<Arc<SandboxState>>,
    Json(body): Json<FaultBody>,
) -> Response {
    let mut faults = lock(&state.faults);
    for _ in 0..body.count {
        faults.push_back(body.fault.clone());
    }
    Json(json!({ "queued": faults.len() })).into_response()
}

/// The end user's side: `launch`, `grant`, `refuse`, `leave`, or `end` (the provider
/// closes the session itself).
pub(crate) async fn end_user(
    State(state): State<Arc<SandboxState>>,
    Path((code, action)): Path<(String, String)>,
) -> Response {
    let mut data = state.lock_data();
    let Some(session) = data.sessions.values_mut().find(|s| s.code == code) else {
        return (
            StatusCode::NOT_FOUND,
            format!("no session with code {code}"),
        )
            .into_response();
    };
    if session.status != "open" {
        return (
            StatusCode::CONFLICT,
            format!("the session is {}", session.status),
        )
            .into_response();
    }
    let now = Utc::now();
    match action.as_str() {
        "launch" => {
            session.associated_at.get_or_insert(now);
            session.online_since = Some(now);
        }
        "grant" | "refuse" => {
            if session.permission_status.as_deref() != Some("requested") {
                return (
                    StatusCode::CONFLICT,
                    "no permission request is waiting for an answer",
                )
                    .into_response();
            }
            let granted = action == "grant";
            session.permission_status = Some(if granted { "granted" } else { "refused" }.into());
            if granted {
                session.connected_since = Some(now);
            }
        }
        "leave" => {
            session.online_since = None;
            session.connected_since = None;
        }
        "end" => session.status = "closed".into(),
        other => {
            return (StatusCode::BAD_REQUEST, format!("unknown action {other}")).into_response()
        }
    }
    let json = session_json(session, &state.base_url);
    state.persist(&data);
    Json(json).into_response()
}

/// What the end user's link opens in the sandbox: a page that stands in for the Splashtop
/// SOS download and lets a person play the end user by hand.
pub(crate) async fn end_user_page(Path(code): Path<String>) -> Response {
    let code: String = code.chars().filter(char::is_ascii_digit).collect();
    Html(format!(
        "<!doctype html><meta charset=utf-8><title>Splashtop SOS (sandbox)</title>\
         <body style=\"font-family:sans-serif;max-width:32em;margin:3em auto\">\
         <h1>Splashtop SOS — sandbox</h1><p>Session code <b>{code}</b>. This page plays the \
         end user of the Tether demo.</p>\
         <form method=post action=\"/_sandbox/splashtop/sessions/{code}/launch\"><button>Launch the support app</button></form>\
         <form method=post action=\"/_sandbox/splashtop/sessions/{code}/grant\"><button>Grant permission</button></form>\
         <form method=post action=\"/_sandbox/splashtop/sessions/{code}/refuse\"><button>Refuse permission</button></form>\
         <form method=post action=\"/_sandbox/splashtop/sessions/{code}/leave\"><button>Leave</button></form>"
    ))
    .into_response()
}
