//! Splashtop documents no list endpoint (providers.md §3.2), so every look at a session is a
//! request of its own. Asking about each open session every round does not scale: 1,000 of
//! them at 2 s is 500 requests a second, and Splashtop On-Prem documents 200 a minute. So a
//! round spends a budget: sessions that can change soon first, the quiet ones as their wait
//! grows. Because a session's priority grows with its wait, none of them waits forever, and
//! the worst wait is what the board shows.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{Permission, Session, SessionState};

/// Under the 200 requests a minute Splashtop On-Prem documents, leaving room for the
/// technicians' own actions.
pub const DEFAULT_POLL_BUDGET_PER_MINUTE: u32 = 180;

/// A session that can change soon is looked at this many times as often as a quiet one.
const HOT_WEIGHT: i64 = 6;

/// A Pending session this young may be launched by its end user any moment.
const FRESH_PENDING_MINUTES: i64 = 15;

/// How fresh the board is: shown when the budget makes some sessions wait.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Freshness {
    pub open_sessions: u32,
    pub budget_per_minute: u32,
    /// Sessions the last round asked the provider about.
    pub asked_last_round: u32,
    /// Open sessions the budget left for a later round: when not zero, some of the board is
    /// older than one interval, and the window says how old.
    pub deferred: u32,
    /// The longest any open session had gone without a look after the last round.
    pub worst_staleness_secs: Option<u32>,
    /// The budget makes the board noticeably old (twice the interval, and at least 5 s):
    /// the window says how old.
    pub lagging: bool,
}

/// Whether staleness is worth a technician's attention.
pub fn lagging(deferred: u32, worst_secs: Option<u32>, interval: Duration) -> bool {
    let noticeable = (interval.as_secs_f64() * 2.0).max(5.0);
    deferred > 0 && worst_secs.is_some_and(|w| f64::from(w) >= noticeable)
}

/// Active, waiting on a permission answer, or Pending and fresh: its next change is near.
pub fn can_change_soon(session: &Session, now: DateTime<Utc>) -> bool {
    match session.state {
        SessionState::Active => true,
        _ if session.permission == Permission::Requested => true,
        SessionState::Pending => {
            now - session.state_changed_at < chrono::Duration::minutes(FRESH_PENDING_MINUTES)
        }
        _ => false,
    }
}

/// How many sessions one round may ask about: the budget spread over the interval, and at
/// least one so a tiny budget still makes progress (`pause_after` then stretches the wait).
pub fn per_round(budget_per_minute: u32, interval: Duration) -> usize {
    let share = f64::from(budget_per_minute) * interval.as_secs_f64() / 60.0;
    (share.floor() as usize).max(1)
}

/// The least wait after a round that made `requests`, so that the rate over time never
/// goes above the budget whatever the interval.
pub fn pause_after(requests: u32, budget_per_minute: u32) -> Duration {
    Duration::from_secs_f64(60.0 * f64::from(requests) / f64::from(budget_per_minute.max(1)))
}

/// The sessions to ask about this round, as indexes into `sessions`, most overdue first. A
/// session's wait counts from its last look (or from `since`, the poller's start) and weighs
/// `HOT_WEIGHT` times as much when it can change soon; on equal terms, one never looked at
/// goes first.
pub fn choose(
    sessions: &[Session],
    asked_at: &HashMap<String, DateTime<Utc>>,
    now: DateTime<Utc>,
    since: DateTime<Utc>,
    allowance: usize,
) -> Vec<usize> {
    let mut ranked: Vec<((i64, bool), usize)> = sessions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let weight = if can_change_soon(s, now) {
                HOT_WEIGHT
            } else {
                1
            };
            let last = asked_at.get(&s.id).copied();
            let waited = (now - last.unwrap_or(since).max(since))
                .num_milliseconds()
                .max(0);
            ((waited.saturating_mul(weight), last.is_none()), i)
        })
        .collect();
    // Stable: equal terms keep the store's order (newest state change first).
    ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
    ranked.into_iter().take(allowance).map(|(_, i)| i).collect()
}

