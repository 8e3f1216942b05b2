//! TeamViewer's sessions (service-case codes) and connection reports, as providers.md §2.3–2.5
//! describe them: create answers 201 with a `Location`; lists page with `next_offset`
//! (sessions) and `offset_id` (reports); reports write their dates in the compact ISO form the
//! PDF's example shows; errors carry an `error` field (`token_expired`, 403
//! `rate_limit_reached`, …). The control API plays the end customer (connects, disconnects)
//! and queues faults.
//!
//! Sandbox assumptions, where the PDF is silent: `offset` starts the page at that code
//! (inclusive); `offset_id` starts after that report; a page holds 1,000 unless the control
//! API makes it smaller; `state: "closed"` in a PUT closes the code (INFERRED in §2.3).

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::lock;
use crate::oauth::OAuthState;
use crate::vendors::TEAMVIEWER_TOKEN;

/// A fault served instead of the next wire answer.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TvFault {
    TokenExpired,
    InvalidToken,
    RateLimit,
    Blocked,
    LicenseLimit,
    /// HTTP 500 with an HTML page, as a proxy in front of the API answers.
    ServerError,
    /// HTTP 200 whose body is cut off mid-JSON.
    Malformed,
}

#[derive(Clone, Debug)]
struct Code {
    code: String,
    open: bool,
    kind: String,
    group_id: String,
    description: String,
    customer_name: String,
    customer_email: Option<String>,
    custom_api: String,
    created_at: DateTime<Utc>,
    valid_until: DateTime<Utc>,
    closed_at: Option<DateTime<Utc>>,
    connected_since: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug)]
struct Report {
    id: String,
    code: String,
    device: String,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    notes: String,
}

pub struct TeamViewer {
    base_url: String,
    oauth: Arc<OAuthState>,
    /// Newest first, as the list answers.
    codes: Mutex<Vec<Code>>,
    reports: Mutex<Vec<Report>>,
    faults: Mutex<VecDeque<TvFault>>,
    /// Codes whose `GET /sessions/{code}` errs until repaired: one poisonous session.
    broken: Mutex<HashSet<String>>,
    page_size: Mutex<usize>,
    requests: Mutex<u64>,
}

impl TeamViewer {
    pub fn new(base_url: String, oauth: Arc<OAuthState>) -> Self {
        TeamViewer {
            base_url,
            oauth,
            codes: Mutex::default(),
            reports: Mutex::default(),
            faults: Mutex::default(),
            broken: Mutex::default(),
            page_size: Mutex::new(1000),
            requests: Mutex::default(),
        }
    }

    /// The token check and a queued fault, before any wire answer.
    fn gate(&self, headers: &HeaderMap) -> Option<Response> {
        *lock(&self.requests) += 1;
        let token = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if !token.is_some_and(|t| t == TEAMVIEWER_TOKEN || self.oauth.access_token_valid(t)) {
            return Some(error(
                StatusCode::UNAUTHORIZED,
                "invalid_token",
                "The access token is invalid",
                2,
            ));
        }
        let fault = lock(&self.faults).pop_front()?;
        Some(match fault {
            TvFault::TokenExpired => error(
                StatusCode::UNAUTHORIZED,
                "token_expired",
                "The access token expired",
                1,
            ),
            TvFault::InvalidToken => error(
                StatusCode::UNAUTHORIZED,
                "invalid_token",
                "The access token is invalid",
                2,
            ),
            TvFault::RateLimit => error(
                StatusCode::FORBIDDEN,
                "rate_limit_reached",
                "Rate limit reached for this function",
                3,
            ),
            TvFault::Blocked => error(
                StatusCode::FORBIDDEN,
                "blocked",
                "Your IP address is blocked",
                4,
            ),
            TvFault::LicenseLimit => error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "Session could not be created due to license limitations",
                5,
            ),
            TvFault::ServerError => server_error(),
            TvFault::Malformed => (StatusCode::OK, "{\"sessions\": [{\"code\": ").into_response(),
        })
    }

    fn json_of(&self, c: &Code) -> Value {
        let digits: String = c.code.chars().filter(char::is_ascii_digit).collect();
        json!({
            "code": c.code,
            // The PDF writes lower case; newer servers capitalise. Closed codes say it the new way.
            "state": if c.open { "open" } else { "Closed" },
            "groupid": c.group_id,
            "description": c.description,
            "end_customer": match &c.customer_email {
                Some(email) => json!({ "name": c.customer_name, "email": email }),
                None => json!({ "name": c.customer_name }),
            },
            "assigned_userid": "u0",
            "end_customer_link": format!("{}/tv/s{digits}", self.base_url),
            "supporter_link": format!("{}/tv/s{digits}-supporter", self.base_url),
            "custom_api": c.custom_api,
            "support_session_type": c.kind,
            "online": c.connected_since.is_some(),
            "created_at": iso(c.created_at),
            "valid_until": iso(c.valid_until),
            "closed_at": c.closed_at.map(iso),
        })
    }
}

