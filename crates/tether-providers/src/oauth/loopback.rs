//! The loopback redirect listener: 127.0.0.1 only, one request answered, time-limited.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::error::OAuthError;

pub struct Loopback {
    listener: TcpListener,
    port: u16,
}

const PAGE_OK: &str = "<!doctype html><meta charset=utf-8><title>Tether</title>\
    <body style=\"font-family:sans-serif;margin:3em\"><h1>Tether is authorised</h1>\
    <p>You can close this tab and go back to Tether.</p>";
const PAGE_FAILED: &str = "<!doctype html><meta charset=utf-8><title>Tether</title>\
    <body style=\"font-family:sans-serif;margin:3em\"><h1>Authorisation failed</h1>\
    <p>Go back to Tether and try again.</p>";

impl Loopback {
    pub async fn bind() -> Result<Loopback, OAuthError> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.map_err(|e| {
            OAuthError::Misconfigured(format!("no loopback port for the redirect: {e}"))
        })?;
        let port = listener
            .local_addr()
            .map_err(|e| OAuthError::Misconfigured(e.to_string()))?
            .port();
        Ok(Loopback { listener, port })
    }

    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}/callback", self.port)
    }

    /// Waits for the browser's redirect and returns the code, after checking `state`.
    /// Requests for other paths (a favicon) are answered 404 and ignored.
    pub async fn code(self, expected_state: &str, timeout: Duration) -> Result<String, OAuthError> {
        tokio::time::timeout(timeout, self.accept(expected_state))
            .await
            .map_err(|_| OAuthError::TimedOut)?
    }

    async fn accept(self, expected_state: &str) -> Result<String, OAuthError> {
        loop {
            let (mut stream, _) = self
                .listener
                .accept()
                .await
                .map_err(|e| OAuthError::Misconfigured(e.to_string()))?;
            let mut buf = vec![0u8; 8192];
            let n = stream.read(&mut buf).await.unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]);
            let target = request
                .lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .unwrap_or("/");
            let Some(query) = target.strip_prefix("/callback?") else {
                let _ = stream
                    .write_all(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    )
                    .await;
                continue;
            };
            let params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            let get = |k: &str| {
                params
                    .iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.clone())
            };
            let outcome = match (get("state"), get("code"), get("error")) {
                (_, _, Some(error)) => Err(OAuthError::Denied(error)),
                (Some(state), Some(code), None) if state == expected_state => Ok(code),
                (Some(_), _, None) => Err(OAuthError::WrongState),
                _ => Err(OAuthError::Denied("the redirect carried no code".into())),
            };
            let (status, page) = match outcome {
                Ok(_) => ("200 OK", PAGE_OK),
                Err(_) => ("400 Bad Request", PAGE_FAILED),
            };
            let response = format!(
                "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
                 Cache-Control: no-store\r\nConnection: close\r\n\r\n{page}",
                page.len()
            );
            let _ = stream.write_all(response.as_bytes()).await;
            return outcome;
        }
    }
}
