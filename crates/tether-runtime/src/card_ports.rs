//! The Integrations cards serve three of the core's ports: `IntegrationConfig` (an enabled
//! card's address, for jump buttons), `Mailer` (the Email card's SMTP account) and
//! `SupportAppliance` (the BeyondTrust card's appliance).

use chrono::{DateTime, TimeZone, Utc};
use tether_core::domain::beyondtrust::{BtQueue, EndedSession, LoggedInRep, SessionRep};
use tether_core::domain::IntegrationKind;
use tether_core::ports::{ApplianceTeam, GeneratedKey, MailError, ProviderError, SupportAppliance};
use tether_providers::beyondtrust::{
    BeyondTrustClient, BeyondTrustConfig, Queue, RepInSession, SupportSessionReport,
};
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

/// A pilot session's SMS through the SMS gateway card, read at each send like the mail's.
#[async_trait::async_trait]
impl tether_core::ports::SmsSender for Integrations {
    async fn ready(&self) -> Result<(), MailError> {
        self.sms_client().await.map(|_| ())
    }

    async fn send(&self, to: &str, text: &str) -> Result<(), MailError> {
        self.sms_client().await?.send(to, text).await.map(|_| ())
    }
}

impl Integrations {
    async fn sms_client(&self) -> Result<tether_providers::sms::SmsClient, MailError> {
        let kind = IntegrationKind::Sms;
        let off = || {
            MailError::NotConfigured(
                "SMS is not set up: turn on the SMS gateway card in Settings → Integrations".into(),
            )
        };
        let stored = self
            .stored(kind)
            .await
            .map_err(|e| MailError::NotConfigured(e.to_string()))?;
        if !stored.enabled {
            return Err(off());
        }
        let value = |k: &str| stored.values.get(k).cloned().filter(|v| !v.is_empty());
        let (Some(base_url), Some(account_sid), Some(from)) =
            (value("base_url"), value("account_sid"), value("from"))
        else {
            return Err(off());
        };
        let auth_token = self
            .secrets
            .get(&kind.secret_key("auth_token"))
            .await
            .map_err(|e| MailError::Temporary(e.to_string()))?
            .ok_or_else(off)?;
        Ok(tether_providers::sms::SmsClient::new(
            tether_providers::sms::SmsConfig {
                base_url,
                account_sid,
                auth_token,
                from,
            },
            tether_providers::http::client(),
        ))
    }
}

/// The BeyondTrust card as the core's `SupportAppliance`: a client for the card's appliance
/// and API account, kept while they stay the same (its token cache with it).
pub(crate) struct CardAppliance {
    integrations: Integrations,
    client: tokio::sync::Mutex<Option<(String, std::sync::Arc<BeyondTrustClient>)>>,
}

impl CardAppliance {
    pub(crate) fn new(integrations: Integrations) -> Self {
        CardAppliance {
            integrations,
            client: tokio::sync::Mutex::new(None),
        }
    }

    async fn client(&self) -> Result<std::sync::Arc<BeyondTrustClient>, ProviderError> {
        let kind = IntegrationKind::Beyondtrust;
        let not_set_up = |what: &str| {
            ProviderError::Unauthorized(format!(
                "BeyondTrust is not set up: {what} (Settings → Integrations)"
            ))
        };
        let stored = self
            .integrations
            .stored(kind)
            .await
            .map_err(|e| ProviderError::Unreachable(e.to_string()))?;
        if !stored.enabled {
            return Err(not_set_up("the card is off"));
        }
        let (Some(base_url), Some(client_id)) = (
            stored.values.get("base_url").cloned(),
            stored.values.get("client_id").cloned(),
        ) else {
            return Err(not_set_up("enter the appliance and the API account"));
        };
        // The secret is part of the account: a rotated one must rebuild the client (and its
        // cached token) at once, not at the next restart. Only a digest is kept to compare.
        let secret = self
            .integrations
            .secrets
            .get(&kind.secret_key("client_secret"))
            .await
            .map_err(|e| ProviderError::Unauthorized(e.to_string()))?
            .ok_or_else(|| not_set_up("the client secret is not in the keychain"))?;
        let identity = format!("{base_url}\n{client_id}\n{:016x}", digest(secret.expose()));
        let mut cached = self.client.lock().await;
        if let Some((id, client)) = cached.as_ref() {
            if *id == identity {
                return Ok(client.clone());
            }
        }
        let client = std::sync::Arc::new(BeyondTrustClient::new(
            BeyondTrustConfig {
                base_url,
                client_id,
                client_secret: secret,
            },
            tether_providers::http::client(),
        ));
        *cached = Some((identity, client.clone()));
        Ok(client)
    }
}

