// BeyondTrust (BT1–BT8) as a technician and an admin use it: real components, the memory
// backend behind them, seeded with the demo's desk (Priya Patel is not logged in to the rep
// console; Helpdesk is the default BeyondTrust team, Escalations is listed but off; one session
// by Sam Chen for Maria Anders waits to be linked) and, unless a test says otherwise, the
// BeyondTrust card on.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../App.svelte';
import type { MemoryBackend } from '../lib/backend-memory';
import { demoIntegrations } from '../lib/demo-seed';
import { backend, NOW } from './fixtures';

function withBeyondTrust(): MemoryBackend {
  return backend([], { integrations: demoIntegrations() });
}

async function open(b: MemoryBackend): Promise<void> {
  render(App, { props: { backend: b } });
  await screen.findByTestId('provider-row');
}

async function openTicket(n: number): Promise<HTMLElement> {
  await fireEvent.click(screen.getByTestId('nav-tickets'));
  await fireEvent.click(await screen.findByTestId(`ticket-row-${n}`));
  const detail = await screen.findByTestId('ticket-detail');
  await within(detail).findByTestId('ticket-subject');
  return detail;
}

async function openInvite(n = 1042): Promise<HTMLElement> {
  await openTicket(n);
  await fireEvent.click(screen.getByTestId('ticket-invite'));
  return screen.findByTestId('invite-dialog');
}

async function chooseBeyondTrust(dialog: HTMLElement): Promise<void> {
  const provider = await within(dialog).findByTestId('invite-provider');
  await fireEvent.change(provider, { target: { value: 'beyondtrust' } });
}

function options(select: HTMLElement): string[] {
  return [...(select as HTMLSelectElement).options].map((o) => o.value);
}

function actions(kind?: string): HTMLElement[] {
  const all = screen.queryAllByTestId('ticket-action');
  return kind ? all.filter((a) => a.dataset.kind === kind) : all;
}

async function openBeyondTrustSettings(b: MemoryBackend): Promise<HTMLElement> {
  await open(b);
  await fireEvent.click(screen.getByTestId('nav-settings'));
  const section = await screen.findByTestId('beyondtrust-settings');
  await within(section).findByTestId('bt-save');
  return section;
}

afterEach(() => {
  document.body.innerHTML = '';
  localStorage.clear();
});

