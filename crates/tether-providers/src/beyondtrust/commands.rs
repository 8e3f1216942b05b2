//! The command API's service-desk actions (providers.md §1.3, §1.4): session keys for a
//! representative's or a team's queue, who is logged in, which teams exist.

use tether_core::ports::ProviderError;

use super::client::{expect_root, BeyondTrustClient};
use super::xml::Element;
use crate::http::Idempotence;

/// Where a session key puts the customer (§1.3 `queue_id`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Queue {
    General,
    Rep(String),
    Team(String),
}

impl Queue {
    fn param(&self) -> String {
        match self {
            Queue::General => "general".into(),
            Queue::Rep(id) => format!("rep:{id}"),
            Queue::Team(id) => format!("team:{id}"),
        }
    }
}

/// A generated session key: what the customer types or clicks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionKey {
    pub short_key: String,
    pub key_url: String,
    /// Unix seconds.
    pub expires: i64,
    /// `queue available="0"`: nobody is there to take it (a rep who is not logged in).
    pub queue_available: bool,
    pub external_key: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedInRep {
    pub id: String,
    pub public_display_name: String,
    pub private_display_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupportTeam {
    pub id: String,
    pub name: String,
}

fn text(e: &Element, name: &str) -> String {
    e.child(name).map(|c| c.text.clone()).unwrap_or_default()
}

pub fn parse_session_key(root: &Element) -> Result<SessionKey, ProviderError> {
    expect_root(root, "session_key")?;
    let short_key = text(root, "short_key");
    let key_url = text(root, "key_url");
    if short_key.is_empty() || !key_url.starts_with("https://") && !key_url.starts_with("http://") {
        return Err(ProviderError::Malformed(format!(
            "the session key has no short key or link ({short_key:?}, {key_url:?})"
        )));
    }
    let queue_available = root
        .child("queue")
        .and_then(|q| q.attribute("available"))
        .is_none_or(|a| a != "0");
    Ok(SessionKey {
        short_key,
        key_url,
        expires: text(root, "expires").parse().unwrap_or(0),
        queue_available,
        external_key: text(root, "external_key"),
    })
}

pub fn parse_logged_in_reps(root: &Element) -> Result<Vec<LoggedInRep>, ProviderError> {
    expect_root(root, "logged_in_reps")?;
    Ok(root
        .children
        .iter()
        .filter(|c| c.name == "rep")
        .map(|r| LoggedInRep {
            id: r.attribute("id").unwrap_or_default().to_string(),
            public_display_name: text(r, "public_display_name"),
            private_display_name: text(r, "private_display_name"),
        })
        .collect())
}

pub fn parse_support_teams(root: &Element) -> Result<Vec<SupportTeam>, ProviderError> {
    expect_root(root, "support_teams")?;
    Ok(root
        .children
        .iter()
        .filter(|c| c.name == "support_team")
        .map(|t| SupportTeam {
            id: t.attribute("id").unwrap_or_default().to_string(),
            name: text(t, "name"),
        })
        .collect())
}

impl BeyondTrustClient {
    /// §1.3. Not retried after a server error: a second key would be a second invitation.
    pub async fn generate_session_key(
        &self,
        queue: &Queue,
        ttl_secs: u32,
        external_key: &str,
    ) -> Result<SessionKey, ProviderError> {
        let queue_id = queue.param();
        let ttl = ttl_secs.to_string();
        let root = self
            .command_with(
                Idempotence::Unsafe,
                &[
                    ("action", "generate_session_key"),
                    ("type", "support"),
                    ("queue_id", &queue_id),
                    ("ttl", &ttl),
                    ("external_key", external_key),
                ],
            )
            .await?;
        parse_session_key(&root)
    }

    /// §1.4. Callers cache this: the docs ask integrators not to poll it hard.
    pub async fn logged_in_reps(&self) -> Result<Vec<LoggedInRep>, ProviderError> {
        let root = self.command(&[("action", "get_logged_in_reps")]).await?;
        parse_logged_in_reps(&root)
    }

    pub async fn support_teams(&self) -> Result<Vec<SupportTeam>, ProviderError> {
        let root = self
            .command(&[("action", "get_support_teams"), ("showmembers", "0")])
            .await?;
        parse_support_teams(&root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::beyondtrust::xml::parse;

    const KEY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<session_key xmlns="http://www.bomgar.com/namespaces/API/command">
  <type>support</type>
  <ttl>3600</ttl>
  <expires>1575042838</expires>
  <queue available="0">rep</queue>
  <queue_id>1</queue_id>
  <external_key>1234</external_key>
  <short_key>789456</short_key>
  <key_url>https://support.example.com/?ak=53484e</key_url>
  <mail_subject>Remote Support Invitation</mail_subject>
  <mail_body>Click https://support.example.com/?ak=53484e</mail_body>
</session_key>"#;

    #[test]
    fn a_key_for_a_rep_who_is_not_logged_in_says_so() {
        let key = parse_session_key(&parse(KEY).unwrap()).unwrap();
        assert_eq!(key.short_key, "789456");
        assert_eq!(key.key_url, "https://support.example.com/?ak=53484e");
        assert_eq!(key.expires, 1_575_042_838);
        assert!(!key.queue_available);
        assert_eq!(key.external_key, "1234");
        let available = KEY.replace(r#"available="0""#, r#"available="1""#);
        assert!(
            parse_session_key(&parse(&available).unwrap())
                .unwrap()
                .queue_available
        );
        let no_ns = KEY.replace(
            r#" xmlns="http://www.bomgar.com/namespaces/API/command""#,
            "",
        );
        assert_eq!(
            parse_session_key(&parse(&no_ns).unwrap())
                .unwrap()
                .short_key,
            "789456"
        );
    }

    #[test]
    fn a_key_without_a_link_is_refused() {
        let broken = KEY.replace(
            "<key_url>https://support.example.com/?ak=53484e</key_url>",
            "",
        );
        assert!(parse_session_key(&parse(&broken).unwrap()).is_err());
        let other = parse("<api_information/>").unwrap();
        assert!(parse_session_key(&other).is_err());
    }

    #[test]
    fn reps_and_teams() {
        let reps = parse(
            r#"<logged_in_reps xmlns="http://www.bomgar.com/namespaces/API/command">
  <rep id="12"><display_name>Jane</display_name><public_display_name>Jane</public_display_name>
  <private_display_name>Jane Doe</private_display_name><type>Normal</type></rep>
  <rep id="14"><public_display_name>Sam</public_display_name><private_display_name>Sam Chen</private_display_name></rep>
</logged_in_reps>"#,
        )
        .unwrap();
        let reps = parse_logged_in_reps(&reps).unwrap();
        assert_eq!(reps.len(), 2);
        assert_eq!(
            (reps[0].id.as_str(), reps[0].private_display_name.as_str()),
            ("12", "Jane Doe")
        );
        assert!(parse_logged_in_reps(&parse("<logged_in_reps/>").unwrap())
            .unwrap()
            .is_empty());
        let teams = parse(
            r#"<ns:support_teams xmlns:ns="http://www.bomgar.com/namespaces/API/command"><ns:support_team id="3"><ns:name>Helpdesk</ns:name></ns:support_team></ns:support_teams>"#,
        )
        .unwrap();
        assert_eq!(
            parse_support_teams(&teams).unwrap(),
            [SupportTeam {
                id: "3".into(),
                name: "Helpdesk".into()
            }]
        );
    }
}
