//! Splashtop has no webhooks (providers.md §3.2), so the board polls each open session,
//! within a request budget (`poll_budget`). The interval is configurable; with nothing open
//! it backs off, because nothing can change until a technician creates a session, and
//! creating one wakes the poller at once.

use std::sync::Arc;
use std::time::Duration;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::SessionState;
use crate::error::CoreError;
use crate::ports::store::SessionFilter;
use crate::ports::ProviderError;

use super::board::open_states;
use super::poll_budget::{choose, pause_after, per_round, worst_staleness, Freshness};
use super::{lock, Context, Sessions, TeamViewer};

/// The least time between two rounds of TeamViewer questions.
const TEAMVIEWER_EVERY: Duration = Duration::from_secs(10);

/// How far the idle back-off stretches the interval.
const MAX_IDLE_FACTOR: u32 = 8;

/// What one poll round did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct PollReport {
    pub polled: u32,
    pub changed: u32,
    pub expired: u32,
    /// Sessions the provider answered for with an error of their own.
    pub session_errors: u32,
    /// Set when the provider failed during this round; the rest of the round was skipped.
    pub provider_error: Option<String>,
    /// The provider asked us to wait this long (429 `Retry-After`).
    pub retry_after_secs: Option<u64>,
    /// Open sessions left for a later round by the request budget.
    pub deferred: u32,
    /// The longest any open session has now gone without a look at the provider.
    pub worst_staleness_secs: Option<u32>,
}

/// The poll loop (and one round of it, for *Sync now*): queued provider actions first, then
/// every open session, then the timeout sweep.
#[derive(Clone)]
pub struct Poller {
    pub(crate) ctx: Arc<Context>,
    pub(crate) sessions: Sessions,
    pub(crate) teamviewer: TeamViewer,
}

impl Poller {
    /// One round: deliver queued actions, poll every open session, expire what timed out.
    pub async fn poll_once(&self) -> Result<PollReport, CoreError> {
        // Mail has its own worker (`Invitations::spawn_mail`): a slow mail server must not
        // hold up the board.
        self.sessions.flush_outbox().await;
        let mut sessions = self
            .ctx
            .store
            .sessions(&SessionFilter {
                states: Some(open_states()),
                ..SessionFilter::default()
            })
            .await?;
        // A session closed here a moment ago is asked once more, so the board shows the
        // provider's own word for it ("Closed") rather than the last one it had.
        let recently_closed = self
            .ctx
            .store
            .sessions(&SessionFilter {
                states: Some(vec![SessionState::Closed]),
                changed_since: Some(self.ctx.clock.now() - chrono::Duration::minutes(2)),
                ..SessionFilter::default()
            })
            .await?;
        sessions.extend(
            recently_closed
                .into_iter()
                .filter(|s| !matches!(s.provider_status.as_str(), "Closed" | "Deleted")),
        );
        // The board may hold other providers' sessions (TeamViewer's): each is asked by its own.
        let own = self.ctx.provider.name().to_string();
        sessions.retain(|s| s.provider == own);
        let budget = self.ctx.poll_budget().await;
        let interval = Duration::from_millis(u64::from(self.ctx.poll_interval_ms().await));
        let now = self.ctx.clock.now();
        let started = *lock(&self.ctx.poll_started).get_or_insert(now);
        let chosen = choose(
            &sessions,
            &lock(&self.ctx.asked_at),
            now,
            started,
            per_round(budget, interval),
        );
        let mut report = PollReport {
            deferred: (sessions.len() - chosen.len()) as u32,
            ..PollReport::default()
        };
        let mut asked = Vec::with_capacity(chosen.len());
        for &i in &chosen {
            let session = sessions[i].clone();
            let fetched = self.ctx.provider.fetch(&session.provider_session_id).await;
            if !matches!(&fetched, Err(e) if ends_round(e)) {
                asked.push(session.id.clone());
            }
            match fetched {
                Ok(remote) => {
                    report.polled += 1;
                    if self.sessions.apply_remote(session, &remote).await? {
                        report.changed += 1;
                    }
                }
                Err(e) if ends_round(&e) => {
                    if let ProviderError::RateLimited { retry_after_secs } = e {
                        report.retry_after_secs = Some(retry_after_secs);
                    }
                    report.provider_error = Some(self.ctx.provider_failed(e).to_string());
                    break;
                }
                Err(e) => {
                    // One odd session (unknown status, lost at the provider) is not an outage:
                    // say so on the provider's row and go on with the others.
                    report.polled += 1;
                    report.session_errors += 1;
                    tracing::warn!(session = %session.id, "{e}");
                    self.ctx.provider_failed(e);
                }
            }
        }
        if report.provider_error.is_none() && report.session_errors == 0 && report.polled > 0 {
            self.ctx.provider_ok();
        }
        self.record_freshness(&sessions, &asked, now, started, budget, interval);
        report.worst_staleness_secs = lock(&self.ctx.freshness).worst_staleness_secs;
        report.expired = self.sessions.expire_due().await?;
        self.sync_teamviewer().await;
        Ok(report)
    }

    /// TeamViewer throttles per function and token (providers.md §2.6): it is asked at most
    /// every `TEAMVIEWER_EVERY`, longer when it said to wait, and a failure is logged, not a
    /// board outage.
    async fn sync_teamviewer(&self) {
        if lock(&self.ctx.tv_next_sync).is_some_and(|at| std::time::Instant::now() < at) {
            return;
        }
        let result = self.teamviewer.sync().await;
        let wait = match &result {
            Err(CoreError::Provider {
                source: ProviderError::RateLimited { retry_after_secs },
                ..
            }) => TEAMVIEWER_EVERY.max(Duration::from_secs(*retry_after_secs)),
            _ => TEAMVIEWER_EVERY,
        };
        *lock(&self.ctx.tv_next_sync) = Some(std::time::Instant::now() + wait);
        match result {
            Ok(0) => {}
            Ok(n) => tracing::info!("{n} TeamViewer connection(s) taken onto tickets"),
            Err(CoreError::Provider {
                source: ProviderError::NotConfigured(_),
                ..
            }) => {}
            Err(e) => tracing::warn!("TeamViewer not synced: {e}"),
        }
    }

