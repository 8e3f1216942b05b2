//! A private session D-Bus with an unlocked gnome-keyring, so tests use the real Secret
//! Service without a desktop and without touching anyone's keychain. Linux only.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

pub struct PrivateKeyring {
    bus: Child,
    /// Pass as `DBUS_SESSION_BUS_ADDRESS` to child processes that should use this keyring.
    pub address: String,
    _dir: tempfile::TempDir,
}

impl Drop for PrivateKeyring {
    fn drop(&mut self) {
        // gnome-keyring exits with its bus.
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}

impl PrivateKeyring {
    /// Starts the bus and the keyring, unlocked. Needs the Debian packages dbus and
    /// gnome-keyring.
    pub fn start() -> std::io::Result<PrivateKeyring> {
        let dir = tempfile::tempdir()?;
        let run = dir.path().join("run");
        std::fs::create_dir(&run)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o700))?;
        }
        // Bounded by `timeout`, so a test that dies without dropping this leaves nothing behind.
        let mut bus = Command::new("timeout")
            .args([
                "900",
                "dbus-daemon",
                "--session",
                "--nofork",
                "--print-address",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let mut address = String::new();
        if let Some(out) = bus.stdout.take() {
            BufReader::new(out).read_line(&mut address)?;
        }
        let address = address.trim().to_string();
        // Unlock first: if anything asks for org.freedesktop.secrets before, D-Bus activation
        // starts a locked keyring (linux-desktop-recipe.md §7).
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_RUNTIME_DIR", &run)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()?;
        if let Some(mut stdin) = keyring.stdin.take() {
            stdin.write_all(b"test-keyring-password")?;
        }
        keyring.wait()?;
        Ok(PrivateKeyring {
            bus,
            address,
            _dir: dir,
        })
    }

    /// Points this process's keychain calls at the private keyring. Call once, before any
    /// keychain call, from a test binary with a single test (the environment is global).
    pub fn use_in_this_process(&self) {
        std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &self.address);
    }
}
