//! `tether serve` as a client meets it: the real runtime (demo workspace, SQLite file, the
//! keychain of a private session bus) behind the real router on a loopback port, called over
//! real HTTP. The guards come first: no token, another origin or another host name, and
//! nothing runs.

use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};
use tether_http::{Access, ServeConfig, Server, Token};
use tether_runtime::{Runtime, RuntimeOptions};
use tether_secrets::test_support::PrivateKeyring;
use tether_secrets::Keychain;

const TOKEN: &str = "a-test-token-of-some-length";

struct Served {
    server: Server,
    runtime: Arc<Runtime>,
    http: reqwest::Client,
    _dir: tempfile::TempDir,
    _keyring: PrivateKeyring,
}

async fn serve() -> Served {
    let keyring = PrivateKeyring::start().expect("dbus and gnome-keyring are installed");
    keyring.use_in_this_process();
    let dir = tempfile::tempdir().unwrap();
    let runtime = Arc::new(
        Runtime::start(RuntimeOptions {
            data_dir: Some(dir.path().to_path_buf()),
            secrets: Some(Arc::new(Keychain::with_service(format!(
                "dev.tether.test.{}",
                std::process::id()
            )))),
            ..RuntimeOptions::default()
        })
        .await
        .unwrap(),
    );
    let config = ServeConfig {
        access: Access::Desk(Token::new(TOKEN)),
        allow_hosts: Vec::new(),
        allow_origins: Vec::new(),
        ui: None,
        replays: None,
    };
    let server = Server::start(runtime.clone(), config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    Served {
        server,
        runtime,
        http: reqwest::Client::new(),
        _dir: dir,
        _keyring: keyring,
    }
}

impl Served {
    fn post(&self, command: &str) -> reqwest::RequestBuilder {
        self.http
            .post(format!("{}/api/{command}", self.server.url()))
            .bearer_auth(TOKEN)
    }

    async fn call(&self, command: &str, args: Value) -> (StatusCode, Value) {
        let response = self.post(command).json(&args).send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }
}

#[tokio::test]
async fn a_command_runs_on_the_real_core_and_a_refusal_is_a_code_and_a_sentence() {
    let s = serve().await;
    let (status, board) = s.call("board", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(board["demo"], true);
    assert_eq!(board["me"]["id"], "alex");

    let (status, created) = s
        .call(
            "create_session",
            json!({ "session": { "channel_id": "private", "customer_name": "Ann", "issue": "" } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    assert_eq!(created["state"], "pending");

    // Releasing a Pending session: SD3 refuses, with the core's words and a 409.
    let (status, refused) = s.call("release", json!({ "id": created["id"] })).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(refused["code"], "illegal_transition");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .starts_with("Cannot release a session that is Pending"),
        "{refused}"
    );
}

#[tokio::test]
async fn bad_requests_get_an_error_dto_whatever_they_carry() {
    let s = serve().await;
    let (status, e) = s.call("assign", json!({ "id": 7 })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(e["code"], "invalid_input");

    let (status, e) = s.call("board", json!({ "surprise": true })).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "unknown fields are refused: {e}"
    );

    let response = s.post("board").body("{not json").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let e: Value = response.json().await.unwrap();
    assert_eq!(e["code"], "invalid_input");

    let (status, e) = s.call("no_such_command", json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(e["code"], "unknown_command");

    // No body at all is no arguments.
    let response = s.post("board").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn without_the_token_nothing_runs() {
    let s = serve().await;
    let url = format!("{}/api/create_session", s.server.url());
    let args =
        json!({ "session": { "channel_id": "private", "customer_name": "Eve", "issue": "" } });
    for request in [
        s.http.post(&url).json(&args),
        s.http
            .post(&url)
            .bearer_auth("a-wrong-token-of-some-length")
            .json(&args),
        s.http.post(&url).header("Authorization", TOKEN).json(&args),
    ] {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let e: Value = response.json().await.unwrap();
        assert_eq!(e["code"], "unauthenticated");
    }
    let sessions = s
        .runtime
        .console()
        .sessions
        .list_sessions(&tether_core::domain::ChannelRef::Private)
        .await
        .unwrap();
    assert!(sessions.is_empty(), "nothing was created");
    // The event stream and the OpenAPI document are behind the token too.
    for path in ["/api/events", "/api/openapi.json"] {
        let response = s
            .http
            .get(format!("{}{path}", s.server.url()))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
}

#[tokio::test]
async fn a_page_of_another_origin_or_another_host_name_is_refused() {
    let s = serve().await;
    let args =
        json!({ "session": { "channel_id": "private", "customer_name": "Mallory", "issue": "" } });
    let response = s
        .post("create_session")
        .header("Origin", "https://evil.example")
        .json(&args)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let e: Value = response.json().await.unwrap();
    assert_eq!(e["code"], "origin_refused");

    // DNS rebinding: the attacker's name resolves to 127.0.0.1, the Host header keeps it.
    let response = s
        .post("create_session")
        .header("Host", format!("evil.example:{}", s.server.addr.port()))
        .json(&args)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let e: Value = response.json().await.unwrap();
    assert_eq!(e["code"], "host_refused");

    // The server's own origin is fine.
    let response = s
        .post("board")
        .header("Origin", s.server.url())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let sessions = s
        .runtime
        .console()
        .sessions
        .list_sessions(&tether_core::domain::ChannelRef::Private)
        .await
        .unwrap();
    assert!(sessions.is_empty(), "nothing was created");
}

#[tokio::test]
async fn events_stream_as_the_window_gets_them() {
    let s = serve().await;
    let mut stream = s
        .http
        .get(format!("{}/api/events", s.server.url()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    assert!(stream.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let (status, created) = s
        .call(
            "create_session",
            json!({ "session": { "channel_id": "private", "customer_name": "Streamed", "issue": "" } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let mut text = String::new();
    let found = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(chunk) = stream.chunk().await.unwrap() {
            text.push_str(&String::from_utf8_lossy(&chunk));
            for data in text.lines().filter_map(|l| l.strip_prefix("data:")) {
                let event: Value = serde_json::from_str(data.trim()).unwrap();
                if event["type"] == "session_changed" && event["session"]["id"] == created["id"] {
                    return event;
                }
            }
        }
        panic!("the stream ended");
    })
    .await
    .expect("the new session's event arrives");
    assert_eq!(found["from"], Value::Null, "a creation");
}

#[tokio::test]
async fn the_openapi_document_describes_every_command() {
    let s = serve().await;
    let doc: Value = s
        .http
        .get(format!("{}/api/openapi.json", s.server.url()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    for name in tether_api::COMMAND_NAMES {
        assert!(
            doc["paths"][format!("/api/{name}")]["post"].is_object(),
            "{name} is in the document"
        );
    }
}

/// The router answers every command of the table: none is missing from HTTP.
#[tokio::test]
async fn every_command_of_the_table_is_routed() {
    let s = serve().await;
    for name in tether_api::COMMAND_NAMES {
        // Arguments that cannot be right: the command must be found and refuse them.
        let (status, e) = s.call(name, json!({ "not_an_argument": 1 })).await;
        assert_ne!(e["code"], "unknown_command", "{name}");
        assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {e}");
    }
}
