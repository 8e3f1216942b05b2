// The board as a technician uses it: real components, the memory backend behind them.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../App.svelte';
import type { MemoryBackend } from '../lib/backend-memory';
import type { Session } from '../lib/bindings/Session';
import { backend, session } from './fixtures';

async function open(b: MemoryBackend): Promise<void> {
  render(App, { props: { backend: b } });
  await screen.findByTestId('provider-row');
}

async function rows(): Promise<HTMLElement[]> {
  return screen.findAllByTestId('session-row');
}

function row(id: string): HTMLElement {
  const found = screen.getAllByTestId('session-row').find((r) => r.dataset.sessionId === id);
  if (!found) throw new Error(`no row for ${id}`);
  return found;
}

async function select(s: Session): Promise<HTMLElement> {
  await rows();
  await fireEvent.click(row(s.id));
  const detail = await screen.findByTestId('session-detail');
  await within(detail).findByTestId('session-name');
  return detail;
}

function press(key: string, target: Element | Window = document.body, init: KeyboardEventInit = {}): Promise<boolean> {
  return fireEvent.keyDown(target, { key, bubbles: true, ...init });
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the board', () => {
  it('shows the demo banner, the channels and the provider row', async () => {
    await open(backend([session()]));
    expect(screen.getByTestId('demo-banner')).toHaveTextContent('Nothing here reaches a real customer');
    expect(screen.getByTestId('channel-home')).toBeInTheDocument();
    expect(screen.getByTestId('channel-private')).toBeInTheDocument();
    expect(screen.getByTestId('channel-splashtop-1')).toHaveTextContent('Front desk');
    expect(screen.getByTestId('provider-row')).toHaveTextContent('online');
  });

  it('says what is wrong with the provider and how many actions wait', async () => {
    const s = session({ state: 'active' });
    const b = backend([s]);
    await open(b);
    b.setProviderDown('the connection was refused');
    await select(s);
    await fireEvent.click(screen.getByTestId('action-close'));
    await waitFor(() => expect(screen.getByTestId('provider-row')).toHaveTextContent('offline'));
    expect(screen.getByTestId('provider-row')).toHaveTextContent('the connection was refused');
    await waitFor(() => expect(screen.getByTestId('provider-row')).toHaveTextContent('1 action pending'));
  });

  it('creating a session shows it as Pending in the list and opens it', async () => {
    await open(backend());
    await fireEvent.click(screen.getByTestId('new-session'));
    await fireEvent.input(screen.getByTestId('new-customer-name'), { target: { value: 'Dana Whitfield' } });
    await fireEvent.input(screen.getByTestId('new-issue'), { target: { value: 'Printer offline' } });
    await fireEvent.click(screen.getByTestId('create-session'));
    const created = await waitFor(() => {
      const r = screen.getAllByTestId('session-row').find((x) => x.textContent?.includes('Dana Whitfield'));
      expect(r).toBeDefined();
      return r as HTMLElement;
    });
    expect(created.dataset.state).toBe('pending');
    expect(created).toHaveTextContent('Pending · Waiting');
    expect(screen.queryByTestId('new-customer-name')).not.toBeInTheDocument();
    const detail = await screen.findByTestId('session-detail');
    expect(within(detail).getByTestId('session-name')).toHaveTextContent('Dana Whitfield');
    expect(within(detail).getByTestId('session-state')).toHaveTextContent(/^Pending$/);
    expect(within(detail).getByTestId('provider-status')).toHaveTextContent('Waiting');
  });

  it('the new-session dialog starts on the channel in view, Private from Home', async () => {
    await open(backend());
    await fireEvent.click(screen.getByTestId('new-session'));
    expect(screen.getByTestId('new-channel')).toHaveValue('private');
    await press('Escape', screen.getByTestId('new-customer-name'));
    await fireEvent.click(screen.getByTestId('channel-splashtop-2'));
    await fireEvent.click(screen.getByTestId('new-session'));
    expect(screen.getByTestId('new-channel')).toHaveValue('splashtop-2');
  });

  it('keeps what was typed when creating fails, and says why', async () => {
    const b = backend();
    b.setProviderDown('the service desk API did not answer');
    await open(b);
    await fireEvent.click(screen.getByTestId('new-session'));
    await fireEvent.input(screen.getByTestId('new-customer-name'), { target: { value: 'Dana' } });
    await fireEvent.input(screen.getByTestId('new-issue'), { target: { value: 'VPN' } });
    await fireEvent.click(screen.getByTestId('create-session'));
    expect(await screen.findByTestId('new-session-error')).toHaveTextContent('the service desk API did not answer');
    expect(screen.getByTestId('new-customer-name')).toHaveValue('Dana');
    expect(screen.getByTestId('new-issue')).toHaveValue('VPN');
  });

  it('asks for the customer name before calling the provider', async () => {
    await open(backend());
    await fireEvent.click(screen.getByTestId('new-session'));
    await fireEvent.click(screen.getByTestId('create-session'));
    expect(await screen.findByTestId('new-session-error')).toHaveTextContent("customer's name is empty");
  });
});