describe('BeyondTrust invitations', () => {
  it('offers no provider choice while the BeyondTrust card is off', async () => {
    await open(backend());
    const dialog = await openInvite();
    await within(dialog).findByTestId('invite-preview-target');
    expect(within(dialog).queryByTestId('invite-provider')).not.toBeInTheDocument();
  });

  it('shows the default BeyondTrust team, and why, before sending to an absent agent; then sends', async () => {
    const b = withBeyondTrust();
    await open(b);
    const dialog = await openInvite();
    await chooseBeyondTrust(dialog);
    await fireEvent.change(within(dialog).getByTestId('invite-target-kind'), { target: { value: 'agent' } });
    await waitFor(() => expect(within(dialog).getByTestId('invite-preview-target')).toHaveTextContent('your queue'));
    await fireEvent.change(within(dialog).getByTestId('invite-target-id'), { target: { value: 'priya' } });
    await waitFor(() =>
      expect(within(dialog).getByTestId('invite-preview-target')).toHaveTextContent(
        'Goes to Team Helpdesk — Priya Patel is not logged in to BeyondTrust',
      ),
    );
    // IN8 as Splashtop says it belongs to Splashtop: BeyondTrust asks the rep console.
    expect(within(dialog).queryByRole('option', { name: 'Priya Patel (unavailable)' })).not.toBeInTheDocument();
    await fireEvent.click(within(dialog).getByTestId('invite-send'));
    expect(await screen.findByText('Invitation sent')).toBeInTheDocument();
    await waitFor(() => expect(actions('remote_session_invitation')).toHaveLength(1));
    const action = actions('remote_session_invitation')[0];
    expect(within(action).getByTestId('ticket-action-provider')).toHaveTextContent('BeyondTrust');
    expect(within(action).getByTestId('ticket-action-target')).toHaveTextContent('Team Helpdesk');
    expect(action).toHaveTextContent('(Priya Patel is not logged in to BeyondTrust)');
    expect(action).toHaveTextContent('Key');
    const [key] = b.generatedKeys();
    expect(within(action).getByTestId('ticket-action-link')).toHaveTextContent(`https://support.example.com/?ak=${key}`);
    expect(b.sentMail[0].html).toContain(`https://support.example.com/?ak=${key}`);
    // No Splashtop session was made for it.
    expect(await b.listSessions({ kind: 'channel', id: 'splashtop-1' })).toEqual([]);
  });

  it('offers no channel target for BeyondTrust, and only its enabled teams', async () => {
    await open(withBeyondTrust());
    const dialog = await openInvite();
    await within(dialog).findByTestId('invite-provider');
    expect(options(within(dialog).getByTestId('invite-target-kind'))).toEqual(['default', 'agent', 'team', 'channel']);
    await fireEvent.change(within(dialog).getByTestId('invite-target-kind'), { target: { value: 'channel' } });
    await chooseBeyondTrust(dialog);
    const kind = within(dialog).getByTestId('invite-target-kind');
    expect(options(kind)).toEqual(['default', 'agent', 'team']);
    // A channel picked for Splashtop becomes the default team, not a refusal.
    expect(kind).toHaveValue('default');
    expect(within(kind).getByRole('option', { name: 'Default team (Helpdesk)' })).toBeInTheDocument();
    await fireEvent.change(kind, { target: { value: 'team' } });
    const team = within(dialog).getByTestId('invite-target-id');
    expect([...(team as HTMLSelectElement).options].map((o) => o.textContent?.trim())).toEqual(['Helpdesk']);
    await waitFor(() => expect(within(dialog).getByTestId('invite-preview-target')).toHaveTextContent('Goes to Team Helpdesk'));
  });

  it('says why when BeyondTrust cannot be reached, with Send disabled', async () => {
    const b = withBeyondTrust();
    b.setApplianceDown('connection refused');
    await open(b);
    const dialog = await openInvite();
    await chooseBeyondTrust(dialog);
    const error = await within(dialog).findByTestId('invite-error');
    expect(error).toHaveAttribute('data-code', 'provider_unreachable');
    expect(error).toHaveTextContent('BeyondTrust: cannot reach the provider (connection refused)');
    expect(within(dialog).getByTestId('invite-send')).toBeDisabled();
  });

  it('remembers the last provider an invitation went out with', async () => {
    await open(withBeyondTrust());
    let dialog = await openInvite();
    await chooseBeyondTrust(dialog);
    await within(dialog).findByTestId('invite-preview-target');
    await fireEvent.click(within(dialog).getByTestId('invite-send'));
    await screen.findByText('Invitation sent');
    await fireEvent.click(screen.getByTestId('ticket-invite'));
    dialog = await screen.findByTestId('invite-dialog');
    expect(await within(dialog).findByTestId('invite-provider')).toHaveValue('beyondtrust');
    expect(localStorage.getItem('tether.invite-provider')).toBe('beyondtrust');
  });
});

