// The ticket desk's screens on canned answers: the invite dialog (where the core says the
// session will go, or why it will not), a remote session on a ticket's timeline, and the
// unlinked sessions waiting for their ticket.
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../lib/bindings/Ticket';
import type { TicketAction } from '../lib/bindings/TicketAction';
import type { TvPanel } from '../lib/bindings/TvPanel';
import type { TvPanelSession } from '../lib/bindings/TvPanelSession';
import InviteDialog from '../components/InviteDialog.svelte';
import TicketTimeline from '../components/TicketTimeline.svelte';
import {
  beyondtrustSettings,
  board,
  directory,
  integration,
  invitePreview,
  remoteSession,
  remoteSupportSettings,
  technician,
  ticket,
  unlinked,
} from './builders';
import { refuse, type Replies } from './canned';
import { renderApp, renderIn, store } from './render';

const TICKET = ticket('t1', { number: 1042, subject: 'Label printer prints blank pages' });
const ALEX = technician();
const PRIYA = technician({ id: 'priya', name: 'Priya Patel', email: 'priya@example.com', available: false });

/** What the dialog reads when it opens, besides the preview a test is about. */
function dialogReads(replies: Replies = {}): Replies {
  return {
    board: () => board({ me: ALEX, technicians: [ALEX, PRIYA] }),
    integrations: () => [integration()],
    beyondtrust_settings: () => beyondtrustSettings(),
    ...replies,
  };
}

async function openDialog(replies: Replies, quick = true) {
  const opened = store(dialogReads(replies));
  await opened.app.refreshBoard();
  renderIn(opened.app, InviteDialog, { ticket: TICKET, quick });
  await screen.findByTestId('invite-dialog');
  return opened;
}

