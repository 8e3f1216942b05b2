//! A real SMTP server for tests: `tests/support/smtp_sink.py` (Python's aiosmtpd) in a child
//! process, recording each message it accepts. Tests assert what a mail server received,
//! not what Tether believes it sent.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde::Deserialize;

/// One message as the server received it.
#[derive(Clone, Debug, Deserialize)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_tos: Vec<String>,
    /// The raw message, headers and MIME parts.
    pub data: String,
}

impl Received {
    /// The decoded `Subject:` header (lettre encodes non-ASCII subjects; tests use ASCII).
    pub fn subject(&self) -> Option<&str> {
        self.data
            .lines()
            .find_map(|l| l.strip_prefix("Subject: "))
            .map(str::trim)
    }

    /// The body parts with quoted-printable soft breaks and `=3D` undone, for searching.
    pub fn body(&self) -> String {
        self.data
            .replace("=\r\n", "")
            .replace("=\n", "")
            .replace("=3D", "=")
    }
}

pub struct SmtpSink {
    child: Child,
    pub port: u16,
    dir: PathBuf,
    auth: Option<String>,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/support/smtp_sink.py")
}

impl SmtpSink {
    /// Starts the server on a free loopback port; messages and the refuse switch live in `dir`.
    pub fn start(dir: &Path) -> std::io::Result<SmtpSink> {
        Self::spawn(dir, 0, None)
    }

    /// A server that requires `AUTH LOGIN/PLAIN` with these credentials.
    pub fn start_with_auth(dir: &Path, user: &str, password: &str) -> std::io::Result<SmtpSink> {
        Self::spawn(dir, 0, Some(format!("{user}:{password}")))
    }

    fn spawn(dir: &Path, port: u16, auth: Option<String>) -> std::io::Result<SmtpSink> {
        let (child, port) = spawn_child(dir, port, auth.as_deref())?;
        Ok(SmtpSink {
            child,
            port,
            dir: dir.to_path_buf(),
            auth,
        })
    }

    /// Everything accepted so far, in order.
    pub fn received(&self) -> Vec<Received> {
        std::fs::read_to_string(self.dir.join("messages.jsonl"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    /// While refusing, DATA is answered `451 try again later`.
    pub fn refuse(&self, refuse: bool) {
        let path = self.dir.join("refuse");
        if refuse {
            let _ = std::fs::write(path, b"");
        } else {
            let _ = std::fs::remove_file(path);
        }
    }

    /// Stops the server: connections are refused until `restart`.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts it again on the same port.
    pub fn restart(&mut self) -> std::io::Result<()> {
        self.stop();
        let (child, _) = spawn_child(&self.dir, self.port, self.auth.as_deref())?;
        self.child = child;
        Ok(())
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

fn spawn_child(dir: &Path, port: u16, auth: Option<&str>) -> std::io::Result<(Child, u16)> {
    let mut cmd = Command::new("python3");
    cmd.arg(script())
        .arg("--out")
        .arg(dir.join("messages.jsonl"))
        .arg("--refuse-file")
        .arg(dir.join("refuse"))
        .arg("--port")
        .arg(port.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if let Some(a) = auth {
        cmd.arg("--auth").arg(a);
    }
    let mut child = cmd.spawn()?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| std::io::Error::other("no stdout"))?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    let port = line
            .trim()
            .strip_prefix("READY ")
            .and_then(|p| p.parse().ok())
            .ok_or_else(|| {
                let _ = child.kill();
                std::io::Error::other(format!(
                    "the SMTP sink did not start (is aiosmtpd installed? `python3 -m pip install aiosmtpd`): {line:?}"
                ))
            })?;
    Ok((child, port))
}
