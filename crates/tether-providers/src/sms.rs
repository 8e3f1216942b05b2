//! An SMS gateway with Twilio's Messages API shape, the common one (`POST
//! /2010-04-01/Accounts/{AccountSid}/Messages.json`, form `To`, `From`, `Body`, HTTP Basic with
//! the account SID and auth token; 201 with the message). Its errors are mail's: a bad number
//! or credentials refuse the message; the rest is tried again from the outbox.

use reqwest::StatusCode;
use serde::Deserialize;
use tether_core::ports::{MailError, ProviderError};
use tether_core::secret::Secret;

use crate::reason::vendor_reason_text;

#[derive(Clone)]
pub struct SmsConfig {
    /// `https://api.twilio.com`, or a compatible gateway's address.
    pub base_url: String,
    pub account_sid: String,
    pub auth_token: Secret,
    /// The sender number (E.164) or alphanumeric sender id.
    pub from: String,
}

pub struct SmsClient {
    config: SmsConfig,
    http: reqwest::Client,
}

#[derive(Deserialize)]
struct Account {
    #[serde(default)]
    friendly_name: String,
    #[serde(default)]
    status: String,
}

impl SmsClient {
    pub fn new(config: SmsConfig, http: reqwest::Client) -> Self {
        SmsClient { config, http }
    }

    fn account_url(&self) -> String {
        format!(
            "{}/2010-04-01/Accounts/{}",
            self.config.base_url.trim_end_matches('/'),
            self.config.account_sid
        )
    }

    /// Sends one message; its id at the gateway.
    pub async fn send(&self, to: &str, body: &str) -> Result<String, MailError> {
        #[derive(Deserialize)]
        struct Sent {
            sid: String,
        }
        let response = self
            .http
            .post(format!("{}/Messages.json", self.account_url()))
            .basic_auth(
                &self.config.account_sid,
                Some(self.config.auth_token.expose()),
            )
            .form(&[
                ("To", to),
                ("From", self.config.from.as_str()),
                ("Body", body),
            ])
            .send()
            .await
            .map_err(|e| MailError::Temporary(format!("the SMS gateway is unreachable ({e})")))?;
        let status = response.status();
        let text = response.text().await.map_err(|e| {
            MailError::Temporary(format!("the SMS gateway's answer was cut off ({e})"))
        })?;
        let reason = || vendor_reason_text(&text).unwrap_or_else(|| format!("HTTP {status}"));
        match status {
            s if s.is_success() => serde_json::from_str::<Sent>(&text)
                .map(|m| m.sid)
                .map_err(|e| MailError::Temporary(format!("the SMS gateway's answer is unreadable ({e})"))),
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Err(MailError::Refused(format!(
                "the SMS gateway refused the account SID or auth token ({}): check the SMS gateway card",
                reason()
            ))),
            StatusCode::TOO_MANY_REQUESTS => Err(MailError::Temporary(format!(
                "the SMS gateway asks to slow down ({})",
                reason()
            ))),
            s if s.is_server_error() => Err(MailError::Temporary(format!(
                "the SMS gateway had an error ({})",
                reason()
            ))),
            _ => Err(MailError::Refused(format!(
                "the SMS gateway refused the message: {}",
                reason()
            ))),
        }
    }

    /// *Test configuration*: the account, read with the card's credentials.
    pub async fn check(&self) -> Result<String, ProviderError> {
        let url = format!("{}.json", self.account_url());
        let response = self
            .http
            .get(&url)
            .basic_auth(
                &self.config.account_sid,
                Some(self.config.auth_token.expose()),
            )
            .send()
            .await
            .map_err(|e| ProviderError::Unreachable(e.to_string()))?;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            return Err(ProviderError::Unauthorized(
                "the SMS gateway refused the account SID or auth token".into(),
            ));
        }
        if !status.is_success() {
            return Err(ProviderError::Vendor {
                code: i64::from(status.as_u16()),
                message: vendor_reason_text(&text)
                    .unwrap_or_else(|| format!("the SMS gateway answered HTTP {status}")),
            });
        }
        let account: Account = serde_json::from_str(&text)
            .map_err(|e| ProviderError::Malformed(format!("not an account: {e}")))?;
        Ok(format!(
            "the SMS gateway knows account {} ({}); messages will come from {}",
            if account.friendly_name.is_empty() {
                &self.config.account_sid
            } else {
                &account.friendly_name
            },
            if account.status.is_empty() {
                "active"
            } else {
                &account.status
            },
            self.config.from
        ))
    }
}

#[async_trait::async_trait]
impl tether_core::ports::SmsSender for SmsClient {
    async fn ready(&self) -> Result<(), MailError> {
        Ok(())
    }
    async fn send(&self, to: &str, text: &str) -> Result<(), MailError> {
        SmsClient::send(self, to, text).await.map(|_| ())
    }
}