describe('Settings → BeyondTrust', () => {
  it('lists an agent per technician and the teams, and saves them', async () => {
    const b = withBeyondTrust();
    const section = await openBeyondTrustSettings(b);
    expect(within(section).getByTestId('bt-agent-enabled-priya')).toBeChecked();
    expect(within(section).getByTestId('bt-agent-name-sam')).toHaveValue('Sam Chen');
    expect(within(section).getByTestId('bt-team-default-3')).toBeChecked();
    expect(within(section).getByTestId('bt-team-enabled-4')).not.toBeChecked();
    expect(within(section).getByTestId('bt-save')).toBeDisabled();
    await fireEvent.input(within(section).getByTestId('bt-agent-name-sam'), { target: { value: 'Sam' } });
    await fireEvent.click(within(section).getByTestId('bt-agent-enabled-jordan'));
    await fireEvent.click(within(section).getByTestId('bt-team-enabled-4'));
    await fireEvent.click(within(section).getByTestId('bt-only-generated-keys'));
    await fireEvent.click(within(section).getByTestId('bt-require-known-rep'));
    await fireEvent.input(within(section).getByTestId('bt-key-ttl'), { target: { value: '90' } });
    await fireEvent.click(within(section).getByTestId('bt-save'));
    expect(await screen.findByText('BeyondTrust settings saved')).toBeInTheDocument();
    const saved = await b.beyondtrustSettings();
    expect(saved.agents.find((a) => a.technician_id === 'sam')?.display_name).toBe('Sam');
    expect(saved.agents.find((a) => a.technician_id === 'jordan')?.enabled).toBe(false);
    expect(saved.teams.find((t) => t.id === '4')?.enabled).toBe(true);
    expect([saved.only_generated_keys, saved.require_known_rep, saved.key_ttl_minutes]).toEqual([true, true, 90]);
    await waitFor(() => expect(within(section).getByTestId('bt-save')).toBeDisabled());
  });

  it("shows the core's refusal and keeps what was typed", async () => {
    const b = withBeyondTrust();
    const section = await openBeyondTrustSettings(b);
    await fireEvent.click(within(section).getByTestId('bt-team-enabled-3'));
    await fireEvent.click(within(section).getByTestId('bt-save'));
    const error = await within(section).findByTestId('bt-error');
    expect(error).toHaveAttribute('data-code', 'invalid_input');
    expect(error).toHaveTextContent('Not saved. the default team Helpdesk must be enabled');
    expect(within(section).getByTestId('bt-team-enabled-3')).not.toBeChecked();
    await fireEvent.input(within(section).getByTestId('bt-agent-name-alex'), { target: { value: ' ' } });
    await fireEvent.click(within(section).getByTestId('bt-team-enabled-3'));
    await fireEvent.click(within(section).getByTestId('bt-save'));
    await waitFor(() =>
      expect(within(section).getByTestId('bt-error')).toHaveTextContent('alex needs their BeyondTrust display name'),
    );
    expect((await b.beyondtrustSettings()).agents[0].display_name).toBe('Alex Rivera');
  });

  it("Get teams adds the appliance's new teams, turned off", async () => {
    const b = withBeyondTrust();
    const section = await openBeyondTrustSettings(b);
    expect(within(section).getAllByTestId('bt-team').map((t) => t.dataset.teamId)).toEqual(['3', '4']);
    await fireEvent.click(within(section).getByTestId('bt-get-teams'));
    expect(await screen.findByText('1 team added from BeyondTrust, turned off')).toBeInTheDocument();
    await waitFor(() =>
      expect(within(section).getAllByTestId('bt-team').map((t) => t.dataset.teamId)).toEqual(['3', '4', '7']),
    );
    expect(within(section).getByTestId('bt-team-name-7')).toHaveValue('Field Service');
    expect(within(section).getByTestId('bt-team-enabled-7')).not.toBeChecked();
    expect((await b.beyondtrustSettings()).teams.map((t) => t.id)).toEqual(['3', '4', '7']);
  });

  it('adds a team by hand, refusing an id already listed', async () => {
    const b = withBeyondTrust();
    const section = await openBeyondTrustSettings(b);
    const add = within(section).getByTestId('bt-add-team');
    expect(add).toBeDisabled();
    await fireEvent.input(within(section).getByTestId('bt-new-team-id'), { target: { value: '3' } });
    await fireEvent.input(within(section).getByTestId('bt-new-team-name'), { target: { value: 'Again' } });
    expect(add).toBeDisabled();
    expect(add).toHaveAttribute('title', 'Team 3 is already listed');
    await fireEvent.input(within(section).getByTestId('bt-new-team-id'), { target: { value: '9' } });
    await fireEvent.input(within(section).getByTestId('bt-new-team-name'), { target: { value: 'Night shift' } });
    await fireEvent.click(add);
    expect(within(section).getByTestId('bt-team-name-9')).toHaveValue('Night shift');
    await fireEvent.click(within(section).getByTestId('bt-save'));
    await waitFor(async () =>
      expect((await b.beyondtrustSettings()).teams.map((t) => t.id)).toEqual(['3', '4', '9']),
    );
  });

  it('Get teams says why BeyondTrust refused it', async () => {
    const section = await openBeyondTrustSettings(backend());
    expect(await within(section).findByTestId('bt-card-off')).toHaveTextContent('The BeyondTrust card in Integrations is off');
    await fireEvent.click(within(section).getByTestId('bt-get-teams'));
    const error = await within(section).findByTestId('bt-teams-error');
    expect(error).toHaveAttribute('data-code', 'provider_unauthorized');
    expect(error).toHaveTextContent('BeyondTrust is not set up: the card is off (Settings → Integrations)');
  });

  it('shows where outbound events go, and copies it', async () => {
    const section = await openBeyondTrustSettings(withBeyondTrust());
    const url = await within(section).findByTestId('bt-receiver-url');
    expect(url).toHaveTextContent('http://127.0.0.1:41731/beyondtrust/events');
    expect(within(section).getByTestId('bt-receiver')).toHaveTextContent('/login → Management → Outbound Events');
    await fireEvent.click(within(section).getByTestId('bt-receiver-copy'));
    expect(await screen.findByText(/Receiver address copied|The clipboard refused/)).toBeInTheDocument();
  });

  it('says reconciliation still works when the receiver is not listening', async () => {
    const section = await openBeyondTrustSettings(backend([], { eventsReceiver: null }));
    const off = await within(section).findByTestId('bt-receiver-off');
    expect(off).toHaveTextContent('The events receiver is not listening');
    expect(off).toHaveTextContent('every minute');
  });
});

