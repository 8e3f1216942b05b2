//! The SMS client over real HTTP against the sandbox's Twilio-shaped gateway: a message
//! accepted, a number the gateway refuses and wrong credentials each said in the gateway's
//! own words, and Test configuration.

use tether_core::ports::{MailError, ProviderError};
use tether_core::secret::Secret;
use tether_providers::sms::{SmsClient, SmsConfig};
use tether_sandbox::sms::{SMS_ACCOUNT_SID, SMS_AUTH_TOKEN};
use tether_sandbox::{Sandbox, SandboxOptions};

fn client(sandbox: &Sandbox, token: &str) -> SmsClient {
    SmsClient::new(
        SmsConfig {
            base_url: sandbox.url(),
            account_sid: SMS_ACCOUNT_SID.into(),
            auth_token: Secret::new(token),
            from: "+15550100000".into(),
        },
        tether_providers::http::client(),
    )
}

#[tokio::test]
async fn a_message_goes_and_every_refusal_says_why() {
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let sms = client(&sandbox, SMS_AUTH_TOKEN);
    let sid = sms.send("+447700900123", "Your link").await.unwrap();
    assert!(sid.starts_with("SM"), "{sid}");
    let log: serde_json::Value = reqwest::get(format!("{}/_sandbox/sms/messages", sandbox.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log["messages"][0]["from"], "+15550100000");
    assert_eq!(log["messages"][0]["body"], "Your link");

    match sms.send("+12", "x").await {
        Err(MailError::Refused(why)) => {
            assert!(why.contains("is not a valid phone number"), "{why}")
        }
        other => panic!("{other:?}"),
    }
    let wrong = client(&sandbox, "not-the-token");
    match wrong.send("+447700900123", "x").await {
        Err(MailError::Refused(why)) => assert!(why.contains("account SID or auth token"), "{why}"),
        other => panic!("{other:?}"),
    }

    assert!(sms.check().await.unwrap().contains("Sandbox SMS"));
    assert!(matches!(
        wrong.check().await,
        Err(ProviderError::Unauthorized(_))
    ));
}
