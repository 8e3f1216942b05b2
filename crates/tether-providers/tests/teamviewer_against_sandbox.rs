//! The TeamViewer client over real HTTP against the sandbox's wire format (providers.md
//! §2.3–2.5): sessions created (201 + Location), read, listed across pages and closed;
//! connection reports across pages with both date forms; every refusal in a technician's
//! words, an expired token refreshed once, a create never repeated blindly.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use async_trait::async_trait;
use chrono::Utc;
use serde_json::{json, Value};
use tether_core::domain::teamviewer::{NewTvSession, TvSessionKind, TvSessionState};
use tether_core::ports::{ProviderError, RemoteControl};
use tether_core::secret::Secret;
use tether_providers::teamviewer::{ScriptToken, TeamViewerClient, TokenSource};
use tether_sandbox::vendors::TEAMVIEWER_TOKEN;
use tether_sandbox::{Sandbox, SandboxOptions};

struct Desk {
    sandbox: Sandbox,
    client: TeamViewerClient,
    refreshes: Arc<Counting>,
}

/// A token source that counts the refreshes it is asked for.
struct Counting(AtomicU32);

#[async_trait]
impl TokenSource for Counting {
    async fn token(&self) -> Result<Secret, ProviderError> {
        Ok(Secret::new(TEAMVIEWER_TOKEN))
    }
    async fn refresh(&self, _: &Secret) -> Result<Secret, ProviderError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(Secret::new(TEAMVIEWER_TOKEN))
    }
}

async fn desk() -> Desk {
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let refreshes = Arc::new(Counting(AtomicU32::new(0)));
    let client = TeamViewerClient::new(
        &format!("{}/api/v1", sandbox.url()),
        tether_providers::http::client(),
        refreshes.clone(),
    );
    Desk {
        sandbox,
        client,
        refreshes,
    }
}

impl Desk {
    async fn control(&self, path: &str, body: Value) -> Value {
        let r = reqwest::Client::new()
            .post(format!("{}/_sandbox/teamviewer/{path}", self.sandbox.url()))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        r.json().await.unwrap_or(Value::Null)
    }

    async fn fault(&self, fault: &str) {
        self.control("faults", json!({ "fault": fault })).await;
    }

    async fn requests(&self) -> u64 {
        reqwest::get(format!("{}/_sandbox/teamviewer/stats", self.sandbox.url()))
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()["requests"]
            .as_u64()
            .unwrap()
    }
}

fn new_session(ticket: &str, kind: TvSessionKind) -> NewTvSession {
    NewTvSession {
        group_name: "Tether".into(),
        kind,
        end_customer_name: "Maria Anders".into(),
        end_customer_email: Some("maria@northwind.example".into()),
        description: "Printer prints blank pages".into(),
        custom_api: ticket.into(),
        valid_until: None,
    }
}

