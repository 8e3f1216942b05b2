// The desktop's own integrations through Tauri's plugins and the shell's tray events
// (src-tauri/src/tray.rs).
import { listen } from '@tauri-apps/api/event';
import { disable, enable, isEnabled } from '@tauri-apps/plugin-autostart';
import type { Desktop } from './desktop';
import type { Screen } from './store.svelte';

/** What the tray's menu emits (tray.rs `NAVIGATE`). */
const NAVIGATE = 'tether://navigate';
const SCREENS: readonly Screen[] = ['board', 'settings', 'tickets', 'assets', 'unlinked'];

export const tauriDesktop: Desktop = {
  autostart: { isEnabled, enable, disable },
  onNavigate: (handler) =>
    listen<string>(NAVIGATE, (e) => {
      const screen = SCREENS.find((s) => s === e.payload);
      if (screen) handler(screen);
    }),
};