describe('session detail', () => {
  it('keeps Start remote looking disabled until the end user grants permission', async () => {
    const s = session({ state: 'active', code: '123456789' });
    await open(backend([s]));
    const detail = await select(s);
    const start = within(detail).getByTestId('action-start-remote');
    expect(start).toHaveAttribute('data-enabled', 'false');
    expect(start).toHaveAttribute('aria-disabled', 'true');
    expect(start).not.toHaveAttribute('disabled');
    expect(within(detail).getByTestId('permission-status')).toHaveTextContent('not requested');

    await fireEvent.click(within(detail).getByTestId('action-request-permission'));
    await waitFor(() =>
      expect(within(detail).getByTestId('permission-status')).toHaveTextContent('requested — waiting for the end user'),
    );
    expect(detail).toHaveTextContent('Waiting for the end user to grant permission');
    expect(within(detail).getByTestId('action-start-remote')).toHaveAttribute('data-enabled', 'false');

    await fireEvent.click(within(detail).getByTestId('enduser-grant'));
    await waitFor(() => expect(within(detail).getByTestId('action-start-remote')).toHaveAttribute('data-enabled', 'true'));
    expect(within(detail).getByTestId('action-start-remote')).not.toHaveAttribute('aria-disabled');
    expect(within(detail).getByTestId('permission-status')).toHaveTextContent('granted');
  });

  it('shows the refusal when an illegal action is clicked anyway', async () => {
    const s = session({ state: 'closed', provider_status: 'Closed' });
    await open(backend([s]));
    const detail = await select(s);
    const release = within(detail).getByTestId('action-release');
    expect(release).toHaveAttribute('aria-disabled', 'true');
    expect(release.getAttribute('title')).toMatch(/Cannot release a session that is Closed/);
    await fireEvent.click(release);
    const toast = await screen.findByTestId('toast-error');
    expect(toast.textContent).toMatch(/^cannot release a session that is Closed: /);
    expect(toast.closest('[role="alert"]')).not.toBeNull();
  });

  it('refuses a fourth technician with the reason', async () => {
    const s = session({ state: 'active', invited: ['sam', 'priya'] });
    await open(backend([s]));
    const detail = await select(s);
    expect(detail).toHaveTextContent('3/3 technicians');
    const invite = within(detail).getByTestId('invite-technician');
    expect(invite).toHaveAttribute('aria-disabled', 'true');
    await fireEvent.change(invite, { target: { value: 'jordan' } });
    expect(await screen.findByTestId('toast-error')).toHaveTextContent('at most 3 technicians');
  });

  it('hides the PIN until asked and groups it in threes', async () => {
    const s = session({ code: '987654321' });
    await open(backend([s]));
    const detail = await select(s);
    expect(within(detail).getByTestId('session-code')).not.toHaveTextContent('987');
    await fireEvent.click(within(detail).getByTestId('show-pin'));
    expect(within(detail).getByTestId('session-code')).toHaveTextContent('987 654 321');
  });

  it('copies the link and confirms it', async () => {
    const s = session();
    await open(backend([s]));
    const detail = await select(s);
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (t: string) => void copied.push(t) },
    });
    await fireEvent.click(within(detail).getByTestId('copy-link'));
    await waitFor(() => expect(within(detail).getByTestId('copy-link')).toHaveTextContent('Copied'));
    expect(copied).toEqual([s.link]);
  });

  it('lists the history newest last', async () => {
    const s = session({ code: '555666777' });
    await open(backend([s]));
    const detail = await select(s);
    await fireEvent.click(within(detail).getByTestId('enduser-launch'));
    await fireEvent.click(within(detail).getByTestId('action-release'));
    await waitFor(() => expect(within(detail).getAllByTestId('history-entry')).toHaveLength(2));
    const entries = within(detail).getAllByTestId('history-entry');
    expect(entries[0]).toHaveTextContent('End user');
    expect(entries[0]).toHaveTextContent('Pending → Active');
    expect(entries[1]).toHaveTextContent('Alex Rivera');
    expect(entries[1]).toHaveTextContent('Active → In queue');
  });

  it('deletes only after confirming', async () => {
    const s = session();
    await open(backend([s, session()]));
    const detail = await select(s);
    await fireEvent.click(within(detail).getByTestId('action-delete'));
    expect(row(s.id)).toBeInTheDocument();
    await fireEvent.click(await screen.findByTestId('confirm-delete'));
    await waitFor(() =>
      expect(screen.getAllByTestId('session-row').some((r) => r.dataset.sessionId === s.id)).toBe(false),
    );
  });
});

