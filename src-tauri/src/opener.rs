//! The core's `Opener` port on the desktop: the OS opens what the core built (a provider's
//! app scheme, a consent page). Only core-built URLs reach it (SPEC UA7).

use tauri::AppHandle;
use tauri_plugin_opener::OpenerExt;
use tether_core::ports::Opener;

pub struct SystemOpener(pub AppHandle);

impl Opener for SystemOpener {
    fn open(&self, url: &str) -> Result<bool, String> {
        self.0
            .opener()
            .open_url(url, None::<&str>)
            .map(|()| true)
            .map_err(|e| e.to_string())
    }
}
