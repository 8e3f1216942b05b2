//! The sandbox's BeyondTrust appliance beyond *Test configuration* (providers.md §1.3–1.8):
//! representatives who log in and out, support teams, session keys for a rep's or a team's
//! queue, customers joining with a key and chatting, sessions ending, the `SupportSession`
//! report, the client-script URL, and outbound events delivered in order to one recipient —
//! no later event until the current one was answered 200 (§1.7).

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rand::Rng;
use serde::Deserialize;
use serde_json::json;

use crate::lock;

const COMMAND_NS: &str = "http://www.bomgar.com/namespaces/API/command";
const REPORTING_NS: &str = "http://www.bomgar.com/namespaces/API/reporting";

#[derive(Clone, Debug)]
pub struct Rep {
    pub id: &'static str,
    pub username: &'static str,
    pub public_name: &'static str,
    pub private_name: &'static str,
    pub logged_in: bool,
}

#[derive(Clone, Debug)]
enum Queue {
    General,
    Rep(String),
    Team(String),
}

#[derive(Clone, Debug)]
struct Key {
    queue: Queue,
    external_key: String,
}

#[derive(Clone, Debug)]
struct Session {
    external_key: String,
    customer: String,
    host: String,
    rep_id: String,
    /// Representatives who joined after the primary one (a transfer, a second opinion).
    other_reps: Vec<String>,
    start: i64,
    end: Option<i64>,
    chat: Vec<(i64, String, String)>,
}

#[derive(Default)]
struct Outbound {
    recipient: Option<String>,
    queue: VecDeque<Vec<(String, String)>>,
    delivered: Vec<Vec<(String, String)>>,
    attempts: u64,
}

pub struct Appliance {
    base_url: String,
    /// The API tokens `/oauth2/token` issued (shared with the token endpoint).
    tokens: Arc<Mutex<HashSet<String>>>,
    reps: Mutex<Vec<Rep>>,
    teams: Vec<(&'static str, &'static str, Vec<&'static str>)>,
    keys: Mutex<BTreeMap<String, Key>>,
    sessions: Mutex<BTreeMap<String, Session>>,
    outbound: Mutex<Outbound>,
    wake: tokio::sync::Notify,
    /// Served instead of the next API answers, one each.
    faults: Mutex<VecDeque<BtFault>>,
}

/// A fault the appliance serves instead of an API answer (command or reporting).
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BtFault {
    /// HTTP 500 with an HTML page.
    ServerError,
    /// HTTP 429 with `Retry-After: 1`.
    RateLimit,
    /// HTTP 200 whose XML is cut off.
    Malformed,
    /// No answer for 30 s: longer than the client waits.
    Timeout,
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn xml(body: String) -> Response {
    (
        [(header::CONTENT_TYPE, "text/xml; charset=UTF-8")],
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{body}"),
    )
        .into_response()
}

fn error(ns: &str, message: &str) -> Response {
    // Errors come with HTTP 200 (§1.5).
    xml(format!(
        "<error xmlns=\"{ns}\">{}</error>",
        xml_escape(message)
    ))
}

impl Appliance {
    pub fn new(base_url: String, tokens: Arc<Mutex<HashSet<String>>>) -> Appliance {
        Appliance {
            base_url,
            tokens,
            reps: Mutex::new(vec![
                Rep {
                    id: "12",
                    username: "alex",
                    public_name: "Alex",
                    private_name: "Alex Rivera",
                    logged_in: true,
                },
                Rep {
                    id: "14",
                    username: "priya",
                    public_name: "Priya",
                    private_name: "Priya Patel",
                    logged_in: false,
                },
                Rep {
                    id: "15",
                    username: "sam",
                    public_name: "Sam",
                    private_name: "Sam Chen",
                    logged_in: true,
                },
            ]),
            teams: vec![
                ("3", "Helpdesk", vec!["12", "15"]),
                ("4", "Escalations", vec!["15"]),
            ],
            keys: Mutex::default(),
            sessions: Mutex::default(),
            outbound: Mutex::default(),
            wake: tokio::sync::Notify::new(),
            faults: Mutex::default(),
        }
    }

    /// The queued fault for this API call, if any.
    pub(crate) async fn fault(&self) -> Option<Response> {
        let fault = lock(&self.faults).pop_front()?;
        Some(match fault {
            BtFault::ServerError => (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/html")],
                "<html><body>Internal Server Error</body></html>",
            )
                .into_response(),
            BtFault::RateLimit => (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, "1")],
                "Too many requests",
            )
                .into_response(),
            BtFault::Malformed => xml("<session_list><session lsid=\"".into()),
            BtFault::Timeout => {
                tokio::time::sleep(Duration::from_secs(30)).await;
                StatusCode::GATEWAY_TIMEOUT.into_response()
            }
        })
    }

