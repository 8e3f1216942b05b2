//! What becomes of a stored event that cannot be processed yet (its report lags the event,
//! the vendor is down, or nobody will ever know it): it is tried again later and later, and
//! after a day's worth of tries it is given up on, with the reason on the record. Processed
//! events are forgotten after a month. A flood of junk therefore neither grows the table
//! forever nor starves the real events behind it.

use chrono::{DateTime, Duration, Utc};

use crate::error::CoreError;
use crate::ports::InboundEvent;

use super::Context;

/// After this many rounds without an answer the event is given up on.
pub(crate) const MAX_EVENT_ATTEMPTS: u32 = 16;
/// Processed events are kept this long for the record.
const KEEP_PROCESSED_DAYS: i64 = 30;

/// 2 s after the first try, doubling, at most ten minutes apart: about an hour and a half
/// in all, longer than any report lags its event.
pub(crate) fn retry_delay(attempt: u32) -> Duration {
    let secs = 2i64.saturating_pow(attempt.min(20));
    Duration::seconds(secs.min(600))
}

impl Context {
    /// The event was not processed this round because of `why`.
    pub(crate) async fn event_waits(&self, e: &InboundEvent, why: &str) -> Result<(), CoreError> {
        let now = self.clock.now();
        let attempt = e.attempts + 1;
        if attempt >= MAX_EVENT_ATTEMPTS {
            tracing::warn!("{} event {} given up on: {why}", e.source, e.id);
            let outcome = format!("gave up after {attempt} attempts: {why}");
            self.store.mark_event(e.id, &outcome, now).await?;
        } else {
            self.store
                .defer_event(e.id, now + retry_delay(attempt))
                .await?;
        }
        Ok(())
    }

    /// Forgets what was processed long ago.
    pub(crate) async fn prune_events(&self, now: DateTime<Utc>) -> Result<(), CoreError> {
        let gone = self
            .store
            .prune_events(now - Duration::days(KEEP_PROCESSED_DAYS))
            .await?;
        if gone > 0 {
            tracing::info!("{gone} processed events forgotten");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_up_to_ten_minutes_and_the_tries_last_over_an_hour() {
        assert_eq!(retry_delay(1), Duration::seconds(2));
        assert_eq!(retry_delay(2), Duration::seconds(4));
        assert_eq!(retry_delay(9), Duration::seconds(512));
        assert_eq!(retry_delay(10), Duration::seconds(600));
        assert_eq!(retry_delay(40), Duration::seconds(600));
        let total: i64 = (1..MAX_EVENT_ATTEMPTS)
            .map(|a| retry_delay(a).num_seconds())
            .sum();
        assert!(total > 3600, "{total} s");
    }
}
