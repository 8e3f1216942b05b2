//! `POST /api/<command>` and `GET /api/openapi.json`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::Json;
use tether_core::{ErrorCode, ErrorDto};

use crate::status::status_of;
use crate::AppState;

/// Reads the body itself rather than through `Json`: whatever arrives — no body, not JSON,
/// the wrong content type — the answer is an `ErrorDto`, as the OpenAPI document says.
pub(crate) async fn command(
    State(state): State<Arc<AppState>>,
    Path(command): Path<String>,
    body: Bytes,
) -> Response {
    // No body at all is no arguments.
    let args = if body.is_empty() {
        serde_json::Value::Object(Default::default())
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
    match tether_api::dispatch(&state.runtime, &command, args).await {
        Ok(value) => Json(value).into_response(),
        Err(e) => error_response(&e),
    }
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
