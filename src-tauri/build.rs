fn main() {
    // The capabilities live in src-tauri/ while the manifest sits at the root (next to
    // tauri.conf.json), so tauri-build is told where to look.
    tauri_build::try_build(
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*"),
    )
    .expect("failed to run tauri-build");
}
