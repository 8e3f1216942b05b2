// The window's transport: Tauri's IPC. Every command goes to the shell's one handler, which
// serves the command table (src-tauri/src/ipc.rs); events arrive as `tether://event`.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { Args, CommandName, Output, Transport } from './api';
import type { Event } from './bindings/Event';
import { toCommandError } from './errors';

/** The single event the shell emits; its payload is the core's `Event`. */
export const EVENT_NAME = 'tether://event';

export class TauriTransport implements Transport {
  async invoke<K extends CommandName>(name: K, args: Args<K>): Promise<Output<K>> {
    try {
      return await invoke<Output<K>>(name, args as Record<string, unknown>);
    } catch (e) {
      throw toCommandError(e);
    }
  }

  listen(handler: (event: Event) => void): Promise<() => void> {
    return listen<Event>(EVENT_NAME, (e) => handler(e.payload));
  }
}