    pub(crate) fn tokens(&self) -> Arc<Mutex<HashSet<String>>> {
        self.tokens.clone()
    }

    /// The command API's service-desk actions; `None` for actions this module does not serve.
    pub(crate) fn command(&self, params: &BTreeMap<String, String>) -> Option<Response> {
        let action = params.get("action")?.as_str();
        Some(match action {
            "get_logged_in_reps" => {
                let reps: String = lock(&self.reps)
                    .iter()
                    .filter(|r| r.logged_in)
                    .map(|r| {
                        format!(
                            "<rep id=\"{}\"><display_name>{}</display_name>\
                             <public_display_name>{}</public_display_name>\
                             <private_display_name>{}</private_display_name><type>Normal</type>\
                             <support_session_count>0</support_session_count></rep>",
                            r.id, r.public_name, r.public_name, r.private_name
                        )
                    })
                    .collect();
                xml(format!(
                    "<logged_in_reps xmlns=\"{COMMAND_NS}\">{reps}</logged_in_reps>"
                ))
            }
            "get_support_teams" => {
                let teams: String = self
                    .teams
                    .iter()
                    .map(|(id, name, _)| {
                        format!("<support_team id=\"{id}\"><name>{name}</name></support_team>")
                    })
                    .collect();
                xml(format!(
                    "<support_teams xmlns=\"{COMMAND_NS}\">{teams}</support_teams>"
                ))
            }
            "generate_session_key" => self.generate_key(params),
            _ => return None,
        })
    }

    fn generate_key(&self, params: &BTreeMap<String, String>) -> Response {
        if params.get("type").map(String::as_str) != Some("support") {
            return error(COMMAND_NS, "type must be support");
        }
        let Some(queue_id) = params.get("queue_id") else {
            return error(COMMAND_NS, "queue_id is required");
        };
        let reps = lock(&self.reps).clone();
        let (queue, kind, available) = match queue_id.split_once(':') {
            None if queue_id == "general" => {
                (Queue::General, "general", reps.iter().any(|r| r.logged_in))
            }
            Some(("rep", id)) => match reps.iter().find(|r| r.id == id) {
                // A key for a rep who is not logged in is still issued (§1.3), marked unavailable.
                Some(r) => (Queue::Rep(id.to_string()), "rep", r.logged_in),
                None => return error(COMMAND_NS, &format!("Invalid representative id {id}")),
            },
            Some(("team", id)) => match self.teams.iter().find(|(t, _, _)| *t == id) {
                Some((_, _, members)) => (
                    Queue::Team(id.to_string()),
                    "team",
                    reps.iter().any(|r| r.logged_in && members.contains(&r.id)),
                ),
                None => return error(COMMAND_NS, &format!("Invalid team id {id}")),
            },
            _ => return error(COMMAND_NS, &format!("Invalid queue_id {queue_id}")),
        };
        let external_key = params.get("external_key").cloned().unwrap_or_default();
        if external_key.len() > 1024 {
            return error(COMMAND_NS, "external_key is longer than 1024 characters");
        }
        let ttl: i64 = params
            .get("ttl")
            .and_then(|t| t.parse().ok())
            .unwrap_or(3600);
        let short_key = loop {
            let k = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
            if !lock(&self.keys).contains_key(&k) {
                break k;
            }
        };
        let key_url = format!("{}/?ak={short_key}", self.base_url);
        lock(&self.keys).insert(
            short_key.clone(),
            Key {
                queue,
                external_key: external_key.clone(),
            },
        );
        xml(format!(
            "<session_key xmlns=\"{COMMAND_NS}\"><type>support</type><ttl>{ttl}</ttl>\
             <expires>{}</expires><queue available=\"{}\">{kind}</queue>\
             <external_key>{}</external_key><short_key>{short_key}</short_key>\
             <key_url>{}</key_url><mail_subject>Remote Support Invitation</mail_subject>\
             <mail_body>Open {}</mail_body></session_key>",
            now() + ttl,
            u8::from(available),
            xml_escape(&external_key),
            xml_escape(&key_url),
            xml_escape(&key_url),
        ))
    }

