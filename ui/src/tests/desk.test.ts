// The ticket desk as a technician uses it: real components, the memory backend behind them
// (seeded with the demo's desk: Priya Patel is not taking invitations, Helpdesk is the
// default team on Front desk).
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../App.svelte';
import type { MemoryBackend } from '../lib/backend-memory';
import type { RemoteSupportSettings } from '../lib/bindings/RemoteSupportSettings';
import { demoDesk, emptyDesk } from '../lib/demo-desk';
import { SAMPLE_LINK } from '../lib/desk-rules';
import { backend, NOW } from './fixtures';

function withSettings(settings: Partial<RemoteSupportSettings>): MemoryBackend {
  const desk = demoDesk(NOW);
  return backend([], { desk: { ...desk, remoteSupport: { ...desk.remoteSupport, ...settings } } });
}

async function open(b: MemoryBackend): Promise<void> {
  render(App, { props: { backend: b } });
  await screen.findByTestId('provider-row');
}

async function openTickets(b: MemoryBackend = backend()): Promise<HTMLElement> {
  await open(b);
  await fireEvent.click(screen.getByTestId('nav-tickets'));
  return screen.findByTestId('tickets-view');
}

function rowNumbers(): string[] {
  return screen.queryAllByTestId(/^ticket-row-/).map((r) => r.dataset.testid?.replace('ticket-row-', '') ?? '');
}

