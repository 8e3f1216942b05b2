import { describe, expect, it } from 'vitest';
import type { ErrorDto } from '../lib/bindings/ErrorDto';
import type { Event } from '../lib/bindings/Event';
import { KEYCHAIN_UNAVAILABLE } from '../lib/backend-memory';
import { demoIntegrations } from '../lib/demo-seed';
import { backend, NOW, session } from './fixtures';

async function refusal(p: Promise<unknown>): Promise<ErrorDto> {
  try {
    await p;
  } catch (e) {
    return e as ErrorDto;
  }
  throw new Error('expected a refusal');
}

describe('MemoryBackend follows SD3', () => {
  it('creates sessions Pending, assigned to their creator, with a 9-digit code', async () => {
    const b = backend();
    const s = await b.createSession({ channel_id: 'splashtop-1', customer_name: '  Dana  ', issue: '' });
    expect(s.state).toBe('pending');
    expect(s.customer_name).toBe('Dana');
    expect(s.assignee).toBe('alex');
    expect(s.code).toMatch(/^\d{9}$/);
    const detail = await b.sessionDetail(s.id);
    expect(detail.history).toHaveLength(1);
    expect(detail.history[0].from).toBeNull();
    expect(detail.expires_at).not.toBeNull();
  });

  it('refuses a customer name over 64 characters', async () => {
    const e = await refusal(
      backend().createSession({ channel_id: 'private', customer_name: 'x'.repeat(65), issue: '' }),
    );
    expect(e.code).toBe('invalid_input');
  });

  it('walks Pending → Active → In queue → Active → Closed', async () => {
    const s = session({ code: '111222333' });
    const b = backend([s]);
    await b.demoEndUser('111222333', 'launch');
    expect((await b.sessionDetail(s.id)).session.state).toBe('active');
    expect((await b.release(s.id)).state).toBe('in_queue');
    expect((await b.take(s.id)).state).toBe('active');
    expect((await b.close(s.id)).state).toBe('closed');
    const history = (await b.sessionDetail(s.id)).history.map((h) => `${h.from}>${h.to}`);
    expect(history).toEqual(['pending>active', 'active>in_queue', 'in_queue>active', 'active>closed']);
  });

  it('refuses illegal transitions with the core wording', async () => {
    const s = session({ state: 'closed' });
    const e = await refusal(backend([s]).release(s.id));
    expect(e.code).toBe('illegal_transition');
    expect(e.message).toMatch(/^cannot release a session that is Closed: /);
  });

  it('refuses a release from Pending with a hint', async () => {
    const s = session();
    const e = await refusal(backend([s]).release(s.id));
    expect(e.message).toContain('only Active sessions can be released');
  });

  it('needs a grant before the remote session starts', async () => {
    const s = session({ state: 'active', code: '222333444' });
    const b = backend([s]);
    expect((await refusal(b.startRemote(s.id))).code).toBe('forbidden');
    await b.requestPermission(s.id);
    await b.demoEndUser('222333444', 'grant');
    const url = await b.startRemote(s.id);
    expect(url).toContain('222333444');
  });

  it('allows at most 3 technicians on a session', async () => {
    const s = session({ state: 'active', invited: ['sam', 'priya'] });
    const e = await refusal(backend([s]).inviteTechnician(s.id, 'jordan'));
    expect(e.code).toBe('too_many_technicians');
    expect(e.message).toContain('at most 3 technicians');
  });

  it('needs the release permission to release or transfer', async () => {
    const s = session({ state: 'active', assignee: 'sam' });
    const b = backend([s], { currentTechnician: 'jordan' });
    expect((await refusal(b.release(s.id))).code).toBe('forbidden');
    expect((await refusal(b.take(s.id))).message).toContain('release permission');
  });

  it('expires open sessions older than the channel timeout', async () => {
    const old = new Date(Date.parse('2025-03-04T10:00:00Z') - 61 * 60_000).toISOString();
    const s = session({ state_changed_at: old });
    const b = backend([s]);
    const list = await b.listSessions({ kind: 'channel', id: 'splashtop-1' });
    expect(list[0].state).toBe('expired');
  });

  it('shows Home as the sessions assigned to me, and counts them', async () => {
    const b = backend([session(), session({ assignee: 'sam' }), session({ channel_id: 'private' })]);
    expect(await b.listSessions({ kind: 'home' })).toHaveLength(2);
    const board = await b.board();
    expect(board.channels.map((c) => c.name)).toEqual(['Home', 'Private', 'Front desk', 'Escalations']);
    expect(board.channels[0].counts.pending).toBe(2);
  });

  it('announces changes and notifies on what the end user did', async () => {
    const s = session({ code: '333444555' });
    const b = backend([s]);
    const events: Event['type'][] = [];
    await b.subscribe((e) => events.push(e.type));
    await b.demoEndUser('333444555', 'launch');
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(events).toContain('session_changed');
    expect(events).toContain('notified');
  });
});

