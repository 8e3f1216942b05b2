//! SPEC CR1 and the setup halves of BT1, TV1, SP1, SY1: what an admin configures per
//! provider. Non-secret values live in the local cache; secret fields go to the OS keychain
//! and are never read back into the UI (it only learns whether one is stored).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::secret::Secret;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum IntegrationKind {
    Splashtop,
    Beyondtrust,
    Teamviewer,
    Syncro,
    /// The email account invitations are sent from.
    Smtp,
    /// The SMS gateway a pilot session's link goes through (TV3).
    Sms,
}

impl IntegrationKind {
    pub const ALL: [IntegrationKind; 6] = [
        IntegrationKind::Splashtop,
        IntegrationKind::Beyondtrust,
        IntegrationKind::Teamviewer,
        IntegrationKind::Syncro,
        IntegrationKind::Smtp,
        IntegrationKind::Sms,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IntegrationKind::Splashtop => "splashtop",
            IntegrationKind::Beyondtrust => "beyondtrust",
            IntegrationKind::Teamviewer => "teamviewer",
            IntegrationKind::Syncro => "syncro",
            IntegrationKind::Smtp => "smtp",
            IntegrationKind::Sms => "sms",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn name(self) -> &'static str {
        match self {
            IntegrationKind::Splashtop => "Splashtop",
            IntegrationKind::Beyondtrust => "BeyondTrust Remote Support",
            IntegrationKind::Teamviewer => "TeamViewer",
            IntegrationKind::Syncro => "SyncroMSP",
            IntegrationKind::Smtp => "Email (SMTP)",
            IntegrationKind::Sms => "SMS gateway",
        }
    }

