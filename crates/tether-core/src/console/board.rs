//! Reading the board (SD1): the sidebar, a channel's sessions, one session's detail. All of
//! it comes from the local cache, so it works with the provider down.

use std::collections::HashSet;

use chrono::Duration;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::session_page::{DEFAULT_PAGE, MAX_PAGE};
use crate::domain::session_rules::{SessionActions, Situation};
use crate::domain::{
    ChannelKind, ChannelRef, ChannelSettings, PageCursor, Session, SessionDetail, SessionPage,
    SessionQuery, SessionSearch, SessionState, StateCounts, Technician, PRIVATE_CHANNEL_ID,
};
use crate::error::CoreError;
use crate::ports::notifier::NotifierHealth;
use crate::ports::provider::ProviderHealth;
use crate::ports::store::SessionFilter;

use super::poll_budget::Freshness;
use super::{lock, Sessions};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct ChannelSummary {
    pub channel_ref: ChannelRef,
    pub name: String,
    /// `None` for Home, which is a view rather than a channel.
    pub kind: Option<ChannelKind>,
    pub counts: StateCounts,
    pub muted: bool,
    /// `None` for Home.
    pub settings: Option<ChannelSettings>,
    /// Whether *New session* may put a session here (TeamViewer's come from tickets).
    pub new_sessions: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct AppSettings {
    pub current_technician: String,
    pub poll_interval_ms: u32,
    /// Requests a minute the poller may spend on open sessions.
    pub poll_budget_per_minute: u32,
    /// SP1: where the technician's new sessions go unless they pick another channel.
    pub default_channel: String,
}

/// Everything the window needs to draw its frame.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Board {
    pub me: Technician,
    pub technicians: Vec<Technician>,
    pub channels: Vec<ChannelSummary>,
    pub providers: Vec<ProviderHealth>,
    pub notifier: NotifierHealth,
    /// Provider actions and emails waiting (TK2): queued while a server was unreachable, or
    /// refused and waiting for a technician.
    pub pending_actions: u32,
    /// How stale the open sessions may be under the polling budget.
    pub freshness: Freshness,
    pub settings: AppSettings,
    pub demo: bool,
    /// Sessions In Queue in the technician's channels, muted ones left out: released, and
    /// waiting for someone to take them. The tray and the window's title show it.
    pub waiting: u32,
    /// The window's title, with the waiting count when there is one.
    pub title: String,
}

/// The tray menu's line for the count.
pub fn waiting_label(waiting: u32) -> String {
    match waiting {
        0 => "No session waiting".into(),
        1 => "1 session waiting".into(),
        n => format!("{n} sessions waiting"),
    }
}

/// "Tether", or "Tether — 3 waiting" while sessions wait to be taken.
pub fn window_title(waiting: u32) -> String {
    match waiting {
        0 => "Tether".into(),
        n => format!("Tether — {n} waiting"),
    }
}

impl Sessions {
    pub async fn board(&self) -> Result<Board, CoreError> {
        let me = self.ctx.me().await?;
        let muted: HashSet<String> = self
            .ctx
            .store
            .muted_channels(&me.id)
            .await?
            .into_iter()
            .collect();
        let mut channels = vec![ChannelSummary {
            channel_ref: ChannelRef::Home,
            name: "Home".into(),
            kind: None,
            counts: self.ctx.store.count_sessions(&home(&me)).await?.into(),
            muted: false,
            settings: None,
            new_sessions: false,
        }];
        for c in self.ctx.store.channels().await? {
            if c.kind == ChannelKind::Shared && !c.is_member(&me.id) {
                continue;
            }
            let view = if c.id == PRIVATE_CHANNEL_ID {
                ChannelRef::Private
            } else {
                ChannelRef::Channel(c.id.clone())
            };
            let filter = self.filter_for(&me, &view).await?;
            channels.push(ChannelSummary {
                channel_ref: view,
                name: c.name.clone(),
                kind: Some(c.kind),
                counts: self.ctx.store.count_sessions(&filter).await?.into(),
                muted: muted.contains(&c.id),
                settings: Some(c.settings.clone()),
                new_sessions: c.id != crate::domain::teamviewer::CHANNEL_ID,
            });
        }
        let technicians = self.ctx.store.technicians().await?;
        // TK2: every outbox counts, the provider's and the mail server's.
        let pending_actions =
            self.ctx.store.outbox_len().await? + self.ctx.store.pending_mail().await?.len() as u32;
        let settings = self.ctx.settings().await?;
        // Read the health last: a guard held across an await would make this future !Send.
        let providers = vec![lock(&self.ctx.health).clone()];
        let notifier = lock(&self.ctx.notifier_health).clone();
        let freshness = lock(&self.ctx.freshness).clone();
        let waiting = channels
            .iter()
            .filter(|c| !c.muted)
            .map(|c| c.counts.in_queue)
            .sum();
        Ok(Board {
            waiting,
            title: window_title(waiting),
            freshness,
            technicians,
            channels,
            providers,
            notifier,
            pending_actions,
            settings,
            demo: self.ctx.demo,
            me,
        })
    }

