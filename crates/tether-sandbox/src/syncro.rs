//! SyncroMSP's REST API as providers.md §4 describes it: `GET /me`; customers, customer assets
//! and RMM alerts in pages whose size differs by endpoint (100, 50, 25) and is never to be
//! assumed (§4.3: `meta.total_pages` drives the loop); `since_updated_at`; the wrapper keys that
//! differ (`rmm_alert` on read, `alert` on create); resolve = `DELETE /rmm_alerts/{id}`
//! answered `{"success":"true"}`; 180 requests a minute, then 429; the 422 shapes of §4.7.
//!
//! The control API (`/_sandbox/syncro/…`) adds and changes customers and assets, raises,
//! resolves and deletes alerts, queues faults, sets page sizes and the limit, and seeds many
//! assets for benchmarks.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::lock;
use crate::vendors::SYNCRO_API_KEY;

/// What the sandbox's API token may do (§4.1 permission names; INFERRED).
pub const SYNCRO_PERMISSIONS: [&str; 5] = [
    "Customers - List/Search",
    "Customers - View Detail",
    "Assets - List/Search",
    "Assets - View Details",
    "RMM Alerts - List/Create/Clear/Manage",
];

pub struct Syncro {
    customers: Mutex<Vec<Value>>,
    assets: Mutex<Vec<Value>>,
    alerts: Mutex<Vec<Value>>,
    next_alert: Mutex<i64>,
    faults: Mutex<VecDeque<Fault>>,
    page_sizes: Mutex<PageSizes>,
    /// Requests in the last minute, for the 180-a-minute limit (§4.2).
    window: Mutex<VecDeque<Instant>>,
    limit: Mutex<usize>,
    requests: Mutex<u64>,
    resolved_by_api: Mutex<Vec<i64>>,
    permissions: Mutex<Vec<String>>,
}

#[derive(Clone, Copy)]
struct PageSizes {
    customers: usize,
    assets: usize,
    alerts: usize,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "snake_case", tag = "fault")]
enum Fault {
    /// 429 with `Retry-After: 1`.
    RateLimit,
    /// `{"success":false,"message":[…],"params":{…}}`.
    MessageList,
    /// `{"errors":"…"}`.
    ErrorsText,
    /// `{"errors":["…","…"]}`.
    ErrorsList,
    /// `{"errors":{"field":["…"]}}`.
    ErrorsByField,
    /// 500 with an HTML page.
    ServerError,
    /// HTTP 200 whose JSON is cut off.
    Malformed,
}

fn now() -> DateTime<Utc> {
    Utc::now()
}

fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn customer(id: i64, business: &str, first: &str, last: &str, disabled: bool) -> Value {
    let t = iso(now());
    json!({
        "id": id, "firstname": first, "lastname": last,
        "fullname": format!("{first} {last}").trim(), "business_name": business,
        "email": format!("{}@{}.example", first.to_lowercase(), business.to_lowercase().replace(' ', "")),
        "phone": "", "mobile": "", "disabled": disabled, "properties": {},
        "business_then_name": business, "created_at": t, "updated_at": t
    })
}

/// An asset as Syncro's agent reports it: `kabuto_information` with the MAC address in colons
/// (`general.mac`) and in dashes (`network_adapters[].physical_address`), §4.5.
#[allow(clippy::too_many_arguments)]
fn asset(
    id: i64,
    name: &str,
    customer_id: i64,
    asset_type: &str,
    serial: &str,
    mac: Option<&str>,
    os: &str,
    custom: Value,
) -> Value {
    let t = iso(now());
    let mut properties = custom;
    if let Some(mac) = mac {
        properties["kabuto_information"] = json!({
            "general": { "name": name, "ip": "10.0.4.42", "mac": [mac],
                         "manufacturer": "Dell Inc.", "form_factor": "Desktop",
                         "serial_number": serial },
            "os": { "name": os, "os_architecture": "64-bit" },
            "network_adapters": [{ "name": "Ethernet", "physical_address": mac.replace(':', "-") }],
            "last_user": "NORTHWIND\\maria", "last_synced_at": t
        });
    }
    json!({
        "id": id, "name": name, "customer_id": customer_id, "asset_type": asset_type,
        "asset_serial": serial, "properties": properties, "rmm_links": [],
        "created_at": t, "updated_at": t
    })
}

