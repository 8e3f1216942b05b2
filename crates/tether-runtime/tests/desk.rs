//! Tickets, invitations and launches below the window: the real console on a real SQLite
//! file, the Splashtop client against the sandbox over HTTP, and a real SMTP server
//! (aiosmtpd) that records what it received.

mod common;

use std::sync::Arc;

use chrono::Utc;
use tether_core::clock::ManualClock;
use tether_core::console::{ConsoleOptions, DeskImport, InviteRequest};
use tether_core::domain::{
    Delivery, IntegrationKind, InviteTarget, NewTicket, RemoteSupportSettings, TicketActionKind,
    TicketQuery,
};
use tether_core::ports::IntegrationConfig;
use tether_core::Console;
use tether_core::ErrorCode;
use tether_sandbox::smtp_sink::SmtpSink;
use tether_sandbox::{Sandbox, SandboxOptions};
use tether_store::SqliteStore;

/// The BeyondTrust card as an admin filled it in.
struct BeyondTrustAt(&'static str);

#[async_trait::async_trait]
impl IntegrationConfig for BeyondTrustAt {
    async fn base_url(&self, kind: IntegrationKind) -> Option<String> {
        (kind == IntegrationKind::Beyondtrust).then(|| self.0.to_string())
    }
}

struct World {
    console: Arc<Console>,
    /// The console's cache, for what a second process on it would do.
    store: SqliteStore,
    sink: SmtpSink,
    _sandbox: Sandbox,
    _dir: tempfile::TempDir,
}

const DESK: &str = r#"{
  "customers": [{ "id": "northwind", "name": "Northwind Traders",
                  "end_users": [{ "id": "maria", "name": "Maria Anders", "email": "maria@northwind.example" }] }],
  "teams": [{ "id": "helpdesk", "name": "Helpdesk", "channel_id": "splashtop-1" }],
  "ticket_types": [
    { "id": "incident", "name": "Incident" },
    { "id": "remote", "name": "Remote support request", "send_invite_on_create": true }
  ],
  "asset_types": [{ "id": "computer", "name": "Computer", "fields": [
      { "key": "mac_address", "label": "MAC address", "kind": "mac_address" },
      { "key": "splashtop_uuid", "label": "Splashtop device ID", "kind": "splashtop_id" },
      { "key": "ip_address", "label": "IP address", "kind": "text" },
      { "key": "purchased", "label": "Purchased", "kind": "date" } ] }],
  "assets": [
    { "id": "pc", "name": "NW-PC-0042", "customer_id": "northwind", "type_id": "computer",
      "inventory_number": "PC-0042", "platform": "windows",
      "fields": { "mac_address": "3c-52-82-1a-4f-07", "splashtop_uuid": "8F4C2E1B",
                  "ip_address": "10.0.4.42" } },
    { "id": "tablet", "name": "NW-TAB-1", "customer_id": "northwind", "type_id": "computer",
      "inventory_number": "TAB-1", "platform": "android",
      "fields": { "mac_address": "f8:1a:67:33:90:c1" } },
    { "id": "bad", "name": "NW-BAD", "type_id": "computer",
      "fields": { "mac_address": "not-a-mac", "purchased": "yesterday" } }
  ],
  "tickets": [
    { "number": 1042, "subject": "Label printer prints blank pages", "customer_id": "northwind",
      "end_user_name": "Maria Anders", "end_user_email": "maria@northwind.example", "type_id": "incident" }
  ]
}"#;

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let sink = SmtpSink::start(dir.path()).expect("aiosmtpd");
    let store = SqliteStore::open(&dir.path().join("desk.sqlite"))
        .await
        .unwrap();
    common::technicians(
        &store,
        &[
            ("alex", "Alex Rivera", true),
            ("priya", "Priya Patel", false),
            ("sam", "Sam Chen", true),
        ],
    )
    .await;
    let provider = common::splashtop(&sandbox.url());
    let mailer = common::mailer(sink.port, "Northwind Support <support@msp.example>");
    let console = Console::new(
        Arc::new(store.clone()),
        Arc::new(provider),
        Arc::new(ManualClock::new(Utc::now())),
        ConsoleOptions {
            actor_override: Some("alex".into()),
            mailer: Some(Arc::new(mailer)),
            config: Some(Arc::new(BeyondTrustAt("https://support.msp.example"))),
            ..ConsoleOptions::default()
        },
    );
    console.sessions.startup().await.unwrap();
    console.sessions.sync_channels().await.unwrap();
    let report = console
        .desk
        .import_desk(serde_json::from_str::<DeskImport>(DESK).unwrap())
        .await
        .unwrap();
    assert_eq!(report.assets, 2, "{:?}", report.refused);
    console
        .invitations
        .save_remote_support_settings(RemoteSupportSettings {
            default_team_id: Some("helpdesk".into()),
            invite_other_agents: true,
            ..RemoteSupportSettings::default()
        })
        .await
        .unwrap();
    World {
        console,
        store,
        sink,
        _sandbox: sandbox,
        _dir: dir,
    }
}

