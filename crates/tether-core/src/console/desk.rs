//! SPEC TK1: tickets, assets and the directory, read from the local cache (so they open
//! instantly and offline), plus the import an admin or a PSA sync feeds them through.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::domain::{
    launch::{launch_buttons, LaunchOptions},
    Asset, AssetLaunch, AssetQuery, AssetType, ChatMessage, Customer, IntegrationKind,
    InviteTarget, NewTicket, Team, Ticket, TicketAction, TicketActionKind, TicketDetail,
    TicketQuery, TicketStatus, TicketType,
};
use crate::error::CoreError;
use crate::event::Event;

use super::invite::InviteRequest;
use super::{Context, Desk};

/// Everything the Tickets and Assets views offer as filters and targets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Directory {
    pub customers: Vec<Customer>,
    pub teams: Vec<Team>,
    pub ticket_types: Vec<TicketType>,
    pub asset_types: Vec<AssetType>,
    /// UA1: the fields the Splashtop buttons may launch by, and why the others cannot.
    pub launch_fields: Vec<crate::domain::launch::LaunchFieldChoice>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct AssetDetail {
    pub asset: Asset,
    pub asset_type: AssetType,
    pub launch: LaunchOptions,
    pub history: Vec<AssetLaunch>,
}

/// IN3: the ticket, and what happened to the invitation its type sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct TicketCreated {
    pub ticket: Ticket,
    pub invitation: Option<TicketAction>,
    /// Why the type's invitation was not sent (the ticket is kept either way).
    pub invitation_error: Option<crate::error::ErrorDto>,
}

/// An import: from a PSA or RMM sync, or `tether import FILE.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct DeskImport {
    pub customers: Vec<Customer>,
    pub teams: Vec<Team>,
    pub ticket_types: Vec<TicketType>,
    pub asset_types: Vec<AssetType>,
    pub assets: Vec<Asset>,
    pub tickets: Vec<ImportedTicket>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct ImportedTicket {
    pub id: Option<String>,
    pub number: i64,
    #[serde(flatten)]
    pub new: NewTicket,
    pub status: Option<TicketStatus>,
    pub assignee: Option<String>,
}

/// What an import did; rows it refused are named with the reason, the rest are kept.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct ImportReport {
    pub customers: u32,
    pub teams: u32,
    pub ticket_types: u32,
    pub asset_types: u32,
    pub assets: u32,
    pub tickets: u32,
    pub refused: Vec<String>,
}

const MAX_LIST: u32 = 500;

impl Desk {
    pub async fn directory(&self) -> Result<Directory, CoreError> {
        let asset_types = self.ctx.store.asset_types().await?;
        Ok(Directory {
            customers: self.ctx.store.customers().await?,
            teams: self.ctx.store.teams().await?,
            ticket_types: self.ctx.store.ticket_types().await?,
            launch_fields: crate::domain::launch::launch_field_choices(&asset_types),
            asset_types,
        })
    }

    /// Search and filters over the cache. At most 500 rows: a search narrows, a list
    /// does not page through 100,000 tickets.
    pub async fn tickets(&self, mut query: TicketQuery) -> Result<Vec<Ticket>, CoreError> {
        query.limit = Some(query.limit.unwrap_or(MAX_LIST).min(MAX_LIST));
        Ok(self.ctx.store.tickets(&query).await?)
    }

    pub async fn ticket_detail(&self, id: &str) -> Result<TicketDetail, CoreError> {
        let ticket = self.ctx.ticket(id).await?;
        let ticket_type = self.ticket_type(ticket.type_id.as_deref()).await?;
        let waiting_mail = self
            .invitations
            .pending_mail()
            .await?
            .into_iter()
            .filter(|m| m.ticket_id.as_deref() == Some(id))
            .collect();
        Ok(TicketDetail {
            actions: self.ctx.store.ticket_actions(id).await?,
            chat_id: self.ctx.store.ticket_chat(id).await?,
            ticket,
            ticket_type,
            waiting_mail,
        })
    }

    async fn ticket_type(&self, id: Option<&str>) -> Result<Option<TicketType>, CoreError> {
        let Some(id) = id else { return Ok(None) };
        Ok(self
            .ctx
            .store
            .ticket_types()
            .await?
            .into_iter()
            .find(|t| t.id == id))
    }

