//! The Integrations cards serve two of the core's ports: `IntegrationConfig` (an enabled
//! card's address, for jump buttons) and `Mailer` (the Email card's SMTP account).

use tether_core::domain::IntegrationKind;
use tether_core::ports::MailError;
use tether_providers::smtp::SmtpMailer;

use crate::integrations::{smtp_config, Integrations};

/// What the use cases may know of the cards: an enabled integration's address.
#[async_trait::async_trait]
impl tether_core::ports::IntegrationConfig for Integrations {
    async fn base_url(&self, kind: IntegrationKind) -> Option<String> {
        let stored = self.stored(kind).await.ok()?;
        stored
            .enabled
            .then(|| stored.values.get("base_url").cloned())?
    }
}

/// Invitations' mail through the Email card. The configuration is read at each send, so a
/// fixed card delivers what waited in the outbox without a restart.
#[async_trait::async_trait]
impl tether_core::ports::Mailer for Integrations {
    async fn ready(&self) -> Result<(), MailError> {
        self.smtp_mailer().await.map(|_| ())
    }

    async fn send(&self, mail: &tether_core::ports::OutgoingMail) -> Result<(), MailError> {
        self.smtp_mailer().await?.send(mail).await
    }
}

impl Integrations {
    async fn smtp_mailer(&self) -> Result<SmtpMailer, MailError> {
        let kind = IntegrationKind::Smtp;
        let stored = self
            .stored(kind)
            .await
            .map_err(|e| MailError::NotConfigured(e.to_string()))?;
        if !stored.enabled || !stored.values.contains_key("host") {
            return Err(MailError::NotConfigured(
                "turn on the Email (SMTP) card in Settings → Integrations".into(),
            ));
        }
        let password = self
            .secrets
            .get(&kind.secret_key("password"))
            .await
            .map_err(|e| MailError::Temporary(e.to_string()))?;
        if stored.values.contains_key("username") && password.is_none() {
            return Err(MailError::NotConfigured(
                "the email account has a user but no password in the keychain".into(),
            ));
        }
        SmtpMailer::new(smtp_config(&stored.values, password))
    }
}
