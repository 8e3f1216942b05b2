//! Settings → Integrations (SPEC CR1): each provider's address and non-secret values in the
//! local cache, its secrets in the OS keychain, and *Test configuration*.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use tether_core::domain::integration_values::{check_value, explain_failure};
use tether_core::domain::{
    AuthorisationStatus, FieldKind, Integration, IntegrationKind, IntegrationStatus,
    IntegrationUpdate, TestOutcome,
};
use tether_core::ports::{MailError, ProviderError, SecretStore, Store};
use tether_core::secret::Secret;
use tether_core::ErrorCode;
use tether_providers::beyondtrust::{BeyondTrustClient, BeyondTrustConfig};
use tether_providers::oauth::{AuthorisationState, OAuthApp, TokenManager};
use tether_providers::smtp::{SmtpConfig, SmtpMailer, TlsMode};
use tether_providers::splashtop::{SplashtopClient, SplashtopConfig};

use crate::{RuntimeError, SplashtopConnection};

/// What the cache keeps of one integration.
#[derive(Default, Serialize, Deserialize)]
pub(crate) struct Stored {
    pub(crate) enabled: bool,
    pub(crate) values: BTreeMap<String, String>,
}

#[derive(Clone)]
pub struct Integrations {
    settings: Arc<dyn Store>,
    pub(crate) secrets: Arc<dyn SecretStore>,
}

impl Integrations {
    pub fn new(settings: Arc<dyn Store>, secrets: Arc<dyn SecretStore>) -> Self {
        Integrations { settings, secrets }
    }

    /// For tools that need the integrations without the board (the CLI's `creds`).
    pub async fn open(
        data_dir: &std::path::Path,
        secrets: Arc<dyn SecretStore>,
    ) -> Result<Self, RuntimeError> {
        let settings = tether_store::SqliteStore::open(&data_dir.join(crate::WORKSPACE_DB)).await?;
        Ok(Integrations::new(Arc::new(settings), secrets))
    }

    pub async fn close(&self) {
        self.settings.close().await;
    }

    pub async fn list(&self) -> Result<Vec<Integration>, RuntimeError> {
        let mut all = Vec::new();
        for kind in IntegrationKind::ALL {
            all.push(self.get(kind).await?);
        }
        Ok(all)
    }

    /// One card. Asks the keychain which secrets exist, never for their values' sake.
    pub async fn get(&self, kind: IntegrationKind) -> Result<Integration, RuntimeError> {
        let stored = self.stored(kind).await?;
        let mut stored_secrets = Vec::new();
        let mut keychain_unavailable = None;
        for field in kind.fields().iter().filter(|f| f.kind == FieldKind::Secret) {
            match self.secrets.get(&kind.secret_key(&field.key)).await {
                Ok(Some(_)) => stored_secrets.push(field.key.clone()),
                Ok(None) => {}
                // Without a keychain the card still shows what is saved, read-only.
                Err(e) => {
                    keychain_unavailable = Some(e.to_string());
                    break;
                }
            }
        }
        let last_test = match self.settings.setting(&test_key(kind)).await? {
            Some(json) => serde_json::from_str(&json).ok(),
            None => None,
        };
        let fields = kind.fields();
        let status =
            IntegrationStatus::of(&fields, &stored.values, &stored_secrets, last_test.as_ref());
        Ok(Integration {
            kind,
            name: kind.name().to_string(),
            enabled: stored.enabled,
            values: stored.values,
            stored_secrets,
            fields,
            last_test,
            status,
            per_technician_oauth: kind.per_technician_oauth(),
            oauth_explanation: kind.oauth_explanation().map(str::to_string),
            keychain_unavailable,
        })
    }

    /// Saves a card. Secrets are written first, so a keychain failure changes nothing.
    pub async fn save(&self, update: IntegrationUpdate) -> Result<Integration, RuntimeError> {
        let kind = update.kind;
        let values = checked(&update)?;
        for (key, secret) in &update.secrets {
            self.secrets.set(&kind.secret_key(key), secret).await?;
        }
        let stored = Stored {
            enabled: update.enabled,
            values,
        };
        let json =
            serde_json::to_string(&stored).map_err(|e| RuntimeError::Invalid(e.to_string()))?;
        self.settings
            .set_setting(&settings_key(kind), &json)
            .await?;
        self.get(kind).await
    }