    /// Notes which sessions were just asked about (forgetting those no longer open) and how
    /// stale the worst one now is.
    fn record_freshness(
        &self,
        sessions: &[crate::domain::Session],
        asked: &[String],
        now: chrono::DateTime<chrono::Utc>,
        started: chrono::DateTime<chrono::Utc>,
        budget: u32,
        interval: Duration,
    ) {
        let mut asked_at = lock(&self.ctx.asked_at);
        for id in asked {
            asked_at.insert(id.clone(), now);
        }
        let open: std::collections::HashSet<&str> =
            sessions.iter().map(|s| s.id.as_str()).collect();
        asked_at.retain(|id, _| open.contains(id.as_str()));
        let worst = worst_staleness(sessions, &asked_at, now, started)
            .map(|d| u32::try_from(d.num_seconds().max(0)).unwrap_or(u32::MAX));
        let deferred = (sessions.len() - asked.len()) as u32;
        *lock(&self.ctx.freshness) = Freshness {
            open_sessions: sessions.len() as u32,
            budget_per_minute: budget,
            asked_last_round: asked.len() as u32,
            deferred,
            worst_staleness_secs: worst,
            lagging: super::poll_budget::lagging(deferred, worst, interval),
        };
    }

    /// Polls until the returned task is aborted.
    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        let poller = self;
        tokio::spawn(async move {
            if let Err(e) = poller.sessions.sync_channels().await {
                tracing::warn!("channels not refreshed: {e}");
            }
            let mut idle_rounds = 0u32;
            let mut failures = 0u32;
            loop {
                let base = Duration::from_millis(u64::from(poller.ctx.poll_interval_ms().await));
                let budget = poller.ctx.poll_budget().await;
                let wait = match poller.poll_once().await {
                    Ok(report) => {
                        let (wait, idle, failed) = next_wait(base, &report, idle_rounds, failures);
                        idle_rounds = idle;
                        failures = failed;
                        wait.max(pace(&report, budget))
                    }
                    Err(e) => {
                        tracing::error!("poll round failed: {e}");
                        failures += 1;
                        base * 2u32.pow(failures.min(3))
                    }
                };
                if failures > 0 {
                    // Rate limited or failing: a user action must not shorten the wait the
                    // provider asked for.
                    tokio::time::sleep(wait).await;
                } else {
                    tokio::select! {
                        _ = tokio::time::sleep(wait) => {}
                        _ = poller.ctx.wake.notified() => { idle_rounds = 0; }
                    }
                }
            }
        })
    }
}

/// The least wait after a round so the requests it made stay within the budget.
pub fn pace(report: &PollReport, budget_per_minute: u32) -> Duration {
    pause_after(report.polled, budget_per_minute)
}

/// Errors that say the provider as a whole cannot be used right now.
fn ends_round(e: &ProviderError) -> bool {
    matches!(
        e,
        ProviderError::Unreachable(_)
            | ProviderError::RateLimited { .. }
            | ProviderError::Server { .. }
            | ProviderError::Unauthorized(_)
            | ProviderError::NotConfigured(_)
    )
}

/// The wait before the next round, and the new idle and failure counts.
fn next_wait(
    base: Duration,
    report: &PollReport,
    idle: u32,
    failures: u32,
) -> (Duration, u32, u32) {
    if let Some(secs) = report.retry_after_secs {
        return (base.max(Duration::from_secs(secs)), 0, failures + 1);
    }
    if report.provider_error.is_some() {
        let failures = failures + 1;
        return (base * 2u32.pow(failures.min(4)), idle, failures);
    }
    if report.polled == 0 {
        let idle = idle + 1;
        return (base * idle.min(MAX_IDLE_FACTOR), idle, 0);
    }
    (base, 0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: Duration = Duration::from_secs(2);

    #[test]
    fn busy_rounds_keep_the_base_interval() {
        let report = PollReport {
            polled: 3,
            ..PollReport::default()
        };
        assert_eq!(next_wait(BASE, &report, 5, 2), (BASE, 0, 0));
    }

    #[test]
    fn idle_rounds_back_off_up_to_a_cap() {
        let idle = PollReport::default();
        let mut rounds = 0;
        let mut waits = vec![];
        for _ in 0..12 {
            let (wait, r, _) = next_wait(BASE, &idle, rounds, 0);
            rounds = r;
            waits.push(wait.as_secs());
        }
        assert_eq!(waits[..4], [2, 4, 6, 8]);
        assert_eq!(*waits.last().unwrap(), 16);
    }

    #[test]
    fn retry_after_is_honoured() {
        let report = PollReport {
            retry_after_secs: Some(30),
            ..PollReport::default()
        };
        assert_eq!(next_wait(BASE, &report, 0, 0).0, Duration::from_secs(30));
    }

    #[test]
    fn failures_back_off_exponentially() {
        let report = PollReport {
            provider_error: Some("down".into()),
            ..PollReport::default()
        };
        let (w1, _, f1) = next_wait(BASE, &report, 0, 0);
        let (w2, _, _) = next_wait(BASE, &report, 0, f1);
        assert_eq!((w1.as_secs(), w2.as_secs()), (4, 8));
    }
}