#[tokio::test]
async fn a_session_is_created_read_reported_on_and_closed() {
    let d = desk().await;
    // The wire answer itself: 201 with the new code's Location.
    let raw = reqwest::Client::new()
        .post(format!("{}/api/v1/sessions", d.sandbox.url()))
        .bearer_auth(TEAMVIEWER_TOKEN)
        .json(&json!({ "groupname": "Tether", "end_customer": { "name": "Raw" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 201);
    assert!(raw.headers()["location"]
        .to_str()
        .unwrap()
        .contains("/api/v1/sessions/s"));

    let before = Utc::now();
    let s = d
        .client
        .create_session(&new_session("t-1042", TvSessionKind::Pilot))
        .await
        .unwrap();
    assert!(s.code.starts_with('s') && s.code.len() == 11, "{}", s.code);
    assert_eq!(
        (s.state, s.kind, s.custom_api.as_str()),
        (TvSessionState::Open, TvSessionKind::Pilot, "t-1042")
    );
    assert_eq!(
        s.end_customer_email.as_deref(),
        Some("maria@northwind.example")
    );
    assert!(s.end_customer_link.starts_with("http") && s.supporter_link != s.end_customer_link);
    let valid = s.valid_until.unwrap() - before;
    assert!(
        valid > chrono::Duration::hours(23),
        "24 hours by default, not {valid}"
    );
    assert_eq!(d.client.session(&s.code).await.unwrap(), s);

    // The end customer connects for 12:34; the report's compact start date reads right.
    d.control(&format!("sessions/{}/connect", s.code), json!({}))
        .await;
    d.control(
        &format!("sessions/{}/disconnect", s.code),
        json!({ "duration_secs": 754, "notes": "new driver", "device": "NW-PC-0042" }),
    )
    .await;
    let reports = d.client.connections(&s.code).await.unwrap();
    assert_eq!(reports.len(), 1);
    let r = &reports[0];
    assert_eq!(r.duration_secs(), Some(754));
    assert_eq!(
        (r.notes.as_str(), r.device.as_str()),
        ("new driver", "NW-PC-0042")
    );
    assert_eq!(r.custom_api, "t-1042");

    d.client.close_session(&s.code).await.unwrap();
    let closed = d.client.session(&s.code).await.unwrap();
    assert_eq!(
        closed.state,
        TvSessionState::Closed,
        "'Closed' read in any case"
    );
    assert!(closed.closed_at.is_some());
    assert!(d
        .client
        .open_sessions()
        .await
        .unwrap()
        .iter()
        .all(|o| o.code != s.code));
}

#[tokio::test]
async fn lists_are_read_across_page_boundaries_once_each() {
    let d = desk().await;
    d.control("page-size", json!({ "size": 2 })).await;
    let mut codes = vec![];
    for i in 0..5 {
        let s = d
            .client
            .create_session(&new_session(&format!("t-{i}"), TvSessionKind::Remote))
            .await
            .unwrap();
        codes.push(s.code);
    }
    d.client.close_session(&codes[2]).await.unwrap();
    let open: Vec<String> = d
        .client
        .open_sessions()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.code)
        .collect();
    let expected: Vec<String> = codes
        .iter()
        .rev()
        .filter(|c| *c != &codes[2])
        .cloned()
        .collect();
    assert_eq!(
        open, expected,
        "newest first, open only, each once over three pages"
    );

    for secs in [60, 120, 180] {
        d.control(&format!("sessions/{}/connect", codes[0]), json!({}))
            .await;
        d.control(
            &format!("sessions/{}/disconnect", codes[0]),
            json!({ "duration_secs": secs }),
        )
        .await;
    }
    let reports = d.client.connections(&codes[0]).await.unwrap();
    let durations: Vec<u32> = reports.iter().filter_map(|r| r.duration_secs()).collect();
    assert_eq!(durations, [60, 120, 180]);
}

#[tokio::test]
async fn an_expired_token_is_refreshed_once_and_the_create_happens_once() {
    let d = desk().await;
    d.fault("token_expired").await;
    let s = d
        .client
        .create_session(&new_session("t-7", TvSessionKind::Remote))
        .await
        .unwrap();
    assert_eq!(d.refreshes.0.load(Ordering::SeqCst), 1);
    let open = d.client.open_sessions().await.unwrap();
    assert_eq!(open.len(), 1, "one code, not two");
    assert_eq!(open[0].code, s.code);

    // Expired again right after the refresh: the technician is sent to authorise, no loop.
    d.fault("token_expired").await;
    d.fault("token_expired").await;
    let e = d.client.session(&s.code).await.unwrap_err();
    assert!(matches!(e, ProviderError::Unauthorized(_)), "{e:?}");
    assert!(e.to_string().contains("authorise again"), "{e}");
    assert_eq!(d.refreshes.0.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn every_refusal_says_what_it_is() {
    let d = desk().await;
    d.fault("rate_limit").await;
    let before = d.requests().await;
    let e = d.client.open_sessions().await.unwrap_err();
    assert_eq!(
        e,
        ProviderError::RateLimited {
            retry_after_secs: 60
        }
    );
    assert_eq!(
        d.requests().await - before,
        1,
        "a 403 rate limit is not hammered"
    );

    d.fault("invalid_token").await;
    let e = d.client.open_sessions().await.unwrap_err();
    assert!(e.to_string().contains("authorise again"), "{e}");

    d.fault("blocked").await;
    let e = d.client.open_sessions().await.unwrap_err();
    assert!(
        e.to_string().contains("blocked requests from this address"),
        "{e}"
    );

    d.fault("license_limit").await;
    let e = d
        .client
        .create_session(&new_session("t-8", TvSessionKind::Remote))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("licence"), "{e}");
    assert!(
        d.client.open_sessions().await.unwrap().is_empty(),
        "nothing was created"
    );

    let e = d.client.session("s00-000-000").await.unwrap_err();
    assert_eq!(e, ProviderError::NotFound);
    let e = d.client.session("../users").await.unwrap_err();
    assert!(
        e.to_string().contains("not a TeamViewer session code"),
        "{e}"
    );

    // A script token that TeamViewer no longer takes cannot be refreshed: it says what to do.
    let script = TeamViewerClient::new(
        &format!("{}/api/v1", d.sandbox.url()),
        tether_providers::http::client(),
        Arc::new(ScriptToken(Secret::new("not-the-token"))),
    );
    let e = script.open_sessions().await.unwrap_err();
    assert!(matches!(e, ProviderError::Unauthorized(_)), "{e:?}");
}

#[tokio::test]
async fn the_account_a_token_acts_as_is_named_and_an_expired_token_refreshed_for_it() {
    let d = desk().await;
    assert_eq!(
        d.client.account().await.unwrap(),
        "Northwind Service Desk <servicedesk@northwind.example>"
    );
    d.fault("token_expired").await;
    assert!(d.client.account().await.is_ok());
    assert_eq!(d.refreshes.0.load(Ordering::SeqCst), 1);
}