    /// *Test configuration* on what the card shows, saved or not: the typed values and
    /// secrets over the stored ones. Nothing is written, and the card's status (which is about
    /// what is saved) stays.
    pub async fn test_draft(&self, update: IntegrationUpdate) -> Result<TestOutcome, RuntimeError> {
        let values = checked(&update)?;
        outcome(
            update.kind,
            self.probe(update.kind, Some((values, update.secrets)))
                .await,
        )
    }
}

/// A card's values as they would be saved (each checked by its kind), and its typed secrets
/// checked to be secrets and not empty.
fn checked(update: &IntegrationUpdate) -> Result<BTreeMap<String, String>, RuntimeError> {
    let kind = update.kind;
    let fields = kind.fields();
    let mut values = BTreeMap::new();
    for (key, value) in &update.values {
        let field = fields.iter().find(|f| &f.key == key).ok_or_else(|| {
            RuntimeError::Invalid(format!("{} has no field {key:?}", kind.name()))
        })?;
        let Some(value) = check_value(kind, field, value)? else {
            continue;
        };
        values.insert(key.clone(), value);
    }
    {
        for (key, secret) in &update.secrets {
            let is_secret = fields
                .iter()
                .any(|f| &f.key == key && f.kind == FieldKind::Secret);
            if !is_secret {
                return Err(RuntimeError::Invalid(format!(
                    "{} has no secret field {key:?}",
                    kind.name()
                )));
            }
            if secret.expose().trim().is_empty() {
                return Err(RuntimeError::Invalid(format!(
                    "the new value for {key} is empty; use Remove to delete it"
                )));
            }
        }
    }
    Ok(values)
}

impl Integrations {
    pub async fn remove_secret(
        &self,
        kind: IntegrationKind,
        key: &str,
    ) -> Result<Integration, RuntimeError> {
        let is_secret = kind
            .fields()
            .iter()
            .any(|f| f.key == key && f.kind == FieldKind::Secret);
        if !is_secret {
            return Err(RuntimeError::Invalid(format!(
                "{} has no secret field {key:?}",
                kind.name()
            )));
        }
        self.secrets.remove(&kind.secret_key(key)).await?;
        self.settings.delete_setting(&test_key(kind)).await?;
        self.get(kind).await
    }

    /// Forgets a provider entirely: its secrets, values and last test.
    pub async fn remove(&self, kind: IntegrationKind) -> Result<(), RuntimeError> {
        for field in kind.fields().iter().filter(|f| f.kind == FieldKind::Secret) {
            self.secrets.remove(&kind.secret_key(&field.key)).await?;
        }
        self.settings.delete_setting(&settings_key(kind)).await?;
        self.settings.delete_setting(&test_key(kind)).await?;
        Ok(())
    }

    /// Splashtop as the board uses it: enabled, with an address and a token. Enabled
    /// without its token is an error that says so, never a silent switch to the demo.
    pub async fn splashtop(&self) -> Result<Option<SplashtopConnection>, RuntimeError> {
        let kind = IntegrationKind::Splashtop;
        let stored = self.stored(kind).await?;
        let Some(base_url) = stored.values.get("base_url").filter(|_| stored.enabled) else {
            return Ok(None);
        };
        let token = self
            .secrets
            .get(&kind.secret_key("api_token"))
            .await?
            .ok_or_else(|| {
                RuntimeError::NotConfigured(format!(
                    "Splashtop is enabled at {base_url} but its API token is not in the \
                     keychain: enter it again in Settings → Integrations"
                ))
            })?;
        Ok(Some(SplashtopConnection {
            base_url: base_url.clone(),
            token,
        }))
    }

    /// *Test configuration*: the provider's cheapest authenticated call, in words. A
    /// provider's refusal is an outcome (kept for the card); only a keychain or cache failure
    /// is an error.
    pub async fn test(&self, kind: IntegrationKind) -> Result<TestOutcome, RuntimeError> {
        let outcome = outcome(kind, self.probe(kind, None).await)?;
        let json =
            serde_json::to_string(&outcome).map_err(|e| RuntimeError::Invalid(e.to_string()))?;
        self.settings.set_setting(&test_key(kind), &json).await?;
        Ok(outcome)
    }

