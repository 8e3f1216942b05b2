//! The Splashtop client over real HTTP against the sandbox's wire format: the happy path,
//! and every failure a technician could meet, each a clear error that loses nothing.

use std::time::{Duration, Instant};

use tether_core::domain::Permission;
use tether_core::ports::provider::{CreateSessionRequest, ProviderAction};
use tether_core::ports::{AttendedProvider, ProviderError, ProviderStatus};
use tether_core::secret::Secret;
use tether_core::ErrorCode;
use tether_providers::http::RetryPolicy;
use tether_providers::splashtop::{SplashtopClient, SplashtopConfig};
use tether_sandbox::{EndUserAction, Fault, Sandbox, SandboxControl, SandboxOptions, DEMO_TOKEN};

async fn setup() -> (Sandbox, SplashtopClient, SandboxControl) {
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let client = client_for(&sandbox, DEMO_TOKEN);
    let control = SandboxControl::new(&sandbox.url());
    (sandbox, client, control)
}

fn client_for(sandbox: &Sandbox, token: &str) -> SplashtopClient {
    SplashtopClient::new(
        SplashtopConfig {
            base_url: sandbox.url(),
            token: Secret::new(token),
            source_name: "Tether tests".into(),
        },
        tether_providers::http::client(),
    )
    .with_retry(RetryPolicy {
        max_attempts: 3,
        max_wait: Duration::from_secs(3),
        backoff: Duration::from_millis(20),
        on_rate_limit: None,
    })
}

fn request(name: &str) -> CreateSessionRequest {
    CreateSessionRequest {
        provider_channel_id: 1,
        customer_name: name.into(),
        issue: "Printer offline".into(),
    }
}

#[tokio::test]
async fn a_session_goes_from_created_to_launched_to_granted() {
    let (_sandbox, client, control) = setup().await;
    let channels = client.channels().await.unwrap();
    assert!(channels
        .iter()
        .any(|c| c.name == "Front desk" && c.provider_channel_id == 1));

    let created = client.create(&request("Dana Whitfield")).await.unwrap();
    assert_eq!(created.code.len(), 9);
    assert!(created.code.bytes().all(|b| b.is_ascii_digit()));
    assert!(created.link.ends_with(&created.code));
    assert_eq!(created.status, ProviderStatus::Open);
    assert_eq!(client.status_word(&created), "Waiting");

    control
        .end_user(&created.code, EndUserAction::Launch)
        .await
        .unwrap();
    let launched = client.fetch(&created.provider_session_id).await.unwrap();
    assert!(launched.app_running);
    assert_eq!(client.status_word(&launched), "Online");

    client
        .act(
            &created.provider_session_id,
            ProviderAction::RequestPermission,
        )
        .await
        .unwrap();
    assert_eq!(
        client
            .fetch(&created.provider_session_id)
            .await
            .unwrap()
            .permission,
        Permission::Requested
    );
    control
        .end_user(&created.code, EndUserAction::Grant)
        .await
        .unwrap();
    let granted = client.fetch(&created.provider_session_id).await.unwrap();
    assert_eq!(granted.permission, Permission::Granted);
    assert_eq!(client.status_word(&granted), "Connected");

    control
        .end_user(&created.code, EndUserAction::Leave)
        .await
        .unwrap();
    let left = client.fetch(&created.provider_session_id).await.unwrap();
    assert_eq!(client.status_word(&left), "Offline");

    client
        .act(&created.provider_session_id, ProviderAction::Close)
        .await
        .unwrap();
    let closed = client.fetch(&created.provider_session_id).await.unwrap();
    assert_eq!(closed.status, ProviderStatus::Closed);
}

#[tokio::test]
async fn a_429_is_retried_after_the_retry_after_it_names() {
    let (_sandbox, client, control) = setup().await;
    let created = client.create(&request("Rate Limited")).await.unwrap();
    control
        .fault(Fault::RateLimit { retry_after: 1 }, 1)
        .await
        .unwrap();
    let before = control.request_count().await.unwrap();
    let started = Instant::now();
    let fetched = client.fetch(&created.provider_session_id).await.unwrap();
    assert_eq!(fetched.code, created.code);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(
        control.request_count().await.unwrap() - before,
        2,
        "one 429, one retry"
    );
}