fn iso(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The compact form the PDF's report example uses.
fn compact(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn error(status: StatusCode, error: &str, description: &str, code: u32) -> Response {
    (
        status,
        Json(json!({
            "error": error,
            "error_description": description,
            "error_code": code,
            "error_signature": format!("{}", rand::thread_rng().gen_range(100..999)),
        })),
    )
        .into_response()
}

fn server_error() -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/html")],
        "<html><body><h1>500 Internal Server Error</h1></body></html>",
    )
        .into_response()
}

fn invalid(description: &str) -> Response {
    error(StatusCode::BAD_REQUEST, "invalid_request", description, 10)
}

pub fn router(tv: Arc<TeamViewer>) -> Router {
    Router::new()
        .route("/api/v1/account", get(account))
        .route("/api/v1/sessions", post(create).get(list))
        .route("/api/v1/sessions/{code}", get(one).put(update))
        .route("/api/v1/reports/connections", get(reports))
        .route(
            "/_sandbox/teamviewer/sessions/{code}/connect",
            post(connect),
        )
        .route(
            "/_sandbox/teamviewer/sessions/{code}/disconnect",
            post(disconnect),
        )
        .route(
            "/_sandbox/teamviewer/sessions/{code}/broken",
            post(set_broken),
        )
        .route("/_sandbox/teamviewer/faults", post(queue_fault))
        .route("/_sandbox/teamviewer/page-size", post(page_size))
        .route("/_sandbox/teamviewer/stats", get(stats))
        .route("/tv/{link}", get(link_page))
        .with_state(tv)
}

#[derive(Deserialize)]
struct EndCustomer {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: Option<String>,
}

#[derive(Deserialize)]
struct CreateBody {
    #[serde(default)]
    groupid: Option<String>,
    #[serde(default)]
    groupname: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    end_customer: Option<EndCustomer>,
    #[serde(default)]
    custom_api: String,
    #[serde(default)]
    valid_until: Option<String>,
    #[serde(default)]
    support_session_type: Option<String>,
}

/// `GET /account` (§2.2): the token's account; the script token is the desk's own.
async fn account(State(tv): State<Arc<TeamViewer>>, headers: HeaderMap) -> Response {
    if let Some(refused) = tv.gate(&headers) {
        return refused;
    }
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    let account = tv.oauth.account_of(token).unwrap_or_default();
    Json(json!({
        "userid": account.userid, "name": account.name, "email": account.email,
        "company_name": "Northwind Traders"
    }))
    .into_response()
}

async fn create(State(tv): State<Arc<TeamViewer>>, headers: HeaderMap, body: String) -> Response {
    if let Some(r) = tv.gate(&headers) {
        return r;
    }
    let Ok(b) = serde_json::from_str::<CreateBody>(&body) else {
        return invalid("the body is not a session");
    };
    let group = match (&b.groupid, &b.groupname) {
        (Some(id), _) if !id.is_empty() => id.clone(),
        (_, Some(name)) if !name.is_empty() => format!("g{}", name.len() * 7919),
        _ => return invalid("groupid or groupname is required"),
    };
    if b.custom_api.len() > 4000 {
        return invalid("custom_api is longer than 4000 characters");
    }
    let customer = b.end_customer.unwrap_or(EndCustomer {
        name: String::new(),
        email: None,
    });
    if customer.name.chars().count() > 100 {
        return invalid("end_customer.name is longer than 100 characters");
    }
    let kind = match b
        .support_session_type
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("default") => "Default",
        Some("pilot") => "Pilot",
        Some(_) => return invalid("support_session_type must be Default or Pilot"),
    };
    let now = Utc::now();
    let valid_until = match b.valid_until {
        None => now + Duration::hours(24),
        Some(v) => match DateTime::parse_from_rfc3339(&v) {
            Ok(t) => t.with_timezone(&Utc),
            Err(_) => return invalid("valid_until is not an ISO date"),
        },
    };
    let mut rng = rand::thread_rng();
    let code = format!(
        "s{:02}-{:03}-{:03}",
        rng.gen_range(10..99),
        rng.gen_range(0..1000),
        rng.gen_range(0..1000)
    );
    let c = Code {
        code: code.clone(),
        open: true,
        kind: kind.into(),
        group_id: group,
        description: b.description,
        customer_name: customer.name,
        customer_email: customer.email,
        custom_api: b.custom_api,
        created_at: now,
        valid_until,
        closed_at: None,
        connected_since: None,
    };
    let body = tv.json_of(&c);
    lock(&tv.codes).insert(0, c);
    (
        StatusCode::CREATED,
        [(
            header::LOCATION,
            format!("{}/api/v1/sessions/{code}", tv.base_url),
        )],
        Json(body),
    )
        .into_response()
}