impl World {
    /// Another console on the same cache file, as alex, with its own clock and ports: a
    /// second process, or the same desk with a system that behaves otherwise.
    async fn console_with(&self, clock: Arc<ManualClock>, options: ConsoleOptions) -> Arc<Console> {
        let store = SqliteStore::open(&self._dir.path().join("desk.sqlite"))
            .await
            .unwrap();
        Console::new(
            Arc::new(store),
            Arc::new(common::splashtop(&self._sandbox.url())),
            clock,
            ConsoleOptions {
                actor_override: Some("alex".into()),
                ..options
            },
        )
    }

    async fn ticket_id(&self, number: i64) -> String {
        let all = self
            .console
            .desk
            .tickets(TicketQuery::default())
            .await
            .unwrap();
        all.into_iter().find(|t| t.number == number).unwrap().id
    }

    async fn invite(&self, target: InviteTarget) -> InviteRequest {
        InviteRequest {
            ticket_id: self.ticket_id(1042).await,
            recipients: "maria@northwind.example".into(),
            target,
            quick: true,
            provider: Default::default(),
        }
    }

    async fn sessions_on_board(&self) -> usize {
        let board = self.console.sessions.board().await.unwrap();
        board
            .channels
            .iter()
            .map(|c| {
                let n = &c.counts;
                (n.pending + n.active + n.in_queue + n.expired + n.closed) as usize
            })
            .sum()
    }
}

#[tokio::test]
async fn an_unavailable_agents_invite_goes_to_the_default_team_and_the_server_receives_it() {
    let w = world().await;
    let request = w.invite(InviteTarget::Agent("priya".into())).await;

    let preview = w
        .console
        .invitations
        .preview_invite(request.clone())
        .await
        .unwrap();
    assert_eq!(preview.target.label, "Team Helpdesk");
    assert_eq!(
        preview.target.fallback_reason.as_deref(),
        Some("Priya Patel is unavailable")
    );
    assert!(w.sink.received().is_empty(), "a preview sends nothing");

    let action = w.console.invitations.send_invite(request).await.unwrap();
    assert_eq!(action.kind, TicketActionKind::RemoteSessionInvitation);
    assert_eq!(action.delivery, Some(Delivery::Sent));
    let record = action.invitation.clone().unwrap();
    assert_eq!(record.target_label, "Team Helpdesk");
    assert!(record.link.starts_with("http"), "{}", record.link);

    let got = w.sink.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].rcpt_tos, ["maria@northwind.example"]);
    assert_eq!(got[0].mail_from, "support@msp.example");
    assert_eq!(
        got[0].subject(),
        Some(format!("Remote support session, code {}", record.code).as_str())
    );
    let body = got[0].body();
    assert!(
        body.contains(&record.link),
        "the real link is in the mail: {body}"
    );
    assert!(body.contains(&record.code));

    // The session is on the board, in the team's channel, for anyone in it to take.
    let session = w
        .console
        .sessions
        .session_detail(&record.session_id)
        .await
        .unwrap();
    assert_eq!(session.session.channel_id, "splashtop-1");
    assert_eq!(session.session.assignee, None);
    assert!(session.session.issue.starts_with("#1042 "));

    // IN6: the timeline says who invited whom, where it went and why.
    let detail = w
        .console
        .desk
        .ticket_detail(&action.ticket_id)
        .await
        .unwrap();
    let last = detail.actions.last().unwrap();
    assert_eq!(last.actor, "alex");
    assert!(last.note.contains("maria@northwind.example"));
    assert!(last
        .note
        .contains("Team Helpdesk (Priya Patel is unavailable)"));
}

