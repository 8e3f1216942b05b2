//! The vendor side: the `{result, data}` envelope, bearer auth, result codes.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::state::{QueuedFault, SandboxSession, SandboxState};
use super::{OK, TEAM_ID};

fn envelope(status: StatusCode, result: i64, data: Value) -> Response {
    (status, Json(json!({ "result": result, "data": data }))).into_response()
}

fn refuse(status: StatusCode, result: i64, message: &str) -> Response {
    (
        status,
        Json(json!({ "result": result, "data": null, "message": message })),
    )
        .into_response()
}

/// Whose token this is: the API token's owner, or the technician who authorised with OAuth.
fn caller_email(state: &SandboxState, headers: &HeaderMap) -> String {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match token {
        Some(t) if state.oauth.access_token_valid(t) => super::state::OAUTH_USER_EMAIL.into(),
        _ => state.user_email.clone(),
    }
}

/// Counts the request, serves a queued fault if any, and checks the bearer token and team.
/// Returns the refusal to send instead of the answer, if any.
fn gate(state: &SandboxState, headers: &HeaderMap, team: Option<i64>) -> Option<Response> {
    state.count_request();
    if let Some(fault) = state.take_fault() {
        return Some(match fault {
            QueuedFault::RateLimit { retry_after } => (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, retry_after.to_string())],
                Json(json!({ "result": 42900, "data": null, "message": "too many requests" })),
            )
                .into_response(),
            QueuedFault::ServerError => {
                (StatusCode::BAD_GATEWAY, "<html>502 Bad Gateway</html>").into_response()
            }
            QueuedFault::Malformed => (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                "{\"result\": 20200, \"data\": {\"id\": ",
            )
                .into_response(),
            QueuedFault::ErrorEnvelope { code } => refuse(StatusCode::OK, code, "wrong parameters"),
            QueuedFault::NestedReason { code, reason } => (
                StatusCode::OK,
                Json(json!({ "result": code, "data": { "message": reason } })),
            )
                .into_response(),
            QueuedFault::Unauthorized => refuse(StatusCode::UNAUTHORIZED, 40100, "token expired"),
            QueuedFault::Forbidden => {
                refuse(StatusCode::FORBIDDEN, 40300, "no permission for this team")
            }
        });
    }
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match token {
        None => return Some(refuse(StatusCode::UNAUTHORIZED, 40100, "missing token")),
        Some(t) if t.starts_with('"') => {
            return Some(refuse(StatusCode::UNAUTHORIZED, 41406, "malformed token"))
        }
        Some(t) if t != state.token && !state.oauth.access_token_valid(t) => {
            return Some(refuse(StatusCode::UNAUTHORIZED, 40101, "invalid token"))
        }
        Some(_) => {}
    }
    if let Some(team) = team {
        if team != TEAM_ID {
            return Some(refuse(
                StatusCode::FORBIDDEN,
                40300,
                "no access to this team",
            ));
        }
    }
    None
}

pub(crate) fn session_json(s: &SandboxSession, base_url: &str) -> Value {
    json!({
        "id": s.id,
        "code": s.code,
        "status": s.status,
        "support_portal_link": format!("{base_url}/service_desk/psa/{}", s.code),
        "channel_id": s.channel_id,
        "expires_at": s.expires_at.to_rfc3339(),
        "assignee_email": s.assignee_email,
        "customer_name": s.customer_name,
        "server_name": s.online_since.map(|_| "DESKTOP-DEMO01"),
        "server_os": s.online_since.map(|_| "Windows 11"),
        "associated_at": s.associated_at.map(|t| t.to_rfc3339()),
        "online_since": s.online_since.map(|t| t.to_rfc3339()),
        "connected_since": s.connected_since.map(|t| t.to_rfc3339()),
        "permission_status": s.permission_status,
    })
}

pub(crate) async fn basic_info(
    State(state): State<Arc<SandboxState>>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = gate(&state, &headers, None) {
        return r;
    }
    envelope(
        StatusCode::OK,
        OK,
        json!({ "email": caller_email(&state, &headers), "scopes": { "psa": { "team_id": TEAM_ID } } }),
    )
}

pub(crate) async fn channel_list(
    State(state): State<Arc<SandboxState>>,
    Path(team): Path<i64>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = gate(&state, &headers, Some(team)) {
        return r;
    }
    let channels: Vec<Value> = state
        .channels
        .iter()
        .map(|(id, name)| json!({ "id": id, "name": name, "default": *id == 0 }))
        .collect();
    envelope(StatusCode::OK, OK, json!({ "channels": channels }))
}

#[derive(Deserialize)]
pub(crate) struct CreateBody {
    channel_id: Option<i64>,
    customer_name: Option<String>,
    customer_issue: Option<String>,
    source_name: Option<String>,
}

pub(crate) async fn create_session(
    State(state): State<Arc<SandboxState>>,
    Path(team): Path<i64>,
    headers: HeaderMap,
    body: Option<Json<CreateBody>>,
) -> Response {
    if let Some(r) = gate(&state, &headers, Some(team)) {
        return r;
    }
    let Some(Json(body)) = body else {
        return refuse(StatusCode::BAD_REQUEST, 40422, "body must be JSON");
    };
    let name = body.customer_name.unwrap_or_default();
    if name.is_empty() || name.chars().count() > 64 {
        return refuse(
            StatusCode::OK,
            40422,
            "customer_name must be 1 to 64 characters",
        );
    }
    let channel = body.channel_id.unwrap_or(0);
    if !state.channels.iter().any(|(id, _)| *id == channel) {
        return refuse(StatusCode::OK, 40403, "channel not allowed");
    }
    let session = state.new_session(
        channel,
        name,
        body.customer_issue.unwrap_or_default(),
        body.source_name.unwrap_or_default(),
        caller_email(&state, &headers),
    );
    envelope(StatusCode::OK, OK, session_json(&session, &state.base_url))
}

pub(crate) async fn get_session(
    State(state): State<Arc<SandboxState>>,
    Path((team, id)): Path<(i64, i64)>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = gate(&state, &headers, Some(team)) {
        return r;
    }
    let data = state.lock_data();
    match data.sessions.get(&id) {
        Some(s) => envelope(StatusCode::OK, OK, session_json(s, &state.base_url)),
        None => refuse(StatusCode::OK, 40404, "session not found"),
    }
}

#[derive(Deserialize)]
pub(crate) struct ActionBody {
    kind: String,
}

pub(crate) async fn session_action(
    State(state): State<Arc<SandboxState>>,
    Path((team, id)): Path<(i64, i64)>,
    headers: HeaderMap,
    body: Option<Json<ActionBody>>,
) -> Response {
    if let Some(r) = gate(&state, &headers, Some(team)) {
        return r;
    }
    let Some(Json(body)) = body else {
        return refuse(
            StatusCode::BAD_REQUEST,
            40422,
            "body must be JSON with a kind",
        );
    };
    let mut data = state.lock_data();
    let Some(session) = data.sessions.get_mut(&id) else {
        return refuse(StatusCode::OK, 40404, "session not found");
    };
    match body.kind.as_str() {
        "close" => session.status = "closed".into(),
        "delete" => session.status = "deleted".into(),
        "request_permission" => {
            if session.status != "open" || session.online_since.is_none() {
                return refuse(StatusCode::OK, 40403, "the end user is not online");
            }
            session.permission_status = Some("requested".into());
        }
        _ => return refuse(StatusCode::OK, 40422, "unknown action kind"),
    }
    session.actions_received.push(body.kind.clone());
    let json = session_json(session, &state.base_url);
    state.persist(&data);
    envelope(StatusCode::OK, OK, json)
}
