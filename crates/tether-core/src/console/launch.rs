//! SPEC UA1–UA7: a launch button's URL, built from the configured scheme and host only,
//! and the launch written to the asset's history before the shell opens it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::launch::{launch_buttons, launch_url};
use crate::domain::{provider_app, AssetLaunch};
use crate::error::CoreError;
use crate::event::Event;

use super::Desk;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Launch {
    pub url: String,
    /// `None` for a dry run.
    pub recorded: Option<AssetLaunch>,
    /// `false` when the caller must open `url` itself (a browser, the CLI, a dry run).
    pub opened: bool,
    /// The demo: nothing was opened, and the window shows its simulated viewer in place of
    /// what is named here ("the Splashtop Business app").
    pub demo_viewer: Option<String>,
}

impl Desk {
    /// The URL behind `button_id` on the asset; unless `dry_run`, the launch is recorded
    /// first and then handed to the system's opener (UA5).
    pub async fn launch(
        &self,
        asset_id: &str,
        button_id: &str,
        dry_run: bool,
    ) -> Result<Launch, CoreError> {
        let me = self.ctx.me().await?;
        let (asset, asset_type) = self.asset_with_type(asset_id).await?;
        let settings = self.ctx.remote_support_settings().await?;
        let host = self.beyondtrust_host().await;
        let options = launch_buttons(&asset, &asset_type, &settings.launch, host.as_deref());
        let Some(button) = options.buttons.iter().find(|b| b.id == button_id) else {
            let why = if options.unavailable.is_empty() {
                format!("{} has no {button_id:?} launch button", asset.name)
            } else {
                options.unavailable.join("; ")
            };
            return Err(CoreError::Invalid(why));
        };
        let account = settings
            .launch
            .splashtop_account
            .clone()
            .unwrap_or_else(|| me.email.clone());
        let url = launch_url(button, &asset_type, &account, host.as_deref())?;
        if dry_run {
            return Ok(Launch {
                url,
                recorded: None,
                opened: false,
                demo_viewer: None,
            });
        }
        let mut launch = AssetLaunch {
            id: 0,
            asset_id: asset.id.clone(),
            at: self.ctx.clock.now(),
            actor: me.id,
            provider: button.provider.clone(),
            label: button.label.clone(),
            url: url.clone(),
        };
        // Recorded before the system is asked, so a crash while the app opens still leaves
        // the launch in the history; a launch the system refused did not happen.
        launch.id = self.ctx.store.add_asset_launch(&launch).await?;
        let app = format!("the {} app", provider_app(&button.provider));
        let opening = match self.ctx.open(&url, &app) {
            Ok(opening) => opening,
            Err(e) => {
                self.ctx.store.remove_asset_launch(launch.id).await?;
                return Err(e);
            }
        };
        self.ctx.emit(Event::AssetChanged { asset_id: asset.id });
        Ok(Launch {
            url,
            recorded: Some(launch),
            opened: opening.opened,
            demo_viewer: opening.demo_viewer,
        })
    }
}
