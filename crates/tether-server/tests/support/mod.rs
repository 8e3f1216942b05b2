//! What the team tests and benchmarks share: the real `tether-server` binary started on a
//! test database, the admin's commands, and a technician's desktop as HTTP calls with their
//! own token.
#![allow(dead_code)]

use std::process::Stdio;
use std::time::Duration;

use serde_json::{json, Value};
use tether_sandbox::DEMO_TOKEN;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub const BIN: &str = env!("CARGO_BIN_EXE_tether-server");

pub fn admin(url: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(BIN)
        .args(args)
        .env("TETHER_DATABASE_URL", url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Adds a technician and returns their token.
pub fn technician(url: &str, id: &str, can_release: bool) -> String {
    let mut add = vec!["technician", "add", id, "--name", id, "--email"];
    let email = format!("{id}@msp.example");
    add.push(&email);
    if !can_release {
        add.push("--no-release");
    }
    admin(url, &add);
    admin(url, &["technician", "token", id, "--label", "laptop"])
}

pub struct Instance {
    pub child: Child,
    pub url: String,
    pub log: tokio::sync::mpsc::UnboundedReceiver<String>,
}

pub async fn instance(db: &str, splashtop: &str, dir: &std::path::Path) -> Instance {
    instance_on(db, splashtop, dir, "127.0.0.1:0").await
}

/// An instance on a given address (one restarted where its desktops expect it).
pub async fn instance_on(db: &str, splashtop: &str, dir: &std::path::Path, bind: &str) -> Instance {
    let mut child = Command::new(BIN)
        .args(["serve", "--bind", bind, "--data-dir"])
        .arg(dir)
        .env("TETHER_DATABASE_URL", db)
        .env("TETHER_SPLASHTOP_URL", splashtop)
        .env("TETHER_SPLASHTOP_TOKEN", DEMO_TOKEN)
        .env("TETHER_EVENTS_BIND", "127.0.0.1:0")
        .env("TETHER_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let (tx, log) = tokio::sync::mpsc::unbounded_channel();
    let mut stderr = BufReader::new(child.stderr.take().unwrap()).lines();
    tokio::spawn(async move {
        while let Ok(Some(line)) = stderr.next_line().await {
            let _ = tx.send(line);
        }
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = tokio::time::timeout(Duration::from_secs(60), stdout.next_line())
        .await
        .expect("the server says where it listens within a minute")
        .unwrap()
        .expect("a line on stdout");
    let url = line
        .strip_prefix("tether-server listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .to_string();
    Instance { child, url, log }
}

impl Instance {
    /// Waits until this instance logs a line containing `text`.
    pub async fn logged(&mut self, text: &str, within: Duration) -> bool {
        tokio::time::timeout(within, async {
            while let Some(line) = self.log.recv().await {
                if line.contains(text) {
                    return true;
                }
            }
            false
        })
        .await
        .unwrap_or(false)
    }
}

pub struct Desk {
    pub http: reqwest::Client,
    pub url: String,
    pub token: String,
}

impl Desk {
    pub async fn call(&self, command: &str, args: Value) -> Result<Value, Value> {
        let response = self
            .http
            .post(format!("{}/api/{command}", self.url))
            .bearer_auth(&self.token)
            .json(&args)
            .send()
            .await
            .unwrap();
        let ok = response.status().is_success();
        let body: Value = response.json().await.unwrap();
        if ok {
            Ok(body)
        } else {
            Err(body)
        }
    }

    pub async fn ok(&self, command: &str, args: Value) -> Value {
        self.call(command, args)
            .await
            .unwrap_or_else(|e| panic!("{command}: {e}"))
    }

    /// Waits until the poller has read Splashtop's channels.
    pub async fn channels_synced(&self) {
        tokio::time::timeout(Duration::from_secs(20), async {
            loop {
                let board = self.ok("board", json!({})).await;
                let channels = board["channels"].as_array().cloned().unwrap_or_default();
                if channels
                    .iter()
                    .any(|c| c["channel_ref"]["id"] == "splashtop-1")
                {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
        .await
        .expect("the team's poller reads the channels");
    }

    pub async fn session(&self, id: &str) -> Value {
        self.ok("session_detail", json!({ "id": id })).await["session"].clone()
    }
}

pub fn front_desk(name: &str) -> Value {
    json!({ "session": {
        "channel_id": "splashtop-1",
        "customer_name": name,
        "issue": "Outlook keeps crashing",
        "ticket_id": null,
    }})
}

/// A loopback port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