describe('MemoryBackend follows SP1: a default channel per technician', () => {
  it('is Private until chosen, then the chosen channel, for that technician only', async () => {
    const b = backend();
    expect((await b.board()).settings.default_channel).toBe('private');
    const events: Event['type'][] = [];
    await b.subscribe((e) => events.push(e.type));
    expect(await b.setDefaultChannel('splashtop-2')).toBeNull();
    await new Promise((r) => setTimeout(r, 0));
    expect(events).toEqual(['board_changed']);
    expect((await b.board()).settings.default_channel).toBe('splashtop-2');
    await b.setCurrentTechnician('sam');
    expect((await b.board()).settings.default_channel).toBe('private');
  });

  it('refuses an unknown channel and one the technician is not a member of, as the core', async () => {
    const b = backend([], { currentTechnician: 'jordan' });
    expect(await refusal(b.setDefaultChannel('nowhere'))).toMatchObject({ code: 'not_found' });
    expect(await refusal(b.setDefaultChannel('splashtop-2'))).toEqual({
      code: 'forbidden',
      message: 'Jordan Lee has no access to the channel Escalations',
    });
    expect((await b.board()).settings.default_channel).toBe('private');
  });

  it('falls back to Private once the technician is no longer a member', async () => {
    const b = backend();
    await b.setDefaultChannel('splashtop-2');
    // Sam takes Alex out of Escalations.
    await b.setCurrentTechnician('sam');
    await b.updateChannelSettings('splashtop-2', { session_timeout_minutes: 120, members: ['sam', 'priya'], private_sessions: false });
    await b.setCurrentTechnician('alex');
    expect((await b.board()).settings.default_channel).toBe('private');
  });
});

/** Walks everything reachable from `root` (Maps and Sets too) looking for a string. */
function holds(root: unknown, needle: string): boolean {
  const seen = new Set<unknown>();
  const walk = (value: unknown): boolean => {
    if (typeof value === 'string') return value.includes(needle);
    if (typeof value !== 'object' || value === null || seen.has(value)) return false;
    seen.add(value);
    if (value instanceof Map) return [...value.entries()].some(([k, v]) => walk(k) || walk(v));
    if (value instanceof Set) return [...value].some(walk);
    return Object.values(value).some(walk);
  };
  return walk(root);
}

