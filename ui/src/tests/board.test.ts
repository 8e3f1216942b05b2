// The board as the window draws it from canned answers: the frame, the list, the detail and
// its actions, the keys and the core's events. Which action is possible when is the core's
// business (tested against the real core); here, that the UI shows what it was told, sends
// what was asked, and says the core's refusal in the core's words.
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../lib/bindings/Session';
import {
  AT,
  HOME,
  PRIVATE,
  board,
  channel,
  counts,
  detail,
  directory,
  no,
  page,
  remoteSupportSettings,
  session,
} from './builders';
import { deferred, refuse, type Replies } from './canned';
import { renderApp } from './render';

const A = session('a', { customer_name: 'Dana Whitfield' });
const B = session('b', { customer_name: 'Tom Hardy', state: 'active', provider_status: 'Connected' });
const C = session('c', { customer_name: 'Maria Anders', state: 'in_queue', assignee: null });

/** What the list asks for first: the whole view, no tab, no search, one page. */
const FIRST_PAGE = { state: null, search: '', after: null, limit: 100 };

function row(id: string): HTMLElement {
  const found = screen.getAllByTestId('session-row').find((r) => r.dataset.sessionId === id);
  if (!found) throw new Error(`no row for session ${id}`);
  return found;
}

function selectedRows(): string[] {
  return screen
    .getAllByTestId('session-row')
    .filter((r) => r.getAttribute('aria-selected') === 'true')
    .map((r) => r.dataset.sessionId ?? '');
}

/** The list and the detail of each listed session, as the core would answer them. */
function listing(sessions: Session[], extra: Replies = {}): Replies {
  return {
    session_page: () => page(sessions),
    session_detail: ({ id }) => {
      const found = sessions.find((s) => s.id === id);
      if (!found) throw { code: 'not_found', message: `no session ${id}` };
      return detail(found);
    },
    ...extra,
  };
}

function press(key: string, target: Element = document.body): Promise<boolean> {
  return fireEvent.keyDown(target, { key, bubbles: true });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the frame', () => {
  it('draws the demo banner, the channels and the provider row from the board', async () => {
    const { canned } = await renderApp({
      board: () =>
        board({
          demo: true,
          channels: [HOME, PRIVATE, channel('front', 'Front desk', { counts: counts({ in_queue: 2, active: 1 }) })],
          providers: [
            {
              provider: 'splashtop',
              online: false,
              error: { code: 'provider_unreachable', message: 'the connection was refused' },
              last_ok_at: null,
              demo: true,
              rate_limited_until: null,
            },
          ],
          pending_actions: 1,
        }),
    });
    expect(screen.getByTestId('demo-banner')).toHaveTextContent('Nothing here reaches a real customer');
    expect(screen.getByTestId('channel-home')).toHaveTextContent('Home');
    expect(screen.getByTestId('channel-private')).toHaveTextContent('Private');
    const front = screen.getByTestId('channel-front');
    expect(front).toHaveTextContent('Front desk');
    expect(within(front).getByLabelText('2 in queue')).toHaveTextContent('2');
    const provider = screen.getByTestId('provider-row');
    expect(provider).toHaveTextContent('Splashtop');
    expect(provider).toHaveTextContent('offline');
    expect(provider).toHaveTextContent('the connection was refused');
    expect(provider).toHaveTextContent('1 action pending');
    expect(provider).toHaveTextContent('Played by the local demo sandbox');
    // Home is the first view, and the list is asked for it.
    expect(canned.sent('session_page')).toEqual([{ view: { kind: 'home' }, query: FIRST_PAGE }]);
  });

  it('has no demo banner outside the demo workspace, and says an online provider is online', async () => {
    await renderApp({ board: () => board({ demo: false }) });
    expect(screen.queryByTestId('demo-banner')).not.toBeInTheDocument();
    expect(screen.getByTestId('provider-row')).toHaveTextContent('online');
    expect(screen.getByTestId('provider-row')).not.toHaveTextContent('offline');
  });

  it('says how old the oldest update is when the request budget makes sessions wait', async () => {
    const freshness = { open_sessions: 1000, budget_per_minute: 180, asked_last_round: 6, worst_staleness_secs: 130 };
    await renderApp({ board: () => board({ freshness: { ...freshness, deferred: 994, lagging: true } }) });
    const stale = screen.getByTestId('board-staleness');
    expect(stale).toHaveTextContent('Oldest update 2 min 10 s ago');
    expect(stale.title).toContain('1000 open sessions share 180 requests a minute');
  });

  it('says nothing about staleness when every open session is checked each round', async () => {
    const freshness = { open_sessions: 4, budget_per_minute: 180, asked_last_round: 4, worst_staleness_secs: 2 };
    await renderApp({ board: () => board({ freshness: { ...freshness, deferred: 0, lagging: false } }) });
    expect(screen.queryByTestId('board-staleness')).not.toBeInTheDocument();
  });

  it('explains an empty view and how to create a session', async () => {
    await renderApp({ session_page: () => page([]) });
    const empty = screen.getByTestId('empty-state');
    expect(empty).toHaveTextContent('No sessions in Home yet');
    expect(empty).toHaveTextContent('Press N to create one.');
  });

  it("says why when the board cannot be loaded, in the core's words", async () => {
    await renderApp({ board: refuse('store', 'the local cache is locked by another Tether') });
    expect(screen.getByTestId('board-unavailable')).toHaveTextContent('the local cache is locked by another Tether');
  });

  it('asks for the sessions of the channel clicked in the sidebar', async () => {
    const { canned } = await renderApp(listing([A]));
    await fireEvent.click(screen.getByTestId('channel-front'));
    await waitFor(() =>
      expect(canned.sent('session_page').at(-1)).toEqual({ view: { kind: 'channel', id: 'front' }, query: FIRST_PAGE }),
    );
    expect(screen.getByTestId('channel-front')).toHaveAttribute('aria-current', 'page');
  });
});

