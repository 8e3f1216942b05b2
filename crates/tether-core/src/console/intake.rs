//! BT5: the intake loop. Events whose report was not ready yet are retried, and the
//! appliance's reporting API is reconciled on start-up and every so often, so a laptop that
//! missed the outbound events misses no session.

use std::time::Duration;

use super::BeyondTrust;

pub struct Intake {
    beyondtrust: BeyondTrust,
}

impl Intake {
    pub fn new(beyondtrust: BeyondTrust) -> Intake {
        Intake { beyondtrust }
    }

    /// Runs until the returned task is aborted.
    pub fn spawn(self, reconcile_every: Duration) -> tokio::task::JoinHandle<()> {
        let beyondtrust = self.beyondtrust;
        tokio::spawn(async move {
            let mut last_reconcile: Option<std::time::Instant> = None;
            loop {
                if last_reconcile.is_none_or(|t| t.elapsed() >= reconcile_every) {
                    last_reconcile = Some(std::time::Instant::now());
                    match beyondtrust.reconcile_beyondtrust().await {
                        Ok(r) if r.linked + r.unlinked + r.rejected > 0 => {
                            tracing::info!("reconciled with BeyondTrust: {r:?}");
                        }
                        Ok(_) => {}
                        // Not configured, or unreachable: the next round tries again.
                        Err(e) => tracing::debug!("BeyondTrust not reconciled: {e}"),
                    }
                }
                if let Err(e) = beyondtrust.process_events().await {
                    tracing::warn!("inbound events not processed: {e}");
                }
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
        })
    }
}