    /// The sessions of one sidebar entry, newest state change first.
    pub async fn list_sessions(&self, view: &ChannelRef) -> Result<Vec<Session>, CoreError> {
        let me = self.ctx.me().await?;
        let filter = self.filter_for(&me, view).await?;
        Ok(self.ctx.store.sessions(&filter).await?)
    }

    /// One page of a board view, with every tab's count for the view and the search. Only
    /// the rows the list shows are read; the counts come from an aggregate.
    pub async fn session_page(
        &self,
        view: &ChannelRef,
        query: &SessionQuery,
    ) -> Result<SessionPage, CoreError> {
        // A larger ask gets a full page and the cursor to go on from, not a refusal: a
        // window that refreshes what it had scrolled through simply continues from there.
        let limit = query.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
        // Independent reads go together: the cache serves them on separate connections, so
        // the first screen costs about two queries' time rather than four.
        let (me, channels) = tokio::join!(self.ctx.me(), self.ctx.store.channels());
        let me = me?;
        let mut filter = filter_in(&me, view, &channels?)?;
        filter.search = SessionSearch::parse(&query.search);
        let mut rows = filter.clone();
        rows.states = query.state.map(|s| vec![s]);
        // One more than asked says whether another page follows.
        let (counts, sessions) = tokio::join!(
            self.ctx.store.count_sessions(&filter),
            self.ctx
                .store
                .session_page(&rows, query.after.as_ref(), limit + 1)
        );
        let counts = counts?.into();
        let mut sessions = sessions?;
        let next = if sessions.len() > limit as usize {
            sessions.truncate(limit as usize);
            sessions.last().map(PageCursor::after)
        } else {
            None
        };
        Ok(SessionPage {
            sessions,
            counts,
            next,
        })
    }

    pub async fn session_detail(&self, id: &str) -> Result<SessionDetail, CoreError> {
        let me = self.ctx.me().await?;
        let (session, channel) = self.ctx.visible_session(&me, id).await?;
        let expires_at = session.state.is_open().then(|| {
            session.state_changed_at
                + Duration::minutes(i64::from(channel.settings.session_timeout_minutes))
        });
        let technicians = self.ctx.store.technicians().await?;
        let channels = self.ctx.store.channels().await?;
        let actions = SessionActions::of(
            &session,
            &Situation {
                me: &me,
                technicians: &technicians,
                channel: &channel,
                channels: &channels,
                demo: self.ctx.demo,
            },
        );
        let ticket = match &session.ticket_id {
            Some(t) => self.ctx.ticket(t).await.ok(),
            None => None,
        };
        let pending = self
            .pending_for(&session.provider, &session.provider_session_id)
            .await?;
        let checked_at = lock(&self.ctx.asked_at).get(&session.id).copied();
        Ok(SessionDetail {
            checked_at,
            history: self.ctx.store.history(id).await?,
            session,
            expires_at,
            actions,
            ticket,
            pending,
        })
    }

    async fn filter_for(
        &self,
        me: &Technician,
        view: &ChannelRef,
    ) -> Result<SessionFilter, CoreError> {
        filter_in(me, view, &self.ctx.store.channels().await?)
    }
}

/// Which sessions a view shows this technician, given the channels; a channel they are not
/// a member of is refused.
fn filter_in(
    me: &Technician,
    view: &ChannelRef,
    channels: &[crate::domain::Channel],
) -> Result<SessionFilter, CoreError> {
    Ok(match view {
        ChannelRef::Home => home(me),
        ChannelRef::Private => SessionFilter {
            channel_id: Some(PRIVATE_CHANNEL_ID.into()),
            involving: Some(me.id.clone()),
            ..SessionFilter::default()
        },
        ChannelRef::Channel(id) => {
            let channel =
                channels
                    .iter()
                    .find(|c| &c.id == id)
                    .ok_or_else(|| CoreError::NotFound {
                        what: "channel",
                        id: id.clone(),
                    })?;
            if !channel.is_member(&me.id) {
                return Err(CoreError::Forbidden(format!(
                    "{} is not a member of {}",
                    me.name, channel.name
                )));
            }
            SessionFilter {
                channel_id: Some(id.clone()),
                involving: channel.settings.private_sessions.then(|| me.id.clone()),
                ..SessionFilter::default()
            }
        }
    })
}

fn home(me: &Technician) -> SessionFilter {
    SessionFilter {
        assigned_to: Some(me.id.clone()),
        ..SessionFilter::default()
    }
}

/// Open states, for the poller and the expiry sweep.
pub(crate) fn open_states() -> Vec<SessionState> {
    SessionState::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .collect()
}