describe('the invite dialog', () => {
  it('shows where the core says the session will go, and the email, before Send', async () => {
    const { canned } = await openDialog({
      preview_invite: () =>
        invitePreview({
          recipients: ['maria@northwind.example'],
          target: { channel_id: 'helpdesk', assignee: null, label: 'Team Helpdesk', fallback_reason: 'Priya Patel is unavailable' },
          subject: 'Remote support for #1042',
        }),
    });
    const goes = await screen.findByTestId('invite-preview-target');
    expect(goes).toHaveTextContent('Goes to Team Helpdesk — Priya Patel is unavailable');
    expect(screen.getByTestId('invite-preview-recipients')).toHaveTextContent('maria@northwind.example');
    expect(screen.getByTestId('invite-preview-subject')).toHaveTextContent('Remote support for #1042');
    expect(screen.getByTestId('invite-send')).toBeEnabled();
    // Asked with the ticket's end user, the default target, and where the dialog came from.
    expect(canned.sent('preview_invite')).toEqual([
      {
        request: {
          ticket_id: 't1',
          recipients: 'maria@northwind.example',
          target: { kind: 'default' },
          quick: true,
          provider: 'splashtop',
        },
      },
    ]);
  });

  it('says before Send that no email account is set up, and Send is off', async () => {
    const why = 'no email account is set up: turn on the Email (SMTP) card in Settings → Integrations';
    await openDialog({ preview_invite: () => invitePreview({ cannot_send: why }) });
    expect(await screen.findByTestId('invite-cannot-send')).toHaveTextContent(why);
    expect(screen.getByTestId('invite-send')).toBeDisabled();
  });

  it('shows a technician_unavailable refusal, and Send is off', async () => {
    const message = 'Priya Patel is unavailable and falling back to the default team is off';
    await openDialog({ preview_invite: refuse('technician_unavailable', message) });
    const error = await screen.findByTestId('invite-error');
    expect(error).toHaveTextContent('Nothing can be sent this way.');
    expect(error).toHaveTextContent(message);
    expect(error).toHaveAttribute('data-code', 'technician_unavailable');
    expect(screen.queryByTestId('invite-preview-target')).not.toBeInTheDocument();
    expect(screen.getByTestId('invite-send')).toBeDisabled();
  });

  it('asks again for the target and the recipients picked', async () => {
    const { canned } = await openDialog({ preview_invite: () => invitePreview() });
    await screen.findByTestId('invite-preview-target');
    await fireEvent.change(screen.getByTestId('invite-target-kind'), { target: { value: 'agent' } });
    const who = screen.getByTestId('invite-target-id') as HTMLSelectElement;
    expect([...who.options].map((o) => o.textContent?.trim())).toEqual(['Alex Morgan (you)', 'Priya Patel (unavailable)']);
    await fireEvent.change(who, { target: { value: 'priya' } });
    await fireEvent.input(screen.getByTestId('invite-recipients'), { target: { value: 'tom@northwind.example' } });
    await waitFor(() =>
      expect(canned.sent('preview_invite').at(-1)?.request).toMatchObject({
        recipients: 'tom@northwind.example',
        target: { kind: 'agent', id: 'priya' },
      }),
    );
  });

  it('Send sends what the preview was asked for; a refusal then is shown in place', async () => {
    const message = 'Priya Patel became unavailable meanwhile';
    const { canned } = await openDialog({
      preview_invite: () => invitePreview(),
      send_invite: refuse('technician_unavailable', message),
    });
    await screen.findByTestId('invite-preview-target');
    await fireEvent.click(screen.getByTestId('invite-send'));
    expect(await screen.findByTestId('invite-error')).toHaveTextContent(message);
    expect(canned.sent('send_invite')).toEqual([
      {
        request: {
          ticket_id: 't1',
          recipients: 'maria@northwind.example',
          target: { kind: 'default' },
          quick: true,
          provider: 'splashtop',
        },
      },
    ]);
  });

  it('offers BeyondTrust only while the core says its card is on', async () => {
    await openDialog({
      preview_invite: () => invitePreview(),
      integrations: () => [integration(), integration({ kind: 'beyondtrust', name: 'BeyondTrust', enabled: true })],
    });
    const provider = (await screen.findByTestId('invite-provider')) as HTMLSelectElement;
    expect([...provider.options].map((o) => o.value)).toEqual(['splashtop', 'beyondtrust']);
  });

  it('has no provider choice while the BeyondTrust card is off', async () => {
    await openDialog({
      preview_invite: () => invitePreview(),
      integrations: () => [integration({ kind: 'beyondtrust', name: 'BeyondTrust', enabled: false })],
    });
    await screen.findByTestId('invite-preview-target');
    expect(screen.queryByTestId('invite-provider')).not.toBeInTheDocument();
  });

  it("opens from a ticket's Invite button, and Escape closes it, keeping the ticket", async () => {
    const { canned } = await renderApp(
      dialogReads({
        tickets: () => [TICKET],
        directory: () => directory(),
        remote_support_settings: () => remoteSupportSettings({ quick_invites: true }),
        ticket_detail: () => ({ ticket: TICKET, ticket_type: null, actions: [], chat_id: null, waiting_mail: [] }),
        preview_invite: () => invitePreview(),
      }),
    );
    await fireEvent.click(screen.getByTestId('nav-tickets'));
    await fireEvent.click(await screen.findByText('Label printer prints blank pages'));
    await fireEvent.click(await screen.findByTestId('ticket-invite'));
    await screen.findByTestId('invite-preview-target');
    expect(canned.sent('preview_invite')[0].request).toMatchObject({ ticket_id: 't1', quick: true });
    await fireEvent.keyDown(document.body, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('invite-dialog')).not.toBeInTheDocument());
    expect(screen.getByTestId('ticket-invite')).toBeInTheDocument();
  });
});

describe("a ticket's timeline", () => {
  it("shows a remote session with its duration and the transcript the core kept", async () => {
    const action: TicketAction = {
      id: 7,
      ticket_id: 't1',
      at: '2025-03-04T10:00:00Z',
      actor: 'alex',
      kind: 'remote_session',
      note: 'BeyondTrust session with Maria Anders',
      transcript: 'Maria: the printer is blank\nAlex: replacing the driver',
      invitation: null,
      delivery: null,
      delivery_error: null,
      logged_seconds: 600,
    };
    const { app } = store();
    renderIn(app, TicketTimeline, { actions: [action] });
    const entry = screen.getByTestId('ticket-action');
    expect(entry).toHaveTextContent('Remote session');
    expect(within(entry).getByTestId('ticket-action-duration')).toHaveTextContent('10 min');
    expect(within(entry).getByTestId('ticket-action-transcript').textContent).toBe(
      'Maria: the printer is blank\nAlex: replacing the driver',
    );
    expect(entry).toHaveTextContent('BeyondTrust session with Maria Anders');
  });
});

