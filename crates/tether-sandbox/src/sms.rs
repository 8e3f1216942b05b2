//! An SMS gateway with Twilio's Messages API shape: `POST
//! /2010-04-01/Accounts/{sid}/Messages.json` (form `To`, `From`, `Body`; HTTP Basic with the
//! account SID and auth token) answers 201 with the message, a number that is not E.164 400
//! with code 21211, wrong credentials 401 with code 20003, as Twilio does. Nothing is sent:
//! `GET /_sandbox/sms/messages` lists what was accepted.

use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use base64::Engine;
use serde::Deserialize;
use serde_json::json;

use crate::lock;

pub const SMS_ACCOUNT_SID: &str = "ACsandbox0000000000000000000000000";
pub const SMS_AUTH_TOKEN: &str = "sandbox-sms-token";

#[derive(Default)]
pub struct SmsGateway {
    messages: Mutex<Vec<serde_json::Value>>,
}

pub fn router() -> Router {
    Router::new()
        .route("/2010-04-01/Accounts/{sid}/Messages.json", post(send))
        .route("/2010-04-01/Accounts/{sid}", get(account))
        .route("/_sandbox/sms/messages", get(messages))
        .with_state(Arc::new(SmsGateway::default()))
}

fn authorised(headers: &HeaderMap, sid: &str) -> bool {
    let Some(basic) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
    else {
        return false;
    };
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(basic)
        .ok()
        .and_then(|b| String::from_utf8(b).ok());
    sid == SMS_ACCOUNT_SID
        && decoded.as_deref() == Some(&format!("{SMS_ACCOUNT_SID}:{SMS_AUTH_TOKEN}"))
}

fn refuse(status: StatusCode, code: u32, message: &str) -> Response {
    (
        status,
        Json(json!({ "code": code, "message": message, "status": status.as_u16() })),
    )
        .into_response()
}

#[derive(Deserialize)]
struct Message {
    #[serde(rename = "To", default)]
    to: String,
    #[serde(rename = "From", default)]
    from: String,
    #[serde(rename = "Body", default)]
    body: String,
}

async fn send(
    State(gw): State<Arc<SmsGateway>>,
    Path(sid): Path<String>,
    headers: HeaderMap,
    Form(m): Form<Message>,
) -> Response {
    if !authorised(&headers, &sid) {
        return refuse(StatusCode::UNAUTHORIZED, 20003, "Authenticate");
    }
    let digits = m.to.strip_prefix('+').unwrap_or("");
    if !(8..=15).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return refuse(
            StatusCode::BAD_REQUEST,
            21211,
            &format!("The 'To' number {} is not a valid phone number.", m.to),
        );
    }
    if m.body.is_empty() {
        return refuse(StatusCode::BAD_REQUEST, 21602, "Message body is required.");
    }
    let mut messages = lock(&gw.messages);
    let message = json!({
        "sid": format!("SM{:032x}", messages.len() + 1),
        "account_sid": sid,
        "to": m.to,
        "from": m.from,
        "body": m.body,
        "status": "queued",
    });
    messages.push(message.clone());
    (StatusCode::CREATED, Json(message)).into_response()
}

async fn account(Path(sid): Path<String>, headers: HeaderMap) -> Response {
    let sid = sid.trim_end_matches(".json").to_string();
    if !authorised(&headers, &sid) {
        return refuse(StatusCode::UNAUTHORIZED, 20003, "Authenticate");
    }
    Json(json!({ "sid": sid, "friendly_name": "Sandbox SMS", "status": "active" })).into_response()
}

async fn messages(State(gw): State<Arc<SmsGateway>>) -> Response {
    Json(json!({ "messages": *lock(&gw.messages) })).into_response()
}
