//! What runs without being asked, on whichever workspace is open: the poller, the intake's
//! reconciliation, Syncro's alerts and daily sync, and native notifications. Started once by the front end (the desktop with
//! its notifier, `tether serve` without one) and started again on each change of workspace.

use std::sync::Arc;
use std::time::Duration;

use tether_core::ports::Notifier;

use crate::workspace::Workspace;
use crate::Runtime;

/// How often BeyondTrust's reporting API is reconciled, besides at start-up.
const RECONCILE_EVERY: Duration = Duration::from_secs(60);

pub(crate) struct Background {
    notifier: Option<Arc<dyn Notifier>>,
}

impl Runtime {
    /// Starts the background work now, and on every workspace opened later.
    pub fn start_background(&self, notifier: Option<Arc<dyn Notifier>>) {
        *self.background.lock().unwrap_or_else(|p| p.into_inner()) = Some(Background { notifier });
        self.run_background(&self.workspace());
    }

    pub(crate) fn run_background(&self, workspace: &Workspace) {
        let background = self.background.lock().unwrap_or_else(|p| p.into_inner());
        let Some(background) = background.as_ref() else {
            return;
        };
        let console = &workspace.console;
        let mut tasks = workspace
            .background
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        // A team's desktop polls nothing: the server does, and this desktop follows it.
        if let Some(team) = &workspace.team {
            tasks.push(team.spawn_follower(console.clone()));
            if let Some(notifier) = &background.notifier {
                tasks.push(console.spawn_notifications(notifier.clone()));
            }
            return;
        }
        tasks.push(console.spawn_poller());
        tasks.push(console.spawn_mail());
        tasks.push(console.spawn_intake(RECONCILE_EVERY));
        tasks.push(console.spawn_syncro());
        if let Some(notifier) = &background.notifier {
            tasks.push(console.spawn_notifications(notifier.clone()));
        }
    }

    /// Stops the background work (a team server that is no longer the one polling), until
    /// `start_background` is called again.
    pub fn stop_background(&self) {
        *self.background.lock().unwrap_or_else(|p| p.into_inner()) = None;
        self.workspace().stop_background();
    }
}