async function openTicket(n: number): Promise<HTMLElement> {
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

async function pickAgent(id: string): Promise<void> {
  await fireEvent.change(screen.getByTestId('invite-target-kind'), { target: { value: 'agent' } });
  await fireEvent.change(screen.getByTestId('invite-target-id'), { target: { value: id } });
}

function actions(kind?: string): HTMLElement[] {
  const all = screen.queryAllByTestId('ticket-action');
  return kind ? all.filter((a) => a.dataset.kind === kind) : all;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('Tickets', () => {
  it('lists the tickets newest change first, with their customer, end user and status', async () => {
    await openTickets();
    await screen.findByTestId('ticket-row-1042');
    expect(rowNumbers()).toEqual(['1046', '1045', '1044', '1043', '1042', '1039']);
    const row = screen.getByTestId('ticket-row-1043');
    expect(row).toHaveTextContent('#1043');
    expect(row).toHaveTextContent('Outlook keeps asking for the password');
    expect(row).toHaveTextContent('Northwind Traders · Tom Hardy');
    expect(row).toHaveTextContent('In progress');
  });

  it('searches as the technician types (word prefixes), and says when nothing matches', async () => {
    await openTickets();
    await screen.findByTestId('ticket-row-1042');
    const search = screen.getByTestId('ticket-search');
    await fireEvent.input(search, { target: { value: 'print' } });
    await waitFor(() => expect(rowNumbers()).toEqual(['1042']));
    await fireEvent.input(search, { target: { value: 'tom hard' } });
    await waitFor(() => expect(rowNumbers()).toEqual(['1043', '1039']));
    await fireEvent.input(search, { target: { value: '104' } });
    await waitFor(() => expect(rowNumbers()).toHaveLength(5));
    await fireEvent.input(search, { target: { value: 'zebra' } });
    const empty = await screen.findByTestId('tickets-empty');
    expect(empty).toHaveTextContent('No tickets match');
    expect(empty).toHaveTextContent('No ticket in the cache match “zebra”');
    await fireEvent.click(within(empty).getByTestId('clear-ticket-filter'));
    await waitFor(() => expect(rowNumbers()).toHaveLength(6));
    expect(screen.getByTestId('ticket-search')).toHaveValue('');
  });

  it('filters by status and customer', async () => {
    await openTickets();
    await screen.findByTestId('ticket-row-1042');
    await fireEvent.change(screen.getByTestId('ticket-status-filter'), { target: { value: 'waiting' } });
    await waitFor(() => expect(rowNumbers()).toEqual(['1045']));
    await fireEvent.change(screen.getByTestId('ticket-status-filter'), { target: { value: 'all' } });
    await fireEvent.change(screen.getByTestId('ticket-customer-filter'), { target: { value: 'contoso' } });
    await waitFor(() => expect(rowNumbers()).toEqual(['1045', '1044']));
  });

  it('explains where tickets come from before there are any', async () => {
    await openTickets(backend([], { desk: emptyDesk() }));
    const empty = await screen.findByTestId('tickets-empty');
    expect(empty).toHaveTextContent('No tickets yet');
    expect(empty).toHaveTextContent('tether import FILE.json');
  });

  it('opens a ticket with its facts, its timeline and a link to its asset', async () => {
    await openTickets();
    const detail = await openTicket(1042);
    expect(within(detail).getByTestId('ticket-number')).toHaveTextContent('#1042');
    expect(within(detail).getByTestId('ticket-status')).toHaveTextContent('Open');
    expect(within(detail).getByTestId('ticket-customer')).toHaveTextContent('Northwind Traders');
    expect(within(detail).getByTestId('ticket-end-user')).toHaveTextContent('Maria Anders maria.anders@northwind.example');
    expect(within(detail).getByTestId('ticket-type')).toHaveTextContent('Incident');
    expect(actions().map((a) => a.dataset.kind)).toEqual(['created']);
    expect(actions()[0]).toHaveTextContent('Tether');
    expect(actions()[0]).toHaveTextContent('Imported');
    const asset = await within(detail).findByText('NW-PC-0042');
    await fireEvent.click(asset);
    expect(await screen.findByTestId('assets-view')).toBeInTheDocument();
    expect(within(await screen.findByTestId('asset-detail')).getByTestId('asset-name')).toHaveTextContent('NW-PC-0042');
  });

  it('adds a note to the timeline', async () => {
    await openTickets();
    await openTicket(1044);
    await fireEvent.input(screen.getByTestId('ticket-note'), { target: { value: 'Called Ana; installer is on the share.' } });
    await fireEvent.click(screen.getByTestId('ticket-note-add'));
    await waitFor(() => expect(actions('note')).toHaveLength(1));
    expect(actions('note')[0]).toHaveTextContent('Alex Rivera');
    expect(actions('note')[0]).toHaveTextContent('Called Ana; installer is on the share.');
    expect(screen.getByTestId('ticket-note')).toHaveValue('');
  });

  it('a type that invites on create says what happened to the invitation (IN3)', async () => {
    const b = backend();
    await openTickets(b);
    await fireEvent.click(screen.getByTestId('new-ticket'));
    await fireEvent.input(screen.getByTestId('new-ticket-subject'), { target: { value: 'Scanner driver missing' } });
    await fireEvent.change(screen.getByTestId('new-ticket-customer'), { target: { value: 'northwind' } });
    await fireEvent.change(screen.getByTestId('new-ticket-end-user-pick'), { target: { value: 'nw-tom' } });
    expect(screen.getByTestId('new-ticket-end-user-email')).toHaveValue('tom.hardy@northwind.example');
    await fireEvent.change(screen.getByTestId('new-ticket-type'), { target: { value: 'remote' } });
    expect(screen.getByTestId('new-ticket-invites')).toHaveTextContent('sends the end user a remote session invitation');
    await fireEvent.click(screen.getByTestId('new-ticket-create'));
    const outcome = await screen.findByTestId('new-ticket-outcome');
    expect(outcome).toHaveTextContent('tom.hardy@northwind.example');
    expect(outcome).toHaveTextContent('Team Helpdesk');
    expect(outcome.querySelector('[data-outcome]')).toHaveAttribute('data-outcome', 'sent');
    await fireEvent.click(screen.getByTestId('new-ticket-done'));
    const detail = await screen.findByTestId('ticket-detail');
    await waitFor(() => expect(within(detail).getByTestId('ticket-subject')).toHaveTextContent('Scanner driver missing'));
    expect(within(detail).getByTestId('ticket-number')).toHaveTextContent('#1047');
    await waitFor(() => expect(actions('remote_session_invitation')).toHaveLength(1));
    expect(b.sentMail.map((m) => m.to)).toEqual([['tom.hardy@northwind.example']]);
  });

  it('a type whose invitation cannot go says why, and keeps the ticket', async () => {
    await openTickets(withSettings({ default_team_id: null }));
    await fireEvent.click(screen.getByTestId('new-ticket'));
    await fireEvent.input(screen.getByTestId('new-ticket-subject'), { target: { value: 'Remote help please' } });
    await fireEvent.input(screen.getByTestId('new-ticket-end-user-email'), { target: { value: 'lee.wong@fabrikam.example' } });
    await fireEvent.change(screen.getByTestId('new-ticket-type'), { target: { value: 'remote' } });
    await fireEvent.click(screen.getByTestId('new-ticket-create'));
    const outcome = await screen.findByTestId('new-ticket-outcome');
    expect(outcome).toHaveTextContent('The invitation was not sent.');
    expect(outcome).toHaveTextContent('there is no default team');
    await fireEvent.click(screen.getByTestId('new-ticket-done'));
    await waitFor(() => expect(actions('note')).toHaveLength(1));
    expect(actions('note')[0]).toHaveTextContent("The Remote support request ticket type's invitation was not sent");
  });
});

describe('the invite dialog', () => {
  it('prefills the end user, and previews the email before sending', async () => {
    await openTickets();
    const dialog = await openInvite();
    expect(within(dialog).getByTestId('invite-recipients')).toHaveValue('maria.anders@northwind.example');
    const target = await within(dialog).findByTestId('invite-preview-target');
    expect(target).toHaveTextContent('Goes to Team Helpdesk');
    expect(within(dialog).getByTestId('invite-preview-subject')).toHaveTextContent(
      'Remote support session, code 123456789',
    );
    const body = within(dialog).getByTestId('invite-preview-body');
    expect(body).toHaveAttribute('sandbox', '');
    expect(body.getAttribute('srcdoc')).toContain(`<a href="${SAMPLE_LINK}">${SAMPLE_LINK}</a>`);
    expect(dialog).toHaveTextContent('The link and code are samples');
  });

  it("shows the default team, and why, before sending to an unavailable technician (IN8)", async () => {
    await openTickets();
    const dialog = await openInvite();
    await pickAgent('sam');
    await waitFor(() => expect(within(dialog).getByTestId('invite-preview-target')).toHaveTextContent("Sam Chen's queue"));
    const priya = within(dialog).getByRole('option', { name: 'Priya Patel (unavailable)' });
    expect(priya).toBeInTheDocument();
    await pickAgent('priya');
    await waitFor(() =>
      expect(within(dialog).getByTestId('invite-preview-target')).toHaveTextContent(
        'Goes to Team Helpdesk — Priya Patel is unavailable',
      ),
    );
    expect(within(dialog).getByTestId('invite-send')).toBeEnabled();
  });

  it('refuses, with Send disabled, when falling back is off', async () => {
    await openTickets(withSettings({ fallback_to_default_team: false }));
    const dialog = await openInvite();
    await pickAgent('priya');
    const error = await within(dialog).findByTestId('invite-error');
    expect(error).toHaveAttribute('data-code', 'technician_unavailable');
    expect(error).toHaveTextContent('Priya Patel is unavailable and falling back to the default team is turned off');
    expect(within(dialog).queryByTestId('invite-preview-target')).not.toBeInTheDocument();
    expect(within(dialog).getByTestId('invite-send')).toBeDisabled();
  });

  it("refuses another technician's queue unless the admin allows it (IN7)", async () => {
    await openTickets(withSettings({ invite_other_agents: false }));
    const dialog = await openInvite();
    await pickAgent('sam');
    expect(await within(dialog).findByTestId('invite-error')).toHaveAttribute('data-code', 'forbidden');
    await pickAgent('alex');
    await waitFor(() => expect(within(dialog).getByTestId('invite-preview-target')).toHaveTextContent('your queue'));
  });

  it('names the addresses that are not email addresses', async () => {
    await openTickets();
    const dialog = await openInvite();
    await fireEvent.input(within(dialog).getByTestId('invite-recipients'), {
      target: { value: 'maria.anders@northwind.example; nope, tom@' },
    });
    const error = await within(dialog).findByTestId('invite-error');
    expect(error).toHaveTextContent('not an email address: "nope", "tom@"');
    expect(within(dialog).getByTestId('invite-send')).toBeDisabled();
  });

  it('Send records the invitation on the timeline, and the email goes out', async () => {
    const b = backend();
    await openTickets(b);
    const dialog = await openInvite();
    await pickAgent('priya');
    await within(dialog).findByText(/Priya Patel is unavailable/);
    await fireEvent.click(within(dialog).getByTestId('invite-send'));
    expect(await screen.findByText('Invitation sent')).toBeInTheDocument();
    expect(screen.queryByTestId('invite-dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(actions('remote_session_invitation')).toHaveLength(1));
    const action = actions('remote_session_invitation')[0];
    expect(action).toHaveTextContent('Alex Rivera');
    expect(within(action).getByTestId('ticket-action-recipients')).toHaveTextContent('maria.anders@northwind.example');
    expect(within(action).getByTestId('ticket-action-target')).toHaveTextContent('Team Helpdesk');
    expect(action).toHaveTextContent('(Priya Patel is unavailable)');
    expect(within(action).getByTestId('ticket-action-code')).toHaveTextContent(/^\d{3} \d{3} \d{3}$/);
    expect(within(action).getByTestId('ticket-action-link')).toHaveTextContent('https://my.splashtop.com/service_desk/psa/');
    expect(within(action).getByTestId('ticket-action-delivery')).toHaveTextContent(/^Sent$/);
    expect(b.sentMail).toHaveLength(1);
    expect(b.sentMail[0].html).toContain(within(action).getByTestId('ticket-action-link').textContent);
    // The session waits in the team's channel for whoever takes it.
    const sessions = await b.listSessions({ kind: 'channel', id: 'splashtop-1' });
    expect(sessions.map((s) => [s.customer_name, s.issue, s.assignee])).toEqual([
      ['Maria Anders', '#1042 Label printer prints blank pages', null],
    ]);
  });

  it('Ctrl+Enter sends', async () => {
    await openTickets();
    const dialog = await openInvite();
    await within(dialog).findByTestId('invite-preview-target');
    await fireEvent.keyDown(within(dialog).getByTestId('invite-recipients'), { key: 'Enter', ctrlKey: true });
    expect(await screen.findByText('Invitation sent')).toBeInTheDocument();
    await waitFor(() => expect(actions('remote_session_invitation')).toHaveLength(1));
  });

  it('an email the server does not take stays pending with the reason, and Retry now delivers it', async () => {
    const b = backend();
    b.setMailDown('connection refused by smtp.example.com:587');
    await openTickets(b);
    const dialog = await openInvite();
    await within(dialog).findByTestId('invite-preview-target');
    await fireEvent.click(within(dialog).getByTestId('invite-send'));
    expect(await screen.findByText('Invitation queued: connection refused by smtp.example.com:587')).toBeInTheDocument();
    const delivery = await waitFor(() => within(actions('remote_session_invitation')[0]).getByTestId('ticket-action-delivery'));
    expect(delivery).toHaveTextContent('Pending — connection refused by smtp.example.com:587');
    b.setMailDown(null);
    await fireEvent.click(within(delivery).getByTestId('ticket-action-retry'));
    await waitFor(() =>
      expect(within(actions('remote_session_invitation')[0]).getByTestId('ticket-action-delivery')).toHaveTextContent(
        /^Sent$/,
      ),
    );
    expect(await screen.findByText('Every email reached the mail server')).toBeInTheDocument();
  });

  it('with quick invites off, the Invite button is gone and the action opens the same dialog', async () => {
    await openTickets(withSettings({ quick_invites: false }));
    const detail = await openTicket(1044);
    await waitFor(() => expect(within(detail).queryByTestId('ticket-invite')).not.toBeInTheDocument());
    expect(within(detail).getByTestId('ticket-invite-off')).toHaveTextContent('Quick invites are turned off');
    const action = within(detail).getByTestId('ticket-invite-action');
    expect(action).toHaveAttribute('title', expect.stringContaining('Quick invites are turned off'));
    await fireEvent.click(action);
    const dialog = await screen.findByTestId('invite-dialog');
    expect(dialog).toHaveTextContent('Add Remote Session Invitation action');
    await within(dialog).findByTestId('invite-preview-target');
    await fireEvent.click(within(dialog).getByTestId('invite-send'));
    await waitFor(() => expect(actions('remote_session_invitation')).toHaveLength(1));
  });

  it('Escape closes the dialog and keeps the ticket open', async () => {
    await openTickets();
    const dialog = await openInvite();
    await fireEvent.keyDown(within(dialog).getByTestId('invite-recipients'), { key: 'Escape' });
    expect(screen.queryByTestId('invite-dialog')).not.toBeInTheDocument();
    expect(screen.getByTestId('ticket-detail')).toBeInTheDocument();
  });
});

describe('chat invitations (IN4)', () => {
  it("posts the link in the ticket's chat and shows it", async () => {
    await openTickets();
    await openTicket(1045);
    await fireEvent.click(screen.getByTestId('ticket-chat-invite'));
    const message = await screen.findByTestId('chat-message');
    expect(message).toHaveTextContent("Let's look at it together: join the remote session (code");
    const link = within(message).getByRole('link', { name: 'join the remote session' });
    expect(link.getAttribute('href')).toMatch(/^https:\/\/my\.splashtop\.com\/service_desk\/psa\/\d{9}$/);
    await waitFor(() => expect(actions('chat_invitation')).toHaveLength(1));
    expect(actions('chat_invitation')[0]).toHaveTextContent('Team Helpdesk');
    expect(within(actions('chat_invitation')[0]).queryByTestId('ticket-action-delivery')).not.toBeInTheDocument();
  });
});

describe('Assets', () => {
  async function openAsset(b: MemoryBackend, id: string): Promise<HTMLElement> {
    await open(b);
    await fireEvent.click(screen.getByTestId('nav-assets'));
    await fireEvent.click(await screen.findByTestId(`asset-row-${id}`));
    const detail = await screen.findByTestId('asset-detail');
    await within(detail).findByTestId('asset-name');
    return detail;
  }

  function buttons(detail: HTMLElement): (string | undefined)[] {
    return within(detail)
      .queryAllByTestId('launch-button')
      .map((b) => b.dataset.buttonId);
  }

  it('shows the typed fields the way people read them', async () => {
    const detail = await openAsset(backend(), 'nw-pc-0042');
    expect(within(detail).getByTestId('asset-field-mac_address')).toHaveTextContent('3C:52:82:1A:4F:07');
    expect(within(detail).getByTestId('asset-field-mac_address')).toHaveAttribute('title', 'Stored as 3C52821A4F07');
    expect(within(detail).getByTestId('asset-field-under_warranty')).toHaveTextContent(/^Yes$/);
    expect(within(detail).getByTestId('asset-field-purchased')).toHaveTextContent('2024');
    expect(within(detail).getByTestId('asset-field-purchased')).not.toHaveTextContent('2024-03-18');
    expect(within(detail).getByTestId('asset-field-notes').textContent?.trim()).toBe(
      'Front desk PC; label printer attached.\nReboot before printing tests.',
    );
    expect(within(detail).getByTestId('asset-field-form_factor')).toHaveTextContent('Desktop');
  });

  it('has one Splashtop button per configured field with a value, and launches it', async () => {
    const b = backend();
    const detail = await openAsset(b, 'nw-pc-0042');
    expect(buttons(detail)).toEqual(['splashtop:mac_address', 'splashtop:splashtop_uuid']);
    expect(within(detail).getAllByTestId('launch-button').map((x) => x.textContent?.trim())).toEqual([
      'Splashtop · MAC address',
      'Splashtop · Splashtop device ID',
    ]);
    expect(within(detail).queryByTestId('launch-unavailable')).not.toBeInTheDocument();
    expect(within(detail).getByTestId('launch-history')).toHaveTextContent('No launches yet.');
    await fireEvent.click(within(detail).getAllByTestId('launch-button')[0]);
    const entry = await within(detail).findByTestId('launch-entry');
    expect(entry).toHaveTextContent('Alex Rivera');
    expect(entry).toHaveTextContent('Splashtop · MAC address');
    expect(b.opened).toEqual(['st-business://com.splashtop.business?account=alex%40example.com&mac=3C52821A4F07']);
  });

  it('a laptop without a device ID gets only the MAC button', async () => {
    const detail = await openAsset(backend(), 'nw-lt-0107');
    expect(buttons(detail)).toEqual(['splashtop:mac_address']);
  });

  it('an Android device has no Splashtop button, and says why where it would be (UA4)', async () => {
    const detail = await openAsset(backend(), 'co-tab-03');
    expect(within(detail).queryAllByTestId('launch-button')).toHaveLength(0);
    const reason = 'Splashtop cannot reach Android devices, so this asset has no Splashtop button';
    expect(within(detail).getByTestId('launch-unavailable')).toHaveTextContent(reason);
    const placeholder = within(detail).getByTestId('launch-placeholder');
    expect(placeholder).toBeDisabled();
    expect(placeholder).toHaveAttribute('title', reason);
  });

  it('points to Settings when no launch buttons are configured', async () => {
    const b = withSettings({
      launch: { splashtop_primary_field: null, splashtop_secondary_field: null, splashtop_account: null, beyondtrust_jump: false },
    });
    const detail = await openAsset(b, 'nw-pc-0042');
    const none = await within(detail).findByTestId('launch-none');
    expect(none).toHaveTextContent('No launch buttons are configured');
    expect(none).toHaveTextContent('Settings → Remote support');
    await fireEvent.click(within(detail).getByTestId('launch-settings'));
    expect(await screen.findByTestId('remote-support-settings')).toBeInTheDocument();
  });

  it('searches, and explains an empty desk', async () => {
    await open(backend());
    await fireEvent.click(screen.getByTestId('nav-assets'));
    await screen.findByTestId('asset-row-nw-pc-0042');
    await fireEvent.input(screen.getByTestId('asset-search'), { target: { value: 'contoso' } });
    await waitFor(() =>
      expect(screen.queryAllByTestId(/^asset-row-/).map((r) => r.dataset.testid)).toEqual([
        'asset-row-co-rec-01',
        'asset-row-co-tab-03',
      ]),
    );
    document.body.innerHTML = '';
    await open(backend([], { desk: emptyDesk() }));
    await fireEvent.click(screen.getByTestId('nav-assets'));
    expect(await screen.findByTestId('assets-empty')).toHaveTextContent('tether import FILE.json');
  });
});

describe('Settings → Remote support', () => {
  async function openSettings(b: MemoryBackend = backend()): Promise<HTMLElement> {
    await open(b);
    await fireEvent.click(screen.getByTestId('nav-settings'));
    return screen.findByTestId('template-editor');
  }

  it('flags an unknown variable under its template, and the core refuses to save it', async () => {
    const b = backend();
    const editor = await openSettings(b);
    await fireEvent.input(within(editor).getByTestId('template-email_subject'), {
      target: { value: 'Your session $REMOTESESSIONCODE for $TICKET' },
    });
    const problem = await within(editor).findByTestId('template-problem');
    expect(problem).toHaveAttribute('data-template', 'email_subject');
    expect(problem).toHaveTextContent('$TICKET is not a variable');
    await fireEvent.click(screen.getByTestId('rs-save'));
    expect(await screen.findByTestId('rs-error')).toHaveTextContent('the email subject: $TICKET is not a variable');
    expect((await b.remoteSupportSettings()).templates.email_subject).toBe('Remote support session, code $REMOTESESSIONCODE');
  });

  it('previews with sample values: the subject as text, the HTML rendered', async () => {
    const editor = await openSettings();
    await fireEvent.input(within(editor).getByTestId('template-email_subject'), {
      target: { value: '<b>Code $REMOTESESSIONCODE</b> & $$5' },
    });
    await fireEvent.input(within(editor).getByTestId('template-chat_html'), {
      target: { value: '<p>Join <a href="$LINKTOREMOTE">here</a>, code <b>$REMOTESESSIONCODE</b></p>' },
    });
    await waitFor(() =>
      expect(within(editor).getByTestId('template-preview-subject').textContent).toBe('<b>Code 123456789</b> & $5'),
    );
    const chat = within(editor).getByTestId('template-preview-chat');
    await waitFor(() => expect(within(chat).getByRole('link', { name: 'here' })).toHaveAttribute('href', SAMPLE_LINK));
    expect(chat.querySelector('b')).toHaveTextContent('123456789');
    expect(within(editor).getByTestId('template-preview-email').getAttribute('srcdoc')).toContain(SAMPLE_LINK);
    expect(within(editor).queryByTestId('template-problem')).not.toBeInTheDocument();
  });

  it('saves the invitation settings, which the invite dialog then follows', async () => {
    const b = backend();
    await openSettings(b);
    expect(screen.getByTestId('rs-default-team')).toHaveValue('helpdesk');
    expect(screen.getByTestId('rs-save')).toBeDisabled();
    await fireEvent.click(screen.getByTestId('rs-fallback'));
    await fireEvent.change(screen.getByTestId('rs-default-team'), { target: { value: 'escalations' } });
    await fireEvent.change(screen.getByTestId('rs-splashtop-secondary'), { target: { value: '' } });
    await fireEvent.click(screen.getByTestId('rs-save'));
    expect(await screen.findByText('Remote support settings saved')).toBeInTheDocument();
    const saved = await b.remoteSupportSettings();
    expect(saved.fallback_to_default_team).toBe(false);
    expect(saved.default_team_id).toBe('escalations');
    expect(saved.launch.splashtop_secondary_field).toBeNull();
    await waitFor(() => expect(screen.getByTestId('rs-save')).toBeDisabled());
  });

  it('refuses a fixed Splashtop account that is not an email address', async () => {
    await openSettings();
    await fireEvent.click(screen.getByTestId('rs-account-fixed'));
    await fireEvent.input(screen.getByTestId('rs-splashtop-account'), { target: { value: 'support desk' } });
    await fireEvent.click(screen.getByTestId('rs-save'));
    expect(await screen.findByTestId('rs-error')).toHaveTextContent('the Splashtop account "support desk" is not an email address');
    expect(screen.getByTestId('rs-splashtop-account')).toHaveValue('support desk');
  });

  it('"Take invitations" sets the current technician unavailable, and the list marks it', async () => {
    const b = backend();
    await openSettings(b);
    expect(screen.getAllByTestId('technician-unavailable').map((m) => m.dataset.technician)).toEqual(['priya']);
    const toggle = screen.getByTestId('my-availability');
    expect(toggle).toBeChecked();
    await fireEvent.click(toggle);
    await waitFor(() =>
      expect(screen.getAllByTestId('technician-unavailable').map((m) => m.dataset.technician)).toEqual(['alex', 'priya']),
    );
    expect(screen.getByTestId('my-availability')).not.toBeChecked();
    expect((await b.board()).me.available).toBe(false);
  });

  it('shows the outbox, and retries it', async () => {
    const b = backend();
    b.setMailDown('connection refused');
    await b.sendInvite({ ticket_id: 'ticket-1042', recipients: 'a@example.com b@example.com', target: { kind: 'default' }, quick: true, provider: 'splashtop' });
    await openSettings(b);
    const outbox = screen.getByTestId('outbox');
    await waitFor(() => expect(outbox).toHaveTextContent('2 emails waiting for the mail server (connection refused)'));
    b.setMailDown(null);
    await fireEvent.click(within(outbox).getByTestId('outbox-retry'));
    await waitFor(() => expect(screen.getByTestId('outbox')).toHaveTextContent('Outbox: empty'));
  });
});

describe('keyboard on the desk', () => {
  it('g t and g a go to Tickets and Assets; / searches, J opens, Esc closes', async () => {
    await open(backend());
    const press = (key: string, target: Element = document.body) => fireEvent.keyDown(target, { key, bubbles: true });
    await press('g');
    await press('t');
    await screen.findByTestId('ticket-row-1046');
    await press('/');
    expect(document.activeElement).toBe(screen.getByTestId('ticket-search'));
    await press('Escape', screen.getByTestId('ticket-search'));
    expect(document.activeElement).not.toBe(screen.getByTestId('ticket-search'));
    await press('j');
    const detail = await screen.findByTestId('ticket-detail');
    await waitFor(() => expect(within(detail).getByTestId('ticket-number')).toHaveTextContent('#1046'));
    expect(screen.getByTestId('ticket-row-1046')).toHaveAttribute('aria-selected', 'true');
    await press('j');
    await waitFor(() => expect(within(screen.getByTestId('ticket-detail')).getByTestId('ticket-number')).toHaveTextContent('#1045'));
    await press('Escape');
    expect(screen.queryByTestId('ticket-detail')).not.toBeInTheDocument();
    await press('g');
    await press('a');
    expect(await screen.findByTestId('assets-view')).toBeInTheDocument();
    expect(screen.getByTestId('nav-assets')).toHaveAttribute('aria-current', 'page');
  });
});