    /// The fields an admin fills in, in order.
    pub fn fields(self) -> Vec<FieldSpec> {
        // A placeholder that reads like a value makes a new admin think the field is filled.
        fn example(p: &str) -> String {
            if p.is_empty() {
                String::new()
            } else {
                format!("e.g. {p}")
            }
        }
        let url = |placeholder: &str, help: &str| FieldSpec {
            key: "base_url".into(),
            label: "Address".into(),
            kind: FieldKind::Url,
            required: true,
            placeholder: example(placeholder),
            help: help.into(),
            options: Vec::new(),
        };
        let secret = |key: &str, label: &str, help: &str| FieldSpec {
            key: key.into(),
            label: label.into(),
            kind: FieldKind::Secret,
            required: true,
            placeholder: String::new(),
            help: help.into(),
            options: Vec::new(),
        };
        let text =
            |key: &str, label: &str, required: bool, placeholder: &str, help: &str| FieldSpec {
                key: key.into(),
                label: label.into(),
                kind: FieldKind::Text,
                required,
                placeholder: example(placeholder),
                help: help.into(),
                options: Vec::new(),
            };
        match self {
            IntegrationKind::Splashtop => vec![
                url(
                    "https://webapi.splashtop.com",
                    "EU accounts: https://webapi.splashtop.eu",
                ),
                secret(
                    "api_token",
                    "API token",
                    "Web console → Management → Settings → API, with the service-desk (psa) scope",
                ),
                text(
                    "client_id",
                    "OAuth app client ID",
                    false,
                    "",
                    "Issued by Splashtop on request; with it, each technician authorises with \
                     their own account and sessions are created as them",
                ),
                FieldSpec {
                    required: false,
                    ..secret("client_secret", "OAuth app client secret", "Issued with the client ID")
                },
            ],
            IntegrationKind::Beyondtrust => vec![
                url(
                    "https://support.example.com",
                    "Your appliance's address (the one technicians log in to)",
                ),
                text(
                    "client_id",
                    "OAuth client ID",
                    true,
                    "",
                    "/login → Management → API Configuration → API account",
                ),
                secret(
                    "client_secret",
                    "OAuth client secret",
                    "Shown once when the API account is created",
                ),
            ],
            IntegrationKind::Teamviewer => vec![
                url(
                    "https://webapi.teamviewer.com/api/v1",
                    "TeamViewer's Web API; change only for a proxy",
                ),
                text(
                    "client_id",
                    "OAuth app client ID",
                    false,
                    "",
                    "Management Console → Edit profile → Apps → Create app; redirect \
                     http://127.0.0.1 (technicians authorise with their own accounts)",
                ),
                FieldSpec {
                    required: false,
                    ..secret("client_secret", "OAuth app client secret", "Shown when the app is created")
                },
                FieldSpec {
                    required: false,
                    ..secret(
                        "script_token",
                        "Script token",
                        "For Test configuration without an app: Edit profile → Apps → Create script token",
                    )
                },
            ],
            IntegrationKind::Syncro => vec![
                url(
                    "https://SUBDOMAIN.syncromsp.com/api/v1",
                    "Your Syncro subdomain's API",
                ),
                secret(
                    "api_key",
                    "API key",
                    "Admin → API → API Tokens, with Customers and Assets permissions",
                ),
                FieldSpec {
                    key: "webhook_token".into(),
                    label: "Webhook token".into(),
                    kind: FieldKind::Secret,
                    required: false,
                    placeholder: String::new(),
                    help: "Optional: alerts are read once a minute anyway. If your Syncro sends \
                           alerts to Tether's receiver (…/syncro/alerts?token=…), the token it \
                           adds; without one, the receiver takes any alert."
                        .into(),
                    options: Vec::new(),
                },
            ],
            IntegrationKind::Smtp => vec![
                text("host", "Mail server", true, "smtp.example.com", "Your provider's SMTP relay"),
                FieldSpec {
                    key: "tls".into(),
                    label: "Encryption".into(),
                    kind: FieldKind::Choice,
                    required: true,
                    placeholder: String::new(),
                    help: "starttls (port 587) or tls (port 465); none only for a relay on this machine".into(),
                    options: vec!["starttls".into(), "tls".into(), "none".into()],
                },
                text("port", "Port", false, "587", "Empty: 587 for starttls, 465 for tls, 25 for none"),
                text("username", "User", false, "", "Empty when the server needs no login"),
                FieldSpec {
                    required: false,
                    ..secret("password", "Password", "Or an app password, for accounts with two-factor sign-in")
                },
                text(
                    "from",
                    "Sender",
                    true,
                    "Support <support@example.com>",
                    "The From of every invitation",
                ),
            ],
            IntegrationKind::Sms => vec![
                url(
                    "https://api.twilio.com",
                    "A gateway with Twilio's Messages API (Twilio, or a compatible one)",
                ),
                text("account_sid", "Account SID", true, "AC…", "The gateway account's id"),
                secret("auth_token", "Auth token", "The account's auth token"),
                text(
                    "from",
                    "Sender number",
                    true,
                    "+15550100000",
                    "The number (or sender id) pilot-session links are sent from",
                ),
            ],
        }
    }

    /// Whether technicians authorise this provider with their own accounts (OAuth).
    pub fn per_technician_oauth(self) -> bool {
        matches!(
            self,
            IntegrationKind::Teamviewer | IntegrationKind::Splashtop
        )
    }

