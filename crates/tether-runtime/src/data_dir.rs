use std::path::PathBuf;

/// The same identifier as `tauri.conf.json`, so the CLI and the app share one cache.
const APP_ID: &str = "dev.tether.desktop";

/// `$TETHER_DATA_DIR`, else e.g. `~/.local/share/dev.tether.desktop` on Linux.
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("TETHER_DATA_DIR") {
        return PathBuf::from(dir);
    }
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join(APP_ID)
}