#[tokio::test]
async fn a_long_retry_after_is_handed_back_instead_of_slept_through() {
    let (_sandbox, client, control) = setup().await;
    let created = client.create(&request("Long Wait")).await.unwrap();
    control
        .fault(Fault::RateLimit { retry_after: 120 }, 1)
        .await
        .unwrap();
    let err = client
        .fetch(&created.provider_session_id)
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ProviderError::RateLimited {
            retry_after_secs: 120
        }
    );
    assert!(err.to_string().contains("retrying in 120 s"));
}

#[tokio::test]
async fn a_5xx_is_retried_for_reads_but_a_create_is_never_repeated() {
    let (_sandbox, client, control) = setup().await;
    let created = client.create(&request("Flaky")).await.unwrap();

    control.fault(Fault::ServerError, 1).await.unwrap();
    assert!(client.fetch(&created.provider_session_id).await.is_ok());

    control.fault(Fault::ServerError, 1).await.unwrap();
    let before = control.sessions().await.unwrap().len();
    let err = client.create(&request("Maybe Twice")).await.unwrap_err();
    assert_eq!(err, ProviderError::Server { status: 502 });
    assert_eq!(
        control.sessions().await.unwrap().len(),
        before,
        "nothing created twice"
    );

    control.fault(Fault::ServerError, 5).await.unwrap();
    let err = client
        .fetch(&created.provider_session_id)
        .await
        .unwrap_err();
    assert_eq!(err, ProviderError::Server { status: 502 });
}

#[tokio::test]
async fn malformed_json_is_a_clear_error() {
    let (_sandbox, client, control) = setup().await;
    let created = client.create(&request("Broken Reply")).await.unwrap();
    control.fault(Fault::Malformed, 1).await.unwrap();
    let err = client
        .fetch(&created.provider_session_id)
        .await
        .unwrap_err();
    let ProviderError::Malformed(text) = &err else {
        panic!("{err:?}")
    };
    assert!(text.contains("envelope"), "{text}");
    assert!(text.contains("the reply began"), "{text}");
    // The next call works: nothing was poisoned.
    assert!(client.fetch(&created.provider_session_id).await.is_ok());
}

#[tokio::test]
async fn an_error_envelope_names_the_vendor_code() {
    let (_sandbox, client, control) = setup().await;
    control
        .fault(Fault::ErrorEnvelope { code: 40422 }, 1)
        .await
        .unwrap();
    // The first call discovers the team; let it pass, then hit the fault on create.
    let _ = client.channels().await;
    control
        .fault(Fault::ErrorEnvelope { code: 40422 }, 1)
        .await
        .unwrap();
    let err = client.create(&request("Bad Params")).await.unwrap_err();
    assert!(
        matches!(err, ProviderError::Vendor { code: 40422, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("wrong parameters"));

    // A reason nested in the data is the technician's to read, never an empty "…: ".
    control
        .fault(
            Fault::NestedReason {
                code: 40422,
                reason: "channel 7 is not in this team".into(),
            },
            1,
        )
        .await
        .unwrap();
    let err = client.create(&request("Bad Channel")).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("wrong parameters: channel 7 is not in this team"),
        "{err}"
    );
    control
        .fault(
            Fault::NestedReason {
                code: 40422,
                reason: String::new(),
            },
            1,
        )
        .await
        .unwrap();
    let err = client.create(&request("No Reason")).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("Splashtop gave no reason with result 40422"),
        "{err}"
    );
}

#[tokio::test]
async fn a_wrong_or_expired_token_says_so() {
    let (sandbox, _client, control) = setup().await;
    let wrong = client_for(&sandbox, "not-the-token");
    let err = wrong.channels().await.unwrap_err();
    assert!(matches!(err, ProviderError::Unauthorized(_)), "{err:?}");
    assert!(err.to_string().contains("invalid or expired"));

    let quoted = client_for(&sandbox, "\"quoted\"");
    let err = quoted.channels().await.unwrap_err();
    assert!(err.to_string().contains("malformed"), "{err}");

    let client = client_for(&sandbox, DEMO_TOKEN);
    client.channels().await.unwrap();
    control.fault(Fault::Unauthorized, 1).await.unwrap();
    let err = client.channels().await.unwrap_err();
    assert!(matches!(err, ProviderError::Unauthorized(_)), "{err:?}");
}

