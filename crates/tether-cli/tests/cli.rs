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
        .contains("cannot release a session that is Closed"));

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