async fn one(
    State(tv): State<Arc<TeamViewer>>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    if let Some(r) = tv.gate(&headers) {
        return r;
    }
    if lock(&tv.broken).contains(&code) {
        return server_error();
    }
    match lock(&tv.codes).iter().find(|c| c.code == code) {
        Some(c) => Json(tv.json_of(c)).into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            "not_found",
            "No session with this code",
            6,
        ),
    }
}

#[derive(Deserialize)]
struct ListQuery {
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    offset: Option<String>,
    #[serde(default)]
    full_list: Option<String>,
}

async fn list(
    State(tv): State<Arc<TeamViewer>>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Response {
    if let Some(r) = tv.gate(&headers) {
        return r;
    }
    let states = q
        .state
        .unwrap_or_else(|| "open".into())
        .to_ascii_lowercase();
    let (open, closed) = (states.contains("open"), states.contains("closed"));
    let codes: Vec<Code> = lock(&tv.codes)
        .iter()
        .filter(|c| (c.open && open) || (!c.open && closed))
        .cloned()
        .collect();
    let start = match &q.offset {
        Some(code) => match codes.iter().position(|c| &c.code == code) {
            Some(i) => i,
            None => return invalid("offset is not a session code of this list"),
        },
        None => 0,
    };
    let size = *lock(&tv.page_size);
    let page = &codes[start..(start + size).min(codes.len())];
    let full = q.full_list.as_deref() == Some("true");
    let items: Vec<Value> = page
        .iter()
        .map(|c| {
            if full {
                tv.json_of(c)
            } else {
                json!({ "code": c.code, "state": if c.open { "open" } else { "closed" }, "groupid": c.group_id })
            }
        })
        .collect();
    let rest = codes.len() - start - page.len();
    let mut body = json!({ "sessions": items });
    if rest > 0 {
        body["sessions_remaining"] = json!(rest);
        body["next_offset"] = json!(codes[start + page.len()].code);
    }
    Json(body).into_response()
}

async fn update(
    State(tv): State<Arc<TeamViewer>>,
    headers: HeaderMap,
    Path(code): Path<String>,
    Json(b): Json<Value>,
) -> Response {
    if let Some(r) = tv.gate(&headers) {
        return r;
    }
    let mut codes = lock(&tv.codes);
    let Some(c) = codes.iter_mut().find(|c| c.code == code) else {
        return error(
            StatusCode::NOT_FOUND,
            "not_found",
            "No session with this code",
            6,
        );
    };
    if let Some(d) = b.get("description").and_then(Value::as_str) {
        c.description = d.into();
    }
    if b.get("state")
        .and_then(Value::as_str)
        .is_some_and(|s| s.eq_ignore_ascii_case("closed"))
        && c.open
    {
        c.open = false;
        c.closed_at = Some(Utc::now());
    }
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Deserialize)]
struct ReportQuery {
    #[serde(default)]
    session_code: Option<String>,
    #[serde(default)]
    offset_id: Option<String>,
}

async fn reports(
    State(tv): State<Arc<TeamViewer>>,
    headers: HeaderMap,
    Query(q): Query<ReportQuery>,
) -> Response {
    if let Some(r) = tv.gate(&headers) {
        return r;
    }
    let codes = lock(&tv.codes).clone();
    let all: Vec<Report> = lock(&tv.reports)
        .iter()
        .filter(|r| q.session_code.as_ref().is_none_or(|c| &r.code == c))
        .cloned()
        .collect();
    let start = match &q.offset_id {
        Some(id) => match all.iter().position(|r| &r.id == id) {
            Some(i) => i + 1,
            None => return invalid("offset_id is not a report of this list"),
        },
        None => 0,
    };
    let size = *lock(&tv.page_size);
    let page = &all[start..(start + size).min(all.len())];
    let records: Vec<Value> = page
        .iter()
        .map(|r| {
            let c = codes.iter().find(|c| c.code == r.code);
            json!({
                "id": r.id,
                "userid": "u4387123",
                "username": "Sandbox Supporter",
                "deviceid": "20301234",
                "devicename": r.device,
                "start_date": compact(r.start),
                "end_date": iso(r.end),
                "fee": "0.00",
                "currency": "EUR",
                "billing_state": "Bill",
                "notes": r.notes,
                "session_code": r.code,
                "session_created_at": c.map(|c| iso(c.created_at)),
                "valid_until": c.map(|c| iso(c.valid_until)),
                "description": c.map(|c| c.description.clone()),
                "custom_api": c.map(|c| c.custom_api.clone()),
                "support_session_type": c.map(|c| c.kind.clone()),
            })
        })
        .collect();
    let rest = all.len() - start - page.len();
    let mut body = json!({ "records": records });
    if rest > 0 {
        body["records_remaining"] = json!(rest);
        body["next_offset"] = json!(page.last().map(|r| r.id.clone()));
    }
    Json(body).into_response()
}

