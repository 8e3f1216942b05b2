//! The provider's row on the board: online, or the last error in words.

use crate::error::CoreError;
use crate::event::Event;
use crate::ports::ProviderError;

use super::{lock, Context};

impl Context {
    pub(crate) fn provider_ok(&self) {
        let now = self.clock.now();
        let changed = {
            let mut h = lock(&self.health);
            let changed = !h.online || h.error.is_some() || h.rate_limited_until.is_some();
            h.online = true;
            h.error = None;
            h.last_ok_at = Some(now);
            h.rate_limited_until = None;
            changed.then(|| h.clone())
        };
        if let Some(health) = changed {
            self.emit(Event::ProviderHealth { health });
        }
    }

    /// Records the failure on the provider's row and turns it into the command's error.
    pub(crate) fn provider_failed(&self, error: ProviderError) -> CoreError {
        let core = CoreError::Provider {
            provider: self.provider_label(),
            source: error.clone(),
        };
        tracing::warn!(
            provider = self.provider.name(),
            code = error.code().as_str(),
            "{error}"
        );
        let health = {
            let mut h = lock(&self.health);
            // A refusal of one request says nothing about the provider being reachable.
            h.online = !matches!(
                error,
                ProviderError::Unreachable(_)
                    | ProviderError::Server { .. }
                    | ProviderError::Unauthorized(_)
                    | ProviderError::RateLimited { .. }
                    | ProviderError::Malformed(_)
            );
            h.error = Some(core.to_dto());
            if let ProviderError::RateLimited { retry_after_secs } = error {
                h.rate_limited_until =
                    Some(self.clock.now() + chrono::Duration::seconds(retry_after_secs as i64));
            }
            h.clone()
        };
        self.emit(Event::ProviderHealth { health });
        core
    }

    /// The provider asked to wait and a request is waiting it out now.
    pub(crate) fn provider_waiting(&self, wait: std::time::Duration) {
        let until = self.clock.now()
            + chrono::Duration::from_std(wait).unwrap_or_else(|_| chrono::Duration::seconds(60));
        let health = {
            let mut h = lock(&self.health);
            h.rate_limited_until = Some(until);
            h.clone()
        };
        tracing::info!(provider = self.provider.name(), "rate limited for {wait:?}");
        self.emit(Event::ProviderHealth { health });
    }

    pub(crate) fn provider_label(&self) -> String {
        match self.provider.name() {
            "splashtop" => "Splashtop".to_string(),
            other => other.to_string(),
        }
    }
}