describe('keyboard', () => {
  it('N opens the new-session dialog, but not while typing in the search box', async () => {
    await open(backend([session()]));
    const search = screen.getByTestId('session-search');
    search.focus();
    await press('n', search);
    expect(screen.queryByTestId('new-customer-name')).not.toBeInTheDocument();
    search.blur();
    await press('n');
    expect(await screen.findByTestId('new-customer-name')).toBeInTheDocument();
    await press('Escape', screen.getByTestId('new-customer-name'));
    expect(screen.queryByTestId('new-customer-name')).not.toBeInTheDocument();
  });

  it('J and K move the selection, 1–6 pick a state tab, / focuses search', async () => {
    const a = session({ state_changed_at: '2025-03-04T09:59:00Z' });
    const b = session({ state: 'active', state_changed_at: '2025-03-04T09:58:00Z' });
    await open(backend([a, b]));
    await rows();
    await press('j');
    await waitFor(() => expect(row(a.id)).toHaveAttribute('aria-selected', 'true'));
    await press('j');
    await waitFor(() => expect(row(b.id)).toHaveAttribute('aria-selected', 'true'));
    await press('k');
    await waitFor(() => expect(row(a.id)).toHaveAttribute('aria-selected', 'true'));
    await press('3');
    expect(screen.getByTestId('state-tab-active')).toHaveAttribute('aria-selected', 'true');
    expect(screen.getAllByTestId('session-row').map((r) => r.dataset.state)).toEqual(['active']);
    await press('/');
    expect(document.activeElement).toBe(screen.getByTestId('session-search'));
  });

  it('T takes the selected queued session', async () => {
    const s = session({ state: 'in_queue', assignee: null });
    await open(backend([s]));
    await fireEvent.click(screen.getByTestId('channel-splashtop-1'));
    await select(s);
    await press('t');
    await waitFor(() => expect(screen.getByTestId('session-state')).toHaveTextContent('Active'));
  });

  it('? shows the shortcuts', async () => {
    await open(backend());
    await press('?', document.body, { shiftKey: true });
    expect(await screen.findByTestId('shortcut-help')).toHaveTextContent('Request permission');
  });
});

describe('the list', () => {
  it('renders only the visible rows of 10,000 sessions', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      session({ customer_name: `Customer ${i}`, channel_id: 'splashtop-1', assignee: 'sam' }),
    );
    await open(backend(many));
    await fireEvent.click(screen.getByTestId('channel-splashtop-1'));
    const shown = await rows();
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.length).toBeLessThan(100);
    expect(screen.getByTestId('state-tab-all')).toHaveTextContent('10000');
  });

  it('explains an empty channel and how to create a session', async () => {
    await open(backend());
    const empty = await screen.findByTestId('empty-state');
    expect(empty).toHaveTextContent('A session is one attended remote-support visit');
    expect(empty).toHaveTextContent('Press N to create one');
  });

  it('says when nothing matches the filter, and clears it', async () => {
    await open(backend([session({ customer_name: 'Dana' })]));
    await rows();
    await fireEvent.input(screen.getByTestId('session-search'), { target: { value: 'zebra' } });
    const empty = await screen.findByTestId('empty-state');
    expect(empty).toHaveTextContent('No sessions match the filter');
    await fireEvent.click(within(empty).getByRole('button', { name: 'Clear filter' }));
    expect(await rows()).toHaveLength(1);
  });

  it('finds a session by its code, typed with or without spaces', async () => {
    await open(backend([session({ code: '424242424' }), session()]));
    await rows();
    await fireEvent.input(screen.getByTestId('session-search'), { target: { value: '424 242' } });
    await waitFor(() => expect(screen.getAllByTestId('session-row')).toHaveLength(1));
  });
});

describe('notifications and settings', () => {
  it('focuses the notified session when the window is activated from the notification', async () => {
    const mine = session({ customer_name: 'Mine' });
    const other = session({ customer_name: 'Elsewhere', channel_id: 'splashtop-2', assignee: 'sam' });
    const b = backend([mine, other]);
    await open(b);
    await rows();
    b.emit({ type: 'notified', notification: { title: 'Elsewhere — In queue', body: '', session_id: other.id } });
    await new Promise((r) => setTimeout(r, 0));
    await fireEvent.focus(window);
    const detail = await screen.findByTestId('session-detail');
    await waitFor(() => expect(within(detail).getByTestId('session-name')).toHaveTextContent('Elsewhere'));
    expect(screen.getByTestId('channel-splashtop-2')).toHaveAttribute('aria-current', 'page');
  });

  it('shows a failure to notify in Settings', async () => {
    const b = backend();
    await open(b);
    b.recordNotifierFailure('org.freedesktop.Notifications was not provided');
    await fireEvent.click(screen.getByTestId('nav-settings'));
    const health = await screen.findByTestId('notifier-health');
    await waitFor(() => expect(health).toHaveTextContent('1 failed'));
    expect(health).toHaveTextContent('org.freedesktop.Notifications was not provided');
  });

  it('switches the current technician', async () => {
    await open(backend());
    await fireEvent.click(screen.getByTestId('nav-settings'));
    const picker = await screen.findByTestId('current-technician');
    await fireEvent.change(picker, { target: { value: 'sam' } });
    await waitFor(() => expect(screen.getByTestId('current-technician')).toHaveValue('sam'));
    expect(screen.getByTestId('settings-view')).toBeInTheDocument();
  });
});

