//! The authorization-code flow with PKCE through a loopback redirect, against the sandbox's
//! TeamViewer, with tokens in a real Secret Service. One test walks every scenario in order:
//! the loopback listener is one-at-a-time by design, so they must not race each other.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use tether_core::ports::SecretStore;
use tether_core::secret::Secret;
use tether_providers::oauth::{AuthorisationState, OAuthApp, OAuthError, TokenManager};
use tether_sandbox::oauth::{TEAMVIEWER_CLIENT_ID, TEAMVIEWER_CLIENT_SECRET};
use tether_sandbox::{Sandbox, SandboxOptions};
use tether_secrets::test_support::PrivateKeyring;
use tether_secrets::Keychain;

struct Setup {
    sandbox: Sandbox,
    secrets: Arc<dyn SecretStore>,
    http: reqwest::Client,
}

impl Setup {
    fn api(&self) -> String {
        format!("{}/api/v1", self.sandbox.url())
    }

    fn manager(&self, technician: &str) -> TokenManager {
        TokenManager::new(
            OAuthApp::teamviewer(
                &self.api(),
                TEAMVIEWER_CLIENT_ID.into(),
                Secret::new(TEAMVIEWER_CLIENT_SECRET),
            ),
            self.secrets.clone(),
            format!("teamviewer/oauth/{technician}"),
        )
    }

    async fn sandbox_settings(&self, body: Value) {
        let url = format!("{}/_sandbox/oauth/settings", self.sandbox.url());
        assert!(self
            .http
            .post(url)
            .json(&body)
            .send()
            .await
            .unwrap()
            .status()
            .is_success());
    }

    async fn refreshes(&self) -> u64 {
        let url = format!("{}/_sandbox/oauth/stats", self.sandbox.url());
        let v: Value = self
            .http
            .get(url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v["refreshes"].as_u64().unwrap()
    }

    async fn ping(&self, token: &Secret) -> bool {
        let v: Value = self
            .http
            .get(format!("{}/ping", self.api()))
            .bearer_auth(token.expose())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v["token_valid"].as_bool().unwrap()
    }

    async fn stored_refresh_token(&self, technician: &str) -> String {
        let raw = self
            .secrets
            .get(&format!("teamviewer/oauth/{technician}"))
            .await
            .unwrap()
            .unwrap();
        let v: Value = serde_json::from_str(raw.expose()).unwrap();
        v["refresh_token"].as_str().unwrap().to_string()
    }
}

/// Plays the browser: follows the consent page's redirect to the loopback address.
fn browser() -> impl FnOnce(&str) {
    |url: &str| {
        let url = url.to_string();
        tokio::spawn(async move {
            let _ = reqwest::get(url).await;
        });
    }
}

const WAIT: Duration = Duration::from_secs(10);

#[tokio::test(flavor = "multi_thread")]
async fn authorisation_code_with_pkce_refresh_rotation_and_revocation() {
    let keyring = PrivateKeyring::start().expect("dbus and gnome-keyring are installed");
    keyring.use_in_this_process();
    let s = Setup {
        sandbox: Sandbox::start(SandboxOptions::default()).await.unwrap(),
        secrets: Arc::new(Keychain::with_service(format!(
            "dev.tether.test.{}",
            uuid::Uuid::new_v4().simple()
        ))),
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
    };

    // The happy path: consent → loopback → code + verifier exchanged → tokens in the keychain.
    let alex = s.manager("alex");
    assert_eq!(
        alex.state().await.unwrap(),
        AuthorisationState::NotAuthorised
    );
    assert!(matches!(
        alex.access_token().await,
        Err(OAuthError::NeedsAuthorisation)
    ));
    alex.authorise(browser(), WAIT).await.unwrap();
    assert!(matches!(
        alex.state().await.unwrap(),
        AuthorisationState::Authorised { .. }
    ));
    let token = alex.access_token().await.unwrap();
    assert!(
        s.ping(&token).await,
        "the access token works at the provider"
    );
    assert_eq!(s.refreshes().await, 0, "a fresh token is not refreshed");

    // A redirect whose state was forged is answered and ignored: it neither finishes nor
    // cancels the sign-in, which then runs out its time; nothing is stored.
    let sam = s.manager("sam");
    let forge = {
        let http = s.http.clone();
        move |url: &str| {
            let url = url.to_string();
            tokio::spawn(async move {
                let consent = http.get(url).send().await.unwrap();
                let location = consent.headers()["location"].to_str().unwrap().to_string();
                let forged = replace_state(&location, "forged-state");
                let _ = http.get(forged).send().await;
            });
        }
    };
    assert!(matches!(
        sam.authorise(forge, Duration::from_secs(2)).await,
        Err(OAuthError::TimedOut)
    ));
    assert_eq!(
        sam.state().await.unwrap(),
        AuthorisationState::NotAuthorised
    );

    // An expired code is refused at the exchange.
    s.sandbox_settings(json!({ "code_lifetime_secs": 0 })).await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let err = sam.authorise(browser(), WAIT).await.unwrap_err();
    assert!(
        matches!(&err, OAuthError::Exchange(m) if m.contains("expired")),
        "{err}"
    );
    s.sandbox_settings(json!({ "code_lifetime_secs": 600 }))
        .await;

    // A code presented with the wrong PKCE verifier is refused by the provider.
    let (status, body) = exchange_with_wrong_verifier(&s).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "invalid_grant");
    assert_eq!(body["error_description"], "PKCE verification failed");