    /// The test's call, with what is saved or, given a draft, its values and typed secrets
    /// over what is saved.
    async fn probe(
        &self,
        kind: IntegrationKind,
        draft: Option<(BTreeMap<String, String>, BTreeMap<String, Secret>)>,
    ) -> Result<String, Probe> {
        let mut stored = self.stored(kind).await?;
        let typed = match draft {
            Some((values, typed)) => {
                stored.values = values;
                typed
            }
            None => BTreeMap::new(),
        };
        let mut secrets = BTreeMap::new();
        for field in kind.fields() {
            match field.kind {
                FieldKind::Secret if typed.contains_key(&field.key) => {
                    secrets.insert(field.key.clone(), typed[&field.key].clone());
                }
                FieldKind::Secret => match self.secrets.get(&kind.secret_key(&field.key)).await? {
                    Some(s) => {
                        secrets.insert(field.key.clone(), s);
                    }
                    None if !field.required => {}
                    None => {
                        return Err(Probe::Incomplete(format!(
                            "enter the {} first",
                            field.label
                        )))
                    }
                },
                _ if field.required && !stored.values.contains_key(&field.key) => {
                    return Err(Probe::Incomplete(format!(
                        "fill in the {} first",
                        field.label
                    )))
                }
                _ => {}
            }
        }
        let value = |k: &str| stored.values.get(k).cloned().unwrap_or_default();
        let secret = |k: &str| secrets.get(k).cloned().unwrap_or_else(|| Secret::new(""));
        let mut secrets = secrets.clone();
        let http = tether_providers::http::client();
        let base_url = value("base_url");
        match kind {
            IntegrationKind::Splashtop => {
                let client = SplashtopClient::new(
                    SplashtopConfig {
                        base_url: base_url.clone(),
                        token: secret("api_token"),
                        source_name: "Tether".into(),
                    },
                    http,
                );
                let info = client.basic_info().await?;
                let who = info.email.unwrap_or_else(|| "an unnamed account".into());
                match info.scopes.psa {
                    Some(psa) => Ok(format!(
                        "Splashtop answered: the token belongs to {who}, team {}, with the \
                         service-desk (psa) scope",
                        psa.team_id
                    )),
                    None => Err(Probe::Provider(ProviderError::Unauthorized(format!(
                        "the token of {who} works but lacks the service-desk (psa) scope"
                    )))),
                }
            }
            IntegrationKind::Beyondtrust => {
                let client = BeyondTrustClient::new(
                    BeyondTrustConfig {
                        base_url,
                        client_id: value("client_id"),
                        client_secret: secret("client_secret"),
                    },
                    http,
                );
                let info = client.api_info().await?;
                let permissions: Vec<String> = info
                    .permissions
                    .iter()
                    .map(|(name, level)| format!("{} {level}", name.trim_start_matches("perm_")))
                    .collect();
                Ok(format!(
                    "BeyondTrust API {} answered; the API account may use: {}",
                    info.api_version,
                    if permissions.is_empty() {
                        "nothing".into()
                    } else {
                        permissions.join(", ")
                    }
                ))
            }
            IntegrationKind::Teamviewer => {
                let Some(token) = secrets.get("script_token") else {
                    return Err(Probe::Incomplete(
                        "enter a script token to test from here; with an OAuth app, each \
                         technician tests by authorising"
                            .into(),
                    ));
                };
                tether_providers::teamviewer::ping(&http, &base_url, token).await?;
                Ok("TeamViewer accepted the script token".into())
            }
            IntegrationKind::Smtp => {
                let mailer =
                    SmtpMailer::new(smtp_config(&stored.values, secrets.remove("password")))
                        .map_err(Probe::Mail)?;
                mailer.test().await.map_err(Probe::Mail)?;
                let login = match stored.values.get("username") {
                    Some(user) => format!(" and accepted the login of {user}"),
                    None => String::new(),
                };
                Ok(format!(
                    "{} answered{login}; invitations will be sent from {}",
                    value("host"),
                    value("from")
                ))
            }
            IntegrationKind::Sms => {
                let client = tether_providers::sms::SmsClient::new(
                    tether_providers::sms::SmsConfig {
                        base_url: base_url.clone(),
                        account_sid: value("account_sid"),
                        auth_token: secret("auth_token"),
                        from: value("from"),
                    },
                    http,
                );
                Ok(client.check().await?)
            }
            IntegrationKind::Syncro => {
                let client =
                    tether_providers::syncro::SyncroClient::new(&base_url, http, secret("api_key"));
                Ok(client.check().await?)
            }
        }
    }