    /// Creates a ticket; a type that defaults *Send Remote Session Invitation* sends one to
    /// the end user at once (IN3). A failed invitation never loses the ticket.
    pub async fn create_ticket(&self, new: NewTicket) -> Result<TicketCreated, CoreError> {
        let me = self.ctx.me().await?;
        let ticket = self
            .insert_ticket(new, None, 0, None, Some(me.id.clone()))
            .await?;
        self.add_action(
            &ticket.id,
            &me.id,
            TicketActionKind::Created,
            "Ticket created",
        )
        .await?;
        let ticket_type = self.ticket_type(ticket.type_id.as_deref()).await?;
        let mut created = TicketCreated {
            ticket: ticket.clone(),
            invitation: None,
            invitation_error: None,
        };
        if let Some(tt) = ticket_type.filter(|t| t.send_invite_on_create) {
            let request = InviteRequest {
                ticket_id: ticket.id.clone(),
                recipients: ticket.end_user_email.clone(),
                target: tt.invite_target.clone(),
                quick: false,
                provider: Default::default(),
            };
            match self.invitations.send_invite(request).await {
                Ok(action) => created.invitation = Some(action),
                Err(e) => {
                    let note =
                        format!("The {} ticket type's invitation was not sent: {e}", tt.name);
                    self.add_action(&ticket.id, "system", TicketActionKind::Note, &note)
                        .await?;
                    created.invitation_error = Some(e.to_dto());
                }
            }
        }
        self.ctx.emit(Event::TicketChanged {
            ticket_id: ticket.id.clone(),
        });
        Ok(created)
    }

    async fn insert_ticket(
        &self,
        new: NewTicket,
        id: Option<String>,
        number: i64,
        status: Option<TicketStatus>,
        assignee: Option<String>,
    ) -> Result<Ticket, CoreError> {
        let subject = new.subject.trim().to_string();
        if subject.is_empty() {
            return Err(CoreError::Invalid(
                "say what the ticket is about: the subject is empty".into(),
            ));
        }
        let email = new.end_user_email.trim().to_string();
        if !email.is_empty() && !crate::domain::invitation::is_email(&email) {
            return Err(CoreError::Invalid(format!(
                "{email:?} is not an email address"
            )));
        }
        let customer_name = match &new.customer_id {
            Some(c) => self
                .ctx
                .store
                .customers()
                .await?
                .into_iter()
                .find(|x| &x.id == c)
                .map(|x| x.name)
                .ok_or_else(|| CoreError::NotFound {
                    what: "customer",
                    id: c.clone(),
                })?,
            None => String::new(),
        };
        if let Some(t) = &new.type_id {
            if !self
                .ctx
                .store
                .ticket_types()
                .await?
                .iter()
                .any(|x| &x.id == t)
            {
                return Err(CoreError::NotFound {
                    what: "ticket type",
                    id: t.clone(),
                });
            }
        }
        let now = self.ctx.clock.now();
        let ticket = Ticket {
            id: id.unwrap_or_else(|| Uuid::new_v4().to_string()),
            number,
            subject,
            status: status.unwrap_or(TicketStatus::Open),
            customer_id: new.customer_id,
            customer_name,
            end_user_name: new.end_user_name.trim().to_string(),
            end_user_email: email,
            type_id: new.type_id,
            assignee,
            asset_id: new.asset_id,
            created_at: now,
            updated_at: now,
        };
        Ok(self.ctx.store.insert_ticket(&ticket).await?)
    }

    pub(crate) async fn add_action(
        &self,
        ticket_id: &str,
        actor: &str,
        kind: TicketActionKind,
        note: &str,
    ) -> Result<i64, CoreError> {
        let action = TicketAction {
            id: 0,
            ticket_id: ticket_id.to_string(),
            at: self.ctx.clock.now(),
            actor: actor.to_string(),
            kind,
            note: note.to_string(),
            transcript: None,
            invitation: None,
            delivery: None,
            delivery_error: None,
            logged_seconds: None,
        };
        Ok(self.ctx.store.add_ticket_action(&action).await?)
    }

