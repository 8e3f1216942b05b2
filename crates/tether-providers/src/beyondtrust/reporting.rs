//! The reporting API's `SupportSession` report (providers.md §1.6): who, when, how long, and
//! the chat, for the sessions that ended — fetched when an outbound event says one ended,
//! and by time window to reconcile what the events missed.

use tether_core::ports::ProviderError;

use super::client::{expect_root, read_xml, BeyondTrustClient};
use super::xml::Element;
use crate::http::{self, Idempotence};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepInSession {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub public_display_name: String,
    pub private_display_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatLine {
    /// Unix seconds.
    pub at: i64,
    pub from: String,
    pub body: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupportSessionReport {
    pub lsid: String,
    /// Unix seconds.
    pub start: i64,
    /// `None` while the session is still running.
    pub end: Option<i64>,
    pub duration_secs: u32,
    pub external_key: String,
    pub customer_name: String,
    /// The primary customer's computer, as the customer client reported it.
    pub customer_host: String,
    pub primary_rep: Option<RepInSession>,
    pub reps: Vec<RepInSession>,
    pub chat: Vec<ChatLine>,
}

fn text(e: &Element, name: &str) -> String {
    e.child(name).map(|c| c.text.clone()).unwrap_or_default()
}

fn timestamp(e: &Element, name: &str) -> Option<i64> {
    e.child(name)?.attribute("timestamp")?.parse().ok()
}

/// `HH:MM:SS`, hours unbounded.
fn hms(s: &str) -> Option<u32> {
    let mut parts = s.trim().split(':').map(|p| p.parse::<u32>().ok());
    let (h, m, sec) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() || m > 59 || sec > 59 {
        return None;
    }
    Some(h * 3600 + m * 60 + sec)
}

fn rep(e: &Element) -> RepInSession {
    RepInSession {
        id: e.attribute("id").unwrap_or_default().to_string(),
        username: text(e, "username"),
        display_name: text(e, "display_name"),
        public_display_name: text(e, "public_display_name"),
        private_display_name: text(e, "private_display_name"),
    }
}

fn session(s: &Element) -> Result<SupportSessionReport, ProviderError> {
    let lsid = s.attribute("lsid").unwrap_or_default().to_string();
    if lsid.is_empty() {
        return Err(ProviderError::Malformed("a session without an lsid".into()));
    }
    let start = timestamp(s, "start_time")
        .ok_or_else(|| ProviderError::Malformed(format!("session {lsid} has no start time")))?;
    let end = timestamp(s, "end_time");
    let duration_secs = hms(&text(s, "duration"))
        .or_else(|| end.map(|e| u32::try_from((e - start).max(0)).unwrap_or(u32::MAX)))
        .unwrap_or(0);
    let reps: Vec<RepInSession> = s
        .child("rep_list")
        .map(|l| {
            l.children
                .iter()
                .filter(|r| r.name == "representative")
                .map(rep)
                .collect()
        })
        .unwrap_or_default();
    let primary_rep = s.child("primary_rep").map(|p| {
        let id = p.attribute("id").unwrap_or_default();
        reps.iter()
            .find(|r| r.id == id)
            .cloned()
            .unwrap_or(RepInSession {
                id: id.to_string(),
                username: String::new(),
                display_name: p.text.clone(),
                public_display_name: String::new(),
                private_display_name: p.text.clone(),
            })
    });
    let chat = s
        .child("session_details")
        .map(|d| {
            d.children
                .iter()
                .filter(|e| e.name == "event" && e.attribute("event_type") == Some("Chat Message"))
                .map(|e| ChatLine {
                    at: e
                        .attribute("timestamp")
                        .and_then(|t| t.parse().ok())
                        .unwrap_or(0),
                    from: e
                        .child("performed_by")
                        .map(|p| p.text.clone())
                        .unwrap_or_default(),
                    body: text(e, "body"),
                })
                .collect()
        })
        .unwrap_or_default();
    let primary_gs = s
        .child("primary_customer")
        .and_then(|c| c.attribute("gsnumber"));
    let customer_host = s
        .child("customer_list")
        .and_then(|l| {
            l.children
                .iter()
                .filter(|c| c.name == "customer")
                .find(|c| primary_gs.is_none() || c.attribute("gsnumber") == primary_gs)
        })
        .map(|c| text(c, "hostname"))
        .unwrap_or_default();
    Ok(SupportSessionReport {
        lsid,
        customer_host,
        start,
        end,
        duration_secs,
        external_key: text(s, "external_key"),
        customer_name: text(s, "primary_customer"),
        primary_rep,
        reps,
        chat,
    })
}

/// A `session_list`; an `<error>` saying nothing was found is an empty list (§1.6).
pub fn parse_support_sessions(root: &Element) -> Result<Vec<SupportSessionReport>, ProviderError> {
    if root.name == "error" {
        return if root.text.to_ascii_lowercase().contains("no ") {
            Ok(Vec::new())
        } else {
            Err(ProviderError::Vendor {
                code: 200,
                message: root.text.clone(),
            })
        };
    }
    expect_root(root, "session_list")?;
    root.children
        .iter()
        .filter(|c| c.name == "session")
        .map(session)
        .collect()
}

impl BeyondTrustClient {
    /// One session by its lsid; `None` if the appliance does not (yet) report it.
    pub async fn support_session(
        &self,
        lsid: &str,
    ) -> Result<Option<SupportSessionReport>, ProviderError> {
        let sessions = self
            .report(&[("generate_report", "SupportSession"), ("lsid", lsid)])
            .await?;
        Ok(sessions.into_iter().find(|s| s.lsid == lsid))
    }

    /// Sessions that started at or after `since` (unix seconds), to now.
    pub async fn support_sessions_since(
        &self,
        since: i64,
    ) -> Result<Vec<SupportSessionReport>, ProviderError> {
        let start = since.to_string();
        self.report(&[
            ("generate_report", "SupportSession"),
            ("start_time", &start),
            ("duration", "0"),
        ])
        .await
    }

    async fn report(
        &self,
        params: &[(&str, &str)],
    ) -> Result<Vec<SupportSessionReport>, ProviderError> {
        let url = format!("{}/api/reporting", self.base_url());
        let root = self
            .authorised(|token| {
                let url = url.clone();
                async move {
                    let response = http::send(self.retry(), Idempotence::Safe, || {
                        self.http()
                            .get(&url)
                            .bearer_auth(token.expose())
                            .query(params)
                    })
                    .await?;
                    match read_xml(response, "reporting").await {
                        // "No sessions found" comes as an <error> with HTTP 200.
                        Err(ProviderError::Vendor { code: 200, message })
                            if message.to_ascii_lowercase().contains("no ") =>
                        {
                            Ok(Element {
                                name: "session_list".into(),
                                ..Element::default()
                            })
                        }
                        other => other,
                    }
                }
            })
            .await?;
        parse_support_sessions(&root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::beyondtrust::xml::parse;

    const REPORT: &str = r#"<session_list xmlns="http://www.bomgar.com/namespaces/API/reporting">
  <session lsid="c5a4b0c5a4b0c5a4b0c5a4b0c5a4b0c5">
    <session_type>support</session_type>
    <lseq>11</lseq>
    <start_time timestamp="1575040000">2019-11-29T15:06:40+00:00</start_time>
    <end_time timestamp="1575040902">2019-11-29T15:21:42+00:00</end_time>
    <duration>00:15:02</duration>
    <external_key>TICKET-1234</external_key>
    <primary_customer gsnumber="2">John Customer</primary_customer>
    <primary_rep gsnumber="3" id="12">Jane Doe</primary_rep>
    <customer_list>
      <customer gsnumber="2">
        <username>john</username><hostname>PC-01</hostname><os>Windows 10</os><primary_cust>1</primary_cust>
        <info><name>John Customer</name><company>Acme</company></info>
      </customer>
    </customer_list>
    <rep_list>
      <representative gsnumber="3" id="12">
        <username>jdoe</username><display_name>Jane</display_name>
        <public_display_name>Jane</public_display_name><private_display_name>Jane Doe</private_display_name>
        <seconds_involved>902</seconds_involved><primary_rep>1</primary_rep>
      </representative>
    </rep_list>
    <session_details>
      <event timestamp="1575040000" event_type="Session Start"><performed_by type="system">System</performed_by></event>
      <event timestamp="1575040100" event_type="Chat Message">
        <performed_by type="representative" gsnumber="3">Jane Doe</performed_by>
        <destination type="customer" gsnumber="2">John Customer</destination>
        <body>Hello, I&apos;m connecting now</body>
      </event>
      <event timestamp="1575040160" event_type="Chat Message">
        <performed_by type="customer" gsnumber="2">John Customer</performed_by>
        <body>Thanks &amp; go ahead</body>
      </event>
    </session_details>
  </session>
</session_list>"#;

    #[test]
    fn the_documented_session_shape() {
        for xml in [
            REPORT.to_string(),
            REPORT.replace(
                r#" xmlns="http://www.bomgar.com/namespaces/API/reporting""#,
                "",
            ),
            REPORT.replace(
                "http://www.bomgar.com/namespaces/API/reporting",
                "http://www.beyondtrust.com/sra/namespaces/API/reporting",
            ),
        ] {
            let sessions = parse_support_sessions(&parse(&xml).unwrap()).unwrap();
            let s = &sessions[0];
            assert_eq!(s.lsid, "c5a4b0c5a4b0c5a4b0c5a4b0c5a4b0c5");
            assert_eq!(
                (s.start, s.end, s.duration_secs),
                (1_575_040_000, Some(1_575_040_902), 902)
            );
            assert_eq!(s.external_key, "TICKET-1234");
            assert_eq!(s.customer_name, "John Customer");
            assert_eq!(s.customer_host, "PC-01");
            let rep = s.primary_rep.as_ref().unwrap();
            assert_eq!((rep.id.as_str(), rep.username.as_str()), ("12", "jdoe"));
            assert_eq!(s.chat.len(), 2);
            assert_eq!(s.chat[0].body, "Hello, I'm connecting now");
            assert_eq!(s.chat[1].from, "John Customer");
            assert_eq!(s.chat[1].body, "Thanks & go ahead");
        }
    }

    #[test]
    fn durations_missing_pieces_and_errors() {
        assert_eq!(hms("26:01:02"), Some(93_662));
        assert_eq!(hms("1:60:00"), None);
        assert_eq!(hms("abc"), None);
        let no_duration = REPORT.replace("<duration>00:15:02</duration>", "");
        let s = &parse_support_sessions(&parse(&no_duration).unwrap()).unwrap()[0];
        assert_eq!(s.duration_secs, 902, "from start and end");
        let running = REPORT.replace(
            r#"<end_time timestamp="1575040902">2019-11-29T15:21:42+00:00</end_time>"#,
            "",
        );
        assert_eq!(
            parse_support_sessions(&parse(&running).unwrap()).unwrap()[0].end,
            None
        );
        let none = parse(r#"<error xmlns="http://www.bomgar.com/namespaces/API/reporting">No sessions found for the given search criteria.</error>"#).unwrap();
        assert!(parse_support_sessions(&none).unwrap().is_empty());
        let denied = parse("<error>Permission denied</error>").unwrap();
        assert!(parse_support_sessions(&denied).is_err());
        let headless = REPORT.replace(r#" lsid="c5a4b0c5a4b0c5a4b0c5a4b0c5a4b0c5""#, "");
        assert!(parse_support_sessions(&parse(&headless).unwrap()).is_err());
    }
}
