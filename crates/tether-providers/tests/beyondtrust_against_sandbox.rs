//! The BeyondTrust command API against the sandbox appliance: client-credentials tokens are
//! cached and renewed once on a 401; `<error>` bodies that arrive with HTTP 200 are errors.

use serde_json::Value;
use tether_core::ports::ProviderError;
use tether_core::secret::Secret;
use tether_providers::beyondtrust::{BeyondTrustClient, BeyondTrustConfig, Queue};
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

async fn control(url: &str, path: &str, body: serde_json::Value) -> serde_json::Value {
    let r = reqwest::Client::new()
        .post(format!("{url}/_sandbox/beyondtrust/{path}"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{path}: {}", r.status());
    r.json().await.unwrap_or(serde_json::Value::Null)
}

#[tokio::test]
async fn keys_reps_teams_and_the_session_report() {
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let url = sandbox.url();
    let bt = client(&url, BEYONDTRUST_CLIENT_SECRET);

    let reps = bt.logged_in_reps().await.unwrap();
    let names: Vec<&str> = reps
        .iter()
        .map(|r| r.private_display_name.as_str())
        .collect();
    assert_eq!(names, ["Alex Rivera", "Sam Chen"], "Priya is not logged in");
    let teams = bt.support_teams().await.unwrap();
    assert_eq!(teams[0].name, "Helpdesk");

    // A key for a rep who is not logged in is issued, marked unavailable (§1.3).
    let offline = bt
        .generate_session_key(&Queue::Rep("14".into()), 1800, "ticket-1")
        .await
        .unwrap();
    assert!(!offline.queue_available);
    let team = bt
        .generate_session_key(&Queue::Team("3".into()), 1800, "ticket-1")
        .await
        .unwrap();
    assert!(team.queue_available);
    assert_eq!(team.external_key, "ticket-1");
    assert!(team.key_url.starts_with(&url));
    let unknown = bt
        .generate_session_key(&Queue::Team("99".into()), 1800, "x")
        .await
        .unwrap_err();
    assert!(unknown.to_string().contains("Invalid team id"), "{unknown}");

    // The customer joins with the key, both chat, the rep ends it.
    let joined = control(
        &url,
        &format!("keys/{}/join", team.short_key),
        serde_json::json!({ "customer_name": "Maria Anders" }),
    )
    .await;
    let lsid = joined["lsid"].as_str().unwrap().to_string();
    assert!(bt
        .support_session(&lsid)
        .await
        .unwrap()
        .unwrap()
        .end
        .is_none());
    for (from, body) in [
        ("customer", "It prints blank pages"),
        ("rep", "Fixed the driver & tray"),
    ] {
        control(
            &url,
            &format!("sessions/{lsid}/chat"),
            serde_json::json!({ "from": from, "body": body }),
        )
        .await;
    }
    control(
        &url,
        &format!("sessions/{lsid}/end"),
        serde_json::json!({ "duration_secs": 754 }),
    )
    .await;
    let report = bt.support_session(&lsid).await.unwrap().unwrap();
    assert_eq!(report.external_key, "ticket-1");
    assert_eq!(report.duration_secs, 754);
    assert_eq!(report.customer_name, "Maria Anders");
    assert_eq!(
        report.primary_rep.unwrap().private_display_name,
        "Alex Rivera"
    );
    assert_eq!(report.chat.len(), 2);
    assert_eq!(report.chat[1].body, "Fixed the driver & tray");
    assert!(bt
        .support_session("0".repeat(32).as_str())
        .await
        .unwrap()
        .is_none());
    let since = bt.support_sessions_since(0).await.unwrap();
    assert_eq!(since.len(), 1);
}