#[tokio::test]
async fn without_a_fallback_nothing_is_created_nothing_is_sent() {
    let w = world().await;
    let before = w.sessions_on_board().await;
    let mut settings = w
        .console
        .invitations
        .remote_support_settings()
        .await
        .unwrap();
    settings.fallback_to_default_team = false;
    w.console
        .invitations
        .save_remote_support_settings(settings.clone())
        .await
        .unwrap();
    let e = w
        .console
        .invitations
        .send_invite(w.invite(InviteTarget::Agent("priya".into())).await)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::TechnicianUnavailable);
    assert!(e.to_string().contains("Priya Patel is unavailable"), "{e}");

    // No default team and no target: refused, never an invite with an empty link.
    settings.default_team_id = None;
    w.console
        .invitations
        .save_remote_support_settings(settings)
        .await
        .unwrap();
    let e = w
        .console
        .invitations
        .send_invite(w.invite(InviteTarget::Default).await)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::TechnicianUnavailable);

    assert!(w.sink.received().is_empty());
    assert_eq!(w.sessions_on_board().await, before);
    let detail = w
        .console
        .desk
        .ticket_detail(&w.ticket_id(1042).await)
        .await
        .unwrap();
    assert!(detail
        .actions
        .iter()
        .all(|a| a.kind != TicketActionKind::RemoteSessionInvitation));
}

#[tokio::test]
async fn a_refusing_or_absent_server_leaves_the_invite_pending_until_it_is_back() {
    let mut w = world().await;
    w.sink.refuse(true);
    let action = w
        .console
        .invitations
        .send_invite(w.invite(InviteTarget::Team("helpdesk".into())).await)
        .await
        .unwrap();
    assert_eq!(action.delivery, Some(Delivery::Pending));
    let why = action.delivery_error.clone().unwrap();
    assert!(why.contains("451"), "{why}");
    assert_eq!(w.console.invitations.pending_mail().await.unwrap().len(), 1);
    assert!(w.sink.received().is_empty());

    w.sink.refuse(false);
    assert_eq!(w.console.invitations.retry_mail_now().await.unwrap(), 0);
    assert_eq!(w.sink.received().len(), 1);
    let detail = w
        .console
        .desk
        .ticket_detail(&action.ticket_id)
        .await
        .unwrap();
    let sent = detail.actions.iter().find(|a| a.id == action.id).unwrap();
    assert_eq!(sent.delivery, Some(Delivery::Sent));

    // The server down altogether: kept, and delivered after a restart.
    w.sink.stop();
    let second = w
        .console
        .invitations
        .send_invite(w.invite(InviteTarget::Default).await)
        .await
        .unwrap();
    assert_eq!(second.delivery, Some(Delivery::Pending));
    assert!(second.delivery_error.unwrap().contains("cannot reach"));
    w.sink.restart().unwrap();
    assert_eq!(w.console.invitations.retry_mail_now().await.unwrap(), 0);
    assert_eq!(w.sink.received().len(), 2);
}

