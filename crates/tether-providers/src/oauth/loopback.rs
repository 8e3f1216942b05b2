//! The loopback redirect listener: 127.0.0.1 only, time-limited, and ended only by the
//! redirect that carries this authorisation's `state`. Any page the technician has open can
//! reach the port: a request without that state (an `error=` included) is answered and
//! ignored, and a connection that sends nothing is dropped after a few seconds, so neither
//! can cancel or stall the sign-in.

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
            let n = match tokio::time::timeout(REQUEST_TIMEOUT, stream.read(&mut buf)).await {
                Ok(Ok(n)) => n,
                // Silent or broken: not the browser's redirect.
                _ => continue,
            };
            let (outcome, response) = read_redirect(&buf[..n], expected_state);
            let _ = stream.write_all(response.as_bytes()).await;
            match outcome {
                Some(outcome) => return outcome,
                // A favicon is answered 404 and not worth a line; a callback without our
                // state is.
                None if response.starts_with("HTTP/1.1 400") => {
                    tracing::warn!("a request to the sign-in's loopback without its state")
                }
                None => {}
            }
        }
    }
}

/// What one request to the loopback is: the provider's redirect carrying our `state` (its
/// code or its refusal), or something else (`None`) that does not end the wait. Returns the
/// answer to send back too.
pub(crate) fn read_redirect(
    request: &[u8],
    expected_state: &str,
) -> (Option<Result<String, OAuthError>>, String) {
    const NOT_FOUND: &str =
        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    let request = String::from_utf8_lossy(request);
    let target = request
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("/");
    let Some(query) = target.strip_prefix("/callback?") else {
        return (None, NOT_FOUND.to_string());
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
    // Only the provider's redirect knows the state; anything else is not its answer.
    let ours = get("state").is_some_and(|s| s == expected_state);
    let outcome = match (ours, get("code"), get("error")) {
        (false, _, _) => None,
        (true, _, Some(error)) => Some(Err(OAuthError::Denied(error))),
        (true, Some(code), None) => Some(Ok(code)),
        (true, None, None) => Some(Err(OAuthError::Denied(
            "the redirect carried no code".into(),
        ))),
    };
    let (status, page) = match &outcome {
        Some(Ok(_)) => ("200 OK", PAGE_OK),
        _ => ("400 Bad Request", PAGE_FAILED),
    };
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n{page}",
        page.len()
    );
    (outcome, response)
}

/// How long a connection may take to send its request line.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(3);

#[cfg(test)]
mod tests {
    use super::*;

    async fn get(port: u16, target: &str) -> String {
        let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        s.write_all(format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
            .await
            .unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).await.unwrap();
        answer
    }

    /// A page that found the port can neither cancel the sign-in (`error=` without the
    /// state), nor finish it with another state, nor stall it with a silent connection.
    #[tokio::test]
    async fn only_the_redirect_with_the_state_ends_the_wait() {
        let loopback = Loopback::bind().await.unwrap();
        let port = loopback.port;
        let waiting = tokio::spawn(loopback.code("s-123", Duration::from_secs(20)));
        let _silent = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        let denied = get(port, "/callback?error=access_denied").await;
        assert!(denied.starts_with("HTTP/1.1 400"), "{denied}");
        let wrong = get(port, "/callback?state=s-999&code=forged").await;
        assert!(wrong.starts_with("HTTP/1.1 400"), "{wrong}");
        assert!(
            !waiting.is_finished(),
            "the wait ended on a request without its state"
        );
        let ok = get(port, "/callback?state=s-123&code=the-code").await;
        assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
        let code = tokio::time::timeout(Duration::from_secs(5), waiting)
            .await
            .expect("answered in time")
            .unwrap()
            .unwrap();
        assert_eq!(code, "the-code");
    }
}
