//! The tray icon and the window's title: both say how many sessions wait to be taken, as
//! the core counts them (`Board::waiting`, `Board::title`). The tray's menu shows the
//! window, opens Settings, or quits.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Emitter, Manager, Wry};
use tether_core::console::waiting_label;
use tether_runtime::Runtime;

const TRAY_ID: &str = "tether";
/// The window listens for this to show a view the tray asked for.
pub const NAVIGATE: &str = "tether://navigate";

/// The menu entry that carries the count: updated in place.
pub struct Waiting(MenuItem<Wry>);

pub fn create(app: &AppHandle) -> tauri::Result<()> {
    let waiting = MenuItem::with_id(app, "waiting", waiting_label(0), false, None::<&str>)?;
    let show = MenuItem::with_id(app, "show", "Show Tether", true, None::<&str>)?;
    let settings = MenuItem::with_id(app, "settings", "Settings…", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit Tether", true, None::<&str>)?;
    let separator = PredefinedMenuItem::separator(app)?;
    let menu = Menu::with_items(app, &[&waiting, &separator, &show, &settings, &quit])?;
    let mut tray = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("Tether")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "show" | "waiting" => crate::show_main_window(app),
            "settings" => {
                crate::show_main_window(app);
                let _ = app.emit(NAVIGATE, "settings");
            }
            "quit" => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                crate::show_main_window(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    app.manage(Waiting(waiting));
    Ok(())
}

/// Keeps the title and the tray current: after each burst of core events (a poll round
/// changes many sessions at once), the board is read once and its count shown.
pub fn follow(runtime: &Arc<Runtime>, app: AppHandle) {
    let mut events = runtime.subscribe();
    let runtime = runtime.clone();
    let generation = Arc::new(AtomicU64::new(0));
    tauri::async_runtime::spawn(async move {
        show_count(&runtime, &app).await;
        while let Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) =
            events.recv().await
        {
            let mine = generation.fetch_add(1, Ordering::SeqCst) + 1;
            let (runtime, app, generation) = (runtime.clone(), app.clone(), generation.clone());
            tauri::async_runtime::spawn(async move {
                tokio::time::sleep(Duration::from_millis(300)).await;
                if generation.load(Ordering::SeqCst) == mine {
                    show_count(&runtime, &app).await;
                }
            });
        }
    });
}

async fn show_count(runtime: &Runtime, app: &AppHandle) {
    let board = match runtime.console().sessions.board().await {
        Ok(board) => board,
        Err(e) => {
            tracing::warn!("the waiting count was not updated: {e}");
            return;
        }
    };
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.set_title(&board.title);
    }
    if let Some(tray) = app.tray_by_id(TRAY_ID) {
        let _ = tray.set_tooltip(Some(&board.title));
    }
    if let Some(waiting) = app.try_state::<Waiting>() {
        let _ = waiting.0.set_text(waiting_label(board.waiting));
        let _ = waiting.0.set_enabled(board.waiting > 0);
    }
}
