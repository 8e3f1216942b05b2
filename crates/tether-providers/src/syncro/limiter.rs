//! §4.2: Syncro allows 180 requests a minute per IP, so the whole app shares one budget: a
//! sliding window of the last minute's requests, a little under the limit, and a wait for the
//! oldest to leave it when full.

use std::collections::VecDeque;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);

/// Under 180, so a clock that differs a little from Syncro's never trips the limit.
pub(crate) static SYNCRO: LazyLock<Limiter> = LazyLock::new(|| Limiter::new(170));

pub(crate) struct Limiter {
    per_minute: usize,
    sent: Mutex<VecDeque<Instant>>,
}

impl Limiter {
    pub(crate) fn new(per_minute: usize) -> Self {
        Limiter {
            per_minute: per_minute.max(1),
            sent: Mutex::default(),
        }
    }

    /// Takes a slot at `now` (`None`), or says how long until one frees up.
    pub(crate) fn take(&self, now: Instant) -> Option<Duration> {
        let mut sent = self.sent.lock().unwrap_or_else(|p| p.into_inner());
        while sent
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= WINDOW)
        {
            sent.pop_front();
        }
        if sent.len() < self.per_minute {
            sent.push_back(now);
            return None;
        }
        let oldest = *sent.front()?;
        Some(WINDOW.saturating_sub(now.saturating_duration_since(oldest)))
    }

    /// Waits for a slot.
    pub(crate) async fn acquire(&self) {
        while let Some(wait) = self.take(Instant::now()) {
            tracing::debug!(
                "Syncro's budget of {} a minute is spent: waiting {wait:?}",
                self.per_minute
            );
            tokio::time::sleep(wait.max(Duration::from_millis(10))).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_minute_waits_for_its_oldest_request_to_leave_the_window() {
        let limiter = Limiter::new(3);
        let t0 = Instant::now();
        for i in 0..3 {
            assert_eq!(limiter.take(t0 + Duration::from_secs(i)), None);
        }
        assert_eq!(
            limiter.take(t0 + Duration::from_secs(10)),
            Some(Duration::from_secs(50)),
            "the first request leaves the window 60 s after it was sent"
        );
        assert_eq!(limiter.take(t0 + Duration::from_secs(60)), None);
        assert_eq!(
            limiter.take(t0 + Duration::from_secs(60)),
            Some(Duration::from_secs(1))
        );
    }
}