describe('an email the server refused', () => {
  const INVITE: TicketAction = {
    id: 9,
    ticket_id: 't1',
    at: '2025-03-04T10:00:00Z',
    actor: 'alex',
    kind: 'remote_session_invitation',
    note: 'Invitation sent',
    transcript: null,
    invitation: null,
    delivery: 'pending',
    delivery_error: '550 no such user',
    logged_seconds: null,
  };
  const REFUSED = {
    id: 4,
    action_id: 9,
    to: ['maira@northwind.example'],
    subject: 'Remote support',
    ticket_id: 't1',
    attempts: 1,
    last_error: '550 no such user',
    next_attempt_at: '2025-03-04T10:00:00Z',
    refused: true,
  };

  it('says so on the timeline, and Correct sends the new recipients to the core', async () => {
    const { app, canned } = store({ correct_mail: () => ({ ...REFUSED, refused: false }) });
    renderIn(app, TicketTimeline, { actions: [INVITE], waitingMail: [REFUSED] });
    const refused = screen.getByTestId('ticket-mail-refused');
    expect(refused).toHaveTextContent('Refused for maira@northwind.example — 550 no such user');
    await fireEvent.click(within(refused).getByTestId('ticket-mail-correct'));
    const input = screen.getByTestId('ticket-mail-recipients');
    expect(input).toHaveValue('maira@northwind.example');
    await fireEvent.input(input, { target: { value: 'maria@northwind.example' } });
    await fireEvent.click(screen.getByTestId('ticket-mail-send'));
    await waitFor(() => expect(canned.sent('correct_mail')).toEqual([{ id: 4, recipients: 'maria@northwind.example' }]));
  });

  it('Discard asks the core to give up on that email', async () => {
    const { app, canned } = store({ discard_mail: () => null });
    renderIn(app, TicketTimeline, { actions: [INVITE], waitingMail: [REFUSED] });
    await fireEvent.click(screen.getByTestId('ticket-mail-discard'));
    await waitFor(() => expect(canned.sent('discard_mail')).toEqual([{ id: 4 }]));
  });
});