    // Refresh with rotation: an access token about to expire is refreshed; the new refresh
    // token is in the keychain and the old one is spent.
    s.sandbox_settings(json!({ "access_lifetime_secs": 30 }))
        .await;
    let priya = s.manager("priya");
    priya.authorise(browser(), WAIT).await.unwrap();
    let old_refresh = s.stored_refresh_token("priya").await;
    s.sandbox_settings(json!({ "access_lifetime_secs": 3600 }))
        .await;

    // Five callers at once during the refresh: exactly one refresh happens.
    let priya = Arc::new(priya);
    let before = s.refreshes().await;
    let calls: Vec<_> = (0..5)
        .map(|_| {
            let p = priya.clone();
            tokio::spawn(async move { p.access_token().await.map(|t| t.expose().to_string()) })
        })
        .collect();
    let mut tokens = Vec::new();
    for c in calls {
        tokens.push(c.await.unwrap().unwrap());
    }
    assert_eq!(
        s.refreshes().await - before,
        1,
        "one refresh for five callers"
    );
    assert!(
        tokens.windows(2).all(|w| w[0] == w[1]),
        "all got the same new token"
    );
    let new_refresh = s.stored_refresh_token("priya").await;
    assert_ne!(
        new_refresh, old_refresh,
        "the rotated refresh token was stored"
    );
    let reuse = s
        .http
        .post(format!("{}/oauth2/token", s.api()))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", old_refresh.as_str()),
            ("client_id", TEAMVIEWER_CLIENT_ID),
            ("client_secret", TEAMVIEWER_CLIENT_SECRET),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(reuse.status(), 400, "the old refresh token is spent");

    // The same, with a token manager per caller (as the app makes one per request): the
    // refresh is still one, and nobody's tokens are deleted by the loser of a race.
    let current = Secret::new(
        serde_json::from_str::<Value>(
            s.secrets
                .get("teamviewer/oauth/priya")
                .await
                .unwrap()
                .unwrap()
                .expose(),
        )
        .unwrap()["access_token"]
            .as_str()
            .unwrap(),
    );
    let before = s.refreshes().await;
    let calls: Vec<_> = (0..5)
        .map(|_| {
            let m = s.manager("priya");
            let expired = current.clone();
            tokio::spawn(async move {
                m.refresh_expired(&expired)
                    .await
                    .map(|t| t.expose().to_string())
            })
        })
        .collect();
    let mut tokens = Vec::new();
    for c in calls {
        tokens.push(c.await.unwrap().expect("every caller gets a token"));
    }
    assert_eq!(
        s.refreshes().await - before,
        1,
        "one refresh across five managers"
    );
    assert!(tokens.windows(2).all(|w| w[0] == w[1]));
    assert!(matches!(
        s.manager("priya").state().await.unwrap(),
        AuthorisationState::Authorised { .. }
    ));

    // Two authorisations at once: the second is told to wait.
    let first = {
        let jordan = s.manager("jordan");
        tokio::spawn(async move { jordan.authorise(|_| {}, Duration::from_secs(2)).await })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(matches!(
        s.manager("kim").authorise(browser(), WAIT).await,
        Err(OAuthError::Busy)
    ));
    assert!(matches!(first.await.unwrap(), Err(OAuthError::TimedOut)));

    // A revoked grant: the next refresh fails, the tokens are forgotten, Authorise again.
    s.sandbox_settings(json!({ "access_lifetime_secs": 30 }))
        .await;
    let lee = s.manager("lee");
    lee.authorise(browser(), WAIT).await.unwrap();
    let url = format!("{}/_sandbox/oauth/revoke-all", s.sandbox.url());
    s.http.post(url).send().await.unwrap();
    assert!(matches!(
        lee.access_token().await,
        Err(OAuthError::NeedsAuthorisation)
    ));
    assert_eq!(
        lee.state().await.unwrap(),
        AuthorisationState::NotAuthorised
    );

    // Disconnect revokes at the provider and forgets the tokens.
    s.sandbox_settings(json!({ "access_lifetime_secs": 3600 }))
        .await;
    alex.disconnect().await.unwrap();
    assert_eq!(
        alex.state().await.unwrap(),
        AuthorisationState::NotAuthorised
    );
    assert!(s
        .secrets
        .get("teamviewer/oauth/alex")
        .await
        .unwrap()
        .is_none());
}

fn replace_state(location: &str, state: &str) -> String {
    let mut url = url::Url::parse(location).unwrap();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "state" {
                state.to_string()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    url.to_string()
}

/// Asks for a code with one challenge and exchanges it with another verifier.
async fn exchange_with_wrong_verifier(s: &Setup) -> (u16, Value) {
    let redirect = "http://127.0.0.1:9/callback";
    let consent = s
        .http
        .get(format!("{}/oauth2/authorize", s.api()))
        .query(&[
            ("response_type", "code"),
            ("client_id", TEAMVIEWER_CLIENT_ID),
            ("redirect_uri", redirect),
            ("state", "s"),
            (
                "code_challenge",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            ),
            ("code_challenge_method", "S256"),
        ])
        .send()
        .await
        .unwrap();
    let location = url::Url::parse(consent.headers()["location"].to_str().unwrap()).unwrap();
    let code = location
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    let r = s
        .http
        .post(format!("{}/oauth2/token", s.api()))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", redirect),
            (
                "code_verifier",
                "not-the-verifier-that-made-the-challenge-at-all",
            ),
            ("client_id", TEAMVIEWER_CLIENT_ID),
            ("client_secret", TEAMVIEWER_CLIENT_SECRET),
        ])
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}
