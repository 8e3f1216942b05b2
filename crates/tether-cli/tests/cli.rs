//! The `tether` binary as an admin's script would use it: JSON out, exit codes, errors as
//! `{"error": {code, message}}`, against the sandbox over real HTTP and a real cache file.

use std::process::{Command, Output};

use serde_json::Value;
use tether_sandbox::{EndUserAction, Sandbox, SandboxControl, SandboxOptions, DEMO_TOKEN};

struct Cli {
    data: tempfile::TempDir,
    sandbox_url: String,
}

impl Cli {
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_tether"))
            .args(args)
            .env("TETHER_DATA_DIR", self.data.path())
            .env("TETHER_SPLASHTOP_URL", &self.sandbox_url)
            .env("TETHER_SPLASHTOP_TOKEN", DEMO_TOKEN)
            .output()
            .expect("tether runs")
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON on stdout")
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_board_action_from_the_command_line() {
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let control = SandboxControl::new(&sandbox.url());
    let cli = Cli {
        data: tempfile::tempdir().unwrap(),
        sandbox_url: sandbox.url(),
    };
    let cli = tokio::task::spawn_blocking(move || {
        assert!(cli
            .run(&[
                "tech",
                "add",
                "alex",
                "--name",
                "Alex Rivera",
                "--email",
                "alex@x.invalid"
            ])
            .status
            .success());
        assert!(cli
            .run(&[
                "tech",
                "add",
                "sam",
                "--name",
                "Sam Chen",
                "--email",
                "sam@x.invalid"
            ])
            .status
            .success());
        cli
    })
    .await
    .unwrap();

    let created = cli.json(&[
        "new",
        "--channel",
        "splashtop-1",
        "--name",
        "Dana Whitfield",
        "--issue",
        "VPN",
    ]);
    assert_eq!(created["state"], "pending");
    let id = created["id"].as_str().unwrap().to_string();
    let code = created["code"].as_str().unwrap().to_string();

    control
        .end_user(&code, EndUserAction::Launch)
        .await
        .unwrap();
    let events = cli.run(&["events"]);
    let lines: Vec<Value> = String::from_utf8_lossy(&events.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert!(
        lines
            .iter()
            .any(|e| e["type"] == "session_changed" && e["session"]["state"] == "active"),
        "{lines:?}"
    );

    let invited = cli.json(&["invite", &id, "sam"]);
    assert_eq!(invited["invited"][0], "sam");
    assert_eq!(cli.json(&["release", &id])["state"], "in_queue");
    assert_eq!(cli.json(&["take", &id])["state"], "active");
    assert_eq!(cli.json(&["close", &id])["state"], "closed");
    let shown = cli.json(&["show", &id]);
    assert_eq!(shown["history"].as_array().unwrap().len(), 6);

    let refused = cli.run(&["--json", "release", &id]);
    assert_eq!(refused.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&refused.stderr).expect("JSON error on stderr");
    assert_eq!(err["error"]["code"], "illegal_transition");
    assert!(err["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Cannot release a session that is Closed"));

    let listed = cli.json(&["sessions", "splashtop-1"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    cli.json(&["delete", &id]);
    assert!(cli
        .json(&["sessions", "splashtop-1"])
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn the_standalone_sandbox_prints_its_url_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tether"))
        .args(["sandbox", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let url = line.trim().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let health = http_get(&format!("{url}/_sandbox/health"));
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(health, "ok");
}

/// A plain HTTP/1.0 GET on loopback: enough for a health check.
fn http_get(url: &str) -> String {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let mut s = std::net::TcpStream::connect(host).unwrap();
    write!(s, "GET /{path} HTTP/1.0\r\nHost: {host}\r\n\r\n").unwrap();
    let mut body = String::new();
    s.read_to_string(&mut body).unwrap();
    body.split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_string()
}

/// Tickets, assets, invitations and launches as a script would drive them.
#[tokio::test(flavor = "multi_thread")]
async fn the_desk_from_the_command_line() {
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let cli = Cli {
        data: tempfile::tempdir().unwrap(),
        sandbox_url: sandbox.url(),
    };
    let desk = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/e2e/desk.json");
    tokio::task::spawn_blocking(move || {
        for (id, name) in [("alex", "Alex Rivera"), ("priya", "Priya Patel")] {
            let email = format!("{id}@x.invalid");
            let out = cli.run(&["tech", "add", id, "--name", name, "--email", &email]);
            assert!(out.status.success());
        }
        let away = cli.run(&["--as", "priya", "tech", "available", "false"]);
        assert!(away.status.success());
        let report = cli.json(&["import", desk]);
        assert_eq!(report["tickets"], 1);
        assert_eq!(report["assets"], 2);
        assert_eq!(report["refused"].as_array().unwrap().len(), 0);

        // Settings as JSON in, JSON out.
        let mut settings = cli.json(&["remote-support", "show"]);
        settings["default_team_id"] = "helpdesk".into();
        settings["invite_other_agents"] = true.into();
        let mut child = Command::new(env!("CARGO_BIN_EXE_tether"))
            .args(["remote-support", "set", "-"])
            .env("TETHER_DATA_DIR", cli.data.path())
            .env("TETHER_SPLASHTOP_URL", &cli.sandbox_url)
            .env("TETHER_SPLASHTOP_TOKEN", DEMO_TOKEN)
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(settings.to_string().as_bytes())
            .unwrap();
        assert!(child.wait().unwrap().success());

        let found = cli.json(&["tickets", "label print"]);
        assert_eq!(found[0]["number"], 1042);
        assert_eq!(found[0]["customer_name"], "Northwind Traders");
        let shown = cli.json(&["ticket", "show", "#1042"]);
        assert_eq!(
            shown["ticket"]["subject"],
            "Label printer prints blank pages"
        );

        let preview = cli.json(&[
            "ticket",
            "invite",
            "1042",
            "--to",
            "maria@northwind.example",
            "--agent",
            "priya",
            "--preview",
        ]);
        assert_eq!(preview["target"]["label"], "Team Helpdesk");
        assert_eq!(
            preview["target"]["fallback_reason"],
            "Priya Patel is unavailable"
        );
        let bad = cli.run(&[
            "--json",
            "ticket",
            "invite",
            "1042",
            "--to",
            "maria@, x",
            "--preview",
        ]);
        assert_eq!(bad.status.code(), Some(1));
        let err: Value = serde_json::from_slice(&bad.stderr).unwrap();
        assert_eq!(err["error"]["code"], "invalid_input");

        let asset = cli.json(&["asset", "nw-pc-0042"]);
        assert_eq!(asset["launch"]["buttons"][0]["id"], "splashtop:mac_address");
        let dry = cli.run(&["launch", "nw-pc-0042", "splashtop:mac_address", "--dry-run"]);
        assert_eq!(
            String::from_utf8_lossy(&dry.stdout).trim(),
            "st-business://com.splashtop.business?account=alex%40x.invalid&mac=3C52821A4F07"
        );
        assert!(cli.json(&["asset", "nw-pc-0042"])["history"]
            .as_array()
            .unwrap()
            .is_empty());
        let launched = cli.json(&["launch", "nw-pc-0042", "splashtop:mac_address"]);
        assert_eq!(launched["recorded"]["actor"], "alex");
        assert_eq!(
            cli.json(&["asset", "nw-pc-0042"])["history"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        let android = cli.run(&["--json", "launch", "nw-tab-01", "splashtop:mac_address"]);
        let err: Value = serde_json::from_slice(&android.stderr).unwrap();
        assert!(err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Android"));
    })
    .await
    .unwrap();
}

/// `tether serve` listens on loopback unless told otherwise, prints how to reach it, and runs
/// the table's commands for whoever has its token.
#[tokio::test(flavor = "multi_thread")]
async fn serve_listens_on_loopback_and_needs_its_token() {
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut child = Stopped(
        Command::new(env!("CARGO_BIN_EXE_tether"))
            .args(["--json", "serve"])
            .env("TETHER_DATA_DIR", data.path())
            .env("TETHER_SPLASHTOP_URL", sandbox.url())
            .env("TETHER_SPLASHTOP_TOKEN", DEMO_TOKEN)
            .env("TETHER_EVENTS_BIND", "127.0.0.1:0")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    let stdout = child.0.stdout.take().unwrap();
    let line = tokio::task::spawn_blocking(move || {
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line).unwrap();
        line
    })
    .await
    .unwrap();
    let started: Value = serde_json::from_str(&line).expect("one JSON line");
    let url = started["url"].as_str().unwrap().to_string();
    let token = started["token"].as_str().unwrap().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_eq!(started["open"], Value::Null, "no UI asked for");
    let http = reqwest::Client::new();
    let refused = http.post(format!("{url}/api/board")).send().await.unwrap();
    assert_eq!(refused.status(), 401);
    let added = http
        .post(format!("{url}/api/add_technician"))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "technician": {
            "id": "alex", "name": "Alex Rivera", "email": "alex@x.invalid",
            "can_release": true, "available": true } }))
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 200);
    let board: Value = http
        .post(format!("{url}/api/board"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(board["me"]["id"], "alex", "{board}");
    assert_eq!(
        board["demo"], false,
        "Splashtop from the environment: a real workspace"
    );
}

/// A child process stopped when the test ends, passed or not.
struct Stopped(std::process::Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_refuses_to_listen_beyond_loopback_without_a_host_name() {
    let data = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tether"))
        .args(["--json", "serve", "--bind", "0.0.0.0:0"])
        .env("TETHER_DATA_DIR", data.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err: Value = serde_json::from_slice(&out.stderr).expect("a JSON error");
    assert_eq!(err["error"]["code"], "invalid_input");
    assert!(err["error"]["message"]
        .as_str()
        .unwrap()
        .contains("--allow-host"));
}

/// Any command of the table by name, JSON in and out: the CLI form of the same declaration.
#[tokio::test(flavor = "multi_thread")]
async fn call_runs_any_command_of_the_table() {
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let cli = Cli {
        data: tempfile::tempdir().unwrap(),
        sandbox_url: sandbox.url(),
    };
    tokio::task::spawn_blocking(move || {
        let names = cli.json(&["commands"]);
        assert!(names
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n == "create_session"));
        cli.json(&[
            "call",
            "add_technician",
            r#"{"technician": {"id": "alex", "name": "Alex Rivera", "email": "alex@x.invalid", "can_release": true, "available": true}}"#,
        ]);
        cli.json(&["call", "set_current_technician", r#"{"id": "alex"}"#]);
        let created = cli.json(&[
            "call",
            "create_session",
            r#"{"session": {"channel_id": "private", "customer_name": "By name", "issue": ""}}"#,
        ]);
        assert_eq!(created["state"], "pending");
        let refused = cli.run(&["--json", "call", "release", r#"{"id": "nope"}"#]);
        assert!(!refused.status.success());
        let err: Value = serde_json::from_slice(&refused.stderr).unwrap();
        assert_eq!(err["error"]["code"], "not_found");
        let unknown = cli.run(&["--json", "call", "no_such_thing"]);
        let err: Value = serde_json::from_slice(&unknown.stderr).unwrap();
        assert_eq!(err["error"]["code"], "unknown_command");
    })
    .await
    .unwrap();
}

/// TK2 across a crash: a close queued while Splashtop fails, then `kill -9`, then a start on
/// the same cache with Splashtop back: delivered, and exactly once.
#[tokio::test(flavor = "multi_thread")]
async fn a_close_queued_when_tether_is_killed_is_delivered_once_after_the_restart() {
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let control = SandboxControl::new(&sandbox.url());
    let data = tempfile::tempdir().unwrap();
    let serve = || async {
        let mut child = Stopped(
            Command::new(env!("CARGO_BIN_EXE_tether"))
                .args(["--json", "serve"])
                .env("TETHER_DATA_DIR", data.path())
                .env("TETHER_SPLASHTOP_URL", sandbox.url())
                .env("TETHER_SPLASHTOP_TOKEN", DEMO_TOKEN)
                .env("TETHER_EVENTS_BIND", "127.0.0.1:0")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap(),
        );
        let stdout = child.0.stdout.take().unwrap();
        let line = tokio::task::spawn_blocking(move || {
            let mut line = String::new();
            std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line).unwrap();
            line
        })
        .await
        .unwrap();
        let started: Value = serde_json::from_str(&line).expect("one JSON line");
        (child, started)
    };
    let http = reqwest::Client::new();
    let call = |started: &Value, command: &str, args: Value| {
        let request = http
            .post(format!(
                "{}/api/{command}",
                started["url"].as_str().unwrap()
            ))
            .bearer_auth(started["token"].as_str().unwrap())
            .json(&args);
        let command = command.to_string();
        async move {
            let response = request.send().await.unwrap();
            assert!(
                response.status().is_success(),
                "{command}: {}",
                response.status()
            );
            response.json::<Value>().await.unwrap()
        }
    };

    let (mut first, started) = serve().await;
    call(
        &started,
        "add_technician",
        serde_json::json!({ "technician": { "id": "alex", "name": "Alex Rivera",
            "email": "alex@x.invalid", "can_release": true, "available": true } }),
    )
    .await;
    let session = call(
        &started,
        "create_session",
        serde_json::json!({ "session": { "channel_id": "splashtop-1", "customer_name": "Crash" } }),
    )
    .await;
    // Splashtop fails every request from here: the close waits in the outbox.
    control
        .fault(tether_sandbox::Fault::ServerError, 10_000)
        .await
        .unwrap();
    call(
        &started,
        "close",
        serde_json::json!({ "id": session["id"] }),
    )
    .await;
    let waiting = call(&started, "pending_actions", serde_json::json!({})).await;
    assert_eq!(waiting.as_array().unwrap().len(), 1, "{waiting}");
    first.0.kill().unwrap(); // SIGKILL: nothing gets to flush or close cleanly
    first.0.wait().unwrap();

    control.clear_faults().await.unwrap();
    let (_second, started) = serve().await;
    let code = session["code"].as_str().unwrap().to_string();
    let received = || async {
        control
            .sessions()
            .await
            .unwrap()
            .into_iter()
            .find(|s| s["code"] == code.as_str())
            .unwrap()["actions_received"]
            .clone()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while received().await == serde_json::json!([]) {
        assert!(
            std::time::Instant::now() < deadline,
            "the queued close was not delivered"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    // A few more poll rounds: still once.
    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    assert_eq!(received().await, serde_json::json!(["close"]));
    let waiting = call(&started, "pending_actions", serde_json::json!({})).await;
    assert_eq!(waiting, serde_json::json!([]));
}

/// A secret typed at a terminal (a real pseudo-terminal, through `script`) is not echoed:
/// the transcript shows the prompt and never the secret.
#[test]
fn a_secret_typed_at_a_terminal_is_not_echoed() {
    use std::io::{Read, Write};
    use std::process::Stdio;
    let data = tempfile::tempdir().unwrap();
    let tether = env!("CARGO_BIN_EXE_tether");
    let mut child = Command::new("script")
        .args([
            "-qec",
            &format!("{tether} creds set splashtop --url http://127.0.0.1:9"),
            "/dev/null",
        ])
        .env("TETHER_DATA_DIR", data.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("script (util-linux) is installed");
    let mut stdout = child.stdout.take().unwrap();
    // Typed once the prompt shows, as a person would: what arrives before it would be echoed
    // by the terminal whatever the program does.
    let mut transcript = Vec::new();
    let mut chunk = [0u8; 256];
    while !String::from_utf8_lossy(&transcript).contains("Splashtop") {
        let n = stdout.read(&mut chunk).unwrap();
        assert!(n > 0, "no prompt: {}", String::from_utf8_lossy(&transcript));
        transcript.extend_from_slice(&chunk[..n]);
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"typed-s3cret-42\n").unwrap();
    drop(stdin);
    stdout.read_to_end(&mut transcript).unwrap();
    child.wait().unwrap();
    let transcript = String::from_utf8_lossy(&transcript);
    assert!(
        !transcript.contains("typed-s3cret-42"),
        "the secret was echoed: {transcript}"
    );
}