describe('unlinked sessions', () => {
  const PRINTER = ticket('t1', { number: 1042, subject: 'Label printer prints blank pages' });
  const VPN = ticket('t2', { number: 1043, subject: 'VPN drops every hour' });
  const WAITING = unlinked(remoteSession('r1', { customer_name: 'Maria Anders', transcript: 'Maria: hello' }), [PRINTER, VPN]);

  it('counts them in the sidebar and lists each with its suggested tickets', async () => {
    await renderApp({ unlinked_sessions: () => [WAITING] });
    expect(screen.getByTestId('nav-unlinked-count')).toHaveTextContent('1');
    await fireEvent.click(screen.getByTestId('nav-unlinked'));
    const row = await screen.findByTestId('unlinked-row');
    expect(row).toHaveTextContent('Maria Anders');
    expect(within(row).getByTestId('unlinked-status')).toHaveTextContent('Unlinked');
    expect(within(row).getAllByTestId('unlinked-suggestion').map((s) => s.dataset.ticketId)).toEqual(['t1', 't2']);
    expect(within(row).getByTestId('unlinked-transcript')).toHaveTextContent('Maria: hello');
  });

  it('links the session to the suggestion chosen, and the row leaves', async () => {
    const { canned } = await renderApp({
      unlinked_sessions: () => [WAITING],
      link_remote_session: () => remoteSession('r1', { status: 'linked', ticket_id: 't2' }),
    });
    await fireEvent.click(screen.getByTestId('nav-unlinked'));
    const row = await screen.findByTestId('unlinked-row');
    canned.answer({ unlinked_sessions: () => [] });
    const vpn = within(row).getAllByTestId('unlinked-suggestion').find((s) => s.dataset.ticketId === 't2');
    if (!vpn) throw new Error('no suggestion for t2');
    await fireEvent.click(within(vpn).getByTestId('link-suggestion'));
    await waitFor(() => expect(canned.sent('link_remote_session')).toEqual([{ id: 'r1', ticket_id: 't2' }]));
    expect(await screen.findByTestId('toast-success')).toHaveTextContent('Session linked to #1043 VPN drops every hour');
    expect(await screen.findByTestId('unlinked-empty')).toBeInTheDocument();
  });

  it('links to a ticket found by search', async () => {
    const { canned } = await renderApp({
      unlinked_sessions: () => [unlinked(remoteSession('r1'))],
      tickets: () => [VPN],
      link_remote_session: () => remoteSession('r1', { status: 'linked', ticket_id: 't2' }),
    });
    await fireEvent.click(screen.getByTestId('nav-unlinked'));
    const row = await screen.findByTestId('unlinked-row');
    await fireEvent.input(within(row).getByTestId('unlinked-ticket-search'), { target: { value: 'vpn' } });
    const found = await within(row).findByTestId('unlinked-search-result');
    expect(canned.sent('tickets')).toEqual([
      { query: { text: 'vpn', status: null, customer_id: null, assignee: null, limit: 8 } },
    ]);
    await fireEvent.click(within(found).getByTestId('link-ticket'));
    await waitFor(() => expect(canned.sent('link_remote_session')).toEqual([{ id: 'r1', ticket_id: 't2' }]));
  });

  it("a refused link says the core's words and keeps the row", async () => {
    await renderApp({
      unlinked_sessions: () => [WAITING],
      link_remote_session: refuse('conflict', 'the session was linked to #1042 meanwhile'),
    });
    await fireEvent.click(screen.getByTestId('nav-unlinked'));
    const row = await screen.findByTestId('unlinked-row');
    await fireEvent.click(within(row).getAllByTestId('link-suggestion')[0]);
    expect(await screen.findByTestId('toast-error')).toHaveTextContent('the session was linked to #1042 meanwhile');
    expect(screen.getByTestId('unlinked-row')).toBeInTheDocument();
  });

  it('a session a rule turned away says Rejected, with the reason', async () => {
    await renderApp({
      unlinked_sessions: () => [unlinked(remoteSession('r2', { status: 'rejected', reason: 'its representative matches no agent' }))],
    });
    await fireEvent.click(screen.getByTestId('nav-unlinked'));
    const row = await screen.findByTestId('unlinked-row');
    expect(within(row).getByTestId('unlinked-status')).toHaveTextContent('Rejected');
    expect(within(row).getByTestId('unlinked-reason')).toHaveTextContent('its representative matches no agent');
  });
});

