// What only the desktop window can do, beside the core's commands: start at login, and be
// sent to a view by the tray's menu. A browser on `tether serve` has none of it, so the
// window shows these settings only when a `Desktop` is given.
import type { Screen } from './store.svelte';

export interface Desktop {
  autostart: {
    isEnabled(): Promise<boolean>;
    enable(): Promise<void>;
    disable(): Promise<void>;
  };
  /** The tray asked for a view; resolves to the function that stops listening. */
  onNavigate(handler: (screen: Screen) => void): Promise<() => void>;
}