describe('the default channel (SP1)', () => {
  function options(select: HTMLElement): string[] {
    return [...(select as HTMLSelectElement).options].map((o) => `${o.value}:${o.text}`);
  }

  it('lists Private and the shared channels I am a member of', async () => {
    await open(backend([], { currentTechnician: 'jordan' }));
    await fireEvent.click(screen.getByTestId('nav-settings'));
    const select = await screen.findByTestId('default-channel');
    expect(screen.getByLabelText('Default channel for my new sessions')).toBe(select);
    // Jordan is not among Escalations' members.
    expect(options(select)).toEqual(['private:Private', 'splashtop-1:Front desk']);
    expect(select).toHaveValue('private');
  });

  it('is saved on change and preselected in the new-session dialog from Home', async () => {
    const b = backend();
    await open(b);
    await fireEvent.click(screen.getByTestId('nav-settings'));
    const select = await screen.findByTestId('default-channel');
    expect(options(select)).toEqual(['private:Private', 'splashtop-1:Front desk', 'splashtop-2:Escalations']);
    await fireEvent.change(select, { target: { value: 'splashtop-2' } });
    expect(await screen.findByText('Your new sessions go to Escalations')).toBeInTheDocument();
    expect((await b.board()).settings.default_channel).toBe('splashtop-2');
    expect(screen.queryByTestId('default-channel-error')).not.toBeInTheDocument();

    await fireEvent.click(screen.getByTestId('channel-home'));
    await fireEvent.click(screen.getByTestId('new-session'));
    expect(screen.getByTestId('new-channel')).toHaveValue('splashtop-2');
    await press('Escape', screen.getByTestId('new-customer-name'));
    // A channel in view still wins over the default, Private included.
    await fireEvent.click(screen.getByTestId('channel-private'));
    await fireEvent.click(screen.getByTestId('new-session'));
    expect(screen.getByTestId('new-channel')).toHaveValue('private');
    await press('Escape', screen.getByTestId('new-customer-name'));
    await fireEvent.click(screen.getByTestId('channel-splashtop-1'));
    await fireEvent.click(screen.getByTestId('new-session'));
    expect(screen.getByTestId('new-channel')).toHaveValue('splashtop-1');
  });

  it('a session created from Home goes to the default channel', async () => {
    const b = backend();
    await b.setDefaultChannel('splashtop-1');
    await open(b);
    await fireEvent.click(screen.getByTestId('new-session'));
    expect(screen.getByTestId('new-channel')).toHaveValue('splashtop-1');
    await fireEvent.input(screen.getByTestId('new-customer-name'), { target: { value: 'Dana Whitfield' } });
    await fireEvent.click(screen.getByTestId('create-session'));
    await waitFor(() => expect(screen.queryByTestId('new-customer-name')).not.toBeInTheDocument());
    const [created] = await b.listSessions({ kind: 'channel', id: 'splashtop-1' });
    expect(created.customer_name).toBe('Dana Whitfield');
  });

  it("shows the core's refusal beside the choice and puts the saved channel back", async () => {
    const b = backend();
    // Alex was taken out of Escalations after the board was drawn.
    b.setDefaultChannel = () =>
      Promise.reject({ code: 'forbidden', message: 'Alex Rivera has no access to the channel Escalations' });
    await open(b);
    await fireEvent.click(screen.getByTestId('nav-settings'));
    const select = await screen.findByTestId('default-channel');
    await fireEvent.change(select, { target: { value: 'splashtop-2' } });
    const error = await screen.findByTestId('default-channel-error');
    expect(error).toHaveAttribute('role', 'alert');
    expect(error).toHaveTextContent('Alex Rivera has no access to the channel Escalations');
    expect(select).toHaveValue('private');
    expect(select).toHaveAttribute('aria-describedby', error.id);
    expect((await b.board()).settings.default_channel).toBe('private');
    // A choice that is kept clears the message.
    b.setDefaultChannel = () => Promise.resolve(null);
    await fireEvent.change(select, { target: { value: 'splashtop-1' } });
    await waitFor(() => expect(screen.queryByTestId('default-channel-error')).not.toBeInTheDocument());
  });
});
