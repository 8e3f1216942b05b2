use std::ffi::OsString;
use std::path::PathBuf;

use crate::RuntimeError;

/// The same identifier as `tauri.conf.json`, so the CLI and the app share one cache.
const APP_ID: &str = "dev.tether.desktop";

/// `$TETHER_DATA_DIR`, else e.g. `~/.local/share/dev.tether.desktop` on Linux.
pub fn default_data_dir() -> Result<PathBuf, RuntimeError> {
    data_dir_from(std::env::var_os("TETHER_DATA_DIR"), dirs::data_dir())
}

/// Never the shared temporary directory: the cache holds customers' names and tickets, and
/// another user of the machine could read it or plant a file there first.
fn data_dir_from(
    explicit: Option<OsString>,
    platform: Option<PathBuf>,
) -> Result<PathBuf, RuntimeError> {
    if let Some(dir) = explicit.filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    platform.map(|d| d.join(APP_ID)).ok_or_else(|| {
        RuntimeError::Invalid(
            "no data directory: set HOME (or XDG_DATA_HOME), or TETHER_DATA_DIR to where \
             Tether keeps its cache"
                .into(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_home_is_an_error_not_the_temp_directory() {
        let e = data_dir_from(None, None).unwrap_err();
        assert!(e.to_string().starts_with("no data directory"), "{e}");
        assert_eq!(
            data_dir_from(Some("/srv/tether".into()), None).unwrap(),
            PathBuf::from("/srv/tether")
        );
        assert_eq!(
            data_dir_from(None, Some("/home/alex/.local/share".into())).unwrap(),
            PathBuf::from("/home/alex/.local/share/dev.tether.desktop")
        );
    }
}