describe('a session', () => {
  it('clicking a row loads its detail', async () => {
    const { canned } = await renderApp(listing([A, B]));
    expect(screen.getAllByTestId('session-row').map((r) => r.dataset.sessionId)).toEqual(['a', 'b']);
    await fireEvent.click(row('b'));
    const pane = await screen.findByTestId('session-detail');
    await waitFor(() => expect(within(pane).getByTestId('session-name')).toHaveTextContent('Tom Hardy'));
    expect(canned.sent('session_detail')).toContainEqual({ id: 'b' });
    expect(within(pane).getByTestId('session-state')).toHaveTextContent('Active');
    expect(within(pane).getByTestId('provider-status')).toHaveTextContent('Connected');
  });

  it("shows each action as the core judged it: unavailable ones say the core's reason", async () => {
    const reason = 'cannot take a session that is Closed: it is closed; create a new session to reconnect';
    await renderApp(
      listing([A], {
        session_detail: () => detail(A, { take: no(reason), start_remote: no('The end user has not granted permission yet') }),
      }),
    );
    await fireEvent.click(row('a'));
    const pane = await screen.findByTestId('session-detail');
    const take = await within(pane).findByTestId('action-take');
    expect(take).toHaveAttribute('aria-disabled', 'true');
    expect(take.getAttribute('title')).toContain(reason);
    // Never `disabled`: it stays clickable, so the refusal reaches the technician.
    expect(take).not.toBeDisabled();

    const close = within(pane).getByTestId('action-close');
    expect(close).not.toHaveAttribute('aria-disabled');
    expect(close.getAttribute('title')).toBe('Close: no further connection; a new session is needed to reconnect (C)');

    const start = within(pane).getByTestId('action-start-remote');
    expect(start).toHaveAttribute('aria-disabled', 'true');
    expect(start).toHaveAttribute('data-enabled', 'false');
    expect(within(pane).getByTestId('start-note')).toHaveTextContent('The end user has not granted permission yet');
  });

  it("clicking an unavailable action still asks the core, and its refusal is shown as the core said it", async () => {
    const refusal = 'cannot take a session that is Closed: it is closed; create a new session to reconnect';
    const { canned } = await renderApp(
      listing([A], {
        session_detail: () => detail(A, { take: no(refusal) }),
        take: refuse('illegal_transition', refusal),
      }),
    );
    await fireEvent.click(row('a'));
    await fireEvent.click(await screen.findByTestId('action-take'));
    expect(await screen.findByTestId('toast-error')).toHaveTextContent(refusal);
    expect(canned.sent('take')).toEqual([{ id: 'a' }]);
  });

  it('a successful action says so and refreshes the board, the list and the detail', async () => {
    const { canned } = await renderApp(listing([A], { close: () => ({ ...A, state: 'closed' }) }));
    await fireEvent.click(row('a'));
    const close = await screen.findByTestId('action-close');
    const before = { board: canned.count('board'), list: canned.count('session_page'), detail: canned.count('session_detail') };
    await fireEvent.click(close);
    // Closing ends the session for good: it asks first, with a comment for the ticket.
    expect(canned.count('close')).toBe(0);
    await fireEvent.input(await screen.findByTestId('close-comment'), { target: { value: '  Driver replaced ' } });
    await fireEvent.click(screen.getByTestId('confirm-close'));
    expect(await screen.findByTestId('toast-success')).toHaveTextContent('Session closed');
    expect(canned.sent('close')).toEqual([{ id: 'a', comment: 'Driver replaced' }]);
    await waitFor(() => {
      expect(canned.count('board')).toBe(before.board + 1);
      expect(canned.count('session_page')).toBe(before.list + 1);
      expect(canned.count('session_detail')).toBe(before.detail + 1);
    });
  });

  it("shows the provider actions still waiting for the session, and Retry and Discard ask the core", async () => {
    const { canned } = await renderApp(
      listing([A], {
        session_detail: () => ({
          ...detail(A),
          pending: [
            {
              id: 3,
              provider: 'splashtop',
              action: 'close',
              label: 'Close the session at Splashtop Business',
              session_id: 'a',
              customer_name: 'Dana Whitfield',
              attempts: 1,
              last_error: 'the provider refused the request (code 40403): not allowed',
              next_attempt_at: '2025-03-04T10:00:00Z',
              refused: true,
            },
          ],
        }),
        retry_action: () => null,
        discard_action: () => null,
      }),
    );
    await fireEvent.click(row('a'));
    const pending = await screen.findByTestId('session-pending-action');
    expect(pending).toHaveTextContent('Close the session at Splashtop Business');
    expect(pending).toHaveTextContent('Refused — the provider refused the request (code 40403): not allowed');
    await fireEvent.click(within(pending).getByTestId('pending-retry'));
    await waitFor(() => expect(canned.sent('retry_action')).toEqual([{ id: 3 }]));
    await fireEvent.click(within(pending).getByTestId('pending-discard'));
    await waitFor(() => expect(canned.sent('discard_action')).toEqual([{ id: 3 }]));
  });

  it('deletes only after the confirmation', async () => {
    const { canned } = await renderApp(listing([A], { delete_session: () => null }));
    await fireEvent.click(row('a'));
    await fireEvent.click(await screen.findByTestId('action-delete'));
    expect(canned.count('delete_session')).toBe(0);
    await fireEvent.click(screen.getByTestId('confirm-delete'));
    await waitFor(() => expect(canned.sent('delete_session')).toEqual([{ id: 'a' }]));
  });

  it('the technician picked in "Assign to" is sent, from the choices the core offered', async () => {
    const { canned } = await renderApp(
      listing([A], {
        session_detail: () =>
          detail(A, {
            assignees: [
              { id: 'alex', name: 'Alex Morgan', available: true, reason: '' },
              { id: 'jordan', name: 'Jordan Lee', available: false, reason: 'Jordan is off today' },
            ],
          }),
        assign: () => ({ ...A, assignee: 'jordan' }),
      }),
    );
    await fireEvent.click(row('a'));
    const select = (await screen.findByTestId('assign-technician')) as HTMLSelectElement;
    const jordan = [...select.options].find((o) => o.value === 'jordan');
    expect(jordan).toHaveTextContent('Jordan Lee — unavailable');
    expect(jordan).toHaveAttribute('title', 'Jordan is off today');
    await fireEvent.change(select, { target: { value: 'jordan' } });
    await waitFor(() => expect(canned.sent('assign')).toEqual([{ id: 'a', technician_id: 'jordan' }]));
  });

  it('Start remote session opens the URL itself when the core could not (a browser on tether serve)', async () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const url = 'st-business://com.splashtop.business?account=alex%40example.com&sos=123456789';
    const { canned } = await renderApp(listing([B], { start_remote: () => ({ url, opened: false, demo_viewer: null }) }));
    await fireEvent.click(row('b'));
    await fireEvent.click(await screen.findByTestId('action-start-remote'));
    await waitFor(() => expect(open).toHaveBeenCalledWith(url, '_blank', 'noopener'));
    expect(canned.sent('start_remote')).toEqual([{ id: 'b' }]);
  });

  it('Start remote session opens nothing more when the core opened it already', async () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    await renderApp(listing([B], { start_remote: () => ({ url: 'st-business://x', opened: true, demo_viewer: null }) }));
    await fireEvent.click(row('b'));
    await fireEvent.click(await screen.findByTestId('action-start-remote'));
    expect(await screen.findByTestId('toast-success')).toHaveTextContent('Remote session started');
    expect(open).not.toHaveBeenCalled();
  });

  it('in the demo, Start remote session shows the simulated viewer and opens nothing', async () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const url = 'st-business://com.splashtop.business?sos=123456789';
    await renderApp(
      listing([B], { start_remote: () => ({ url, opened: false, demo_viewer: 'the Splashtop Business app' }) }),
    );
    await fireEvent.click(row('b'));
    await fireEvent.click(await screen.findByTestId('action-start-remote'));
    expect(await screen.findByTestId('demo-viewer-connected')).toHaveTextContent(`Connected to ${B.customer_name}`);
    expect(screen.getByTestId('demo-viewer-note')).toHaveTextContent('this opens the Splashtop Business app');
    expect(screen.getByTestId('demo-viewer-url')).toHaveTextContent(url);
    expect(open).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('demo-viewer-end'));
    expect(screen.queryByTestId('demo-viewer')).toBeNull();
  });

  it('a failure says it plainly, with the system\'s own words behind Copy details', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await renderApp(
      listing([B], {
        start_remote: refuse(
          'open_failed',
          'The Splashtop Business app did not open: nothing on this computer opens st-business:// links. Is the app installed?',
          'Launcher "gio" "open" "st-business://x" failed with ExitStatus(unix_wait_status(512))',
        ),
      }),
    );
    await fireEvent.click(row('b'));
    await fireEvent.click(await screen.findByTestId('action-start-remote'));
    expect(await screen.findByTestId('toast-lead')).toHaveTextContent('Nothing opened.');
    expect(screen.getByTestId('toast-error')).toHaveTextContent(/^The Splashtop Business app did not open/);
    expect(screen.getByTestId('toast-error')).not.toHaveTextContent('unix_wait_status');
    await fireEvent.click(screen.getByTestId('toast-copy-details'));
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    expect(writeText.mock.calls[0][0]).toMatch(/^open_failed: The Splashtop Business app did not open/);
    expect(writeText.mock.calls[0][0]).toContain('unix_wait_status(512)');
    expect(await screen.findByTestId('toast-copy-details')).toHaveTextContent('Copied');
  });

  it('under a rate limit the provider row and the New session dialog say how long the wait is', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, now: new Date('2026-11-30T10:00:00Z') });
    const until = new Date(Date.parse('2026-11-30T10:00:00Z') + 12_000).toISOString();
    const limited = board({
      providers: [
        { provider: 'splashtop', online: true, error: null, last_ok_at: AT, demo: false, rate_limited_until: until },
      ],
    });
    const created = deferred<Session>();
    await renderApp({ board: () => limited, create_session: created.reply });
    expect(await screen.findByTestId('provider-rate-limited')).toHaveTextContent(/^waiting 0:1[12]$/);
    await fireEvent.keyDown(document.body, { key: 'n' });
    await fireEvent.input(await screen.findByTestId('new-customer-name'), { target: { value: 'Rosa Diaz' } });
    await fireEvent.click(screen.getByTestId('create-session'));
    expect(await screen.findByTestId('new-session-waiting')).toHaveTextContent(
      /^Splashtop asked Tether to slow down: trying again in 0:1[12]\.$/,
    );
    vi.useRealTimers();
  });

  it('a refused new session keeps what was typed and says why', async () => {
    const { canned } = await renderApp({
      create_session: refuse('provider_unreachable', 'the service desk API did not answer'),
    });
    await fireEvent.click(screen.getByTestId('new-session'));
    await fireEvent.input(screen.getByTestId('new-customer-name'), { target: { value: 'Dana' } });
    await fireEvent.input(screen.getByTestId('new-issue'), { target: { value: 'VPN' } });
    await fireEvent.change(screen.getByTestId('new-channel'), { target: { value: 'front' } });
    await fireEvent.click(screen.getByTestId('create-session'));
    expect(await screen.findByTestId('new-session-error')).toHaveTextContent('the service desk API did not answer');
    expect(screen.getByTestId('new-customer-name')).toHaveValue('Dana');
    expect(screen.getByTestId('new-issue')).toHaveValue('VPN');
    expect(canned.sent('create_session')).toEqual([
      { session: { channel_id: 'front', customer_name: 'Dana', issue: 'VPN', ticket_id: null } },
    ]);
  });
});

