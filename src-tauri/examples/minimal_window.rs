//! The baseline for the start-up and memory benchmark: the smallest Tauri window, built
//! from the same tauri version and profile as Tether, showing one static page.

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!(
            "src-tauri/examples/minimal-window/tauri.conf.json"
        ))
        .unwrap_or_else(|e| {
            eprintln!("minimal window failed: {e}");
            std::process::exit(1);
        });
}