describe('Unlinked sessions (BT7)', () => {
  it('counts them in the sidebar, links one to a suggested ticket, and the ticket shows the session', async () => {
    const b = withBeyondTrust();
    await open(b);
    expect(await screen.findByTestId('nav-unlinked-count')).toHaveTextContent('1');
    await fireEvent.click(screen.getByTestId('nav-unlinked'));
    const row = await screen.findByTestId('unlinked-row');
    expect(row).toHaveTextContent('Maria Anders');
    expect(row).toHaveTextContent('with Sam Chen');
    expect(within(row).getByTestId('unlinked-duration')).toHaveTextContent('12 min 34 s');
    expect(within(row).getByTestId('unlinked-status')).toHaveTextContent('Unlinked');
    expect(within(row).getByTestId('unlinked-reason')).toHaveTextContent('the session has no external key');
    expect(within(row).getByTestId('unlinked-transcript')).toHaveTextContent('Sam Chen: Hi Maria, I can see your screen now.');
    const suggestions = within(row).getAllByTestId('unlinked-suggestion');
    expect(suggestions.map((s) => s.dataset.ticketId)).toEqual(['ticket-1042']);
    await fireEvent.click(within(suggestions[0]).getByTestId('link-suggestion'));
    expect(await screen.findByText('Session linked to #1042 Label printer prints blank pages')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('unlinked-row')).not.toBeInTheDocument());
    expect(await screen.findByTestId('unlinked-empty')).toHaveTextContent('turned it away');
    await waitFor(() => expect(screen.queryByTestId('nav-unlinked-count')).not.toBeInTheDocument());

    await openTicket(1042);
    await waitFor(() => expect(actions('remote_session')).toHaveLength(1));
    const action = actions('remote_session')[0];
    expect(action).toHaveTextContent('Sam Chen');
    expect(action).toHaveTextContent('Remote session');
    expect(within(action).getByTestId('ticket-action-duration')).toHaveTextContent('12 min 34 s');
    expect(action).toHaveTextContent('BeyondTrust session with Sam Chen for Maria Anders');
    expect(within(action).getByTestId('ticket-action-transcript')).toHaveTextContent('Maria Anders: It printed. Thank you!');
  });

  it('links to any ticket found by search', async () => {
    const b = withBeyondTrust();
    await open(b);
    await fireEvent.click(screen.getByTestId('nav-unlinked'));
    const row = await screen.findByTestId('unlinked-row');
    await fireEvent.input(within(row).getByTestId('unlinked-ticket-search'), { target: { value: 'zebra' } });
    expect(await within(row).findByTestId('unlinked-search-none')).toHaveTextContent('No ticket in the cache matches “zebra”');
    await fireEvent.input(within(row).getByTestId('unlinked-ticket-search'), { target: { value: 'practice software' } });
    const found = await within(row).findAllByTestId('unlinked-search-result');
    expect(found.map((f) => f.dataset.ticketId)).toEqual(['ticket-1044']);
    await fireEvent.click(within(found[0]).getByTestId('link-ticket'));
    await screen.findByText('Session linked to #1044 New starter needs the practice software');
    const detail = await b.ticketDetail('ticket-1044');
    expect(detail.actions.map((a) => [a.kind, a.actor, a.logged_seconds])).toContainEqual(['remote_session', 'sam', 754]);
  });

  it('shows a session a rule turned away as Rejected, with the reason', async () => {
    const b = withBeyondTrust();
    const settings = await b.beyondtrustSettings();
    await b.saveBeyondtrustSettings({ ...settings, require_known_rep: true });
    const at = (min: number) => new Date(NOW - min * 60_000).toISOString();
    b.finishBeyondTrustSession({
      lsid: 'lsid-2',
      externalKey: 'ticket-1045',
      customerName: 'Ana Trujillo',
      repNames: ['Casey Night'],
      startedAt: at(20),
      endedAt: at(15),
      durationSeconds: 300,
      chat: [],
    });
    await open(b);
    await fireEvent.click(screen.getByTestId('nav-unlinked'));
    const rows = await screen.findAllByTestId('unlinked-row');
    expect(rows).toHaveLength(2);
    const rejected = rows[0];
    expect(within(rejected).getByTestId('unlinked-status')).toHaveTextContent('Rejected');
    expect(within(rejected).getByTestId('unlinked-reason')).toHaveTextContent(
      'Turned away by a BeyondTrust rule in Settings: the representative Casey Night matches no BeyondTrust agent',
    );
    expect(within(rejected).getByTestId('unlinked-duration')).toHaveTextContent(/^5 min$/);
    expect(within(rejected).queryByTestId('unlinked-transcript')).not.toBeInTheDocument();
  });

  it('explains what lands here when nothing waits; g u goes there', async () => {
    const b = withBeyondTrust();
    const [waiting] = await b.unlinkedSessions();
    await b.linkRemoteSession(waiting.session.id, 'ticket-1042');
    await open(b);
    await fireEvent.keyDown(document.body, { key: 'g' });
    await fireEvent.keyDown(document.body, { key: 'u' });
    const empty = await screen.findByTestId('unlinked-empty');
    expect(empty).toHaveTextContent('its session key named no ticket');
    expect(empty).toHaveTextContent('the BeyondTrust rules in Settings turned it away');
    expect(screen.getByTestId('nav-unlinked')).toHaveAttribute('aria-current', 'page');
    await fireEvent.click(within(empty).getByTestId('unlinked-settings'));
    expect(await screen.findByTestId('beyondtrust-settings')).toBeInTheDocument();
  });

  it('a session taken in while the view is open appears without a refresh (desk_changed)', async () => {
    const b = withBeyondTrust();
    await open(b);
    await fireEvent.click(screen.getByTestId('nav-unlinked'));
    await screen.findByTestId('unlinked-row');
    b.finishBeyondTrustSession({
      lsid: 'lsid-3',
      externalKey: '',
      customerName: 'Lee Wong',
      repNames: ['Alex Rivera'],
      startedAt: new Date(NOW - 5 * 60_000).toISOString(),
      endedAt: new Date(NOW).toISOString(),
      durationSeconds: 61,
      chat: [],
    });
    await waitFor(() => expect(screen.getAllByTestId('unlinked-row')).toHaveLength(2));
    expect(screen.getByTestId('nav-unlinked-count')).toHaveTextContent('2');
  });
});

