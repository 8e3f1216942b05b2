//! The SMTP client against a real SMTP server (Python's aiosmtpd) on loopback.

use tether_core::ports::{MailError, OutgoingMail};
use tether_core::secret::Secret;
use tether_providers::smtp::{SmtpConfig, SmtpMailer, TlsMode};
use tether_sandbox::smtp_sink::SmtpSink;

fn config(port: u16, login: Option<(&str, &str)>) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".into(),
        port: Some(port),
        tls: TlsMode::None,
        username: login.map(|(u, _)| u.to_string()),
        password: login.map(|(_, p)| Secret::new(p)),
        from: "Support <support@msp.example>".into(),
    }
}

fn mail(to: &[&str]) -> OutgoingMail {
    OutgoingMail {
        to: to.iter().map(|t| t.to_string()).collect(),
        subject: "Remote support session, code 123456789".into(),
        html: "<p>Open <a href=\"https://sos.example/s/1?a=1&amp;b=2\">the link</a></p>".into(),
        text: "Open https://sos.example/s/1?a=1&b=2".into(),
        via: Default::default(),
        message_id: None,
    }
}

#[tokio::test]
async fn a_message_arrives_with_its_recipients_subject_and_both_bodies() {
    let dir = tempfile::tempdir().unwrap();
    let sink = SmtpSink::start(dir.path()).unwrap();
    let mailer = SmtpMailer::new(config(sink.port, None)).unwrap();
    mailer.test().await.unwrap();
    mailer
        .send(&mail(&["maria@northwind.example", "tom@northwind.example"]))
        .await
        .unwrap();
    let got = sink.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].mail_from, "support@msp.example");
    assert_eq!(
        got[0].rcpt_tos,
        ["maria@northwind.example", "tom@northwind.example"]
    );
    assert_eq!(
        got[0].subject(),
        Some("Remote support session, code 123456789")
    );
    let body = got[0].body();
    assert!(
        body.contains("text/plain") && body.contains("text/html"),
        "{body}"
    );
    assert!(body.contains("https://sos.example/s/1?a=1&b=2"), "{body}");
}

#[tokio::test]
async fn logins_are_checked_and_failures_are_classified() {
    let dir = tempfile::tempdir().unwrap();
    let mut sink = SmtpSink::start_with_auth(dir.path(), "mailer", "right").unwrap();
    let started = std::time::Instant::now();
    SmtpMailer::new(config(sink.port, Some(("mailer", "right"))))
        .unwrap()
        .test()
        .await
        .unwrap();
    let wrong = SmtpMailer::new(config(sink.port, Some(("mailer", "wrong"))))
        .unwrap()
        .test()
        .await
        .unwrap_err();
    assert!(matches!(wrong, MailError::Refused(_)), "{wrong:?}");
    assert!(wrong.to_string().contains("535"), "{wrong}");

    sink.refuse(true);
    let later = SmtpMailer::new(config(sink.port, Some(("mailer", "right"))))
        .unwrap()
        .send(&mail(&["maria@northwind.example"]))
        .await
        .unwrap_err();
    assert!(matches!(later, MailError::Temporary(_)), "{later:?}");

    sink.stop();
    let down = SmtpMailer::new(config(sink.port, None))
        .unwrap()
        .send(&mail(&["maria@northwind.example"]))
        .await
        .unwrap_err();
    assert!(matches!(down, MailError::Temporary(_)), "{down:?}");
    assert!(started.elapsed().as_secs() < 20, "failures are quick");
}

#[test]
fn bad_settings_are_refused_before_connecting() {
    let mut c = config(25, Some(("mailer", "pw")));
    c.host = "smtp.example.com".into();
    let e = SmtpMailer::new(c.clone()).err().unwrap();
    assert!(e.to_string().contains("unencrypted"), "{e}");
    c.host = "smtp.example.com/evil".into();
    assert!(SmtpMailer::new(c.clone()).is_err());
    c.host = "127.0.0.1".into();
    c.from = "not an address".into();
    assert!(SmtpMailer::new(c)
        .err()
        .unwrap()
        .to_string()
        .contains("sender"));
}
