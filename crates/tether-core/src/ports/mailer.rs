//! Sends email (invitations, IN1–IN3). The SMTP implementation lives in `tether-providers`;
//! the console never sends directly: every mail goes through the outbox first (TK2).

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// How a message travels: the outbox holds both, and delivers each by its own way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    #[default]
    Email,
    /// `to` is one E.164 number; `text` is the message.
    Sms,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Email => "email",
            Via::Sms => "sms",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingMail {
    pub to: Vec<String>,
    pub subject: String,
    pub html: String,
    pub text: String,
    #[serde(default)]
    pub via: Via,
    /// The left part of its Message-ID, the same for every attempt; given by the outbox
    /// when the mail is queued (`None` until then).
    #[serde(default)]
    pub message_id: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("email is not set up: {0}")]
    NotConfigured(String),
    /// The server could not be reached or answered "try later": retried from the outbox.
    #[error("{0}")]
    Temporary(String),
    /// The server refused the message itself (a bad recipient, authentication).
    #[error("{0}")]
    Refused(String),
}

#[async_trait]
pub trait Mailer: Send + Sync {
    /// Whether mail can be sent at all (configured), asked before an invitation is made.
    async fn ready(&self) -> Result<(), MailError>;
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError>;
}

/// No email account yet: invitations are refused with the way to set one up.
pub struct NoMailer;

#[async_trait]
impl Mailer for NoMailer {
    async fn ready(&self) -> Result<(), MailError> {
        Err(MailError::NotConfigured(
            "add the email account in Settings → Integrations → Email (SMTP)".into(),
        ))
    }

    async fn send(&self, _: &OutgoingMail) -> Result<(), MailError> {
        self.ready().await
    }
}

/// Sends SMS (TV3: the pilot session's link to the requester's phone) through the SMS gateway
/// card. Its errors are mail's: not set up, try later, refused.
#[async_trait]
pub trait SmsSender: Send + Sync {
    async fn ready(&self) -> Result<(), MailError>;
    async fn send(&self, to: &str, text: &str) -> Result<(), MailError>;
}

/// No SMS gateway: a pilot session with a phone number is refused with the way to set one up.
pub struct NoSms;

#[async_trait]
impl SmsSender for NoSms {
    async fn ready(&self) -> Result<(), MailError> {
        Err(MailError::NotConfigured(
            "SMS is not set up: turn on the SMS gateway card in Settings → Integrations".into(),
        ))
    }
    async fn send(&self, _: &str, _: &str) -> Result<(), MailError> {
        self.ready().await
    }
}