impl Default for Syncro {
    fn default() -> Self {
        let customers = vec![
            customer(12, "Northwind Traders", "Maria", "Anders", false),
            customer(13, "Contoso Dental", "Ana", "Ortiz", false),
            customer(14, "Acme", "Wile", "Coyote", false),
            customer(15, "Acme", "Road", "Runner", false),
            customer(16, "Fabrikam", "Lee", "Park", true),
        ];
        let assets = vec![
            asset(
                501,
                "NW-PC-0042",
                12,
                "Syncro Device",
                "PC-0042",
                Some("3c:52:82:1a:4f:07"),
                "Windows 11 Pro",
                json!({ "Purchased": "2024-03-18" }),
            ),
            asset(
                502,
                "NW-PC-0077",
                12,
                "Syncro Device",
                "None",
                Some("3c:52:82:1a:4f:77"),
                "Windows 10 Pro",
                json!({ "Purchased": "18/03/2024" }),
            ),
            asset(
                503,
                "NW-PC-0078",
                12,
                "Syncro Device",
                "None",
                Some("3c:52:82:1a:4f:78"),
                "Windows 10 Pro",
                json!({}),
            ),
            asset(
                504,
                "CD-TAB-01",
                13,
                "Syncro Device",
                "R52T10",
                Some("a0:cc:2b:10:20:30"),
                "Android 14",
                json!({}),
            ),
            asset(
                505,
                "CD-PRN-01",
                13,
                "Label Printer",
                "ZB-9911",
                None,
                "",
                json!({ "Notes": "Zebra on the front desk" }),
            ),
        ];
        Syncro {
            customers: Mutex::new(customers),
            assets: Mutex::new(assets),
            alerts: Mutex::default(),
            next_alert: Mutex::new(9000),
            faults: Mutex::default(),
            page_sizes: Mutex::new(PageSizes {
                customers: 100,
                assets: 50,
                alerts: 25,
            }),
            window: Mutex::default(),
            limit: Mutex::new(180),
            requests: Mutex::default(),
            resolved_by_api: Mutex::default(),
            permissions: Mutex::new(SYNCRO_PERMISSIONS.map(String::from).to_vec()),
        }
    }
}

impl Syncro {
    /// The key, the limit and a queued fault, before any wire answer.
    fn gate(&self, headers: &HeaderMap) -> Option<Response> {
        *lock(&self.requests) += 1;
        let key = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if key != Some(SYNCRO_API_KEY) {
            return Some(
                (
                    StatusCode::UNAUTHORIZED,
                    Json(json!({ "error": "Unauthorized" })),
                )
                    .into_response(),
            );
        }
        {
            let mut window = lock(&self.window);
            let minute_ago = Instant::now() - Duration::from_secs(60);
            while window.front().is_some_and(|t| *t < minute_ago) {
                window.pop_front();
            }
            if window.len() >= *lock(&self.limit) {
                return Some(too_many());
            }
            window.push_back(Instant::now());
        }
        let fault = lock(&self.faults).pop_front()?;
        let unprocessable =
            |body: Value| (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response();
        Some(match fault {
            Fault::RateLimit => too_many(),
            Fault::MessageList => unprocessable(json!({
                "success": false, "message": ["Asset type can't be blank", "Name is too long"],
                "params": { "name": "x" }
            })),
            Fault::ErrorsText => unprocessable(json!({ "errors": "Customer is disabled" })),
            Fault::ErrorsList => {
                unprocessable(json!({ "errors": ["Status is invalid", "Page is out of range"] }))
            }
            Fault::ErrorsByField => unprocessable(json!({
                "errors": { "asset_serial": ["has already been taken"], "name": ["can't be blank"] }
            })),
            Fault::ServerError => (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/html")],
                "<html><body><h1>We're sorry, but something went wrong.</h1></body></html>",
            )
                .into_response(),
            Fault::Malformed => (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                "{\"rmm_alerts\": [{\"id\": ",
            )
                .into_response(),
        })
    }

    fn page(&self, all: Vec<Value>, key: &str, per_page: usize, page: usize) -> Response {
        let total = all.len();
        let total_pages = total.div_ceil(per_page).max(1);
        let page = page.max(1);
        let items: Vec<Value> = all
            .into_iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .collect();
        Json(json!({
            key: items,
            "meta": { "total_pages": total_pages, "total_entries": total, "per_page": per_page, "page": page }
        }))
        .into_response()
    }
}

fn too_many() -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::RETRY_AFTER, "1")],
        Json(json!({ "error": "Rate limit exceeded: 180 requests per minute" })),
    )
        .into_response()
}