describe('keyboard', () => {
  it('J and K move the selection, and the detail follows', async () => {
    const { canned } = await renderApp(listing([A, B, C]));
    await press('j');
    await waitFor(() => expect(selectedRows()).toEqual(['a']));
    await press('j');
    await waitFor(() => expect(selectedRows()).toEqual(['b']));
    await press('j');
    await press('k');
    await waitFor(() => expect(selectedRows()).toEqual(['b']));
    await waitFor(() => expect(within(screen.getByTestId('session-detail')).getByTestId('session-name')).toHaveTextContent('Tom Hardy'));
    expect(canned.sent('session_detail').map((a) => a.id)).toEqual(expect.arrayContaining(['a', 'b', 'c']));
  });

  it('T takes the selected session', async () => {
    const { canned } = await renderApp(listing([A, C], { take: () => ({ ...C, assignee: 'alex', state: 'active' }) }));
    await fireEvent.click(row('c'));
    await screen.findByTestId('action-take');
    await press('t');
    await waitFor(() => expect(canned.sent('take')).toEqual([{ id: 'c' }]));
    expect(await screen.findByTestId('toast-success')).toHaveTextContent('You took the session');
  });

  it('T with nothing selected asks for a selection instead of calling the core', async () => {
    const { canned } = await renderApp(listing([A]));
    await press('t');
    expect(await screen.findByTestId('toast-error')).toHaveTextContent('Select a session first');
    expect(canned.count('take')).toBe(0);
  });

  it('? opens the shortcut sheet and Escape closes it, then the detail', async () => {
    await renderApp(listing([A]));
    await fireEvent.click(row('a'));
    await screen.findByTestId('session-detail');
    await press('?');
    expect(await screen.findByTestId('shortcut-help')).toHaveTextContent('Keyboard shortcuts');
    expect(screen.getByTestId('shortcut-help')).toHaveTextContent('Take');
    await press('Escape');
    await waitFor(() => expect(screen.queryByTestId('shortcut-help')).not.toBeInTheDocument());
    expect(screen.getByTestId('session-detail')).toBeInTheDocument();
    await press('Escape');
    await waitFor(() => expect(screen.queryByTestId('session-detail')).not.toBeInTheDocument());
  });

  it('a search is the core\'s: typing asks it once the keys pause and shows what it answered', async () => {
    const { canned } = await renderApp(listing([A, B]));
    canned.answer({ session_page: () => page([B]) });
    await fireEvent.input(screen.getByTestId('session-search'), { target: { value: 'tom' } });
    await waitFor(() => expect(canned.sent('session_page').at(-1)?.query.search).toBe('tom'));
    await waitFor(() => expect(screen.getAllByTestId('session-row').map((r) => r.dataset.sessionId)).toEqual(['b']));
    expect(within(screen.getByTestId('state-tab-all')).getByText('1')).toBeInTheDocument();
  });

  it('a state tab asks the core for that state', async () => {
    const { canned } = await renderApp(listing([A, B]));
    await fireEvent.click(screen.getByTestId('state-tab-active'));
    await waitFor(() => expect(canned.sent('session_page').at(-1)?.query.state).toBe('active'));
  });

  it('the end of the list loads the next page from where the last one ended', async () => {
    const first = Array.from({ length: 12 }, (_, i) => session(`p${i}`, { customer_name: `Customer ${i}` }));
    const cursor = { state_changed_at: first[11].state_changed_at, id: 'p11' };
    const more = session('p12', { customer_name: 'Customer 12' });
    const { canned } = await renderApp({
      session_page: ({ query }) => (query.after === null ? page(first, cursor) : page([more])),
    });
    await waitFor(() => expect(row('p12')).toHaveTextContent('Customer 12'));
    expect(canned.sent('session_page').at(-1)?.query.after).toEqual(cursor);
    expect(screen.getAllByTestId('session-row')).toHaveLength(13);
  });

  it('keys typed in the search box are text, not commands', async () => {
    const { canned } = await renderApp(listing([A]));
    await fireEvent.click(row('a'));
    await screen.findByTestId('session-detail');
    const search = screen.getByTestId('session-search');
    await press('t', search);
    await press('?', search);
    expect(screen.queryByTestId('shortcut-help')).not.toBeInTheDocument();
    expect(canned.count('take')).toBe(0);
  });
});