describe('MemoryBackend follows CR1', () => {
  const SECRET = 'tv-script-token-0123456789';

  it('lists the five integrations in order, nothing set up', async () => {
    const list = await backend().integrations();
    expect(list.map((i) => i.kind)).toEqual(['splashtop', 'beyondtrust', 'teamviewer', 'syncro', 'smtp']);
    expect(list.every((i) => !i.enabled && i.stored_secrets.length === 0 && i.last_test === null)).toBe(true);
    expect(list[1].fields.map((f) => [f.key, f.kind])).toEqual([
      ['base_url', 'url'],
      ['client_id', 'text'],
      ['client_secret', 'secret'],
    ]);
    expect(list[2].fields.map((f) => [f.key, f.kind, f.required])).toEqual([
      ['base_url', 'url', true],
      ['client_id', 'text', false],
      ['client_secret', 'secret', false],
      ['script_token', 'secret', false],
    ]);
    const required = list.map((i) => [i.kind, i.fields.filter((f) => f.required).map((f) => f.key)]);
    expect(required).toEqual([
      ['splashtop', ['base_url', 'api_token']],
      ['beyondtrust', ['base_url', 'client_id', 'client_secret']],
      ['teamviewer', ['base_url']],
      ['syncro', ['base_url', 'api_key']],
      ['smtp', ['host', 'tls', 'from']],
    ]);
  });

  it('marks a saved secret as stored without keeping it anywhere', async () => {
    const b = backend();
    const saved = await b.saveIntegration({
      kind: 'teamviewer',
      enabled: true,
      values: { base_url: ' https://webapi.teamviewer.com/api/v1 ' },
      secrets: { script_token: SECRET },
    });
    expect(saved.enabled).toBe(true);
    expect(saved.values).toEqual({ base_url: 'https://webapi.teamviewer.com/api/v1' });
    expect(saved.stored_secrets).toEqual(['script_token']);
    expect(holds(saved, SECRET)).toBe(false);
    expect(holds(b, SECRET)).toBe(false);
    // A save without the secret leaves it stored.
    const again = await b.saveIntegration({ kind: 'teamviewer', enabled: false, values: {}, secrets: {} });
    expect(again.stored_secrets).toEqual(['script_token']);
    expect(again.enabled).toBe(false);
  });

  it('refuses a bad address, an unknown field and an empty secret', async () => {
    const b = backend();
    const bad = await refusal(
      b.saveIntegration({ kind: 'splashtop', enabled: true, values: { base_url: 'webapi.splashtop.com' }, secrets: {} }),
    );
    expect(bad.code).toBe('invalid_input');
    for (const url of ['http://webapi.splashtop.com', 'https://user:pw@host', 'https://host/?token=x', 'javascript:alert(1)']) {
      const e = await refusal(b.saveIntegration({ kind: 'splashtop', enabled: true, values: { base_url: url }, secrets: {} }));
      expect(e.code).toBe('invalid_input');
    }
    const local = await b.saveIntegration({
      kind: 'splashtop',
      enabled: true,
      values: { base_url: 'http://127.0.0.1:4100' },
      secrets: {},
    });
    expect(local.values.base_url).toBe('http://127.0.0.1:4100');
    const unknown = await refusal(
      b.saveIntegration({ kind: 'splashtop', enabled: true, values: { api_token: 'x' }, secrets: {} }),
    );
    expect(unknown.code).toBe('invalid_input');
    const empty = await refusal(
      b.saveIntegration({ kind: 'splashtop', enabled: true, values: {}, secrets: { api_token: '  ' } }),
    );
    expect(empty.code).toBe('invalid_input');
    expect(holds(b, 'webapi.splashtop.com')).toBe(false);
    expect(holds(b, 'user:pw')).toBe(false);
  });

  it('refuses secrets while the keychain is unavailable, and says how to fix it', async () => {
    const b = backend([], { integrations: { syncro: { stored: ['api_key'] } } });
    b.setKeychainUnavailable(KEYCHAIN_UNAVAILABLE);
    const e = await refusal(
      b.saveIntegration({ kind: 'splashtop', enabled: true, values: {}, secrets: { api_token: SECRET } }),
    );
    expect(e).toEqual({ code: 'keychain_unavailable', message: KEYCHAIN_UNAVAILABLE });
    expect(e.message).toContain('gnome-keyring');
    expect((await refusal(b.removeIntegrationSecret('syncro', 'api_key'))).code).toBe('keychain_unavailable');
    expect(holds(b, SECRET)).toBe(false);
  });

  it('removes one stored secret', async () => {
    const b = backend([], { integrations: { beyondtrust: { stored: ['client_secret'] } } });
    const after = await b.removeIntegrationSecret('beyondtrust', 'client_secret');
    expect(after.stored_secrets).toEqual([]);
    expect((await refusal(b.removeIntegrationSecret('beyondtrust', 'client_id'))).code).toBe('invalid_input');
  });

  it('tests: what is missing first, then an answer, kept as the last test', async () => {
    const b = backend();
    const missing = await b.testIntegration('beyondtrust');
    expect(missing).toMatchObject({
      ok: false,
      code: 'not_configured',
      message: 'Fill in Address, OAuth client ID and OAuth client secret first',
    });
    expect((await b.integrations())[1].last_test).toEqual(missing);
    await b.saveIntegration({
      kind: 'beyondtrust',
      enabled: true,
      values: { base_url: 'https://support.example.com/', client_id: 'tether' },
      secrets: { client_secret: SECRET },
    });
    expect((await b.integrations())[1].values.base_url).toBe('https://support.example.com');
    const ok = await b.testIntegration('beyondtrust');
    expect(ok).toEqual({ ok: true, code: null, message: 'Sandbox BeyondTrust Remote Support answered', at: expect.any(String) });
    expect((await b.integrations())[1].last_test).toEqual(ok);
  });

  it('tests ask only for the required fields: TeamViewer needs its address, then a script token', async () => {
    const b = backend();
    expect(await b.testIntegration('teamviewer')).toMatchObject({ ok: false, message: 'Fill in Address first' });
    await b.saveIntegration({
      kind: 'teamviewer',
      enabled: true,
      values: { base_url: 'https://webapi.teamviewer.com/api/v1' },
      secrets: {},
    });
    const noToken = await b.testIntegration('teamviewer');
    expect(noToken).toMatchObject({ ok: false, code: 'not_configured' });
    expect(noToken.message).toContain('each technician tests by authorising');
    await b.saveIntegration({
      kind: 'teamviewer',
      enabled: true,
      values: { base_url: 'https://webapi.teamviewer.com/api/v1' },
      secrets: { script_token: SECRET },
    });
    expect(await b.testIntegration('teamviewer')).toMatchObject({ ok: true, message: 'Sandbox TeamViewer answered' });
  });

  it('a Splashtop test fails when the provider is down', async () => {
    const b = backend([], {
      integrations: { splashtop: { values: { base_url: 'https://webapi.splashtop.com' }, stored: ['api_token'] } },
    });
    b.setProviderDown('the connection was refused');
    const outcome = await b.testIntegration('splashtop');
    expect(outcome).toMatchObject({ ok: false, code: 'provider_unreachable' });
    expect(outcome.message).toContain('the connection was refused');
  });
});

