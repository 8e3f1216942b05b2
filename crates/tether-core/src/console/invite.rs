//! SPEC IN1–IN4, IN6, IN8: invitations from a ticket. The target is resolved first (so the
//! dialog can say where the session will really go), then the session is created at the
//! provider, and the email is recorded on the ticket and queued in the same transaction
//! before the first delivery attempt: nothing is sent without a link, nothing is lost.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::domain::invitation::{parse_recipients, resolve, Directory};
use crate::domain::{
    ChatMessage, InvitationRecord, InviteProvider, InviteTarget, ResolvedTarget, Session,
    Technician, Ticket, TicketAction, TicketActionKind,
};
use crate::error::CoreError;
use crate::event::Event;
use crate::ports::mailer::OutgoingMail;
use crate::ports::Via;

use super::actions::{MAX_CUSTOMER_NAME, MAX_ISSUE};
use super::remote_support::{render_invite, SAMPLE_CODE, SAMPLE_LINK};
use super::Invitations;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct InviteRequest {
    pub ticket_id: String,
    /// As typed: addresses separated by commas, semicolons or spaces.
    pub recipients: String,
    pub target: InviteTarget,
    /// A quick invite from the ticket's button (IN1), which the admin may turn off; the
    /// *Remote Session Invitation* action (IN2) is always available.
    pub quick: bool,
    /// Splashtop (a board session) unless BeyondTrust (a session key) is chosen.
    #[serde(default)]
    pub provider: InviteProvider,
}

/// What the dialog shows before *Send*.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct InvitePreview {
    pub recipients: Vec<String>,
    pub target: ResolvedTarget,
    pub subject: String,
    /// Rendered with a sample link and code: the real ones exist once the session does.
    pub html: String,
    pub text: String,
    /// Why *Send* would be refused now though the invitation itself is fine (no email
    /// account set up): said before the technician clicks, not after.
    pub cannot_send: Option<String>,
}

/// What the chat invite shows before *Post*, like the email's preview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct ChatInvitePreview {
    pub target: ResolvedTarget,
    /// The message as the customer will read it in the chat, with a sample link and code.
    pub html: String,
}

impl Invitations {
    /// IN4 before posting: where the session will go, and the message as it will read.
    pub async fn preview_chat_invite(
        &self,
        ticket_id: &str,
        target: Option<InviteTarget>,
    ) -> Result<ChatInvitePreview, CoreError> {
        let (_, _, settings, _, target) = self.chat_invite(ticket_id, target).await?;
        let rendered = render_invite(&settings.templates, SAMPLE_LINK, SAMPLE_CODE);
        Ok(ChatInvitePreview {
            target,
            html: rendered.chat_html,
        })
    }

    /// IN8 before sending: where the session will go, and the email as it will read.
    pub async fn preview_invite(&self, request: InviteRequest) -> Result<InvitePreview, CoreError> {
        let (_, _, recipients, target) = self.check_invite(&request).await?;
        let settings = self.ctx.remote_support_settings().await?;
        let rendered = render_invite(&settings.templates, SAMPLE_LINK, SAMPLE_CODE);
        let cannot_send = self.ctx.mailer.ready().await.err().map(|e| e.to_string());
        Ok(InvitePreview {
            recipients,
            target,
            subject: rendered.subject,
            html: rendered.html,
            text: rendered.text,
            cannot_send,
        })
    }