pub fn router(syncro: Arc<Syncro>) -> Router {
    Router::new()
        .route("/api/v1/me", get(me))
        .route("/api/v1/customers", get(customers))
        .route("/api/v1/customer_assets", get(assets))
        .route("/api/v1/rmm_alerts", get(alerts).post(create_alert))
        .route(
            "/api/v1/rmm_alerts/{id}",
            get(one_alert).delete(resolve_alert),
        )
        .route("/_sandbox/syncro/customers", post(put_customer))
        .route("/_sandbox/syncro/assets", post(put_asset))
        .route("/_sandbox/syncro/assets/{id}", delete(delete_asset))
        .route("/_sandbox/syncro/seed-assets", post(seed_assets))
        .route("/_sandbox/syncro/alerts", post(raise_alert))
        .route(
            "/_sandbox/syncro/alerts/{id}/resolve",
            post(resolve_in_syncro),
        )
        .route(
            "/_sandbox/syncro/alerts/{id}",
            delete(delete_alert).get(alert_state),
        )
        .route("/_sandbox/syncro/faults", post(queue_fault))
        .route("/_sandbox/syncro/page-size", post(page_size))
        .route("/_sandbox/syncro/limit", post(set_limit))
        .route("/_sandbox/syncro/permissions", post(set_permissions))
        .route("/_sandbox/syncro/stats", get(stats))
        .with_state(syncro)
}

async fn me(State(s): State<Arc<Syncro>>, headers: HeaderMap) -> Response {
    if let Some(r) = s.gate(&headers) {
        return r;
    }
    Json(json!({
        "user_id": 7, "user_name": "Tether import", "email": "api@northwind-msp.example",
        "permissions": *lock(&s.permissions)
    }))
    .into_response()
}

#[derive(Deserialize)]
struct ListQuery {
    page: Option<usize>,
    since_updated_at: Option<String>,
    include_disabled: Option<bool>,
    status: Option<String>,
}

fn updated_since(v: &Value, since: Option<DateTime<Utc>>) -> bool {
    let Some(since) = since else { return true };
    v["updated_at"]
        .as_str()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .is_some_and(|t| t.with_timezone(&Utc) >= since)
}

/// The `since_updated_at` filter; `Err` when it is no ISO-8601 time (answered 422).
fn since(q: &ListQuery) -> Result<Option<DateTime<Utc>>, ()> {
    q.since_updated_at
        .as_deref()
        .map(|t| {
            DateTime::parse_from_rfc3339(t)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| ())
        })
        .transpose()
}

fn bad_since() -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({ "errors": ["since_updated_at is not an ISO-8601 time"] })),
    )
        .into_response()
}