    fn session_xml(&self, lsid: &str, s: &Session) -> String {
        let reps = lock(&self.reps).clone();
        let rep_name = reps
            .iter()
            .find(|r| r.id == s.rep_id)
            .map_or("", |r| r.private_name);
        let rep_xml: String = std::iter::once(&s.rep_id)
            .chain(&s.other_reps)
            .enumerate()
            .filter_map(|(i, id)| reps.iter().find(|r| r.id == id).map(|r| (i, r)))
            .map(|(i, r)| {
                let primary = u8::from(i == 0);
                format!(
                    "<representative gsnumber=\"{}\" id=\"{}\"><username>{}</username>\
                     <display_name>{}</display_name><public_display_name>{}</public_display_name>\
                     <private_display_name>{}</private_display_name><session_owner>{primary}</session_owner>\
                     <primary_rep>{primary}</primary_rep></representative>",
                    3 + i,
                    r.id,
                    r.username,
                    r.public_name,
                    r.public_name,
                    r.private_name
                )
            })
            .collect();
        let end = s.end.map_or(String::new(), |e| {
            format!("<end_time timestamp=\"{e}\">{e}</end_time>")
        });
        let duration = s.end.map_or(0, |e| e - s.start);
        let chat: String = s
            .chat
            .iter()
            .map(|(at, from, body)| {
                format!(
                    "<event timestamp=\"{at}\" event_type=\"Chat Message\">\
                     <performed_by type=\"x\">{}</performed_by><body>{}</body></event>",
                    xml_escape(from),
                    xml_escape(body)
                )
            })
            .collect();
        format!(
            "<session lsid=\"{lsid}\"><session_type>support</session_type>\
             <start_time timestamp=\"{}\">{}</start_time>{end}\
             <duration>{:02}:{:02}:{:02}</duration><external_key>{}</external_key>\
             <primary_customer gsnumber=\"2\">{}</primary_customer>\
             <primary_rep gsnumber=\"3\" id=\"{}\">{}</primary_rep>\
             <customer_list><customer gsnumber=\"2\"><hostname>{}</hostname><primary_cust>1</primary_cust>\
             </customer></customer_list><rep_list>{rep_xml}</rep_list>\
             <session_details><event timestamp=\"{}\" event_type=\"Session Start\">\
             <performed_by type=\"system\">System</performed_by></event>{chat}</session_details>\
             </session>",
            s.start,
            s.start,
            duration / 3600,
            duration % 3600 / 60,
            duration % 60,
            xml_escape(&s.external_key),
            xml_escape(&s.customer),
            s.rep_id,
            xml_escape(rep_name),
            xml_escape(&s.host),
            s.start,
        )
    }

    fn queue(&self, event: &str, lsid: &str, external_key: &str) {
        let mut out = lock(&self.outbound);
        out.queue.push_back(vec![
            ("event".into(), event.into()),
            ("version".into(), "3".into()),
            ("timestamp".into(), now().to_string()),
            ("appliance_id".into(), "sandbox".into()),
            ("lsid".into(), lsid.into()),
            ("external_key".into(), external_key.into()),
        ]);
        drop(out);
        self.wake.notify_one();
    }

    /// Delivers the outbound events in order, forever: the head is retried until the
    /// recipient answers 200, and nothing behind it goes first.
    pub(crate) async fn deliver(self: Arc<Self>) {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap_or_default();
        loop {
            let (recipient, head) = {
                let out = lock(&self.outbound);
                (out.recipient.clone(), out.queue.front().cloned())
            };
            let (Some(url), Some(event)) = (recipient, head) else {
                let _ =
                    tokio::time::timeout(Duration::from_millis(500), self.wake.notified()).await;
                continue;
            };
            lock(&self.outbound).attempts += 1;
            let ok = http
                .post(&url)
                .form(&event)
                .send()
                .await
                .is_ok_and(|r| r.status() == StatusCode::OK);
            if ok {
                let mut out = lock(&self.outbound);
                out.queue.pop_front();
                out.delivered.push(event);
            } else {
                let _ =
                    tokio::time::timeout(Duration::from_millis(200), self.wake.notified()).await;
            }
        }
    }
}

pub fn router(appliance: Arc<Appliance>) -> Router {
    Router::new()
        .route("/api/reporting", get(reporting))
        .route("/api/client_script", get(client_script))
        .route("/_sandbox/beyondtrust/reps/{id}/{action}", post(rep_login))
        .route("/_sandbox/beyondtrust/keys/{key}/join", post(join))
        .route("/_sandbox/beyondtrust/sessions/{lsid}/chat", post(chat))
        .route("/_sandbox/beyondtrust/sessions/{lsid}/end", post(end))
        .route(
            "/_sandbox/beyondtrust/sessions/{lsid}/reps/{id}",
            post(rep_joins),
        )
        .route(
            "/_sandbox/beyondtrust/outbound",
            get(outbound_state).post(outbound_config),
        )
        .route(
            "/_sandbox/beyondtrust/outbound/repeat",
            post(outbound_repeat),
        )
        .route("/_sandbox/beyondtrust/faults", post(queue_faults))
        .with_state(appliance)
}