describe('MemoryBackend follows per-technician OAuth', () => {
  const APP = { values: { client_id: 'tether-app' }, stored: ['client_secret'] };

  it('needs the OAuth app before anyone can authorise', async () => {
    const b = backend();
    expect(await refusal(b.authorisation('teamviewer'))).toMatchObject({ code: 'not_configured' });
    expect(await refusal(b.authorise('teamviewer'))).toMatchObject({ code: 'not_configured' });
    const noSecret = backend([], { integrations: { teamviewer: { values: { client_id: 'tether-app' } } } });
    expect((await refusal(noSecret.authorisation('teamviewer'))).message).toContain('client secret');
    // Each provider has its own app: TeamViewer's does not authorise Splashtop.
    expect(await refusal(backend([], { integrations: { teamviewer: APP } }).authorisation('splashtop'))).toMatchObject({
      code: 'not_configured',
      message: "an admin must enter Splashtop's OAuth app first",
    });
    expect(await refusal(b.authorisation('syncro'))).toMatchObject({ code: 'invalid_input' });
  });

  it('Splashtop is authorised per technician too, on its own consent page (SP1)', async () => {
    const b = backend([], { integrations: { splashtop: { values: { client_id: 'tether-st' }, stored: ['client_secret'] } } });
    const seen: string[] = [];
    b.setConsent(async (url) => void seen.push(url));
    expect(await b.authorisation('splashtop')).toMatchObject({ kind: 'splashtop', technician: 'alex', authorised: false });
    expect(await b.authorise('splashtop')).toMatchObject({ kind: 'splashtop', authorised: true });
    const url = new URL(seen[0]);
    expect(url.origin + url.pathname).toBe('https://webapi.splashtop.com/oauth/authorize');
    expect(url.searchParams.get('client_id')).toBe('tether-st');
    // Each technician authorises for themselves.
    await b.setCurrentTechnician('sam');
    expect((await b.authorisation('splashtop')).authorised).toBe(false);
  });

  it("Splashtop's OAuth app is optional: the card is configured by its address and API token", async () => {
    const [splashtop] = await backend().integrations();
    expect(splashtop.fields.map((f) => [f.key, f.kind, f.required])).toEqual([
      ['base_url', 'url', true],
      ['api_token', 'secret', true],
      ['client_id', 'text', false],
      ['client_secret', 'secret', false],
    ]);
    expect(splashtop.fields[2].label).toBe('OAuth app client ID');
  });

  it('sends the consent link, then authorises the current technician only', async () => {
    const b = backend([], { integrations: { teamviewer: APP } });
    expect(await b.authorisation('teamviewer')).toEqual({
      kind: 'teamviewer',
      technician: 'alex',
      authorised: false,
      expires_at: null,
    });
    const events: Event[] = [];
    await b.subscribe((e) => events.push(e));
    const seen: string[] = [];
    let consent: () => void = () => {};
    b.setConsent((url) => {
      seen.push(url);
      return new Promise<void>((resolve) => (consent = resolve));
    });
    const authorising = b.authorise('teamviewer');
    await new Promise((r) => setTimeout(r, 0));
    expect(events).toEqual([{ type: 'authorisation_pending', kind: 'teamviewer', url: seen[0] }]);
    const url = new URL(seen[0]);
    expect(url.origin + url.pathname).toBe('https://webapi.teamviewer.com/api/v1/oauth2/authorize');
    expect(url.searchParams.get('client_id')).toBe('tether-app');
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:/);
    // One loopback at a time.
    expect(await refusal(b.authorise('teamviewer'))).toMatchObject({ code: 'oauth_busy' });
    consent();
    expect(await authorising).toEqual({
      kind: 'teamviewer',
      technician: 'alex',
      authorised: true,
      expires_at: '2025-03-04T11:00:00.000Z',
    });
    expect((await b.authorisation('teamviewer')).authorised).toBe(true);
    await b.setCurrentTechnician('sam');
    expect(await b.authorisation('teamviewer')).toMatchObject({ technician: 'sam', authorised: false });
  });

  it('a refusal in the browser leaves the technician unauthorised, and frees the loopback', async () => {
    const b = backend([], { integrations: { teamviewer: APP } });
    b.setConsent(() => Promise.reject({ code: 'oauth_timed_out', message: 'the browser did not come back in time' }));
    expect(await refusal(b.authorise('teamviewer'))).toMatchObject({ code: 'oauth_timed_out' });
    expect((await b.authorisation('teamviewer')).authorised).toBe(false);
    b.setConsent(() => Promise.resolve());
    expect((await b.authorise('teamviewer')).authorised).toBe(true);
  });

  it('disconnect forgets the tokens, even once the app is gone', async () => {
    const b = backend([], { integrations: { teamviewer: APP }, authorised: [{ kind: 'teamviewer', technician: 'alex' }] });
    expect((await b.authorisation('teamviewer')).authorised).toBe(true);
    expect(await b.disconnect('teamviewer')).toMatchObject({ authorised: false, expires_at: null });
    expect((await b.authorisation('teamviewer')).authorised).toBe(false);
    const gone = backend([], { authorised: [{ kind: 'teamviewer', technician: 'alex' }] });
    expect((await gone.disconnect('teamviewer')).authorised).toBe(false);
  });
});