describe("a ticket's TeamViewer panel", () => {
  const SESSION: TvPanelSession = {
    code: 's12-345-678',
    kind: 'pilot',
    status: 'open',
    created_by: 'alex',
    created_at: '2025-03-04T10:00:00Z',
    valid_until: '2099-03-05T10:00:00Z',
    closed_at: null,
    end_customer_name: 'Maria Anders',
    end_customer_email: 'maria@northwind.example',
    end_customer_link: 'https://get.teamviewer.com/s12345678',
    mine: true,
    active_since: '2025-03-04T10:05:00Z',
    connections: [],
    connected_seconds: 0,
    can_end: true,
    can_enter: true,
    can_reinvite: true,
  };

  async function openTicket(panel: TvPanel, extra: Replies = {}) {
    const opened = await renderApp(
      dialogReads({
        tickets: () => [TICKET],
        directory: () => directory(),
        remote_support_settings: () => remoteSupportSettings({ quick_invites: true }),
        ticket_detail: () => ({ ticket: TICKET, ticket_type: null, actions: [], chat_id: null, waiting_mail: [] }),
        tv_panel: () => panel,
        ...extra,
      }),
    );
    await fireEvent.click(screen.getByTestId('nav-tickets'));
    await fireEvent.click(await screen.findByText('Label printer prints blank pages'));
    return opened;
  }

  it('shows what the core allows, and End session asks the core for that code', async () => {
    const { canned } = await openTicket(
      { available: true, reason: null, sessions: [SESSION] },
      { end_tv_session: () => ({ ...SESSION, status: 'closed', can_end: false, can_enter: false }) },
    );
    const row = await screen.findByTestId('tv-session');
    expect(row).toHaveTextContent('s12-345-678');
    expect(within(row).getByTestId('tv-status')).toHaveTextContent('Open');
    expect(within(row).getByTestId('tv-active')).toBeInTheDocument();
    await fireEvent.click(within(row).getByTestId('tv-end'));
    await waitFor(() => expect(canned.sent('end_tv_session')).toEqual([{ code: 's12-345-678' }]));
  });

  it("another technician's session shows no live detail and no Enter", async () => {
    await openTicket({
      available: true,
      reason: null,
      sessions: [{ ...SESSION, mine: false, active_since: null, can_enter: false }],
    });
    const row = await screen.findByTestId('tv-session');
    expect(within(row).queryByTestId('tv-active')).not.toBeInTheDocument();
    expect(within(row).queryByTestId('tv-enter')).not.toBeInTheDocument();
  });

  it('is not there while TeamViewer is off', async () => {
    await openTicket({ available: false, reason: 'TeamViewer is off', sessions: [SESSION] });
    await screen.findByTestId('ticket-invite');
    expect(screen.queryByTestId('tv-panel')).not.toBeInTheDocument();
  });

  it('a pilot session takes the mobile number typed for its SMS', async () => {
    const { canned } = await openTicket(
      { available: true, reason: null, sessions: [] },
      { create_tv_session: () => SESSION },
    );
    await fireEvent.input(await screen.findByTestId('tv-pilot-phone'), { target: { value: '+44 7700 900123' } });
    await fireEvent.click(screen.getByTestId('tv-create-pilot'));
    await waitFor(() =>
      expect(canned.sent('create_tv_session')).toEqual([{ ticket_id: 't1', kind: 'pilot', phone: '+44 7700 900123' }]),
    );
  });

  it('Create a pilot session sends the ticket and the kind', async () => {
    const { canned } = await openTicket(
      { available: true, reason: null, sessions: [] },
      { create_tv_session: () => SESSION },
    );
    await fireEvent.click(await screen.findByTestId('tv-create-pilot'));
    await waitFor(() =>
      expect(canned.sent('create_tv_session')).toEqual([{ ticket_id: 't1', kind: 'pilot', phone: null }]),
    );
  });
});

describe("a ticket's status", () => {
  it('is changed through the core, which answers with the ticket as it now is', async () => {
    let status: Ticket['status'] = 'open';
    const { canned } = await renderApp(
      dialogReads({
        tickets: () => [{ ...TICKET, status }],
        directory: () => directory(),
        remote_support_settings: () => remoteSupportSettings(),
        ticket_detail: () => ({ ticket: { ...TICKET, status }, ticket_type: null, actions: [], chat_id: null, waiting_mail: [] }),
        tv_panel: () => ({ available: false, reason: 'TeamViewer is off', sessions: [] }),
        set_ticket_status: ({ status: next }) => {
          status = next;
          return { ...TICKET, status };
        },
      }),
    );
    await fireEvent.click(screen.getByTestId('nav-tickets'));
    await fireEvent.click(await screen.findByText('Label printer prints blank pages'));
    const select = (await screen.findByTestId('ticket-status-select')) as HTMLSelectElement;
    await fireEvent.change(select, { target: { value: 'resolved' } });
    await waitFor(() => expect(canned.sent('set_ticket_status')).toEqual([{ id: 't1', status: 'resolved' }]));
    await waitFor(() => expect(screen.getByTestId('ticket-status')).toHaveAttribute('data-status', 'resolved'));
  });
});

describe('the tickets list', () => {
  it('a ticket made while the list is first loading still appears', async () => {
    const ALERT = ticket('t2', { number: 1043, subject: 'Low Disk Space on NW-PC-0042' });
    let answers = 0;
    let releaseFirst: (list: Ticket[]) => void = () => {};
    const { app } = store({
      tickets: () => {
        answers += 1;
        // The first answer was read before the alert's ticket existed, and arrives late.
        if (answers === 1) return new Promise<Ticket[]>((resolve) => (releaseFirst = resolve));
        return [ALERT, TICKET];
      },
    });
    void app.desk.refreshTickets();
    app.desk.onEvent({ type: 'ticket_changed', ticket_id: 't2' });
    releaseFirst([TICKET]);
    await waitFor(() => expect(app.desk.tickets.map((t) => t.number)).toEqual([1043, 1042]));
  });
});
