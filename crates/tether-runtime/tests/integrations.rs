//! Settings → Integrations below the window: values in the cache, secrets in a real Secret
//! Service (gnome-keyring on a private bus), *Test configuration* against the sandbox's
//! vendors, and no secret in any file of the data directory afterwards.

use std::collections::BTreeMap;
use std::sync::Arc;

use tether_core::console::InviteRequest;
use tether_core::domain::{
    Delivery, IntegrationKind, IntegrationUpdate, InviteTarget, NewSession, NewTicket, Technician,
};
use tether_core::ports::SecretStore;
use tether_core::secret::Secret;
use tether_core::ErrorCode;
use tether_runtime::{Integrations, Runtime, RuntimeOptions};
use tether_sandbox::oauth::{
    SPLASHTOP_CLIENT_ID, SPLASHTOP_CLIENT_SECRET, TEAMVIEWER_CLIENT_ID, TEAMVIEWER_CLIENT_SECRET,
};
use tether_sandbox::smtp_sink::SmtpSink;
use tether_sandbox::splashtop::OAUTH_USER_EMAIL;
use tether_sandbox::vendors::{
    BEYONDTRUST_CLIENT_ID, BEYONDTRUST_CLIENT_SECRET, SYNCRO_API_KEY, TEAMVIEWER_TOKEN,
};
use tether_sandbox::SandboxControl;
use tether_sandbox::{Sandbox, SandboxOptions};
use tether_secrets::test_support::PrivateKeyring;
use tether_secrets::Keychain;

fn update(
    kind: IntegrationKind,
    values: &[(&str, &str)],
    secrets: &[(&str, &str)],
) -> IntegrationUpdate {
    IntegrationUpdate {
        kind,
        enabled: true,
        values: values
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        secrets: secrets
            .iter()
            .map(|(k, v)| (k.to_string(), Secret::new(*v)))
            .collect::<BTreeMap<_, _>>(),
    }
}

