//! The demo workspace's technicians, customers, assets and tickets, so a new user can try
//! every board action, invitation and launch at once.

use tether_core::console::DeskImport;
use tether_core::domain::{LaunchSettings, RemoteSupportSettings, Technician, TicketQuery};
use tether_core::ports::{Store, StoreError};
use tether_core::{Console, CoreError};

pub(crate) async fn seed(store: &dyn Store) -> Result<(), StoreError> {
    if !store.technicians().await?.is_empty() {
        return Ok(());
    }
    let people = [
        ("alex", "Alex Rivera", true),
        ("sam", "Sam Chen", true),
        ("priya", "Priya Patel", true),
        ("jordan", "Jordan Lee", false),
    ];
    for (id, name, can_release) in people {
        store
            .upsert_technician(&Technician {
                id: id.into(),
                name: name.into(),
                email: format!("{id}@demo.tether.invalid"),
                can_release,
                available: id != "priya",
            })
            .await?;
    }
    Ok(())
}

/// The demo's ticket desk, imported once (after the sandbox's channels are on the board, so
/// its teams have somewhere to receive invitations).
pub(crate) async fn seed_desk(console: &Console) -> Result<(), CoreError> {
    if !console
        .desk
        .tickets(TicketQuery::default())
        .await?
        .is_empty()
    {
        return Ok(());
    }
    console.sessions.sync_channels().await?;
    let import: DeskImport = serde_json::from_str(include_str!("demo_desk.json"))
        .map_err(|e| CoreError::Invalid(format!("the demo desk is unreadable: {e}")))?;
    let report = console.desk.import_desk(import).await?;
    if !report.refused.is_empty() {
        tracing::warn!("demo desk rows refused: {:?}", report.refused);
    }
    let settings = RemoteSupportSettings {
        default_team_id: Some("helpdesk".into()),
        invite_other_agents: true,
        launch: LaunchSettings {
            splashtop_secondary_field: Some("splashtop_uuid".into()),
            ..LaunchSettings::default()
        },
        ..RemoteSupportSettings::default()
    };
    console
        .invitations
        .save_remote_support_settings(settings)
        .await
}

impl crate::Runtime {
    /// The demo's *Play the end user* buttons: the sandbox does what the end user would, then
    /// the board polls so the change shows at once.
    pub async fn demo_end_user(
        &self,
        code: &str,
        action: tether_core::domain::EndUserAction,
    ) -> Result<(), crate::RuntimeError> {
        use tether_core::domain::EndUserAction as Core;
        use tether_sandbox::EndUserAction as Sandbox;
        let control = self.sandbox_control().ok_or_else(|| {
            crate::RuntimeError::NotDemo(
                "playing the end user works only in the demo workspace".into(),
            )
        })?;
        let action = match action {
            Core::Launch => Sandbox::Launch,
            Core::Grant => Sandbox::Grant,
            Core::Refuse => Sandbox::Refuse,
            Core::Leave => Sandbox::Leave,
            Core::End => Sandbox::End,
        };
        control.end_user(code, action).await.map_err(|e| match e {
            tether_sandbox::ControlError::Refused(why) => crate::RuntimeError::Invalid(why),
            unreachable => crate::RuntimeError::Sandbox(std::io::Error::other(unreachable)),
        })?;
        self.console().poller.poll_once().await?;
        Ok(())
    }
}