/// Killed after the mail server took an invitation but before the outbox heard it: the mail
/// is sent again after the restart (nothing can know it arrived), as the same message — one
/// Message-ID, which the recipient's mailbox shows once — not as a second invitation.
#[tokio::test]
async fn a_mail_sent_again_after_a_crash_is_the_same_message() {
    use tether_core::ports::DeskStore;
    let w = world().await;
    w.sink.refuse(true);
    let action = w
        .console
        .invitations
        .send_invite(w.invite(InviteTarget::Default).await)
        .await
        .unwrap();
    assert_eq!(action.delivery, Some(Delivery::Pending));
    w.sink.refuse(false);

    // The process that dies: it claims the mail and the server takes it, then nothing.
    let now = Utc::now() + chrono::Duration::seconds(60);
    let claimed = w
        .store
        .claim_due_mail(now, now + chrono::Duration::seconds(120))
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    common::mailer(w.sink.port, "Northwind Support <support@msp.example>")
        .send(&claimed[0].mail)
        .await
        .unwrap();
    // After the restart the mail still waits; sent again, and this time recorded.
    assert_eq!(w.console.invitations.retry_mail_now().await.unwrap(), 0);

    let got = w.sink.received();
    assert_eq!(got.len(), 2, "sent twice: the server cannot be asked");
    let message_id = |data: &str| {
        data.lines()
            .find_map(|l| l.strip_prefix("Message-ID: "))
            .map(str::trim)
            .map(String::from)
    };
    let first = message_id(&got[0].data).expect("a Message-ID");
    assert!(first.ends_with("@msp.example>"), "{first}");
    assert_eq!(
        Some(first),
        message_id(&got[1].data),
        "one message to the mailbox"
    );
}

#[tokio::test]
async fn a_recipient_the_server_rejects_stays_pending_with_the_reason() {
    let w = world().await;
    let mut request = w.invite(InviteTarget::Default).await;
    request.recipients = "reject-me@northwind.example, maria@northwind.example".into();
    let action = w.console.invitations.send_invite(request).await.unwrap();
    // One email per recipient: Maria's went, the rejected one waits with the server's words.
    assert_eq!(w.sink.received().len(), 1);
    assert_eq!(action.delivery, Some(Delivery::Pending));
    assert!(action.delivery_error.unwrap().contains("550"));

    // Refused for good: kept with the reason, and not sent again on its own.
    let waiting = w.console.invitations.pending_mail().await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert!(waiting[0].refused);
    w.console.poller.poll_once().await.unwrap();
    assert_eq!(w.sink.received().len(), 1, "not retried by the poller");
    let board = w.console.sessions.board().await.unwrap();
    assert_eq!(board.pending_actions, 1, "the board counts the email too");
    let detail = w
        .console
        .desk
        .ticket_detail(&action.ticket_id)
        .await
        .unwrap();
    assert_eq!(detail.waiting_mail.len(), 1, "the ticket shows it");

    // Corrected: sent to the right address now, and the timeline says who fixed what.
    let bad = waiting[0].id;
    let e = w
        .console
        .invitations
        .correct_mail(bad, "still not an address")
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    w.console
        .invitations
        .correct_mail(bad, "maria.anders@northwind.example")
        .await
        .unwrap();
    assert_eq!(w.sink.received().len(), 2);
    assert!(w
        .console
        .invitations
        .pending_mail()
        .await
        .unwrap()
        .is_empty());
    let timeline = w
        .console
        .desk
        .ticket_detail(&action.ticket_id)
        .await
        .unwrap()
        .actions;
    let invite = timeline.iter().find(|a| a.id == action.id).unwrap();
    assert_eq!(invite.delivery, Some(Delivery::Sent));
    assert!(timeline.iter().any(|a| a.kind == TicketActionKind::Note
        && a.note.contains(
            "corrected the email to reject-me@northwind.example → maria.anders@northwind.example"
        )));

    // Another one discarded: gone, the action says so, and the timeline says why.
    let mut request = w.invite(InviteTarget::Default).await;
    request.recipients = "reject-again@northwind.example".into();
    let second = w.console.invitations.send_invite(request).await.unwrap();
    let waiting = w.console.invitations.pending_mail().await.unwrap();
    w.console
        .invitations
        .discard_mail(waiting[0].id)
        .await
        .unwrap();
    let timeline = w
        .console
        .desk
        .ticket_detail(&second.ticket_id)
        .await
        .unwrap()
        .actions;
    assert_eq!(
        timeline
            .iter()
            .find(|a| a.id == second.id)
            .unwrap()
            .delivery,
        Some(Delivery::Discarded)
    );
    assert!(timeline.iter().any(|a| a
        .note
        .contains("discarded the email to reject-again@northwind.example")
        && a.note.contains("550")));
    assert_eq!(w.console.sessions.board().await.unwrap().pending_actions, 0);
}