    /// SY7: a technician changes a ticket's status; the timeline says who and from what.
    /// Resolving (or closing) a ticket made from a Syncro alert resolves the alert in Syncro
    /// through the outbox, so an outage there loses nothing.
    pub async fn set_ticket_status(
        &self,
        ticket_id: &str,
        status: TicketStatus,
    ) -> Result<Ticket, CoreError> {
        let me = self.ctx.me().await?;
        let ticket = self.ctx.ticket(ticket_id).await?;
        if ticket.status == status {
            return Ok(ticket);
        }
        // The status first: the alert is resolved in Syncro only for a ticket that is.
        let note = format!("{} → {}", ticket.status.label(), status.label());
        let action = TicketAction {
            id: 0,
            ticket_id: ticket_id.to_string(),
            at: self.ctx.clock.now(),
            actor: me.id.clone(),
            kind: TicketActionKind::StatusChanged,
            note,
            transcript: None,
            invitation: None,
            delivery: None,
            delivery_error: None,
            logged_seconds: None,
        };
        self.ctx
            .store
            .set_ticket_status(ticket_id, status, &action)
            .await?;
        if status.is_done() {
            if let Some(alert) =
                super::syncro_alerts::queue_alert_resolve(&self.ctx, ticket_id).await?
            {
                self.add_action(
                    ticket_id,
                    &me.id,
                    TicketActionKind::StatusChanged,
                    &format!("Syncro alert {alert} queued to be resolved in Syncro"),
                )
                .await?;
                self.ctx.wake.notify_one();
            }
        }
        self.ctx.emit(Event::TicketChanged {
            ticket_id: ticket_id.to_string(),
        });
        self.ctx.ticket(ticket_id).await
    }

    /// A technician's note on the timeline.
    pub async fn add_ticket_note(&self, ticket_id: &str, note: &str) -> Result<(), CoreError> {
        let me = self.ctx.me().await?;
        self.ctx.ticket(ticket_id).await?;
        if note.trim().is_empty() {
            return Err(CoreError::Invalid("the note is empty".into()));
        }
        self.add_action(ticket_id, &me.id, TicketActionKind::Note, note.trim())
            .await?;
        self.ctx.emit(Event::TicketChanged {
            ticket_id: ticket_id.to_string(),
        });
        Ok(())
    }

    pub async fn assets(&self, mut query: AssetQuery) -> Result<Vec<Asset>, CoreError> {
        query.limit = Some(query.limit.unwrap_or(MAX_LIST).min(MAX_LIST));
        Ok(self.ctx.store.assets(&query).await?)
    }

    pub async fn asset_detail(&self, id: &str) -> Result<AssetDetail, CoreError> {
        let (asset, asset_type) = self.asset_with_type(id).await?;
        let settings = self.ctx.remote_support_settings().await?;
        let host = self.beyondtrust_host().await;
        Ok(AssetDetail {
            launch: launch_buttons(&asset, &asset_type, &settings.launch, host.as_deref()),
            history: self.ctx.store.asset_launches(id).await?,
            asset,
            asset_type,
        })
    }

    pub(crate) async fn asset_with_type(&self, id: &str) -> Result<(Asset, AssetType), CoreError> {
        let asset = self
            .ctx
            .store
            .asset(id)
            .await?
            .ok_or_else(|| CoreError::NotFound {
                what: "asset",
                id: id.to_string(),
            })?;
        let asset_type = self
            .ctx
            .store
            .asset_types()
            .await?
            .into_iter()
            .find(|t| t.id == asset.type_id)
            .ok_or_else(|| CoreError::NotFound {
                what: "asset type",
                id: asset.type_id.clone(),
            })?;
        Ok((asset, asset_type))
    }

    /// The BeyondTrust appliance's address (scheme and host) from its Integrations card, if
    /// it is enabled.
    pub(crate) async fn beyondtrust_host(&self) -> Option<String> {
        let url = self
            .ctx
            .config
            .base_url(IntegrationKind::Beyondtrust)
            .await?;
        let (scheme, rest) = url.split_once("://").unwrap_or(("https", url.as_str()));
        let host = rest.split('/').next().unwrap_or_default();
        (!host.is_empty()).then(|| format!("{scheme}://{host}"))
    }

    /// IN8: a technician says whether they take invitations now.
    pub async fn set_available(&self, available: bool) -> Result<(), CoreError> {
        let me = self.ctx.me().await?;
        self.ctx
            .store
            .set_technician_available(&me.id, available)
            .await?;
        self.ctx.emit(Event::BoardChanged);
        Ok(())
    }

    pub async fn chat_messages(&self, chat_id: &str) -> Result<Vec<ChatMessage>, CoreError> {
        Ok(self.ctx.store.chat_messages(chat_id).await?)
    }