/// Every log line of the whole run, at every level, from every crate.
#[derive(Clone, Default)]
struct CapturedLogs(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for CapturedLogs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn integrations_keep_secrets_in_the_keychain_and_test_each_provider() {
    let logs = CapturedLogs::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .init();
    let keyring = PrivateKeyring::start().expect("dbus and gnome-keyring are installed");
    keyring.use_in_this_process();
    let splashtop_token = format!("st-{}", uuid::Uuid::new_v4().simple());
    let sandbox = Sandbox::start(SandboxOptions {
        token: splashtop_token.clone(),
        ..Default::default()
    })
    .await
    .unwrap();
    let url = sandbox.url();
    let api = format!("{url}/api/v1");
    let dir = tempfile::tempdir().unwrap();
    let service = format!("dev.tether.test.{}", uuid::Uuid::new_v4().simple());
    let secrets: Arc<dyn SecretStore> = Arc::new(Keychain::with_service(&service));
    let start = |secrets: Arc<dyn SecretStore>| {
        Runtime::start(RuntimeOptions {
            data_dir: Some(dir.path().to_path_buf()),
            secrets: Some(secrets),
            ..Default::default()
        })
    };

    // Nothing configured: the demo workspace, and six empty cards.
    let demo = start(secrets.clone()).await.unwrap();
    assert!(demo.console().is_demo());
    let cards = demo.integrations.list().await.unwrap();
    assert_eq!(cards.len(), 6);
    assert!(cards
        .iter()
        .all(|c| !c.enabled && c.stored_secrets.is_empty()));
    demo.shutdown().await;

    let integrations = Integrations::open(dir.path(), secrets.clone())
        .await
        .unwrap();
    use IntegrationKind::*;

    // Bad input is refused before anything is written.
    let bad = integrations
        .save(update(
            Splashtop,
            &[("base_url", "http://splashtop.example")],
            &[],
        ))
        .await;
    assert!(bad
        .unwrap_err()
        .to_string()
        .contains("plain http only on this machine"));
    let misplaced = integrations
        .save(update(Splashtop, &[("api_token", "x")], &[]))
        .await;
    assert!(misplaced
        .unwrap_err()
        .to_string()
        .contains("goes to the keychain"));

    // A card without its secret says what is missing.
    integrations
        .save(update(
            Beyondtrust,
            &[("base_url", &url), ("client_id", BEYONDTRUST_CLIENT_ID)],
            &[],
        ))
        .await
        .unwrap();
    let incomplete = integrations.test(Beyondtrust).await.unwrap();
    assert!(!incomplete.ok);
    assert_eq!(incomplete.message, "enter the OAuth client secret first");

    // Wrong secrets: each test explains the refusal; the last outcome is kept on the card.
    let wrong = format!("wrong-{}", uuid::Uuid::new_v4().simple());
    for (kind, values, secret) in [
        (Splashtop, vec![("base_url", url.as_str())], "api_token"),
        (
            Beyondtrust,
            vec![
                ("base_url", url.as_str()),
                ("client_id", BEYONDTRUST_CLIENT_ID),
            ],
            "client_secret",
        ),
        (Teamviewer, vec![("base_url", api.as_str())], "script_token"),
        (Syncro, vec![("base_url", api.as_str())], "api_key"),
    ] {
        integrations
            .save(update(kind, &values, &[(secret, &wrong)]))
            .await
            .unwrap();
        let outcome = integrations.test(kind).await.unwrap();
        assert!(!outcome.ok, "{kind:?}");
        assert_eq!(
            outcome.code,
            Some(ErrorCode::ProviderUnauthorized),
            "{kind:?}: {}",
            outcome.message
        );
        assert!(
            outcome.message.contains("refused the credentials (401)"),
            "{}",
            outcome.message
        );
        assert_eq!(
            integrations.get(kind).await.unwrap().last_test,
            Some(outcome)
        );
    }

    // The right secrets, replacing the wrong ones: every test passes, in words.
    let right = [
        (
            Splashtop,
            "api_token",
            splashtop_token.as_str(),
            "team 4242",
        ),
        (
            Beyondtrust,
            "client_secret",
            BEYONDTRUST_CLIENT_SECRET,
            "API 1.19.0 answered",
        ),
        (
            Teamviewer,
            "script_token",
            TEAMVIEWER_TOKEN,
            "accepted the script token",
        ),
        (
            Syncro,
            "api_key",
            SYNCRO_API_KEY,
            "with every permission Tether uses",
        ),
    ];
    for (kind, secret, value, says) in right {
        let card = integrations.get(kind).await.unwrap();
        let values: Vec<(&str, &str)> = card
            .values
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let saved = integrations
            .save(update(kind, &values, &[(secret, value)]))
            .await
            .unwrap();
        assert_eq!(saved.stored_secrets, [secret]);
        let outcome = integrations.test(kind).await.unwrap();
        assert!(outcome.ok, "{kind:?}: {}", outcome.message);
        assert!(outcome.message.contains(says), "{}", outcome.message);
    }

    // The SMS gateway card: a wrong token refused in the gateway's terms, the right one read.
    let sms_values = [
        ("base_url", url.as_str()),
        ("account_sid", tether_sandbox::sms::SMS_ACCOUNT_SID),
        ("from", "+15550100000"),
    ];
    integrations
        .save(update(
            IntegrationKind::Sms,
            &sms_values,
            &[("auth_token", &wrong)],
        ))
        .await
        .unwrap();
    let refused = integrations.test(IntegrationKind::Sms).await.unwrap();
    assert!(!refused.ok);
    assert_eq!(refused.code, Some(ErrorCode::ProviderUnauthorized));
    assert!(
        refused.message.contains("account SID or auth token"),
        "{}",
        refused.message
    );
    integrations
        .save(update(
            IntegrationKind::Sms,
            &sms_values,
            &[("auth_token", tether_sandbox::sms::SMS_AUTH_TOKEN)],
        ))
        .await
        .unwrap();
    let works = integrations.test(IntegrationKind::Sms).await.unwrap();
    assert!(works.ok, "{}", works.message);
    assert!(works.message.contains("Sandbox SMS"), "{}", works.message);

    // The Email card: a real SMTP server that requires a login.
    let mail_dir = tempfile::tempdir().unwrap();
    let smtp_password = format!("pw-{}", uuid::Uuid::new_v4().simple());
    let sink = SmtpSink::start_with_auth(mail_dir.path(), "mailer", &smtp_password).unwrap();
    let port = sink.port.to_string();
    let smtp_values = [
        ("host", "127.0.0.1"),
        ("tls", "none"),
        ("port", port.as_str()),
        ("username", "mailer"),
        ("from", "Support <support@msp.example>"),
    ];
    let bad_port = integrations
        .save(update(
            Smtp,
            &[("host", "127.0.0.1"), ("port", "99999")],
            &[],
        ))
        .await;
    assert!(bad_port.unwrap_err().to_string().contains("65535"));
    let bad_tls = integrations
        .save(update(
            Smtp,
            &[("host", "127.0.0.1"), ("tls", "maybe")],
            &[],
        ))
        .await;
    assert!(bad_tls
        .unwrap_err()
        .to_string()
        .contains("starttls, tls, none"));
    integrations
        .save(update(Smtp, &smtp_values, &[("password", &wrong)]))
        .await
        .unwrap();
    let refused = integrations.test(Smtp).await.unwrap();
    assert!(!refused.ok);
    assert_eq!(refused.code, Some(ErrorCode::ProviderRefused));
    assert!(refused.message.contains("535"), "{}", refused.message);
    integrations
        .save(update(Smtp, &smtp_values, &[("password", &smtp_password)]))
        .await
        .unwrap();
    let accepted = integrations.test(Smtp).await.unwrap();
    assert!(accepted.ok, "{}", accepted.message);
    assert!(accepted.message.contains("accepted the login of mailer"));
    // A password is never sent unencrypted to another machine.
    let far = [
        ("host", "smtp.example.com"),
        ("tls", "none"),
        ("username", "mailer"),
        ("from", "a@b.example"),
    ];
    integrations.save(update(Smtp, &far, &[])).await.unwrap();
    let plain = integrations.test(Smtp).await.unwrap();
    assert!(plain.message.contains("unencrypted"), "{}", plain.message);
    integrations
        .save(update(Smtp, &smtp_values, &[]))
        .await
        .unwrap();
    integrations.close().await;

    // Splashtop configured: the real workspace starts, and works.
    let real = start(secrets.clone()).await.unwrap();
    assert!(!real.console().is_demo());
    real.console()
        .settings
        .add_technician(Technician {
            id: "alex".into(),
            name: "Alex Rivera".into(),
            email: "alex@example.invalid".into(),
            can_release: true,
            available: true,
        })
        .await
        .unwrap();
    real.console().sessions.sync_channels().await.unwrap();
    let s = real
        .console()
        .sessions
        .create_session(NewSession {
            channel_id: "splashtop-1".into(),
            customer_name: "Keychain Customer".into(),
            issue: String::new(),
            ticket_id: None,
        })
        .await
        .unwrap();
    assert_eq!(s.code.len(), 9);
    // An invitation goes out through the Email card, logging in with the keychain's password.
    let ticket = real
        .console()
        .desk
        .create_ticket(NewTicket {
            subject: "Keychain ticket".into(),
            end_user_email: "maria@northwind.example".into(),
            ..NewTicket::default()
        })
        .await
        .unwrap();
    let sent = real
        .console()
        .invitations
        .send_invite(InviteRequest {
            ticket_id: ticket.ticket.id,
            recipients: "maria@northwind.example".into(),
            target: InviteTarget::Agent("alex".into()),
            quick: true,
            provider: Default::default(),
        })
        .await
        .unwrap();
    assert_eq!(
        sent.delivery,
        Some(Delivery::Sent),
        "{:?}",
        sent.delivery_error
    );
    assert_eq!(sink.received()[0].rcpt_tos, ["maria@northwind.example"]);
    real.shutdown().await;

    // No secret, right or wrong, is in any file of the data directory (cache, WAL, …).
    let all_secrets = [
        &splashtop_token,
        &wrong,
        &smtp_password,
        BEYONDTRUST_CLIENT_SECRET,
        TEAMVIEWER_TOKEN,
        SYNCRO_API_KEY,
    ];
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        // SQLite removes its -wal and -shm files as the last connection closes; what was in
        // them is checkpointed into the database file, which is read here.
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        for secret in all_secrets {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "a secret is in {}",
                path.display()
            );
        }
    }

    // Enabled but its token gone from the keychain: a clear error, not the demo.
    let integrations = Integrations::open(dir.path(), secrets.clone())
        .await
        .unwrap();
    integrations
        .remove_secret(Splashtop, "api_token")
        .await
        .unwrap();
    integrations.close().await;
    let err = start(secrets.clone()).await.err().expect("refused");
    assert_eq!(err.code(), ErrorCode::NotConfigured);
    assert!(err.to_string().contains("not in the keychain"), "{err}");

    // TeamViewer: each technician authorises with their own account (OAuth, loopback).
    let integrations = Integrations::open(dir.path(), secrets.clone())
        .await
        .unwrap();
    let unconfigured = integrations
        .authorisation(Teamviewer, "alex")
        .await
        .unwrap_err();
    assert_eq!(unconfigured.code(), ErrorCode::NotConfigured);
    let unconfigured = integrations
        .authorise(Teamviewer, "alex", |_| {})
        .await
        .unwrap_err();
    assert_eq!(unconfigured.code(), ErrorCode::NotConfigured);
    integrations
        .save(update(
            Teamviewer,
            &[("base_url", &api), ("client_id", TEAMVIEWER_CLIENT_ID)],
            &[("client_secret", TEAMVIEWER_CLIENT_SECRET)],
        ))
        .await
        .unwrap();
    let browser = |url: &str| {
        let url = url.to_string();
        tokio::spawn(async move {
            let _ = reqwest::get(url).await;
        });
    };
    let status = integrations
        .authorise(Teamviewer, "alex", browser)
        .await
        .unwrap();
    assert!(status.authorised && status.expires_at.is_some());
    assert!(
        integrations
            .authorisation(Teamviewer, "alex")
            .await
            .unwrap()
            .authorised
    );
    assert!(
        !integrations
            .authorisation(Teamviewer, "sam")
            .await
            .unwrap()
            .authorised,
        "per technician"
    );
    let token_entry = secrets
        .get(&Teamviewer.oauth_key("alex"))
        .await
        .unwrap()
        .unwrap();
    let stored: serde_json::Value = serde_json::from_str(token_entry.expose()).unwrap();
    let access = stored["access_token"].as_str().unwrap().to_string();
    integrations.disconnect(Teamviewer, "alex").await.unwrap();
    assert!(
        !integrations
            .authorisation(Teamviewer, "alex")
            .await
            .unwrap()
            .authorised
    );
    integrations.close().await;
    all_tokens_absent(dir.path(), &[access.as_str()]);

    // Splashtop per technician (SP1): with an OAuth app on the card, Alex authorises with his
    // own account and the board creates sessions as him.
    let integrations = Integrations::open(dir.path(), secrets.clone())
        .await
        .unwrap();
    let card = integrations.get(Splashtop).await.unwrap();
    let mut values: Vec<(&str, &str)> = card
        .values
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    values.push(("client_id", SPLASHTOP_CLIENT_ID));
    integrations
        .save(update(
            Splashtop,
            &values,
            &[
                ("client_secret", SPLASHTOP_CLIENT_SECRET),
                ("api_token", splashtop_token.as_str()),
            ],
        ))
        .await
        .unwrap();
    assert!(
        !integrations
            .authorisation(Splashtop, "alex")
            .await
            .unwrap()
            .authorised
    );
    let status = integrations
        .authorise(Splashtop, "alex", browser)
        .await
        .unwrap();
    assert!(status.authorised);
    let st_entry = secrets
        .get(&Splashtop.oauth_key("alex"))
        .await
        .unwrap()
        .unwrap();
    let st_access = serde_json::from_str::<serde_json::Value>(st_entry.expose()).unwrap()
        ["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    integrations.close().await;
    let as_alex = Runtime::start(RuntimeOptions {
        data_dir: Some(dir.path().to_path_buf()),
        secrets: Some(secrets.clone()),
        actor: Some("alex".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    let control = SandboxControl::new(&url);
    let assignee = |code: String| {
        let control = control.clone();
        async move {
            control
                .sessions()
                .await
                .unwrap()
                .into_iter()
                .find(|s| s["code"] == code.as_str())
                .unwrap()["assignee_email"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let new = |name: &str| NewSession {
        channel_id: "splashtop-1".into(),
        customer_name: name.into(),
        issue: String::new(),
        ticket_id: None,
    };
    let mine = as_alex
        .console()
        .sessions
        .create_session(new("As Alex"))
        .await
        .unwrap();
    assert_eq!(assignee(mine.code).await, OAUTH_USER_EMAIL);

    // Alex's grant revoked at Splashtop: the API token takes over at once, and his card turns
    // back to Authorise with every other setting kept.
    reqwest::Client::new()
        .post(format!("{url}/_sandbox/splashtop/oauth/revoke-all"))
        .send()
        .await
        .unwrap();
    let fallback = as_alex
        .console()
        .sessions
        .create_session(new("Fallback"))
        .await
        .unwrap();
    assert_ne!(assignee(fallback.code).await, OAUTH_USER_EMAIL);
    as_alex.shutdown().await;
    let integrations = Integrations::open(dir.path(), secrets.clone())
        .await
        .unwrap();
    assert!(
        !integrations
            .authorisation(Splashtop, "alex")
            .await
            .unwrap()
            .authorised
    );
    let card = integrations.get(Splashtop).await.unwrap();
    assert_eq!(card.values["client_id"], SPLASHTOP_CLIENT_ID);
    assert_eq!(card.stored_secrets, ["api_token", "client_secret"]);
    integrations.close().await;
    all_tokens_absent(dir.path(), &[st_access.as_str()]);

    // Removing Splashtop entirely: the desk's workspace stays (it does not depend on
    // Splashtop), with Splashtop off; the other cards keep their settings.
    let integrations = Integrations::open(dir.path(), secrets.clone())
        .await
        .unwrap();
    integrations.remove(Splashtop).await.unwrap();
    assert_eq!(
        integrations.get(Beyondtrust).await.unwrap().stored_secrets,
        ["client_secret"]
    );
    integrations.close().await;
    let real = start(secrets).await.unwrap();
    assert!(!real.console().is_demo());
    assert!(!real.workspace_info().await.unwrap().splashtop);
    real.shutdown().await;

    // Nor in any log line, at any level, of the whole run.
    let logged = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    assert!(
        logged.len() > 1000,
        "the run was logged ({} bytes)",
        logged.len()
    );
    for secret in [
        splashtop_token.as_str(),
        wrong.as_str(),
        smtp_password.as_str(),
        access.as_str(),
        BEYONDTRUST_CLIENT_SECRET,
        TEAMVIEWER_TOKEN,
        SYNCRO_API_KEY,
        TEAMVIEWER_CLIENT_SECRET,
        SPLASHTOP_CLIENT_SECRET,
        st_access.as_str(),
    ] {
        assert!(!logged.contains(secret), "a secret was logged");
    }
}

fn all_tokens_absent(dir: &std::path::Path, secrets: &[&str]) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        for secret in secrets {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "a secret is in {}",
                path.display()
            );
        }
    }
}