describe('MemoryBackend follows BT1–BT8', () => {
  const request = {
    ticket_id: 'ticket-1042',
    recipients: 'maria.anders@northwind.example',
    target: { kind: 'default' as const },
    quick: true,
    provider: 'beyondtrust' as const,
  };
  const withBeyondTrust = () => backend([], { integrations: demoIntegrations() });
  const ended = (lsid: string, externalKey: string, repNames: string[]) => ({
    lsid,
    externalKey,
    customerName: 'Tom Hardy',
    repNames,
    startedAt: new Date(NOW - 600_000).toISOString(),
    endedAt: new Date(NOW).toISOString(),
    durationSeconds: 600,
    chat: [],
  });

  it('refuses BeyondTrust invitations, as the core, until its card is on and complete', async () => {
    const e = await refusal(backend().previewInvite(request));
    expect(e.code).toBe('provider_unauthorized');
    expect(e.message).toBe(
      'BeyondTrust: the provider refused the credentials: BeyondTrust is not set up: the card is off (Settings → Integrations)',
    );
    const noSecret = backend([], { integrations: { beyondtrust: { ...demoIntegrations().beyondtrust, stored: [] } } });
    expect((await refusal(noSecret.previewInvite(request))).message).toContain('the client secret is not in the keychain');
  });

  it('sends a session key for the queue, with the ticket as its external key, and no board session', async () => {
    const b = withBeyondTrust();
    const action = await b.sendInvite({ ...request, target: { kind: 'agent', id: 'sam' } });
    expect(action.invitation).toMatchObject({ provider: 'beyondtrust', target_label: "Sam Chen's queue" });
    const key = action.invitation?.code ?? '';
    expect(key).toMatch(/^\d{6}$/);
    expect(action.invitation?.session_id).toBe(key);
    expect(action.invitation?.link).toBe(`https://support.example.com/?ak=${key}`);
    expect(b.sentMail[0].subject).toBe(`Remote support session, code ${key}`);
    expect((await b.board()).channels.every((c) => c.counts.pending === 0)).toBe(true);
    // The session comes back to the ticket its key named (BT5), even with only generated keys allowed.
    const settings = await b.beyondtrustSettings();
    await b.saveBeyondtrustSettings({ ...settings, only_generated_keys: true });
    expect(b.finishBeyondTrustSession(ended('lsid-1', 'ticket-1042', ['Sam', 'Sam Chen']))).toBe('linked');
    expect(b.finishBeyondTrustSession(ended('lsid-1', 'ticket-1042', ['Sam', 'Sam Chen']))).toBe('linked');
    const actions = (await b.ticketDetail('ticket-1042')).actions.filter((a) => a.kind === 'remote_session');
    expect(actions.map((a) => [a.actor, a.logged_seconds])).toEqual([['sam', 600]]);
    expect(b.finishBeyondTrustSession(ended('lsid-2', '1043', []))).toBe('rejected');
  });

  it('refuses settings that do not hold together, and agents of unknown technicians', async () => {
    const b = backend();
    const settings = await b.beyondtrustSettings();
    const teams = settings.teams.map((t) => ({ ...t, enabled: true, default: true }));
    expect(await refusal(b.saveBeyondtrustSettings({ ...settings, teams }))).toEqual({
      code: 'invalid_input',
      message: 'only one BeyondTrust team can be the default',
    });
    const agents = [...settings.agents, { technician_id: 'casey', enabled: true, display_name: 'Casey' }];
    expect(await refusal(b.saveBeyondtrustSettings({ ...settings, agents }))).toEqual({
      code: 'not_found',
      message: 'technician "casey" does not exist',
    });
  });

  it("Get teams adds the appliance's teams not listed, disabled, and says the desk changed", async () => {
    const b = withBeyondTrust();
    const events: Event[] = [];
    await b.subscribe((e) => events.push(e));
    const fetched = await b.fetchBeyondtrustTeams();
    expect(fetched.teams.map((t) => [t.id, t.display_name, t.enabled, t.default])).toEqual([
      ['3', 'Helpdesk', true, true],
      ['4', 'Escalations', false, false],
      ['7', 'Field Service', false, false],
    ]);
    expect(await b.beyondtrustSettings()).toEqual(fetched);
    await new Promise((r) => setTimeout(r, 0));
    expect(events).toContainEqual({ type: 'desk_changed' });
    b.setApplianceDown('timed out');
    expect((await refusal(b.fetchBeyondtrustTeams())).code).toBe('provider_unreachable');
  });

  it('links an unlinked session once, writing its action and saying the ticket changed', async () => {
    const b = backend();
    const [waiting] = await b.unlinkedSessions();
    expect(waiting.session.customer_name).toBe('Maria Anders');
    expect(waiting.suggestions.map((t) => t.number)).toEqual([1042]);
    const events: Event[] = [];
    await b.subscribe((e) => events.push(e));
    const linked = await b.linkRemoteSession(waiting.session.id, 'ticket-1042');
    expect([linked.status, linked.ticket_id, linked.reason]).toEqual(['linked', 'ticket-1042', null]);
    const action = (await b.ticketDetail('ticket-1042')).actions.find((a) => a.kind === 'remote_session');
    expect(action?.logged_seconds).toBe(754);
    expect(action?.note).toContain('\n\nChat transcript:\n[');
    await new Promise((r) => setTimeout(r, 0));
    expect(events).toEqual(
      expect.arrayContaining([{ type: 'ticket_changed', ticket_id: 'ticket-1042' }, { type: 'desk_changed' }]),
    );
    expect(await b.unlinkedSessions()).toEqual([]);
    expect((await refusal(b.linkRemoteSession(waiting.session.id, 'ticket-1043'))).message).toBe(
      'the session is already on ticket ticket-1042',
    );
    expect((await refusal(b.linkRemoteSession('nope', 'ticket-1043'))).code).toBe('not_found');
  });

  it('tells where outbound events go, or that the receiver is not listening', async () => {
    expect(await backend().eventsReceiver()).toBe('http://127.0.0.1:41731/beyondtrust/events');
    expect(await backend([], { eventsReceiver: null }).eventsReceiver()).toBeNull();
  });
});