    /// The token manager of the OAuth connection `technician` uses: their own, or the
    /// colleague's they chose to reuse (TV1).
    pub async fn oauth(
        &self,
        kind: IntegrationKind,
        technician: &str,
    ) -> Result<TokenManager, RuntimeError> {
        let owner = self.connection_owner(kind, technician).await?;
        self.connection(kind, &owner).await
    }

    /// The token manager of the connection `owner` authorised.
    pub(crate) async fn connection(
        &self,
        kind: IntegrationKind,
        owner: &str,
    ) -> Result<TokenManager, RuntimeError> {
        if !kind.per_technician_oauth() {
            return Err(RuntimeError::Invalid(format!(
                "{} is not authorised per technician",
                kind.name()
            )));
        }
        let stored = self.stored(kind).await?;
        let value = |k: &str| stored.values.get(k).cloned();
        let (Some(base_url), Some(client_id)) = (value("base_url"), value("client_id")) else {
            return Err(RuntimeError::NotConfigured(format!(
                "an admin must enter {}'s address and OAuth app first",
                kind.name()
            )));
        };
        let client_secret = self
            .secrets
            .get(&kind.secret_key("client_secret"))
            .await?
            .ok_or_else(|| {
                RuntimeError::NotConfigured(format!(
                    "an admin must enter {}'s OAuth app client secret first",
                    kind.name()
                ))
            })?;
        let app = match kind {
            IntegrationKind::Splashtop => OAuthApp::splashtop(&base_url, client_id, client_secret),
            _ => OAuthApp::teamviewer(&base_url, client_id, client_secret),
        };
        Ok(TokenManager::new(
            app,
            self.secrets.clone(),
            kind.oauth_key(owner),
        ))
    }

    /// The technician's authorisation; `not_configured` while the admin has not entered the
    /// OAuth app, so the card can say so before anyone clicks Authorise.
    pub async fn authorisation(
        &self,
        kind: IntegrationKind,
        technician: &str,
    ) -> Result<AuthorisationStatus, RuntimeError> {
        let owner = self.connection_owner(kind, technician).await?;
        let state = self.connection(kind, &owner).await?.state().await?;
        let account = self
            .connection_record(kind, &owner)
            .await?
            .and_then(|r| r.account);
        Ok(status(kind, technician, state, account))
    }

    /// Whether `owner`'s own connection holds tokens (whoever else uses it).
    pub(crate) async fn connection_authorised(
        &self,
        kind: IntegrationKind,
        owner: &str,
    ) -> Result<bool, RuntimeError> {
        Ok(matches!(
            self.connection(kind, owner).await?.state().await?,
            AuthorisationState::Authorised { .. }
        ))
    }

    /// "Choose a new account": opens the consent page through `open` and waits (at most five
    /// minutes) for the loopback redirect. Until it succeeds, a reused connection stays in
    /// use.
    pub async fn authorise(
        &self,
        kind: IntegrationKind,
        technician: &str,
        open: impl FnOnce(&str),
    ) -> Result<AuthorisationStatus, RuntimeError> {
        let manager = self.connection(kind, technician).await?;
        manager
            .authorise(open, std::time::Duration::from_secs(300))
            .await?;
        self.stop_reusing(kind, technician).await?;
        let account = self.account_name(kind, technician).await;
        self.save_connection_record(kind, technician, account, Utc::now())
            .await?;
        self.authorisation(kind, technician).await
    }

    /// Leaves a colleague's connection, or forgets (and revokes at the provider) the
    /// technician's own tokens.
    pub async fn disconnect(
        &self,
        kind: IntegrationKind,
        technician: &str,
    ) -> Result<AuthorisationStatus, RuntimeError> {
        if self.connection_owner(kind, technician).await? != technician {
            self.stop_reusing(kind, technician).await?;
        } else {
            match self.connection(kind, technician).await {
                Ok(manager) => manager.disconnect().await?,
                // Without the app's settings there is nothing to revoke: forget the tokens.
                Err(_) => self.secrets.remove(&kind.oauth_key(technician)).await?,
            }
            self.forget_connection_record(kind, technician).await?;
        }
        Ok(match self.authorisation(kind, technician).await {
            Ok(status) => status,
            Err(_) => status(kind, technician, AuthorisationState::NotAuthorised, None),
        })
    }

    pub(crate) fn settings(&self) -> &Arc<dyn Store> {
        &self.settings
    }