#[tokio::test]
async fn bad_recipients_and_switched_off_quick_invites_are_refused_before_anything_happens() {
    let w = world().await;
    let before = w.sessions_on_board().await;
    let mut request = w.invite(InviteTarget::Default).await;
    request.recipients = "maria@northwind.example; not-an-address".into();
    let e = w
        .console
        .invitations
        .send_invite(request.clone())
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(e.to_string().contains("\"not-an-address\""));

    let mut settings = w
        .console
        .invitations
        .remote_support_settings()
        .await
        .unwrap();
    settings.quick_invites = false;
    w.console
        .invitations
        .save_remote_support_settings(settings)
        .await
        .unwrap();
    request.recipients = "maria@northwind.example".into();
    assert_eq!(
        w.console
            .invitations
            .send_invite(request.clone())
            .await
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden
    );
    assert_eq!(w.sessions_on_board().await, before);
    // IN2: the Remote Session Invitation action still works.
    request.quick = false;
    w.console.invitations.send_invite(request).await.unwrap();
    assert_eq!(w.sink.received().len(), 1);
}

#[tokio::test]
async fn a_ticket_type_that_invites_on_creation_sends_at_once() {
    let w = world().await;
    let created = w
        .console
        .desk
        .create_ticket(NewTicket {
            subject: "Cannot print".into(),
            customer_id: Some("northwind".into()),
            end_user_name: "Maria Anders".into(),
            end_user_email: "maria@northwind.example".into(),
            type_id: Some("remote".into()),
            asset_id: None,
        })
        .await
        .unwrap();
    assert!(created.ticket.number > 1042);
    let action = created.invitation.expect("IN3 sent an invitation");
    assert_eq!(action.delivery, Some(Delivery::Sent));
    assert_eq!(w.sink.received().len(), 1);

    // No address on the ticket: the ticket is kept and the timeline says why nothing went.
    let created = w
        .console
        .desk
        .create_ticket(NewTicket {
            subject: "Walk-in".into(),
            type_id: Some("remote".into()),
            ..NewTicket::default()
        })
        .await
        .unwrap();
    assert!(created.invitation.is_none());
    assert_eq!(
        created.invitation_error.unwrap().code,
        ErrorCode::InvalidInput
    );
    let detail = w
        .console
        .desk
        .ticket_detail(&created.ticket.id)
        .await
        .unwrap();
    assert!(detail
        .actions
        .iter()
        .any(|a| a.kind == TicketActionKind::Note && a.note.contains("was not sent")));
}

#[tokio::test]
async fn a_chat_invite_carries_the_link_escaped_in_the_chat_template() {
    let w = world().await;
    let ticket = w.ticket_id(1042).await;
    let message = w
        .console
        .invitations
        .send_chat_invite(&ticket, Some(InviteTarget::Default))
        .await
        .unwrap();
    let detail = w.console.desk.ticket_detail(&ticket).await.unwrap();
    assert_eq!(detail.chat_id.as_deref(), Some(message.chat_id.as_str()));
    let action = detail.actions.last().unwrap();
    assert_eq!(action.kind, TicketActionKind::ChatInvitation);
    let link = action.invitation.as_ref().unwrap().link.clone();
    assert!(message.html.contains(&link.replace('&', "&amp;")));
    assert!(w.sink.received().is_empty(), "a chat invite sends no email");
    let messages = w
        .console
        .desk
        .chat_messages(&message.chat_id)
        .await
        .unwrap();
    assert_eq!(messages.len(), 1);
}