async fn reporting(
    State(a): State<Arc<Appliance>>,
    headers: axum::http::HeaderMap,
    Query(q): Query<BTreeMap<String, String>>,
) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if !token.is_some_and(|t| lock(&a.tokens).contains(t)) {
        return (StatusCode::UNAUTHORIZED, "").into_response();
    }
    if let Some(fault) = a.fault().await {
        return fault;
    }
    if q.get("generate_report").map(String::as_str) != Some("SupportSession") {
        return error(REPORTING_NS, "Unknown report");
    }
    let sessions = lock(&a.sessions).clone();
    let selected: Vec<(String, Session)> = match (q.get("lsid"), q.get("start_time")) {
        (Some(lsid), _) => sessions.into_iter().filter(|(l, _)| l == lsid).collect(),
        (None, Some(start)) => {
            let start: i64 = start.parse().unwrap_or(0);
            sessions
                .into_iter()
                .filter(|(_, s)| s.start >= start)
                .collect()
        }
        (None, None) => return error(REPORTING_NS, "lsid or start_time is required"),
    };
    if selected.is_empty() {
        return error(
            REPORTING_NS,
            "No sessions found for the given search criteria.",
        );
    }
    let body: String = selected.iter().map(|(l, s)| a.session_xml(l, s)).collect();
    xml(format!(
        "<session_list xmlns=\"{REPORTING_NS}\">{body}</session_list>"
    ))
}

/// §1.8: the BRCS file the rep console runs. No token: the rep is logged into the console.
async fn client_script(Query(q): Query<BTreeMap<String, String>>) -> Response {
    let search = q.get("search_string").cloned().unwrap_or_default();
    if q.get("type").map(String::as_str) != Some("rep")
        || q.get("operation").map(String::as_str) != Some("generate")
        || search.is_empty()
    {
        return (
            StatusCode::BAD_REQUEST,
            "type=rep, operation=generate and a search are required",
        )
            .into_response();
    }
    let action = q.get("action").cloned().unwrap_or_default();
    (
        [(header::CONTENT_TYPE, "application/x-bomgar-rep-script")],
        format!("BRCS1.0\n{action} search_string={search}\n"),
    )
        .into_response()
}

async fn rep_login(
    State(a): State<Arc<Appliance>>,
    Path((id, action)): Path<(String, String)>,
) -> Response {
    let mut reps = lock(&a.reps);
    let Some(rep) = reps.iter_mut().find(|r| r.id == id) else {
        return (StatusCode::NOT_FOUND, "no such rep").into_response();
    };
    rep.logged_in = match action.as_str() {
        "login" => true,
        "logout" => false,
        _ => return (StatusCode::BAD_REQUEST, "login or logout").into_response(),
    };
    StatusCode::OK.into_response()
}

#[derive(Deserialize, Default)]
struct JoinBody {
    #[serde(default)]
    customer_name: String,
    /// The customer's computer name, as the customer client would report it.
    #[serde(default)]
    customer_host: String,
}

/// The customer enters the key on the public site: a session starts with the queue's rep.
async fn join(
    State(a): State<Arc<Appliance>>,
    Path(short_key): Path<String>,
    body: Option<Json<JoinBody>>,
) -> Response {
    let Some(key) = lock(&a.keys).remove(&short_key) else {
        return (StatusCode::NOT_FOUND, "no such key (or already used)").into_response();
    };
    let reps = lock(&a.reps).clone();
    let rep_id = match &key.queue {
        Queue::Rep(id) => id.clone(),
        Queue::Team(team) => {
            let members = a
                .teams
                .iter()
                .find(|(t, _, _)| t == team)
                .map(|(_, _, m)| m.clone())
                .unwrap_or_default();
            reps.iter()
                .find(|r| r.logged_in && members.contains(&r.id))
                .or_else(|| reps.iter().find(|r| members.contains(&r.id)))
                .map(|r| r.id.to_string())
                .unwrap_or_default()
        }
        Queue::General => reps
            .iter()
            .find(|r| r.logged_in)
            .map(|r| r.id.to_string())
            .unwrap_or_default(),
    };
    let lsid: String = (0..32)
        .map(|_| char::from(b"0123456789abcdef"[rand::thread_rng().gen_range(0..16)]))
        .collect();
    let body = body.map(|Json(b)| b).unwrap_or_default();
    let customer = body.customer_name;
    lock(&a.sessions).insert(
        lsid.clone(),
        Session {
            external_key: key.external_key.clone(),
            customer: if customer.is_empty() {
                "Customer".into()
            } else {
                customer
            },
            host: body.customer_host,
            rep_id: rep_id.clone(),
            other_reps: Vec::new(),
            start: now(),
            end: None,
            chat: Vec::new(),
        },
    );
    a.queue("support_conference_begin", &lsid, &key.external_key);
    Json(json!({ "lsid": lsid, "rep_id": rep_id })).into_response()
}