#[derive(Deserialize, Default)]
struct ConnectBody {
    #[serde(default)]
    device: Option<String>,
}

/// The end customer opens the link and the supporter connects.
async fn connect(
    State(tv): State<Arc<TeamViewer>>,
    Path(code): Path<String>,
    body: Option<Json<ConnectBody>>,
) -> Response {
    let device = body.and_then(|Json(b)| b.device);
    let mut codes = lock(&tv.codes);
    let Some(c) = codes.iter_mut().find(|c| c.code == code && c.open) else {
        return (StatusCode::NOT_FOUND, "no open session with this code").into_response();
    };
    c.connected_since = Some(Utc::now());
    let _ = device;
    StatusCode::OK.into_response()
}

#[derive(Deserialize, Default)]
struct DisconnectBody {
    /// How long the connection lasted (the sandbox's connections are otherwise seconds long).
    #[serde(default)]
    duration_secs: Option<i64>,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    device: Option<String>,
}

/// The connection ends: its report appears.
async fn disconnect(
    State(tv): State<Arc<TeamViewer>>,
    Path(code): Path<String>,
    body: Option<Json<DisconnectBody>>,
) -> Response {
    let b = body.map(|Json(b)| b).unwrap_or_default();
    let mut codes = lock(&tv.codes);
    let Some(c) = codes.iter_mut().find(|c| c.code == code) else {
        return (StatusCode::NOT_FOUND, "no session with this code").into_response();
    };
    let Some(since) = c.connected_since.take() else {
        return (StatusCode::CONFLICT, "nobody is connected").into_response();
    };
    let end = match b.duration_secs {
        Some(secs) => since + Duration::seconds(secs),
        None => Utc::now(),
    };
    let mut rng = rand::thread_rng();
    let id = format!(
        "{:08X}-{:04X}-{:04X}-{:04X}-{:012X}",
        rng.gen::<u32>(),
        rng.gen::<u16>(),
        rng.gen::<u16>(),
        rng.gen::<u16>(),
        rng.gen::<u64>() & 0xFFFF_FFFF_FFFF
    );
    lock(&tv.reports).push(Report {
        id: id.clone(),
        code,
        device: b.device.unwrap_or_else(|| "CUSTOMER-PC".into()),
        start: since,
        end,
        notes: b.notes,
    });
    Json(json!({ "report_id": id })).into_response()
}

#[derive(Deserialize)]
struct FaultBody {
    fault: TvFault,
    #[serde(default = "once")]
    count: u32,
}

fn once() -> u32 {
    1
}

#[derive(Deserialize)]
struct Broken {
    broken: bool,
}

async fn set_broken(
    State(tv): State<Arc<TeamViewer>>,
    Path(code): Path<String>,
    Json(b): Json<Broken>,
) -> Response {
    let mut broken = lock(&tv.broken);
    if b.broken {
        broken.insert(code);
    } else {
        broken.remove(&code);
    }
    StatusCode::OK.into_response()
}

async fn queue_fault(State(tv): State<Arc<TeamViewer>>, Json(b): Json<FaultBody>) -> Response {
    let mut faults = lock(&tv.faults);
    for _ in 0..b.count {
        faults.push_back(b.fault.clone());
    }
    StatusCode::OK.into_response()
}

#[derive(Deserialize)]
struct PageSize {
    size: usize,
}

async fn page_size(State(tv): State<Arc<TeamViewer>>, Json(b): Json<PageSize>) -> Response {
    *lock(&tv.page_size) = b.size.clamp(1, 1000);
    StatusCode::OK.into_response()
}

async fn stats(State(tv): State<Arc<TeamViewer>>) -> Response {
    Json(json!({ "requests": *lock(&tv.requests) })).into_response()
}

/// What opening a session link shows in the sandbox (TeamViewer would start its app).
async fn link_page(Path(link): Path<String>) -> Response {
    let side = if link.ends_with("-supporter") {
        "the supporter's side"
    } else {
        "the end customer's side"
    };
    let link: String = link
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    axum::response::Html(format!(
        "<!doctype html><title>TeamViewer sandbox</title><h1>TeamViewer sandbox</h1>\
         <p>This link opens {side} of session {link}. The real TeamViewer starts its app here.</p>"
    ))
    .into_response()
}