describe('the timeline', () => {
  it('shows a linked session as a Remote session, with its duration and transcript in a block', async () => {
    const b = withBeyondTrust();
    const at = (min: number, s = 0) => new Date(NOW - min * 60_000 + s * 1000).toISOString();
    const status = b.finishBeyondTrustSession({
      lsid: 'lsid-4',
      externalKey: '#1045',
      customerName: 'Ana Trujillo',
      repNames: ['', 'Alex Rivera'],
      startedAt: at(30),
      endedAt: at(30, 3725),
      durationSeconds: 3725,
      chat: [
        [at(30, 4), 'Alex Rivera', 'Hello Ana'],
        [at(30, 9), 'Ana Trujillo', 'Hi, the tablet is here <b>now</b>'],
      ],
    });
    expect(status).toBe('linked');
    await open(b);
    await openTicket(1045);
    await waitFor(() => expect(actions('remote_session')).toHaveLength(1));
    const action = actions('remote_session')[0];
    expect(action).toHaveTextContent('Alex Rivera');
    expect(within(action).getByTestId('ticket-action-duration')).toHaveTextContent('1 h 02 min');
    const transcript = within(action).getByTestId('ticket-action-transcript');
    expect(transcript.tagName).toBe('PRE');
    expect(transcript.textContent).toBe('[09:30:04] Alex Rivera: Hello Ana\n[09:30:09] Ana Trujillo: Hi, the tablet is here <b>now</b>');
    // The summary stays above it, and nothing of the transcript is read as markup.
    expect(action).toHaveTextContent('BeyondTrust session with Alex Rivera for Ana Trujillo: 2025-03-04 09:30 to 10:32 (62:05)');
    expect(transcript.querySelector('b')).toBeNull();
  });
});