describe("the core's events", () => {
  it('a session_changed event refreshes the list (and the board)', async () => {
    const { canned } = await renderApp(listing([A]));
    const lists = canned.count('session_page');
    const boards = canned.count('board');
    const changed = { ...A, customer_name: 'Dana W.', state: 'active' as const };
    canned.answer({ session_page: () => page([changed]) });
    canned.emit({ type: 'session_changed', session: changed, from: 'pending', actor: { kind: 'end_user' } });
    await waitFor(() => expect(row('a')).toHaveTextContent('Dana W.'));
    expect(canned.count('session_page')).toBe(lists + 1);
    expect(canned.count('board')).toBe(boards + 1);
  });

  it('several events together make one refresh', async () => {
    const { canned } = await renderApp(listing([A, B]));
    const lists = canned.count('session_page');
    canned.emit({ type: 'session_changed', session: A, from: null, actor: { kind: 'system' } });
    canned.emit({ type: 'session_updated', session: B, actor: { kind: 'system' } });
    canned.emit({ type: 'session_deleted', id: 'zzz', channel_id: 'front' });
    await waitFor(() => expect(canned.count('session_page')).toBe(lists + 1));
    await new Promise((r) => setTimeout(r, 20));
    expect(canned.count('session_page')).toBe(lists + 1);
  });

  it('a detail the core no longer shows me closes quietly on the next refresh', async () => {
    const { canned } = await renderApp(listing([A]));
    await fireEvent.click(row('a'));
    await screen.findByTestId('session-name');
    canned.answer({ session_detail: refuse('forbidden', 'the session moved to a channel you are not in') });
    canned.emit({ type: 'session_changed', session: A, from: 'pending', actor: { kind: 'technician', id: 'priya' } });
    await waitFor(() => expect(screen.queryByTestId('session-detail')).not.toBeInTheDocument());
    expect(screen.queryByTestId('toast-error')).not.toBeInTheDocument();
  });

  it('a session_deleted event for the open session closes its detail', async () => {
    const { canned } = await renderApp(listing([A, B]));
    await fireEvent.click(row('a'));
    await screen.findByTestId('session-name');
    canned.answer({ session_page: () => page([B]) });
    canned.emit({ type: 'session_deleted', id: 'a', channel_id: 'front' });
    await waitFor(() => expect(screen.queryByTestId('session-detail')).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getAllByTestId('session-row').map((r) => r.dataset.sessionId)).toEqual(['b']));
  });
});

