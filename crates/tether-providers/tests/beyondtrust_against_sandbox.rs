//! The BeyondTrust command API against the sandbox appliance: client-credentials tokens are
//! cached and renewed once on a 401; `<error>` bodies that arrive with HTTP 200 are errors.

use serde_json::Value;
use tether_core::ports::ProviderError;
use tether_core::secret::Secret;
use tether_providers::beyondtrust::{BeyondTrustClient, BeyondTrustConfig};
use tether_sandbox::vendors::{BEYONDTRUST_CLIENT_ID, BEYONDTRUST_CLIENT_SECRET};
use tether_sandbox::{Sandbox, SandboxOptions};

fn client(url: &str, secret: &str) -> BeyondTrustClient {
    BeyondTrustClient::new(
        BeyondTrustConfig {
            base_url: url.into(),
            client_id: BEYONDTRUST_CLIENT_ID.into(),
            client_secret: Secret::new(secret),
        },
        tether_providers::http::client(),
    )
}

async fn tokens_issued(url: &str) -> u64 {
    let v: Value = reqwest::get(format!("{url}/_sandbox/beyondtrust/stats"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["tokens_issued"].as_u64().unwrap()
}

#[tokio::test]
async fn tokens_are_cached_renewed_once_on_401_and_errors_are_errors() {
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let url = sandbox.url();
    let bt = client(&url, BEYONDTRUST_CLIENT_SECRET);

    let info = bt.api_info().await.unwrap();
    assert_eq!(info.api_version, "1.19.0");
    assert!(info
        .permissions
        .contains(&("perm_command".into(), "full_access".into())));
    bt.api_info().await.unwrap();
    assert_eq!(
        tokens_issued(&url).await,
        1,
        "the token is cached for its hour"
    );

    // The admin regenerates the secret's tokens: the next call gets a 401, renews once.
    reqwest::Client::new()
        .post(format!("{url}/_sandbox/beyondtrust/revoke-tokens"))
        .send()
        .await
        .unwrap();
    bt.api_info().await.unwrap();
    assert_eq!(tokens_issued(&url).await, 2);

    // An <error> document with HTTP 200 is an error, with the appliance's words.
    let err = bt
        .command(&[("action", "no_such_action")])
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ProviderError::Vendor { message, .. } if message == "Unknown action no_such_action"),
        "{err:?}"
    );

    // A wrong secret is refused at the token endpoint, in words an admin can act on.
    let wrong = client(&url, "not-the-secret");
    let err = wrong.api_info().await.unwrap_err();
    assert!(
        matches!(&err, ProviderError::Unauthorized(m) if m.contains("invalid_client")),
        "{err:?}"
    );
}
