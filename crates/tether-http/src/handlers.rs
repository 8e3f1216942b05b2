//! `POST /api/<command>` and `GET /api/openapi.json`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Extension, Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;
use tether_core::ports::{Replay, ReplayLog};
use tether_core::{ErrorCode, ErrorDto};

use crate::caller::Caller;
use crate::status::status_of;
use crate::AppState;

/// The header a desktop sends with each action it queued offline.
const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// Reads the body itself rather than through `Json`: whatever arrives — no body, not JSON,
/// the wrong content type — the answer is an `ErrorDto`, as the OpenAPI document says.
pub(crate) async fn command(
    State(state): State<Arc<AppState>>,
    Path(command): Path<String>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // No body at all is no arguments.
    let args = if body.is_empty() {
        Value::Object(Default::default())
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                return error_response(&ErrorDto::new(
                    ErrorCode::InvalidInput,
                    format!("the body of {command} is not JSON: {e}"),
                ))
            }
        }
    };
    let key = headers
        .get(IDEMPOTENCY_KEY)
        .map(|v| v.to_str().unwrap_or(""));
    let (status, body) = match (&state.replays, &caller.0, key) {
        (Some(replays), Some(technician), Some(key)) => {
            if key.is_empty() || key.len() > 128 || !key.bytes().all(|b| b.is_ascii_graphic()) {
                return error_response(&ErrorDto::new(
                    ErrorCode::InvalidInput,
                    "an Idempotency-Key is 1 to 128 visible ASCII characters",
                ));
            }
            once(replays.as_ref(), technician, key, &state, &command, args).await
        }
        _ => run(&state, &command, &caller, args).await,
    };
    (status, Json(body)).into_response()
}

/// Runs the command as the caller, as a status and a JSON body.
async fn run(state: &AppState, command: &str, caller: &Caller, args: Value) -> (StatusCode, Value) {
    let call = tether_api::dispatch(&state.runtime, command, args);
    let result = match &caller.0 {
        Some(technician) => tether_core::acting::acting_as(technician.clone(), call).await,
        None => call.await,
    };
    match result {
        Ok(value) => (StatusCode::OK, value),
        Err(e) => (status_of(e.code), error_body(&e)),
    }
}

/// An action under an idempotency key runs once; sent again, it gets its first answer.
async fn once(
    replays: &dyn ReplayLog,
    technician: &str,
    key: &str,
    state: &AppState,
    command: &str,
    args: Value,
) -> (StatusCode, Value) {
    let refuse = |code: ErrorCode, message: String| {
        let e = ErrorDto::new(code, message);
        (status_of(e.code), error_body(&e))
    };
    match replays.begin(technician, key, command).await {
        Ok(Replay::Run) => {
            let (status, body) = run(state, command, &Caller(Some(technician.into())), args).await;
            if let Err(e) = replays
                .finish(technician, key, status.as_u16(), &body)
                .await
            {
                // Done but not remembered: a replay would run it again, so say so loudly.
                tracing::error!("the answer to {command} ({key}) was not kept: {e}");
            }
            (status, body)
        }
        Ok(Replay::Answered { status, body }) => (
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            body,
        ),
        Ok(Replay::Running) => refuse(
            ErrorCode::Conflict,
            format!("{command} with this key is still being done; try again in a moment"),
        ),
        Ok(Replay::Mismatch { command: first }) => refuse(
            ErrorCode::InvalidInput,
            format!("this Idempotency-Key was given to {first}, not {command}"),
        ),
        Err(e) => refuse(ErrorCode::Store, e.to_string()),
    }
}

fn error_body(error: &ErrorDto) -> Value {
    serde_json::to_value(error).unwrap_or(Value::Null)
}

pub(crate) async fn openapi() -> Response {
    Json(tether_api::openapi::document()).into_response()
}

pub(crate) fn error_response(error: &ErrorDto) -> Response {
    let mut response = (status_of(error.code), Json(error)).into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/json"),
    );
    response
}