    /// What authorising changes, said on the card's account section, where the section
    /// alone does not say enough.
    pub fn oauth_explanation(self) -> Option<&'static str> {
        match self {
            IntegrationKind::Splashtop => Some(
                "Once an admin enters the OAuth app above, each technician can authorise with \
                 their own Splashtop account, so the sessions they create are created as them. \
                 Without authorising, the board uses the admin's API token.",
            ),
            _ => None,
        }
    }

    /// The keychain entry of one technician's OAuth tokens.
    pub fn oauth_key(self, technician: &str) -> String {
        format!("{}/oauth/{technician}", self.as_str())
    }

    /// The keychain entry of one secret field: `provider/field`.
    pub fn secret_key(self, field: &str) -> String {
        format!("{}/{field}", self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FieldKind {
    Url,
    Text,
    /// Written to the keychain; never read back.
    Secret,
    /// One of the field's `options`.
    Choice,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct FieldSpec {
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    /// Needed before *Test configuration* can run.
    pub required: bool,
    pub placeholder: String,
    pub help: String,
    /// The values a `Choice` field offers.
    pub options: Vec<String>,
}

/// The outcome of *Test configuration*, in words an admin can act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct TestOutcome {
    pub ok: bool,
    /// The error code when it failed (`provider_unauthorized`, `provider_unreachable` …).
    pub code: Option<crate::error_code::ErrorCode>,
    pub message: String,
    pub at: DateTime<Utc>,
}

/// How a card sums itself up. Only what is saved counts: a card being edited is not
/// configured until Save.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum IntegrationStatus {
    NotSetUp,
    /// Every required field saved (secrets in the keychain), not tested yet.
    Configured,
    TestPassed,
    TestFailed,
}

impl IntegrationStatus {
    /// Every required field filled: values saved, secrets stored in the keychain.
    pub fn of(
        fields: &[FieldSpec],
        values: &BTreeMap<String, String>,
        stored_secrets: &[String],
        last_test: Option<&TestOutcome>,
    ) -> IntegrationStatus {
        if let Some(test) = last_test {
            return if test.ok {
                IntegrationStatus::TestPassed
            } else {
                IntegrationStatus::TestFailed
            };
        }
        let complete = fields.iter().filter(|f| f.required).all(|f| match f.kind {
            FieldKind::Secret => stored_secrets.contains(&f.key),
            _ => values.get(&f.key).is_some_and(|v| !v.trim().is_empty()),
        });
        if complete {
            IntegrationStatus::Configured
        } else {
            IntegrationStatus::NotSetUp
        }
    }
}

/// One provider's card in Settings → Integrations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Integration {
    pub kind: IntegrationKind,
    pub name: String,
    pub enabled: bool,
    /// Non-secret values by field key.
    pub values: BTreeMap<String, String>,
    /// Secret fields that have a value in the keychain (the values never leave it).
    pub stored_secrets: Vec<String>,
    pub fields: Vec<FieldSpec>,
    pub last_test: Option<TestOutcome>,
    pub status: IntegrationStatus,
    /// Each technician also authorises with their own account (CR2, SP1, TV1).
    pub per_technician_oauth: bool,
    /// What authorising changes, where the card's account section must say it.
    pub oauth_explanation: Option<String>,
    /// The OS keychain could not be asked (no Secret Service, locked): the card is shown as it
    /// is saved, read-only, with this reason said once above the cards.
    pub keychain_unavailable: Option<String>,
}

/// What the card sends on Save. Secrets are only those being set or replaced; they are
/// deserialised into `Secret`, which cannot be serialised back or printed.
#[derive(Clone, Debug, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct IntegrationUpdate {
    pub kind: IntegrationKind,
    pub enabled: bool,
    pub values: BTreeMap<String, String>,
    #[ts(type = "Record<string, string>")]
    #[serde(default)]
    pub secrets: BTreeMap<String, Secret>,
}

/// One technician's OAuth authorisation of a provider, for the card's Authorise button.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct AuthorisationStatus {
    pub kind: IntegrationKind,
    pub technician: String,
    pub authorised: bool,
    /// When the current access token expires (it is refreshed before then).
    pub expires_at: Option<DateTime<Utc>>,
    /// The provider's account the connection acts as ("Name <email>"), where the provider
    /// says.
    pub account: Option<String>,
    /// TV1: the technician reuses this colleague's connection rather than their own.
    pub reused_from: Option<OAuthConnection>,
}

/// An authorisation kept in this machine's keychain (TV1): the technician who made it and the
/// account it acts as. Another technician may reuse it instead of signing in again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct OAuthConnection {
    pub kind: IntegrationKind,
    /// The technician who authorised it.
    pub owner: String,
    pub owner_name: String,
    pub account: Option<String>,
    pub authorised_at: Option<DateTime<Utc>>,
    /// How a list names it: the account first, since that is what it acts as.
    pub label: String,
}

impl OAuthConnection {
    pub fn new(
        kind: IntegrationKind,
        owner: String,
        owner_name: String,
        account: Option<String>,
        authorised_at: Option<DateTime<Utc>>,
    ) -> Self {
        let label = match &account {
            Some(a) => format!("{a} · authorised by {owner_name}"),
            None => format!("{owner_name}'s {} connection", kind.name()),
        };
        OAuthConnection {
            kind,
            owner,
            owner_name,
            account,
            authorised_at,
            label,
        }
    }
}