/// Tells one secret from another without keeping it in a second place.
fn digest(secret: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    secret.hash(&mut h);
    h.finish()
}

fn ended(r: SupportSessionReport) -> EndedSession {
    let at = |secs: i64| Utc.timestamp_opt(secs, 0).single().unwrap_or_default();
    let names = |p: RepInSession| SessionRep {
        names: vec![
            p.private_display_name,
            p.public_display_name,
            p.display_name,
            p.username,
        ],
    };
    // The primary representative first, then whoever else joined, each once.
    let primary_id = r.primary_rep.as_ref().map(|p| p.id.clone());
    let mut reps: Vec<SessionRep> = r.primary_rep.map(names).into_iter().collect();
    reps.extend(
        r.reps
            .into_iter()
            .filter(|rep| Some(&rep.id) != primary_id.as_ref())
            .map(names),
    );
    EndedSession {
        lsid: r.lsid,
        start: at(r.start),
        end: r.end.map(at),
        duration_secs: r.duration_secs,
        external_key: r.external_key,
        customer_name: r.customer_name,
        customer_host: r.customer_host,
        reps,
        chat: r
            .chat
            .into_iter()
            .map(|c| (at(c.at), c.from, c.body))
            .collect(),
    }
}

/// A BeyondTrust client as the core's `SupportAppliance` (tests build one directly).
pub struct ApplianceClient(pub std::sync::Arc<BeyondTrustClient>);

#[async_trait::async_trait]
impl SupportAppliance for CardAppliance {
    async fn logged_in_reps(&self) -> Result<Vec<LoggedInRep>, ProviderError> {
        ApplianceClient(self.client().await?).logged_in_reps().await
    }

    async fn support_teams(&self) -> Result<Vec<ApplianceTeam>, ProviderError> {
        ApplianceClient(self.client().await?).support_teams().await
    }

    async fn generate_session_key(
        &self,
        queue: &BtQueue,
        ttl_secs: u32,
        external_key: &str,
    ) -> Result<GeneratedKey, ProviderError> {
        ApplianceClient(self.client().await?)
            .generate_session_key(queue, ttl_secs, external_key)
            .await
    }

    async fn support_session(&self, lsid: &str) -> Result<Option<EndedSession>, ProviderError> {
        ApplianceClient(self.client().await?)
            .support_session(lsid)
            .await
    }

    async fn sessions_since(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<EndedSession>, ProviderError> {
        ApplianceClient(self.client().await?)
            .sessions_since(since)
            .await
    }
}

#[async_trait::async_trait]
impl SupportAppliance for ApplianceClient {
    async fn logged_in_reps(&self) -> Result<Vec<LoggedInRep>, ProviderError> {
        Ok(self
            .0
            .logged_in_reps()
            .await?
            .into_iter()
            .map(|r| LoggedInRep {
                id: r.id,
                public_display_name: r.public_display_name,
                private_display_name: r.private_display_name,
            })
            .collect())
    }

    async fn support_teams(&self) -> Result<Vec<ApplianceTeam>, ProviderError> {
        Ok(self
            .0
            .support_teams()
            .await?
            .into_iter()
            .map(|t| ApplianceTeam {
                id: t.id,
                name: t.name,
            })
            .collect())
    }

    async fn generate_session_key(
        &self,
        queue: &BtQueue,
        ttl_secs: u32,
        external_key: &str,
    ) -> Result<GeneratedKey, ProviderError> {
        let queue = match queue {
            BtQueue::Rep(id) => Queue::Rep(id.clone()),
            BtQueue::Team(id) => Queue::Team(id.clone()),
        };
        let key = self
            .0
            .generate_session_key(&queue, ttl_secs, external_key)
            .await?;
        Ok(GeneratedKey {
            short_key: key.short_key,
            key_url: key.key_url,
            queue_available: key.queue_available,
        })
    }

    async fn support_session(&self, lsid: &str) -> Result<Option<EndedSession>, ProviderError> {
        Ok(self.0.support_session(lsid).await?.map(ended))
    }

    async fn sessions_since(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<EndedSession>, ProviderError> {
        Ok(self
            .0
            .support_sessions_since(since.timestamp())
            .await?
            .into_iter()
            .map(ended)
            .collect())
    }
}