#[tokio::test]
async fn a_provider_that_is_down_is_unreachable_not_a_crash() {
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let client = client_for(&sandbox, DEMO_TOKEN);
    sandbox.stop().await;
    let err = client.channels().await.unwrap_err();
    assert!(matches!(err, ProviderError::Unreachable(_)), "{err:?}");
    assert_eq!(err.code(), ErrorCode::ProviderUnreachable);
}

#[tokio::test]
async fn a_customer_name_over_64_characters_is_refused_by_the_provider() {
    let (_sandbox, client, _) = setup().await;
    let err = client.create(&request(&"x".repeat(65))).await.unwrap_err();
    assert!(
        matches!(err, ProviderError::Vendor { code: 40422, .. }),
        "{err:?}"
    );
}

#[test]
fn the_remote_url_cannot_be_bent_by_its_values() {
    let client = SplashtopClient::new(
        SplashtopConfig {
            base_url: "http://127.0.0.1:1".into(),
            token: Secret::new("t"),
            source_name: "t".into(),
        },
        reqwest::Client::new(),
    );
    let url = client.remote_url("123456789", "eve@x.com&sos=999#frag");
    assert_eq!(
        url,
        "st-business://com.splashtop.business?account=eve%40x.com%26sos%3D999%23frag&sos=123456789"
    );
}

#[tokio::test]
async fn an_absurd_retry_after_is_capped_at_an_hour() {
    let (_sandbox, client, control) = setup().await;
    let created = client.create(&request("Patient")).await.unwrap();
    control
        .fault(
            Fault::RateLimit {
                retry_after: 10_000_000_000_000,
            },
            1,
        )
        .await
        .unwrap();
    let err = client
        .fetch(&created.provider_session_id)
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ProviderError::RateLimited {
            retry_after_secs: 3600
        }
    );
}

#[tokio::test]
async fn a_wrong_base_url_is_not_mistaken_for_a_lost_session() {
    let (sandbox, _client, _) = setup().await;
    let wrong = SplashtopClient::new(
        SplashtopConfig {
            base_url: format!("{}/not-splashtop", sandbox.url()),
            token: Secret::new(DEMO_TOKEN),
            source_name: "t".into(),
        },
        tether_providers::http::client(),
    );
    let err = wrong.channels().await.unwrap_err();
    assert_ne!(err, ProviderError::NotFound);
    assert!(
        err.to_string().contains("check the Splashtop base URL"),
        "{err}"
    );
}

/// The technician's own authorisation, counting how often Splashtop made the client forget
/// it.
struct TechniciansGrant {
    forgotten: std::sync::atomic::AtomicU32,
}

#[async_trait::async_trait]
impl tether_providers::splashtop::TechnicianToken for TechniciansGrant {
    /// Gone once forgotten, as the keychain's entry is.
    async fn token(&self) -> Option<Secret> {
        (self.forgotten.load(std::sync::atomic::Ordering::SeqCst) == 0)
            .then(|| Secret::new("a-technicians-access-token"))
    }
    async fn refused(&self) {
        self.forgotten
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// A 403 says the action is not allowed, not that the technician's authorisation is gone:
/// the grant is kept, and the refusal is said. Only a 401 forgets it (and the admin's API
/// token is used meanwhile).
#[tokio::test]
async fn a_403_keeps_the_technicians_grant_and_only_a_401_forgets_it() {
    let (sandbox, _, control) = setup().await;
    let grant = std::sync::Arc::new(TechniciansGrant {
        forgotten: Default::default(),
    });
    let client = client_for(&sandbox, DEMO_TOKEN).with_technician_token(grant.clone());
    control.fault(Fault::Forbidden, 1).await.unwrap();
    let refused = client.channels().await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::ProviderRefused, "{refused}");
    assert!(refused.to_string().contains("permission"), "{refused}");
    assert_eq!(
        grant.forgotten.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "a 403 forgot the grant"
    );
    // Splashtop does not know this token (401): forgotten, and the API token answers.
    client.channels().await.expect("the API token answers");
    assert_eq!(grant.forgotten.load(std::sync::atomic::Ordering::SeqCst), 1);
}