    /// IN3: a ticket type's defaults, edited in Settings: whether creating a ticket of this
    /// type sends a remote session invitation, and where that session goes. A target that
    /// names something the desk does not have is refused.
    pub async fn update_ticket_type(
        &self,
        id: &str,
        send_invite_on_create: bool,
        invite_target: InviteTarget,
    ) -> Result<TicketType, CoreError> {
        let mut ticket_type = self
            .ctx
            .store
            .ticket_types()
            .await?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or_else(|| CoreError::NotFound {
                what: "ticket type",
                id: id.to_string(),
            })?;
        match &invite_target {
            InviteTarget::Default => {}
            InviteTarget::Team(team) => {
                if !self.ctx.store.teams().await?.iter().any(|t| &t.id == team) {
                    return Err(CoreError::NotFound {
                        what: "team",
                        id: team.clone(),
                    });
                }
            }
            InviteTarget::Agent(technician) => {
                self.ctx.technician(technician).await?;
            }
            InviteTarget::Channel(channel) => {
                self.ctx.channel(channel).await?;
            }
        }
        ticket_type.send_invite_on_create = send_invite_on_create;
        ticket_type.invite_target = invite_target;
        self.ctx.store.upsert_ticket_type(&ticket_type).await?;
        self.ctx.emit(Event::DeskChanged);
        Ok(ticket_type)
    }

    /// Adds or updates everything in `import`. Each row is checked on its own: a bad row is
    /// reported and skipped, never half-written, and the good rows are kept.
    pub async fn import_desk(&self, import: DeskImport) -> Result<ImportReport, CoreError> {
        let mut report = ImportReport::default();
        for c in &import.customers {
            if c.id.trim().is_empty() || c.name.trim().is_empty() {
                report
                    .refused
                    .push(format!("customer {:?}: needs an id and a name", c.id));
                continue;
            }
            self.ctx.store.upsert_customer(c).await?;
            report.customers += 1;
        }
        let channels = self.ctx.store.channels().await?;
        for t in &import.teams {
            if !channels.iter().any(|c| c.id == t.channel_id) {
                report.refused.push(format!(
                    "team {}: no channel {:?} on the board",
                    t.name, t.channel_id
                ));
                continue;
            }
            self.ctx.store.upsert_team(t).await?;
            report.teams += 1;
        }
        for t in &import.ticket_types {
            self.ctx.store.upsert_ticket_type(t).await?;
            report.ticket_types += 1;
        }
        for t in &import.asset_types {
            if let Some(f) = t
                .fields
                .iter()
                .find(|f| f.kind == crate::domain::AssetFieldKind::Dropdown && f.options.is_empty())
            {
                report.refused.push(format!(
                    "asset type {}: the dropdown {} has no options",
                    t.name, f.label
                ));
                continue;
            }
            self.ctx.store.upsert_asset_type(t).await?;
            report.asset_types += 1;
        }
        let types = self.ctx.store.asset_types().await?;
        let customers = self.ctx.store.customers().await?;
        for a in import.assets {
            let mut a = a;
            let Some(t) = types.iter().find(|t| t.id == a.type_id) else {
                report
                    .refused
                    .push(format!("asset {}: no asset type {:?}", a.name, a.type_id));
                continue;
            };
            if let Err(e) = a.normalise_fields(t) {
                report.refused.push(e.to_string());
                continue;
            }
            a.customer_name = a
                .customer_id
                .as_ref()
                .and_then(|c| customers.iter().find(|x| &x.id == c))
                .map(|c| c.name.clone())
                .unwrap_or_default();
            self.ctx.store.upsert_asset(&a).await?;
            report.assets += 1;
        }
        for t in import.tickets {
            let label = t.new.subject.clone();
            let number = t.number;
            if let Some(id) = &t.id {
                if self.ctx.store.ticket(id).await?.is_some() {
                    report
                        .refused
                        .push(format!("ticket {id}: already in the cache"));
                    continue;
                }
            }
            match self
                .insert_ticket(t.new, t.id, t.number, t.status, t.assignee)
                .await
            {
                Ok(ticket) => {
                    self.add_action(&ticket.id, "system", TicketActionKind::Created, "Imported")
                        .await?;
                    report.tickets += 1;
                }
                Err(CoreError::Store(crate::ports::StoreError::Conflict(_))) => report.refused.push(
                    format!("ticket #{number} {label:?}: a ticket with this number or id is already in the cache"),
                ),
                Err(e) => report.refused.push(format!("ticket {label:?}: {e}")),
            }
        }
        self.ctx.emit(Event::DeskChanged);
        Ok(report)
    }
}

impl Context {
    pub(crate) async fn ticket(&self, id: &str) -> Result<Ticket, CoreError> {
        self.store
            .ticket(id)
            .await?
            .ok_or_else(|| CoreError::NotFound {
                what: "ticket",
                id: id.to_string(),
            })
    }
}