/// IN4: with no target chosen the session goes where the ticket's type says, else to the
/// default; the core decides, so the window, the CLI and HTTP agree.
#[tokio::test]
async fn a_chat_invite_without_a_target_follows_the_tickets_type() {
    let w = world().await;
    let ticket = w.ticket_id(1042).await;
    let label = |t: Option<InviteTarget>| {
        let console = w.console.clone();
        let ticket = ticket.clone();
        async move {
            console
                .invitations
                .preview_chat_invite(&ticket, t)
                .await
                .unwrap()
                .target
                .label
        }
    };
    assert_eq!(label(None).await, "Team Helpdesk", "no target on the type");
    w.console
        .desk
        .update_ticket_type("incident", false, InviteTarget::Agent("sam".into()))
        .await
        .unwrap();
    assert_eq!(label(None).await, "Sam Chen's queue", "the type's target");
    assert_eq!(
        label(Some(InviteTarget::Default)).await,
        "Team Helpdesk",
        "a chosen target wins"
    );
    let posted = w
        .console
        .invitations
        .send_chat_invite(&ticket, None)
        .await
        .unwrap();
    let detail = w.console.desk.ticket_detail(&ticket).await.unwrap();
    let record = detail.actions.last().unwrap().invitation.clone().unwrap();
    assert_eq!(record.target_label, "Sam Chen's queue");
    assert!(posted.html.contains(&record.link.replace('&', "&amp;")));
}

#[tokio::test]
async fn launch_buttons_follow_the_settings_and_every_launch_is_recorded() {
    let w = world().await;
    let pc = w.console.desk.asset_detail("pc").await.unwrap();
    let ids: Vec<&str> = pc.launch.buttons.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, ["splashtop:mac_address", "beyondtrust:jump"]);
    assert_eq!(
        pc.asset.fields["mac_address"], "3C52821A4F07",
        "UA3: stored bare"
    );

    let tablet = w.console.desk.asset_detail("tablet").await.unwrap();
    assert!(tablet
        .launch
        .buttons
        .iter()
        .all(|b| b.provider != "splashtop"));
    assert!(tablet.launch.unavailable[0].contains("Android"));

    let dry = w
        .console
        .desk
        .launch("pc", "splashtop:mac_address", true)
        .await
        .unwrap();
    assert_eq!(
        dry.url,
        "st-business://com.splashtop.business?account=alex%40example.com&mac=3C52821A4F07"
    );
    assert!(dry.recorded.is_none());
    assert!(w
        .console
        .desk
        .asset_detail("pc")
        .await
        .unwrap()
        .history
        .is_empty());

    // UA1: an IP address cannot launch Splashtop; the settings say so and refuse it.
    let directory = w.console.desk.directory().await.unwrap();
    let ip = directory
        .launch_fields
        .iter()
        .find(|f| f.key == "ip_address")
        .unwrap();
    assert!(!ip.usable);
    assert!(
        ip.reason
            .as_deref()
            .unwrap()
            .contains("IP address is a text field"),
        "{ip:?}"
    );
    let mut by_ip = w
        .console
        .invitations
        .remote_support_settings()
        .await
        .unwrap();
    by_ip.launch.splashtop_secondary_field = Some("ip_address".into());
    let refused = w
        .console
        .invitations
        .save_remote_support_settings(by_ip)
        .await
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("MAC address or Splashtop device ID only"),
        "{refused}"
    );

    // A secondary field, a fixed account, and the jump.
    let mut settings = w
        .console
        .invitations
        .remote_support_settings()
        .await
        .unwrap();
    settings.launch.splashtop_secondary_field = Some("splashtop_uuid".into());
    settings.launch.splashtop_account = Some("msp@example.com".into());
    w.console
        .invitations
        .save_remote_support_settings(settings)
        .await
        .unwrap();
    let uuid = w
        .console
        .desk
        .launch("pc", "splashtop:splashtop_uuid", false)
        .await
        .unwrap();
    assert_eq!(
        uuid.url,
        "st-business://com.splashtop.business?account=msp%40example.com&uuid=8F4C2E1B&sessiontype=remote"
    );
    let jump = w
        .console
        .desk
        .launch("pc", "beyondtrust:jump", false)
        .await
        .unwrap();
    assert_eq!(
        jump.url,
        "https://support.msp.example/api/client_script?type=rep&operation=generate&action=start_pinned_client_session&search_string=PC-0042"
    );
    let history = w.console.desk.asset_detail("pc").await.unwrap().history;
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].url, jump.url, "newest first");
    assert_eq!(history[1].actor, "alex");

    let e = w
        .console
        .desk
        .launch("tablet", "splashtop:mac_address", false)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("Android"), "{e}");
}

