// The window may call exactly the command table's commands (SPEC CR4): tauri-build turns
// each name into an `allow-<name>` permission of the app's manifest, and the shell grants
// them all to the main window at start-up. The names come from the table itself, read here
// as text: the build script does not compile the core.
include!("../crates/tether-api/src/table.rs");

macro_rules! command_names {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident ( $($args:tt)* ) -> $ret:ty = |$rt:ident| $body:expr ;
    )*) => {
        &[ $( stringify!($name) ),* ]
    };
}

const COMMANDS: &[&str] = with_commands!(command_names);

fn main() {
    // No capability file: the shell grants the window its commands at start-up, from the
    // same table (src-tauri/src/ipc.rs).
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