describe('the command palette (Ctrl+K)', () => {
  async function palette(query: string): Promise<void> {
    await fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true, bubbles: true });
    const input = await screen.findByTestId('palette-input');
    await fireEvent.input(input, { target: { value: query } });
    await fireEvent.keyDown(input, { key: 'Enter', bubbles: true });
  }

  it('reaches every place and action by name, from the keyboard alone', async () => {
    await renderApp(
      listing([], {
        tickets: () => [],
        directory: () => directory(),
        remote_support_settings: () => remoteSupportSettings(),
      }),
    );
    await palette('new session');
    expect(await screen.findByTestId('new-session-dialog')).toBeInTheDocument();
    await fireEvent.keyDown(document.body, { key: 'Escape', bubbles: true });
    await waitFor(() => expect(screen.queryByTestId('new-session-dialog')).toBeNull());

    await palette('tickets');
    expect(await screen.findByTestId('tickets-view')).toBeInTheDocument();

    // A channel, by its name.
    await palette('front');
    await waitFor(() => expect(screen.queryByTestId('tickets-view')).toBeNull());

    // Nothing matches: said, and Escape leaves it.
    await fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true, bubbles: true });
    await fireEvent.input(await screen.findByTestId('palette-input'), { target: { value: 'make coffee' } });
    expect(screen.getByTestId('palette-empty')).toHaveTextContent('Nothing is called that.');
    await fireEvent.keyDown(document.body, { key: 'Escape', bubbles: true });
    await waitFor(() => expect(screen.queryByTestId('command-palette')).toBeNull());
  });
});