#[tokio::test]
async fn imports_refuse_bad_rows_by_name_and_keep_the_rest() {
    let w = world().await;
    assert!(w.console.desk.asset_detail("bad").await.is_err());
    let again = w
        .console
        .desk
        .import_desk(serde_json::from_str::<DeskImport>(DESK).unwrap())
        .await
        .unwrap();
    let refused = again.refused.join("\n");
    assert!(refused.contains("MAC address"), "{refused}");
    assert!(refused.contains("Purchased"), "{refused}");
    assert!(
        refused.contains("ticket"),
        "the ticket is already there: {refused}"
    );
    assert_eq!(again.assets, 2);
}

#[tokio::test]
async fn templates_with_unknown_variables_are_refused_and_previews_escape_values() {
    let w = world().await;
    let mut settings = w
        .console
        .invitations
        .remote_support_settings()
        .await
        .unwrap();
    settings.templates.email_html = "<p>$LINKTOREMOTE and $CUSTOMERNAME</p>".into();
    let e = w
        .console
        .invitations
        .save_remote_support_settings(settings.clone())
        .await
        .unwrap_err();
    assert!(e.to_string().contains("$CUSTOMERNAME"), "{e}");
    let preview = w.console.invitations.preview_templates(&settings.templates);
    assert_eq!(preview.problems.len(), 1);
    assert_eq!(preview.problems[0].0, "email_html");
}

