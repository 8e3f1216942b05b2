//! Email over SMTP (lettre): invitations (IN1–IN3) and the Email card's *Test
//! configuration*. The password comes from the keychain as a `Secret` and goes nowhere else.

use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tether_core::ports::{MailError, OutgoingMail};
use tether_core::secret::Secret;

/// How the connection is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain connection upgraded with STARTTLS, which is required (port 587).
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on this machine.
    None,
}

impl TlsMode {
    pub const CHOICES: [&'static str; 3] = ["starttls", "tls", "none"];

    pub fn parse(s: &str) -> Option<TlsMode> {
        match s.trim().to_ascii_lowercase().as_str() {
            "starttls" | "" => Some(TlsMode::StartTls),
            "tls" | "ssl" => Some(TlsMode::Tls),
            "none" => Some(TlsMode::None),
            _ => None,
        }
    }

    fn default_port(self) -> u16 {
        match self {
            TlsMode::StartTls => 587,
            TlsMode::Tls => 465,
            TlsMode::None => 25,
        }
    }
}

#[derive(Clone, Debug)]
pub struct SmtpConfig {
    pub host: String,
    pub port: Option<u16>,
    pub tls: TlsMode,
    pub username: Option<String>,
    pub password: Option<Secret>,
    /// `Support <support@example.com>` or a bare address.
    pub from: String,
}

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    host: String,
}

const TIMEOUT: Duration = Duration::from_secs(20);

fn is_loopback(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "::1" | "[::1]")
}

impl SmtpMailer {
    pub fn new(config: SmtpConfig) -> Result<SmtpMailer, MailError> {
        let host = config.host.trim().to_string();
        let host_ok = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
        if !host_ok {
            return Err(MailError::NotConfigured(format!(
                "{host:?} is not a mail server name (e.g. smtp.example.com)"
            )));
        }
        let from: Mailbox = config.from.trim().parse().map_err(|e| {
            MailError::NotConfigured(format!(
                "the sender {:?} is not an address ({e})",
                config.from
            ))
        })?;
        let has_credentials = config.username.as_deref().is_some_and(|u| !u.is_empty());
        if config.tls == TlsMode::None && has_credentials && !is_loopback(&host) {
            return Err(MailError::NotConfigured(format!(
                "refusing to send the password to {host} unencrypted: choose starttls or tls"
            )));
        }
        let tls = || {
            TlsParameters::new(host.clone())
                .map_err(|e| MailError::NotConfigured(format!("TLS for {host}: {e}")))
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.clone())
            .port(config.port.unwrap_or(config.tls.default_port()))
            .timeout(Some(TIMEOUT))
            .tls(match config.tls {
                TlsMode::StartTls => Tls::Required(tls()?),
                TlsMode::Tls => Tls::Wrapper(tls()?),
                TlsMode::None => Tls::None,
            });
        if let (Some(user), Some(password)) =
            (config.username.filter(|u| !u.is_empty()), &config.password)
        {
            builder = builder.credentials(Credentials::new(user, password.expose().to_string()));
        }
        Ok(SmtpMailer {
            transport: builder.build(),
            from,
            host,
        })
    }

    /// Connects, greets and logs in (when a user is set), sending nothing.
    pub async fn test(&self) -> Result<(), MailError> {
        match self.transport.test_connection().await {
            Ok(true) => Ok(()),
            Ok(false) => Err(MailError::Temporary(format!(
                "{} accepted the connection but did not answer the greeting",
                self.host
            ))),
            Err(e) => Err(self.classify(e)),
        }
    }

    pub async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let mut builder = Message::builder()
            .from(self.from.clone())
            .subject(mail.subject.replace(['\r', '\n'], " "));
        if let Some(id) = &mail.message_id {
            // The outbox's id at the sender's domain: the same message on every attempt.
            let domain = self.from.email.domain();
            builder = builder.message_id(Some(format!("<{id}@{domain}>")));
        }
        for to in &mail.to {
            let mailbox: Mailbox = to
                .parse()
                .map_err(|e| MailError::Refused(format!("{to:?} is not an address ({e})")))?;
            builder = builder.to(mailbox);
        }
        let message = builder
            .multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                mail.html.clone(),
            ))
            .map_err(|e| MailError::Refused(format!("the message cannot be built: {e}")))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| self.classify(e))
    }

    fn classify(&self, e: lettre::transport::smtp::Error) -> MailError {
        let host = &self.host;
        if e.is_permanent() {
            MailError::Refused(format!("{host} refused: {e}"))
        } else if e.is_transient() {
            MailError::Temporary(format!("{host} asked to try later: {e}"))
        } else if e.is_tls() {
            MailError::Temporary(format!(
                "TLS with {host} failed (is the TLS mode right?): {e}"
            ))
        } else if e.is_timeout() {
            MailError::Temporary(format!(
                "{host} did not answer within {} s",
                TIMEOUT.as_secs()
            ))
        } else {
            MailError::Temporary(format!("cannot reach {host}: {e}"))
        }
    }
}

#[async_trait::async_trait]
impl tether_core::ports::Mailer for SmtpMailer {
    async fn ready(&self) -> Result<(), MailError> {
        Ok(())
    }

    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        SmtpMailer::send(self, mail).await
    }
}