async fn customers(
    State(s): State<Arc<Syncro>>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Response {
    if let Some(r) = s.gate(&headers) {
        return r;
    }
    let since = match since(&q) {
        Ok(t) => t,
        Err(()) => return bad_since(),
    };
    let all: Vec<Value> = lock(&s.customers)
        .iter()
        .filter(|c| q.include_disabled.unwrap_or(false) || c["disabled"] != true)
        .filter(|c| updated_since(c, since))
        .cloned()
        .collect();
    let per_page = lock(&s.page_sizes).customers;
    s.page(all, "customers", per_page, q.page.unwrap_or(1))
}

async fn assets(
    State(s): State<Arc<Syncro>>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Response {
    if let Some(r) = s.gate(&headers) {
        return r;
    }
    let since = match since(&q) {
        Ok(t) => t,
        Err(()) => return bad_since(),
    };
    let all: Vec<Value> = lock(&s.assets)
        .iter()
        .filter(|a| updated_since(a, since))
        .cloned()
        .collect();
    let per_page = lock(&s.page_sizes).assets;
    s.page(all, "assets", per_page, q.page.unwrap_or(1))
}

async fn alerts(
    State(s): State<Arc<Syncro>>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Response {
    if let Some(r) = s.gate(&headers) {
        return r;
    }
    let status = q.status.as_deref().unwrap_or("active");
    if !matches!(status, "active" | "resolved" | "all") {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({ "errors": ["status must be active, resolved or all"] })),
        )
            .into_response();
    }
    let all: Vec<Value> = lock(&s.alerts)
        .iter()
        .filter(|a| match status {
            "active" => a["resolved"] == false,
            "resolved" => a["resolved"] == true,
            _ => true,
        })
        .cloned()
        .collect();
    let per_page = lock(&s.page_sizes).alerts;
    s.page(all, "rmm_alerts", per_page, q.page.unwrap_or(1))
}

async fn one_alert(
    State(s): State<Arc<Syncro>>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    if let Some(r) = s.gate(&headers) {
        return r;
    }
    match lock(&s.alerts).iter().find(|a| a["id"] == id) {
        Some(a) => Json(json!({ "rmm_alert": a })).into_response(),
        None => (StatusCode::NOT_FOUND, Json(json!({ "error": "Not found" }))).into_response(),
    }
}

/// `POST /rmm_alerts` (§4.6): 201 with the `alert` wrapper, not `rmm_alert`.
async fn create_alert(
    State(s): State<Arc<Syncro>>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = s.gate(&headers) {
        return r;
    }
    let alert = s.new_alert(&body);
    (
        StatusCode::CREATED,
        Json(json!({ "success": true, "alert": alert })),
    )
        .into_response()
}

impl Syncro {
    fn new_alert(&self, body: &Value) -> Value {
        let id = {
            let mut next = lock(&self.next_alert);
            *next += 1;
            *next
        };
        let asset = body["asset_id"]
            .as_i64()
            .and_then(|a| lock(&self.assets).iter().find(|x| x["id"] == a).cloned());
        let t = iso(now());
        let alert = json!({
            "id": id,
            "customer_id": body["customer_id"].as_i64()
                .or_else(|| asset.as_ref().and_then(|a| a["customer_id"].as_i64())),
            "asset_id": body["asset_id"],
            "computer_name": asset.as_ref().map(|a| a["name"].clone()).unwrap_or(Value::Null),
            "description": body["description"].as_str().unwrap_or("RMM alert"),
            "formatted_output": body["formatted_output"],
            "status": "active", "resolved": false, "check_id": null,
            "ticket_number": null, "ticket_status": null,
            "properties": body.get("properties").cloned().unwrap_or(json!({})),
            "created_at": t, "updated_at": t
        });
        lock(&self.alerts).push(alert.clone());
        alert
    }

    fn resolve(&self, id: i64) -> bool {
        let mut alerts = lock(&self.alerts);
        let Some(a) = alerts.iter_mut().find(|a| a["id"] == id) else {
            return false;
        };
        a["resolved"] = json!(true);
        a["status"] = json!("resolved");
        a["updated_at"] = json!(iso(now()));
        true
    }
}

/// Resolve = `DELETE /rmm_alerts/{id}` (§4.6): soft, answered `{"success":"true"}`.
async fn resolve_alert(
    State(s): State<Arc<Syncro>>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    if let Some(r) = s.gate(&headers) {
        return r;
    }
    if !s.resolve(id) {
        return (StatusCode::NOT_FOUND, Json(json!({ "error": "Not found" }))).into_response();
    }
    lock(&s.resolved_by_api).push(id);
    Json(json!({ "success": "true" })).into_response()
}

// ---- control API ----

/// Adds a record, or changes the fields given of the one with its id; `updated_at` is now.
fn upsert(all: &Mutex<Vec<Value>>, mut record: Value) {
    record["updated_at"] = json!(iso(now()));
    let mut all = lock(all);
    match all.iter_mut().find(|x| x["id"] == record["id"]) {
        Some(existing) => {
            for (k, v) in record.as_object().cloned().unwrap_or_default() {
                existing[k] = v;
            }
        }
        None => {
            if record.get("created_at").is_none() {
                record["created_at"] = record["updated_at"].clone();
            }
            all.push(record)
        }
    }
}

async fn put_customer(State(s): State<Arc<Syncro>>, Json(c): Json<Value>) -> Response {
    upsert(&s.customers, c);
    StatusCode::OK.into_response()
}

async fn put_asset(State(s): State<Arc<Syncro>>, Json(a): Json<Value>) -> Response {
    upsert(&s.assets, a);
    StatusCode::OK.into_response()
}

async fn delete_asset(State(s): State<Arc<Syncro>>, Path(id): Path<i64>) -> Response {
    lock(&s.assets).retain(|a| a["id"] != id);
    StatusCode::OK.into_response()
}

#[derive(Deserialize)]
struct Seed {
    count: usize,
    customer_id: i64,
}

/// Many assets at once, for the import benchmark (ids from 100,000 up).
async fn seed_assets(State(s): State<Arc<Syncro>>, Json(b): Json<Seed>) -> Response {
    let mut all = lock(&s.assets);
    for i in 0..b.count {
        let mac = format!(
            "02:00:{:02x}:{:02x}:{:02x}:{:02x}",
            (i >> 24) & 0xff,
            (i >> 16) & 0xff,
            (i >> 8) & 0xff,
            i & 0xff
        );
        all.push(asset(
            100_000 + i as i64,
            &format!("SEED-{i:06}"),
            b.customer_id,
            "Syncro Device",
            &format!("SN{i:08}"),
            Some(&mac),
            "Windows 11 Pro",
            json!({ "Purchased": "2025-01-09" }),
        ));
    }
    StatusCode::OK.into_response()
}

async fn raise_alert(State(s): State<Arc<Syncro>>, Json(body): Json<Value>) -> Response {
    Json(s.new_alert(&body)).into_response()
}

async fn resolve_in_syncro(State(s): State<Arc<Syncro>>, Path(id): Path<i64>) -> Response {
    if s.resolve(id) {
        StatusCode::OK.into_response()
    } else {
        StatusCode::NOT_FOUND.into_response()
    }
}

async fn delete_alert(State(s): State<Arc<Syncro>>, Path(id): Path<i64>) -> Response {
    lock(&s.alerts).retain(|a| a["id"] != id);
    StatusCode::OK.into_response()
}

/// An alert as Syncro holds it, and whether Tether resolved it through the API.
async fn alert_state(State(s): State<Arc<Syncro>>, Path(id): Path<i64>) -> Response {
    let alert = lock(&s.alerts).iter().find(|a| a["id"] == id).cloned();
    match alert {
        Some(a) => Json(json!({
            "alert": a, "resolved_by_api": lock(&s.resolved_by_api).contains(&id)
        }))
        .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn queue_fault(State(s): State<Arc<Syncro>>, Json(f): Json<Fault>) -> Response {
    lock(&s.faults).push_back(f);
    StatusCode::OK.into_response()
}

#[derive(Deserialize)]
struct PageSizeBody {
    customers: Option<usize>,
    assets: Option<usize>,
    alerts: Option<usize>,
}

async fn page_size(State(s): State<Arc<Syncro>>, Json(b): Json<PageSizeBody>) -> Response {
    let mut sizes = lock(&s.page_sizes);
    if let Some(n) = b.customers {
        sizes.customers = n.max(1);
    }
    if let Some(n) = b.assets {
        sizes.assets = n.max(1);
    }
    if let Some(n) = b.alerts {
        sizes.alerts = n.max(1);
    }
    StatusCode::OK.into_response()
}

#[derive(Deserialize)]
struct LimitBody {
    per_minute: usize,
}

async fn set_limit(State(s): State<Arc<Syncro>>, Json(b): Json<LimitBody>) -> Response {
    *lock(&s.limit) = b.per_minute;
    lock(&s.window).clear();
    StatusCode::OK.into_response()
}

async fn set_permissions(State(s): State<Arc<Syncro>>, Json(b): Json<Vec<String>>) -> Response {
    *lock(&s.permissions) = b;
    StatusCode::OK.into_response()
}

async fn stats(State(s): State<Arc<Syncro>>) -> Response {
    Json(json!({ "requests": *lock(&s.requests) })).into_response()
}