#[tokio::test]
async fn ticket_search_matches_prefixes_of_every_column() {
    let w = world().await;
    for text in ["label", "PRINT", "1042", "northw", "maria", "label blank"] {
        let found = w
            .console
            .desk
            .tickets(TicketQuery {
                text: text.into(),
                ..TicketQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(found.len(), 1, "{text}");
        assert_eq!(found[0].customer_name, "Northwind Traders");
    }
    for text in ["scanner", "label scanner", "\"", "label\" OR \"x"] {
        let found = w
            .console
            .desk
            .tickets(TicketQuery {
                text: text.into(),
                ..TicketQuery::default()
            })
            .await
            .unwrap();
        assert!(found.is_empty() || text == "\"", "{text}: {found:?}");
    }
}

#[tokio::test]
async fn ticket_type_defaults_are_edited_in_settings_and_checked() {
    let w = world().await;
    let saved = w
        .console
        .desk
        .update_ticket_type("incident", true, InviteTarget::Team("helpdesk".into()))
        .await
        .unwrap();
    assert!(saved.send_invite_on_create);
    let directory = w.console.desk.directory().await.unwrap();
    let incident = directory
        .ticket_types
        .iter()
        .find(|t| t.id == "incident")
        .unwrap();
    assert_eq!(
        incident.invite_target,
        InviteTarget::Team("helpdesk".into())
    );
    let refused = w
        .console
        .desk
        .update_ticket_type("incident", true, InviteTarget::Team("nobody".into()))
        .await
        .unwrap_err();
    assert_eq!(
        refused.code(),
        tether_core::ErrorCode::NotFound,
        "{refused}"
    );
    let unknown = w
        .console
        .desk
        .update_ticket_type("no-such-type", false, InviteTarget::Default)
        .await
        .unwrap_err();
    assert!(unknown.to_string().contains("ticket type"), "{unknown}");
}

/// The system's answer when no app handles a scheme, word for word as the desktop's opener
/// reports it.
struct NoAppForScheme;

impl tether_core::ports::Opener for NoAppForScheme {
    fn open(&self, url: &str) -> Result<bool, String> {
        Err(format!(
            "Launcher \"gio\" \"open\" \"{url}\" failed with ExitStatus(unix_wait_status(512))"
        ))
    }
}

#[tokio::test]
async fn a_launch_the_system_cannot_open_says_so_plainly_and_leaves_no_launch_in_the_history() {
    let w = world().await;
    let console = w
        .console_with(
            Arc::new(ManualClock::new(Utc::now())),
            ConsoleOptions {
                opener: Some(Arc::new(NoAppForScheme)),
                ..ConsoleOptions::default()
            },
        )
        .await;
    let e = console
        .desk
        .launch("pc", "splashtop:mac_address", false)
        .await
        .unwrap_err();
    let dto = e.to_dto();
    assert_eq!(dto.code, ErrorCode::OpenFailed);
    assert_eq!(
        dto.message,
        "The Splashtop Business app did not open: nothing on this computer opens st-business:// \
         links. Is the app installed?"
    );
    assert!(dto.details.unwrap().contains("unix_wait_status(512)"));
    let history = console.desk.asset_detail("pc").await.unwrap().history;
    assert!(
        history.is_empty(),
        "a launch that did not happen is listed: {history:?}"
    );
}

/// A mail server that is down: the board's poll never waits on it (mail has its own round),
/// a round stops at the first failure instead of trying every message in turn, and an
/// invitation still undelivered a day later is no longer sent on its own: it waits for a
/// technician, with the reason.
#[tokio::test]
async fn a_mail_server_that_is_down_holds_up_nothing_and_old_invitations_wait_for_a_person() {
    let w = world().await;
    // A port nobody listens on: each attempt fails at once, as a server down does.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let console = w
        .console_with(
            clock.clone(),
            ConsoleOptions {
                mailer: Some(Arc::new(common::mailer(port, "support@msp.example"))),
                ..ConsoleOptions::default()
            },
        )
        .await;
    for _ in 0..3 {
        let action = console
            .invitations
            .send_invite(w.invite(InviteTarget::Default).await)
            .await
            .unwrap();
        assert_eq!(action.delivery, Some(Delivery::Pending));
    }
    let attempts = || async {
        let mut a: Vec<u32> = console
            .invitations
            .pending_mail()
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.attempts)
            .collect();
        a.sort();
        a
    };
    assert_eq!(attempts().await, vec![1, 1, 1], "each tried once when sent");

    // All due again. The poll does not touch the mail.
    clock.advance(chrono::Duration::hours(1));
    console.poller.poll_once().await.unwrap();
    assert_eq!(attempts().await, vec![1, 1, 1]);
    // The mail round tries the first, finds the server down, and leaves the rest.
    console.invitations.flush_mail().await;
    assert_eq!(attempts().await, vec![1, 1, 2]);

    // A day on, nothing is sent on its own any more: each waits, refused, with the reason.
    clock.advance(chrono::Duration::hours(25));
    for _ in 0..3 {
        console.invitations.flush_mail().await;
        clock.advance(chrono::Duration::minutes(3));
    }
    let waiting = console.invitations.pending_mail().await.unwrap();
    assert_eq!(waiting.len(), 3);
    for m in &waiting {
        assert!(m.refused, "{m:?}");
        assert!(
            m.last_error
                .as_deref()
                .unwrap_or("")
                .contains("within a day"),
            "{m:?}"
        );
    }
}
