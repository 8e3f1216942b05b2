// Rendering for component tests: the whole window (App) or one component in App's context,
// both on a CannedTransport the test fills.
import { render } from '@testing-library/svelte';
import { tick, type Component } from 'svelte';
import App from '../App.svelte';
import { Api } from '../lib/api';
import { AppStore } from '../lib/store.svelte';
import { board, page } from './builders';
import { CannedTransport, type Replies } from './canned';
import Harness from './Harness.svelte';

/**
 * The window as it starts: the reads App makes before it is ready (the workspace, the board,
 * the list, the unlinked sessions) answer a demo workspace's empty frame unless the test says
 * otherwise.
 */
export async function renderApp(replies: Replies = {}): Promise<{ canned: CannedTransport; app: AppStore }> {
  const canned = new CannedTransport({
    workspace: () => ({ kind: 'demo', needs_technician: false, splashtop: true }),
    board: () => board(),
    session_page: () => page([]),
    unlinked_sessions: () => [],
    // Opening a ticket reads its TeamViewer panel: off unless a test says otherwise.
    tv_panel: () => ({ available: false, reason: 'TeamViewer is off', sessions: [] }),
    ...replies,
  });
  const app = await new Promise<AppStore>((resolve) => {
    render(App, { props: { api: new Api(canned), onready: resolve } });
  });
  await tick();
  return { canned, app };
}

/** A store on a canned transport, not started: the test loads what the component expects. */
export function store(replies: Replies = {}): { canned: CannedTransport; app: AppStore } {
  const canned = new CannedTransport(replies);
  return { canned, app: new AppStore(new Api(canned)) };
}

/** One component, with `app` as its useApp(). */
export function renderIn<P extends object>(app: AppStore, component: Component<P>, props: P): void {
  render(Harness<P>, { props: { app, component, props } });
}