    /// A card the core's ports read at each call: its saved values while it is on, else why
    /// it cannot be used, as the provider's `NotConfigured`.
    pub(crate) async fn enabled_card(
        &self,
        kind: IntegrationKind,
    ) -> Result<Stored, ProviderError> {
        let stored = self
            .stored(kind)
            .await
            .map_err(|e| ProviderError::Unreachable(e.to_string()))?;
        if !stored.enabled {
            return Err(card_off(kind, "off"));
        }
        Ok(stored)
    }

    pub(crate) async fn stored(&self, kind: IntegrationKind) -> Result<Stored, RuntimeError> {
        Ok(match self.settings.setting(&settings_key(kind)).await? {
            Some(json) => serde_json::from_str(&json).map_err(|e| {
                RuntimeError::Invalid(format!(
                    "the stored {} settings are unreadable: {e}",
                    kind.name()
                ))
            })?,
            None => Stored::default(),
        })
    }
}

fn status(
    kind: IntegrationKind,
    technician: &str,
    state: AuthorisationState,
    account: Option<String>,
) -> AuthorisationStatus {
    let expires_at = match state {
        AuthorisationState::Authorised { expires_at } => {
            chrono::DateTime::from_timestamp(expires_at, 0)
        }
        AuthorisationState::NotAuthorised => None,
    };
    AuthorisationStatus {
        kind,
        technician: technician.to_string(),
        authorised: expires_at.is_some(),
        expires_at,
        account,
        reused_from: None,
    }
}

/// A probe's result as the card says it; only a keychain or cache failure is an error.
fn outcome(
    kind: IntegrationKind,
    result: Result<String, Probe>,
) -> Result<TestOutcome, RuntimeError> {
    Ok(match result {
        Ok(message) => TestOutcome {
            ok: true,
            code: None,
            message,
            at: Utc::now(),
        },
        Err(Probe::Provider(e)) => TestOutcome {
            ok: false,
            code: Some(e.code()),
            message: explain_failure(kind, &e),
            at: Utc::now(),
        },
        Err(Probe::Incomplete(message)) => TestOutcome {
            ok: false,
            code: Some(ErrorCode::NotConfigured),
            message,
            at: Utc::now(),
        },
        Err(Probe::Mail(e)) => TestOutcome {
            ok: false,
            code: Some(match &e {
                MailError::NotConfigured(_) => ErrorCode::NotConfigured,
                MailError::Temporary(_) => ErrorCode::ProviderUnreachable,
                MailError::Refused(_) => ErrorCode::ProviderRefused,
            }),
            message: format!("Email: {e}"),
            at: Utc::now(),
        },
        Err(Probe::Runtime(e)) => return Err(e),
    })
}

enum Probe {
    Provider(ProviderError),
    Incomplete(String),
    Mail(MailError),
    Runtime(RuntimeError),
}

impl From<ProviderError> for Probe {
    fn from(e: ProviderError) -> Self {
        Probe::Provider(e)
    }
}

impl From<RuntimeError> for Probe {
    fn from(e: RuntimeError) -> Self {
        Probe::Runtime(e)
    }
}

impl From<tether_core::ports::SecretError> for Probe {
    fn from(e: tether_core::ports::SecretError) -> Self {
        Probe::Runtime(e.into())
    }
}

impl From<tether_core::ports::StoreError> for Probe {
    fn from(e: tether_core::ports::StoreError) -> Self {
        Probe::Runtime(e.into())
    }
}

/// The SMTP card's values as the mailer wants them.
pub(crate) fn smtp_config(
    values: &BTreeMap<String, String>,
    password: Option<Secret>,
) -> SmtpConfig {
    let value = |k: &str| values.get(k).cloned().unwrap_or_default();
    SmtpConfig {
        host: value("host"),
        port: values.get("port").and_then(|p| p.parse().ok()),
        tls: TlsMode::parse(&value("tls")).unwrap_or(TlsMode::StartTls),
        username: values.get("username").cloned(),
        password,
        from: value("from"),
    }
}

/// Why a card cannot be used, with where to fix it.
pub(crate) fn card_off(kind: IntegrationKind, why: &str) -> ProviderError {
    ProviderError::NotConfigured(format!(
        "{} is {why}: turn it on in Settings → Integrations",
        kind.name()
    ))
}

fn settings_key(kind: IntegrationKind) -> String {
    format!("integration.{}", kind.as_str())
}

fn test_key(kind: IntegrationKind) -> String {
    format!("integration.{}.last_test", kind.as_str())
}