#[derive(Deserialize)]
struct ChatBody {
    /// `rep` or `customer`.
    from: String,
    body: String,
}

async fn chat(
    State(a): State<Arc<Appliance>>,
    Path(lsid): Path<String>,
    Json(b): Json<ChatBody>,
) -> Response {
    let reps = lock(&a.reps).clone();
    let mut sessions = lock(&a.sessions);
    let Some(s) = sessions.get_mut(&lsid) else {
        return (StatusCode::NOT_FOUND, "no such session").into_response();
    };
    let from = if b.from == "rep" {
        reps.iter()
            .find(|r| r.id == s.rep_id)
            .map_or("Representative".to_string(), |r| r.private_name.to_string())
    } else {
        s.customer.clone()
    };
    let at = s.chat.last().map_or(s.start, |(t, _, _)| *t).max(s.start) + 1;
    s.chat.push((at, from, b.body));
    StatusCode::OK.into_response()
}

/// Another representative joins a running session (a transfer or a second opinion).
async fn rep_joins(
    State(a): State<Arc<Appliance>>,
    Path((lsid, id)): Path<(String, String)>,
) -> Response {
    if !lock(&a.reps).iter().any(|r| r.id == id) {
        return (StatusCode::NOT_FOUND, "no such rep").into_response();
    }
    let mut sessions = lock(&a.sessions);
    let Some(s) = sessions.get_mut(&lsid) else {
        return (StatusCode::NOT_FOUND, "no such session").into_response();
    };
    if s.rep_id != id && !s.other_reps.contains(&id) {
        s.other_reps.push(id);
    }
    StatusCode::OK.into_response()
}

#[derive(Deserialize, Default)]
struct EndBody {
    /// How long the session lasted (the sandbox's sessions are otherwise seconds long).
    #[serde(default)]
    duration_secs: Option<i64>,
}

async fn end(
    State(a): State<Arc<Appliance>>,
    Path(lsid): Path<String>,
    body: Option<Json<EndBody>>,
) -> Response {
    let external_key = {
        let mut sessions = lock(&a.sessions);
        let Some(s) = sessions.get_mut(&lsid) else {
            return (StatusCode::NOT_FOUND, "no such session").into_response();
        };
        if let Some(d) = body.and_then(|Json(b)| b.duration_secs) {
            s.start = now() - d;
        }
        s.end = Some(now());
        s.external_key.clone()
    };
    a.queue("support_conference_end", &lsid, &external_key);
    StatusCode::OK.into_response()
}

#[derive(Deserialize)]
struct OutboundConfig {
    /// Where events are posted; `null` stops delivery (events wait, in order).
    recipient: Option<String>,
}

async fn outbound_config(
    State(a): State<Arc<Appliance>>,
    Json(c): Json<OutboundConfig>,
) -> Response {
    lock(&a.outbound).recipient = c.recipient;
    a.wake.notify_one();
    StatusCode::OK.into_response()
}

async fn outbound_state(State(a): State<Arc<Appliance>>) -> Response {
    let out = lock(&a.outbound);
    Json(json!({
        "pending": out.queue.len(),
        "delivered": out.delivered.len(),
        "attempts": out.attempts,
    }))
    .into_response()
}

/// Sends the last delivered event again, as an appliance retrying after a lost 200 would.
async fn outbound_repeat(State(a): State<Arc<Appliance>>) -> Response {
    let last = lock(&a.outbound).delivered.last().cloned();
    match last {
        Some(event) => {
            lock(&a.outbound).queue.push_back(event);
            a.wake.notify_one();
            StatusCode::OK.into_response()
        }
        None => (StatusCode::CONFLICT, "nothing delivered yet").into_response(),
    }
}

#[derive(Deserialize)]
struct FaultBody {
    fault: BtFault,
    #[serde(default = "one")]
    count: u32,
}

fn one() -> u32 {
    1
}

async fn queue_faults(State(a): State<Arc<Appliance>>, Json(b): Json<FaultBody>) -> Response {
    let mut faults = lock(&a.faults);
    faults.extend(std::iter::repeat_n(b.fault, b.count as usize));
    StatusCode::OK.into_response()
}
