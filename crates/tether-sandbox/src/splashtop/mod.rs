//! Splashtop's service-desk Open API as providers.md §3.2 reconstructs it (INFERRED there
//! from one working integration), plus two things that document does not cover and that
//! Tether needs to simulate, marked as sandbox assumptions:
//! - a permission request: `PUT …/action {"kind":"request_permission"}`, answered by the
//!   end user, reported as `permission_status` (`requested` / `granted` / `refused`);
//! - `associated_at` set when the end user first launches the app, kept when they leave.

mod control;
mod state;
mod wire;

use std::sync::Arc;

use axum::routing::{get, post, put};
use axum::Router;

pub use state::{SandboxSession, SandboxState, OAUTH_USER_EMAIL};

pub(crate) const OK: i64 = 20200;
pub const TEAM_ID: i64 = 4242;

pub fn router(state: Arc<SandboxState>) -> Router {
    let base = "/api/open/v1";
    Router::new()
        .route(&format!("{base}/users/basic_info"), get(wire::basic_info))
        .route(
            &format!("{base}/teams/{{team}}/psa/channel_list"),
            get(wire::channel_list),
        )
        .route(
            &format!("{base}/teams/{{team}}/psa/support_sessions"),
            post(wire::create_session),
        )
        .route(
            &format!("{base}/teams/{{team}}/psa/support_sessions/{{id}}"),
            get(wire::get_session),
        )
        .route(
            &format!("{base}/teams/{{team}}/psa/support_sessions/{{id}}/action"),
            put(wire::session_action),
        )
        .route("/service_desk/psa/{code}", get(control::end_user_page))
        .route("/_sandbox/health", get(control::health))
        .route("/_sandbox/splashtop/sessions", get(control::list_sessions))
        .route("/_sandbox/splashtop/requests", get(control::request_count))
        .route(
            "/_sandbox/splashtop/faults",
            post(control::add_faults).delete(control::clear_faults),
        )
        .route(
            "/_sandbox/splashtop/sessions/{code}/{action}",
            post(control::end_user),
        )
        .with_state(state)
}
