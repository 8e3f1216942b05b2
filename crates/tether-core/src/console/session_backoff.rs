//! A poller's patience with one item the vendor keeps failing on (a session whose answer it
//! cannot read, or that its server errors on): that item waits, later and later on the same
//! schedule as stored events, while the rest of the round goes on. Without it one bad item
//! would end every round before the others were looked at. Kept in memory: after a restart
//! each item is simply tried once more.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use super::event_retry::retry_delay;
use crate::ports::ProviderError;

#[derive(Clone, Default)]
pub(crate) struct SessionBackoff(Arc<Mutex<HashMap<String, Waiting>>>);

#[derive(Clone, Copy)]
struct Waiting {
    attempts: u32,
    until: DateTime<Utc>,
}

impl SessionBackoff {
    /// Whether `key` may be tried at `now`.
    pub(crate) fn ready(&self, key: &str, now: DateTime<Utc>) -> bool {
        self.lock().get(key).is_none_or(|w| w.until <= now)
    }

    /// `key` failed at `now`: how many times in a row it has.
    pub(crate) fn failed(&self, key: &str, now: DateTime<Utc>) -> u32 {
        let mut map = self.lock();
        let attempts = map.get(key).map_or(0, |w| w.attempts) + 1;
        map.insert(
            key.to_string(),
            Waiting {
                attempts,
                until: now + retry_delay(attempts),
            },
        );
        attempts
    }

    pub(crate) fn succeeded(&self, key: &str) {
        self.lock().remove(key);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Waiting>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A refusal about this one item, not the account: the others are still worth asking about.
/// A rate limit, a refused token or an unreachable vendor ends the round instead.
pub(crate) fn concerns_one_item(e: &ProviderError) -> bool {
    matches!(
        e,
        ProviderError::Malformed(_) | ProviderError::Server { .. } | ProviderError::Vendor { .. }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_item_waits_longer_each_time_and_is_forgotten_once_it_answers() {
        let backoff = SessionBackoff::default();
        let t0 = DateTime::from_timestamp(1_790_000_000, 0).unwrap();
        assert!(backoff.ready("a", t0));
        assert_eq!(backoff.failed("a", t0), 1);
        assert!(!backoff.ready("a", t0), "waits after a failure");
        assert!(backoff.ready("b", t0), "the others do not wait");
        assert!(backoff.ready("a", t0 + retry_delay(1)));
        assert_eq!(backoff.failed("a", t0), 2);
        assert!(
            !backoff.ready("a", t0 + retry_delay(1)),
            "longer the second time"
        );
        backoff.succeeded("a");
        assert!(backoff.ready("a", t0));
    }
}