/// The longest any of `sessions` has gone without a look, counted from `since` for one not
/// yet asked about (the poller's start).
pub fn worst_staleness(
    sessions: &[Session],
    asked_at: &HashMap<String, DateTime<Utc>>,
    now: DateTime<Utc>,
    since: DateTime<Utc>,
) -> Option<chrono::Duration> {
    sessions
        .iter()
        .map(|s| now - asked_at.get(&s.id).copied().unwrap_or(since).max(since))
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Permission;

    fn session(id: &str, state: SessionState, changed: DateTime<Utc>) -> Session {
        Session {
            id: id.into(),
            channel_id: "c".into(),
            provider: "splashtop".into(),
            provider_session_id: id.into(),
            customer_name: id.into(),
            issue: String::new(),
            code: String::new(),
            link: String::new(),
            state,
            provider_status: String::new(),
            permission: Permission::NotRequested,
            assignee: None,
            invited: vec![],
            created_by: "alex".into(),
            created_at: changed,
            updated_at: changed,
            state_changed_at: changed,
            ticket_id: None,
        }
    }

    #[test]
    fn the_budget_is_spread_over_the_interval_and_never_exceeded() {
        assert_eq!(per_round(180, Duration::from_secs(2)), 6);
        assert_eq!(per_round(6, Duration::from_secs(2)), 1);
        // One request a round on a budget of 6 a minute waits 10 s, not the 2 s interval.
        assert_eq!(pause_after(1, 6), Duration::from_secs(10));
        assert_eq!(pause_after(6, 180), Duration::from_secs(2));
    }

    #[test]
    fn hot_sessions_go_first_and_quiet_ones_catch_up_as_they_wait() {
        let now = Utc::now();
        let start = now - chrono::Duration::seconds(50);
        let old = now - chrono::Duration::hours(2);
        let sessions = vec![
            session("quiet", SessionState::InQueue, old),
            session("active", SessionState::Active, old),
            session("new", SessionState::InQueue, old),
        ];
        let asked: HashMap<_, _> = [
            ("quiet".to_string(), now - chrono::Duration::seconds(20)),
            ("active".to_string(), now - chrono::Duration::seconds(10)),
        ]
        .into();
        // active: 10 s × 6; new: 50 s since the start; quiet: 20 s.
        assert_eq!(choose(&sessions, &asked, now, start, 2), vec![1, 2]);
        // A quiet session that has waited more than six times as long as the active one
        // goes before it.
        let asked: HashMap<_, _> = [
            ("quiet".to_string(), now - chrono::Duration::seconds(50)),
            ("active".to_string(), now - chrono::Duration::seconds(8)),
            ("new".to_string(), now),
        ]
        .into();
        assert_eq!(choose(&sessions, &asked, now, start, 1), vec![0]);
    }

    #[test]
    fn on_equal_terms_a_session_never_looked_at_goes_first() {
        let now = Utc::now();
        let start = now - chrono::Duration::seconds(10);
        let old = now - chrono::Duration::hours(2);
        let sessions = vec![
            session("seen", SessionState::InQueue, old),
            session("unseen", SessionState::InQueue, old),
        ];
        let asked: HashMap<_, _> = [("seen".to_string(), start)].into();
        assert_eq!(choose(&sessions, &asked, now, start, 1), vec![1]);
    }

    #[test]
    fn a_fresh_pending_or_a_pending_permission_can_change_soon() {
        let now = Utc::now();
        let fresh = session(
            "a",
            SessionState::Pending,
            now - chrono::Duration::minutes(1),
        );
        let stale = session("b", SessionState::Pending, now - chrono::Duration::hours(1));
        let mut asking = session("c", SessionState::InQueue, now - chrono::Duration::hours(1));
        asking.permission = Permission::Requested;
        assert!(can_change_soon(&fresh, now));
        assert!(!can_change_soon(&stale, now));
        assert!(can_change_soon(&asking, now));
    }

    #[test]
    fn a_second_of_staleness_is_not_news() {
        let interval = Duration::from_millis(250);
        assert!(!lagging(1, Some(0), interval));
        assert!(!lagging(0, Some(60), interval));
        assert!(lagging(3, Some(5), interval));
        assert!(!lagging(3, Some(5), Duration::from_secs(3)));
    }

    #[test]
    fn staleness_counts_from_the_start_for_a_session_not_yet_asked_about() {
        let now = Utc::now();
        let start = now - chrono::Duration::seconds(30);
        let sessions = vec![session("a", SessionState::Active, now)];
        let asked = HashMap::new();
        assert_eq!(
            worst_staleness(&sessions, &asked, now, start),
            Some(chrono::Duration::seconds(30))
        );
        assert_eq!(worst_staleness(&[], &asked, now, start), None);
    }
}