    /// Sends the invitation and returns the ticket action recording it (IN6). The email is
    /// delivered before this returns when the mail server answers; otherwise the action is
    /// `pending` and the outbox retries it.
    pub async fn send_invite(&self, request: InviteRequest) -> Result<TicketAction, CoreError> {
        let (me, ticket, recipients, mut target) = self.check_invite(&request).await?;
        self.ctx
            .mailer
            .ready()
            .await
            .map_err(|e| CoreError::Invalid(e.to_string()))?;
        let mut channel_name = None;
        let (session_id, link, code) = match request.provider {
            InviteProvider::Splashtop => {
                let s = self.session_for(&me, &ticket, &target).await?;
                channel_name = Some(self.ctx.channel(&s.channel_id).await?.name);
                (s.id, s.link, s.code)
            }
            InviteProvider::Beyondtrust => {
                self.beyondtrust
                    .beyondtrust_key(&ticket, &mut target)
                    .await?
            }
        };
        let settings = self.ctx.remote_support_settings().await?;
        let rendered = render_invite(&settings.templates, &link, &code);
        let mails: Vec<OutgoingMail> = recipients
            .iter()
            .map(|to| OutgoingMail {
                to: vec![to.clone()],
                subject: rendered.subject.clone(),
                html: rendered.html.clone(),
                text: rendered.text.clone(),
                via: Via::Email,
                message_id: None,
            })
            .collect();
        let action = TicketAction {
            id: 0,
            ticket_id: ticket.id.clone(),
            at: self.ctx.clock.now(),
            actor: me.id.clone(),
            kind: TicketActionKind::RemoteSessionInvitation,
            note: format!(
                "Remote session invitation to {}; {}",
                recipients.join(", "),
                placement(&target, channel_name.as_deref())
            ),
            transcript: None,
            invitation: Some(InvitationRecord {
                provider: request.provider,
                recipients,
                requested: request.target,
                target_label: target.label.clone(),
                session_id,
                link,
                code,
            }),
            delivery: Some(crate::domain::Delivery::Pending),
            delivery_error: None,
            logged_seconds: None,
        };
        let id = self
            .ctx
            .store
            .add_ticket_action_with_mail(&action, &mails, self.ctx.clock.now())
            .await?;
        self.flush_mail().await;
        self.ctx.emit(Event::TicketChanged {
            ticket_id: ticket.id.clone(),
        });
        let actions = self.ctx.store.ticket_actions(&ticket.id).await?;
        actions
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| CoreError::NotFound {
                what: "ticket action",
                id: id.to_string(),
            })
    }

    /// What a chat invite is about, for its preview and its post alike: who asks, the ticket,
    /// the settings, and where the session will go.
    /// IN4: the target asked for, else the ticket type's, else the default one.
    async fn chat_invite(
        &self,
        ticket_id: &str,
        target: Option<InviteTarget>,
    ) -> Result<
        (
            Technician,
            Ticket,
            crate::domain::RemoteSupportSettings,
            InviteTarget,
            ResolvedTarget,
        ),
        CoreError,
    > {
        let me = self.ctx.me().await?;
        let ticket = self.ctx.ticket(ticket_id).await?;
        let target = match (target, ticket.type_id.as_deref()) {
            (Some(target), _) => target,
            (None, None) => InviteTarget::Default,
            (None, Some(type_id)) => self
                .ctx
                .store
                .ticket_types()
                .await?
                .into_iter()
                .find(|t| t.id == type_id)
                .map_or(InviteTarget::Default, |t| t.invite_target),
        };
        let settings = self.ctx.remote_support_settings().await?;
        let resolved = resolve(
            &target,
            &settings,
            &self.invite_directory(&me).await?.view(),
        )?;
        Ok((me, ticket, settings, target, resolved))
    }

    /// IN4: the link as a message in the ticket's chat, from the HTML chat template.
    pub async fn send_chat_invite(
        &self,
        ticket_id: &str,
        target: Option<InviteTarget>,
    ) -> Result<ChatMessage, CoreError> {
        let (me, ticket, settings, target, resolved) = self.chat_invite(ticket_id, target).await?;
        let session = self.session_for(&me, &ticket, &resolved).await?;
        let channel_name = self.ctx.channel(&session.channel_id).await?.name;
        let chat_id = match self.ctx.store.ticket_chat(ticket_id).await? {
            Some(id) => id,
            None => {
                let id = Uuid::new_v4().to_string();
                self.ctx
                    .store
                    .create_chat(&id, Some(ticket_id), self.ctx.clock.now())
                    .await?;
                id
            }
        };
        let rendered = render_invite(&settings.templates, &session.link, &session.code);
        let mut message = ChatMessage {
            id: 0,
            chat_id,
            at: self.ctx.clock.now(),
            author: me.id.clone(),
            html: rendered.chat_html,
        };
        message.id = self.ctx.store.add_chat_message(&message).await?;
        let action = TicketAction {
            id: 0,
            ticket_id: ticket.id.clone(),
            at: self.ctx.clock.now(),
            actor: me.id.clone(),
            kind: TicketActionKind::ChatInvitation,
            note: format!(
                "Chat invitation sent; {}",
                placement(&resolved, Some(&channel_name))
            ),
            transcript: None,
            invitation: Some(InvitationRecord {
                provider: InviteProvider::Splashtop,
                recipients: Vec::new(),
                requested: target,
                target_label: resolved.label,
                session_id: session.id,
                link: session.link,
                code: session.code,
            }),
            delivery: None,
            delivery_error: None,
            logged_seconds: None,
        };
        self.ctx.store.add_ticket_action(&action).await?;
        self.ctx.emit(Event::TicketChanged {
            ticket_id: ticket.id,
        });
        Ok(message)
    }

    async fn check_invite(
        &self,
        request: &InviteRequest,
    ) -> Result<(Technician, Ticket, Vec<String>, ResolvedTarget), CoreError> {
        let me = self.ctx.me().await?;
        let ticket = self.ctx.ticket(&request.ticket_id).await?;
        let settings = self.ctx.remote_support_settings().await?;
        if request.quick && !settings.quick_invites {
            return Err(CoreError::Forbidden(
                "quick invites from tickets are turned off in Settings → Remote support; use Invite with options… instead".into(),
            ));
        }
        let recipients = parse_recipients(&request.recipients)?;
        let target = match request.provider {
            InviteProvider::Splashtop => resolve(
                &request.target,
                &settings,
                &self.invite_directory(&me).await?.view(),
            )?,
            InviteProvider::Beyondtrust => {
                self.beyondtrust
                    .resolve_beyondtrust(&me, &request.target)
                    .await?
            }
        };
        Ok((me, ticket, recipients, target))
    }

    async fn invite_directory_parts(
        &self,
    ) -> Result<
        (
            Vec<Technician>,
            Vec<crate::domain::Team>,
            Vec<crate::domain::Channel>,
        ),
        CoreError,
    > {
        Ok((
            self.ctx.store.technicians().await?,
            self.ctx.store.teams().await?,
            self.ctx.store.channels().await?,
        ))
    }

    async fn invite_directory(&self, me: &Technician) -> Result<OwnedDirectory, CoreError> {
        let (technicians, teams, channels) = self.invite_directory_parts().await?;
        Ok(OwnedDirectory {
            me: me.clone(),
            technicians,
            teams,
            channels,
        })
    }

    /// The session the invitation carries, created in the resolved target. Its link was
    /// checked when it was created; an empty one is refused here once more (IN8: never an
    /// invitation with an empty link).
    async fn session_for(
        &self,
        me: &Technician,
        ticket: &Ticket,
        target: &ResolvedTarget,
    ) -> Result<Session, CoreError> {
        let channel = self.ctx.channel(&target.channel_id).await?;
        let who = [ticket.end_user_name.as_str(), ticket.customer_name.as_str()]
            .into_iter()
            .find(|s| !s.trim().is_empty())
            .unwrap_or(ticket.end_user_email.as_str());
        let customer_name: String = who.chars().take(MAX_CUSTOMER_NAME).collect();
        let customer_name = if customer_name.trim().is_empty() {
            format!("Ticket #{}", ticket.number)
        } else {
            customer_name
        };
        let issue: String = format!("#{} {}", ticket.number, ticket.subject)
            .chars()
            .take(MAX_ISSUE)
            .collect();
        let session = self
            .sessions
            .open_session(
                me,
                channel,
                customer_name,
                issue,
                target.assignee.clone(),
                Some(ticket.id.clone()),
            )
            .await?;
        if session.link.trim().is_empty() {
            return Err(CoreError::Invalid(
                "the provider returned no session link; nothing was sent".into(),
            ));
        }
        Ok(session)
    }
}

/// `Directory` borrows; this owns what it borrows from.
struct OwnedDirectory {
    me: Technician,
    technicians: Vec<Technician>,
    teams: Vec<crate::domain::Team>,
    channels: Vec<crate::domain::Channel>,
}

impl OwnedDirectory {
    fn view(&self) -> Directory<'_> {
        Directory {
            me: &self.me,
            technicians: &self.technicians,
            teams: &self.teams,
            channels: &self.channels,
        }
    }
}

/// Where the session is, as the board shows it: a team's session waits unassigned in the
/// team's channel, and the timeline must not suggest otherwise.
fn placement(target: &ResolvedTarget, channel: Option<&str>) -> String {
    let mut said = match (channel, &target.assignee) {
        (Some(channel), None) => format!(
            "the session waits unassigned in {channel} for {}",
            target.label
        ),
        (Some(channel), Some(_)) => format!("the session went to {} in {channel}", target.label),
        (None, _) => format!("the session went to {}", target.label),
    };
    if let Some(why) = &target.fallback_reason {
        said.push_str(&format!(" ({why})"));
    }
    said
}
