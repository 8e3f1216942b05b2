// The desk's rules as the memory backend runs them; the cases mirror the core's own tests
// (crates/tether-core/src/domain/{template,invitation,beyondtrust,launch}.rs), so the sandbox
// behaves like the app.
import { describe, expect, it } from 'vitest';
import type { ErrorDto } from '../lib/bindings/ErrorDto';
import type { Event } from '../lib/bindings/Event';
import type { RemoteSupportSettings } from '../lib/bindings/RemoteSupportSettings';
import { COMPUTER, demoBeyondTrust, demoDesk } from '../lib/demo-desk';
import { DEMO_TECHNICIANS, demoChannels } from '../lib/demo-seed';
import {
  defaultRemoteSupportSettings,
  formatTranscript,
  htmlToText,
  launchButtons,
  launchUrl,
  matchesPrefixes,
  normaliseMac,
  parseRecipients,
  renderInvite,
  remoteSessionNote,
  renderTemplate,
  resolveBeyondTrustTarget,
  resolveTarget,
  splitRemoteSessionNote,
  templateProblems,
  validateBeyondTrust,
} from '../lib/desk-rules';
import { backend, NOW } from './fixtures';

function refusal(run: () => unknown): ErrorDto {
  try {
    run();
  } catch (e) {
    return e as ErrorDto;
  }
  throw new Error('expected a refusal');
}

async function refused(p: Promise<unknown>): Promise<ErrorDto> {
  try {
    await p;
  } catch (e) {
    return e as ErrorDto;
  }
  throw new Error('expected a refusal');
}

const INVITE_HTML = '<p>Open <a href="$LINKTOREMOTE">$LINKTOREMOTE</a> or enter $REMOTESESSIONCODE.</p>';

describe('templates (IN5)', () => {
  it('renders every variable, escaping values in HTML and keeping them in text', () => {
    const values = { link: 'https://sos.example/s/1?a=1&b=2', code: '123456789', remoteInvite: INVITE_HTML };
    const html = renderTemplate('<h1>Hi</h1>$REMOTEINVITE<p>Code: $REMOTESESSIONCODE, $$5</p>', 'html', values);
    expect(html).toBe(
      '<h1>Hi</h1><p>Open <a href="https://sos.example/s/1?a=1&amp;b=2">https://sos.example/s/1?a=1&amp;b=2</a> or enter 123456789.</p><p>Code: 123456789, $5</p>',
    );
    expect(renderTemplate('Support: $REMOTEINVITE', 'text', values)).toBe(
      'Support: Open https://sos.example/s/1?a=1&b=2 or enter 123456789.',
    );
    expect(htmlToText(html).split('\n')).toHaveLength(3);
  });

  it('a value can never add markup', () => {
    const hostile = { link: '"><script>alert(1)</script>', code: "<b>'x'</b>", remoteInvite: '' };
    const html = renderTemplate('<a href="$LINKTOREMOTE">$REMOTESESSIONCODE</a>', 'html', hostile);
    expect(html).toBe('<a href="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&lt;b&gt;&#39;x&#39;&lt;/b&gt;</a>');
  });

  it('flags unknown variables once, leaves them as written, and allows $$ and $5', () => {
    const problems = templateProblems('$LINKTOREMOTE $LINK $FOO $FOO $5 $REMOTEINVITE', false);
    expect(problems.map((p) => p.variable)).toEqual(['$LINK', '$FOO']);
    expect(problems[1].message).toContain('$FOO is not a variable; use $LINKTOREMOTE');
    expect(templateProblems('$REMOTEINVITE', true)[0].message).toContain('inside itself');
    expect(templateProblems('Pay $$20 at $LINKTOREMOTE', false)).toEqual([]);
    expect(renderTemplate('$FOO $LINKTOREMOTEX', 'html', { link: 'l', code: 'c', remoteInvite: '' })).toBe(
      '$FOO $LINKTOREMOTEX',
    );
  });

  it('the paragraph cannot recurse, and a subject stays on one line', () => {
    const values = { link: 'l', code: 'c', remoteInvite: '[$REMOTEINVITE $REMOTESESSIONCODE]' };
    expect(renderTemplate('$REMOTEINVITE', 'html', values)).toBe('[ c]');
    const rendered = renderInvite({ ...defaultRemoteSupportSettings().templates, email_subject: 'a\nb $REMOTESESSIONCODE' }, 'l', '42');
    expect(rendered.subject).toBe('a b 42');
  });
});

describe('recipients (IN1)', () => {
  it('splits on commas, semicolons and spaces, and drops duplicates', () => {
    expect(parseRecipients('a@x.com, B@y.org;a@X.com\nc.d+e@z.co.uk')).toEqual(['a@x.com', 'B@y.org', 'c.d+e@z.co.uk']);
  });

  it('names every address that is not one', () => {
    const e = refusal(() => parseRecipients('ok@x.com, nope, a@b, x@@y.com, <a@b.c>'));
    expect(e.code).toBe('invalid_input');
    for (const bad of ['"nope"', '"a@b"', '"x@@y.com"', '"<a@b.c>"']) expect(e.message).toContain(bad);
    expect(refusal(() => parseRecipients(' , ')).message).toBe('add at least one email address to invite');
  });
});

describe('invite targets (IN1, IN7, IN8)', () => {
  const settings: RemoteSupportSettings = {
    ...defaultRemoteSupportSettings(),
    invite_other_agents: true,
    default_team_id: 'helpdesk',
  };
  const dir = {
    me: DEMO_TECHNICIANS[0],
    technicians: DEMO_TECHNICIANS,
    teams: demoDesk(NOW).teams,
    channels: demoChannels(),
  };

  it("an available technician gets it in their queue; mine is 'your queue'", () => {
    expect(resolveTarget({ kind: 'agent', id: 'sam' }, settings, dir)).toEqual({
      channel_id: 'private',
      assignee: 'sam',
      label: "Sam Chen's queue",
      fallback_reason: null,
    });
    expect(resolveTarget({ kind: 'agent', id: 'alex' }, settings, dir).label).toBe('your queue');
  });

  it("an unavailable technician's goes to the default team, or nothing is sent", () => {
    expect(resolveTarget({ kind: 'agent', id: 'priya' }, settings, dir)).toEqual({
      channel_id: 'splashtop-1',
      assignee: null,
      label: 'Team Helpdesk',
      fallback_reason: 'Priya Patel is unavailable',
    });
    const off = refusal(() =>
      resolveTarget({ kind: 'agent', id: 'priya' }, { ...settings, fallback_to_default_team: false }, dir),
    );
    expect(off.code).toBe('technician_unavailable');
    for (const target of [{ kind: 'agent', id: 'priya' } as const, { kind: 'default' } as const]) {
      const e = refusal(() => resolveTarget(target, { ...settings, default_team_id: null }, dir));
      expect(e.code).toBe('technician_unavailable');
      expect(e.message).toContain('no default team');
    }
  });

  it("other technicians' queues need the setting; channels need membership", () => {
    const mine = { ...settings, invite_other_agents: false };
    expect(refusal(() => resolveTarget({ kind: 'agent', id: 'sam' }, mine, dir)).code).toBe('forbidden');
    expect(resolveTarget({ kind: 'channel', id: 'splashtop-2' }, settings, dir).label).toBe('Channel Escalations');
    const jordan = { ...dir, me: DEMO_TECHNICIANS[3] };
    expect(refusal(() => resolveTarget({ kind: 'channel', id: 'splashtop-2' }, settings, jordan)).code).toBe('forbidden');
    expect(refusal(() => resolveTarget({ kind: 'team', id: 'nope' }, settings, dir)).code).toBe('not_found');
  });
});

describe('launch buttons (UA1, UA3, UA4, UA7)', () => {
  const launch = defaultRemoteSupportSettings().launch;
  const asset = {
    id: 'a',
    name: 'PC',
    customer_id: null,
    customer_name: '',
    type_id: 'computer',
    inventory_number: 'PC-0042',
    platform: 'windows' as const,
    fields: { mac_address: 'AABBCCDDEE01', splashtop_uuid: 'u-1' },
  };

  it('normalises MAC addresses in every common spelling, and refuses the rest', () => {
    for (const raw of ['aa:bb:cc:dd:ee:01', 'AA-BB-CC-DD-EE-01', 'aabb.ccdd.ee01', ' aabbccddee01 ']) {
      expect(normaliseMac(raw)).toBe('AABBCCDDEE01');
    }
    for (const bad of ['', 'aa:bb:cc:dd:ee', 'gg:bb:cc:dd:ee:ff', '00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff']) {
      expect(refusal(() => normaliseMac(bad)).code).toBe('invalid_input');
    }
  });

  it('one button per configured field with a value; none on Android, with the reason', () => {
    const both = { ...launch, splashtop_secondary_field: 'splashtop_uuid' };
    expect(launchButtons(asset, COMPUTER, both, null).buttons.map((b) => b.id)).toEqual([
      'splashtop:mac_address',
      'splashtop:splashtop_uuid',
    ]);
    const android = launchButtons({ ...asset, platform: 'android' }, COMPUTER, both, null);
    expect(android.buttons).toEqual([]);
    expect(android.unavailable).toEqual(['Splashtop cannot reach Android devices, so this asset has no Splashtop button']);
    const unknown = launchButtons(asset, COMPUTER, { ...launch, splashtop_primary_field: 'serial' }, null);
    expect(unknown.unavailable[0]).toContain('asset type Computer has no field "serial"');
  });

  it("BeyondTrust's jump needs its host and the asset's inventory number", () => {
    expect(launchButtons(asset, COMPUTER, launch, 'support.example.com').buttons.map((b) => b.id)).toEqual([
      'splashtop:mac_address',
      'beyondtrust:jump',
    ]);
    expect(launchButtons({ ...asset, inventory_number: ' ' }, COMPUTER, launch, 'support.example.com').unavailable).toEqual([
      "BeyondTrust jump needs the asset's inventory number",
    ]);
  });

  it('builds only the documented URLs, with every value encoded', () => {
    const [mac] = launchButtons(asset, COMPUTER, launch, null).buttons;
    expect(launchUrl(mac, COMPUTER, 'tech@example.com', null)).toBe(
      'st-business://com.splashtop.business?account=tech%40example.com&mac=AABBCCDDEE01',
    );
    const uuid = { id: 'splashtop:splashtop_uuid', provider: 'splashtop', label: '', value: 'x&y=#z' };
    expect(launchUrl(uuid, COMPUTER, 'tech@example.com', null)).toBe(
      'st-business://com.splashtop.business?account=tech%40example.com&uuid=x%26y%3D%23z&sessiontype=remote',
    );
    const jump = { id: 'beyondtrust:jump', provider: 'beyondtrust', label: '', value: 'PC-0042' };
    expect(launchUrl(jump, COMPUTER, '', 'support.example.com')).toBe(
      'https://support.example.com/api/client_script?type=rep&operation=generate&action=start_pinned_client_session&search_string=PC-0042',
    );
  });
});

describe('search', () => {
  it('matches every word as a prefix, ignoring case and accents', () => {
    expect(matchesPrefixes('print jo', ['Printer jammed', 'Joanna'])).toBe(true);
    expect(matchesPrefixes('rint', ['Printer'])).toBe(false);
    expect(matchesPrefixes('#1042', ['1042'])).toBe(true);
    expect(matchesPrefixes('tomas', ['Tomás Herrera'])).toBe(true);
    expect(matchesPrefixes('  ', ['anything'])).toBe(true);
  });
});

describe('MemoryBackend follows the desk rules', () => {
  it('lists at most 500 tickets, newest change first', async () => {
    const b = backend();
    const all = await b.tickets({ text: '', status: null, customer_id: null, assignee: null, limit: null });
    expect(all.map((t) => t.number)).toEqual([1046, 1045, 1044, 1043, 1042, 1039]);
    const two = await b.tickets({ text: '', status: null, customer_id: null, assignee: null, limit: 2 });
    expect(two).toHaveLength(2);
  });

  it('normalises imported asset fields by their kind', async () => {
    const { asset } = await backend().assetDetail('nw-pc-0042');
    expect(asset.fields.mac_address).toBe('3C52821A4F07');
    expect(asset.fields.under_warranty).toBe('true');
    expect(asset.customer_name).toBe('Northwind Traders');
  });

  it('refuses a quick invite when quick invites are off, but not the action', async () => {
    const desk = demoDesk(NOW);
    const b = backend([], { desk: { ...desk, remoteSupport: { ...desk.remoteSupport, quick_invites: false } } });
    const request = {
      ticket_id: 'ticket-1042',
      recipients: 'a@example.com',
      target: { kind: 'default' as const },
      quick: true,
      provider: 'splashtop' as const,
    };
    expect((await refused(b.previewInvite(request))).code).toBe('forbidden');
    expect((await b.previewInvite({ ...request, quick: false })).target.label).toBe('Team Helpdesk');
  });

  it('records the invitation, sends one email per recipient and says the ticket changed', async () => {
    const b = backend();
    const events: Event[] = [];
    await b.subscribe((e) => events.push(e));
    const action = await b.sendInvite({
      ticket_id: 'ticket-1044',
      recipients: 'ana@contoso-dental.example; boss@contoso-dental.example',
      target: { kind: 'agent', id: 'sam' },
      quick: true,
      provider: 'splashtop',
    });
    expect(action.kind).toBe('remote_session_invitation');
    expect(action.delivery).toBe('sent');
    expect(action.invitation?.target_label).toBe("Sam Chen's queue");
    expect(action.invitation?.requested).toEqual({ kind: 'agent', id: 'sam' });
    expect(b.sentMail.map((m) => m.to[0])).toEqual(['ana@contoso-dental.example', 'boss@contoso-dental.example']);
    expect(b.sentMail[0].html).toContain(action.invitation?.link);
    expect(b.sentMail[0].subject).toBe(`Remote support session, code ${action.invitation?.code}`);
    const session = await b.sessionDetail(action.invitation?.session_id ?? '');
    expect(session.session.assignee).toBe('sam');
    await new Promise((r) => setTimeout(r, 0));
    expect(events).toContainEqual({ type: 'ticket_changed', ticket_id: 'ticket-1044' });
    const detail = await b.ticketDetail('ticket-1044');
    expect(detail.actions.map((a) => a.kind)).toEqual(['created', 'remote_session_invitation']);
    expect(detail.ticket.updated_at).toBe(new Date(NOW).toISOString());
  });

  it('keeps mail the server refuses pending, and delivers it on retry', async () => {
    const b = backend();
    b.setMailDown('454 try again later');
    const action = await b.sendInvite({ ticket_id: 'ticket-1042', recipients: 'a@example.com', target: { kind: 'default' }, quick: false, provider: 'splashtop' });
    expect(action.delivery).toBe('pending');
    expect(action.delivery_error).toBe('454 try again later');
    expect((await b.pendingMail()).map((m) => [m.to, m.attempts, m.last_error])).toEqual([
      [['a@example.com'], 1, '454 try again later'],
    ]);
    expect(await b.retryMail()).toBe(1);
    b.setMailDown(null);
    expect(await b.retryMail()).toBe(0);
    const [, sent] = (await b.ticketDetail('ticket-1042')).actions;
    expect([sent.delivery, sent.delivery_error]).toEqual(['sent', null]);
  });

  it('records a launch and says the asset changed; a button the asset lacks is refused with why', async () => {
    const b = backend();
    const launched = await b.launch('nw-lt-0107', 'splashtop:mac_address');
    expect(launched.url).toBe('st-business://com.splashtop.business?account=alex%40example.com&mac=A483E710229B');
    expect(launched.recorded?.label).toBe('Splashtop · MAC address');
    expect((await b.assetDetail('nw-lt-0107')).history).toHaveLength(1);
    const e = await refused(b.launch('co-tab-03', 'splashtop:mac_address'));
    expect(e.message).toBe('Splashtop cannot reach Android devices, so this asset has no Splashtop button');
  });

  it('uses a fixed Splashtop account when one is set', async () => {
    const b = backend();
    const settings = await b.remoteSupportSettings();
    await b.saveRemoteSupportSettings({ ...settings, launch: { ...settings.launch, splashtop_account: 'desk@example.com' } });
    expect((await b.launch('nw-pc-0042', 'splashtop:mac_address')).url).toContain('account=desk%40example.com');
  });

  it('refuses settings that do not hold together', async () => {
    const b = backend();
    const settings = await b.remoteSupportSettings();
    expect((await refused(b.saveRemoteSupportSettings({ ...settings, default_team_id: 'nope' }))).code).toBe('not_found');
    const bad = { ...settings, templates: { ...settings.templates, chat_html: '$NOPE' } };
    expect((await refused(b.saveRemoteSupportSettings(bad))).message).toBe(
      'the chat message: $NOPE is not a variable; use $LINKTOREMOTE, $REMOTESESSIONCODE or $REMOTEINVITE (write $$ for a dollar sign)',
    );
  });

  it('refuses a ticket without a subject or with a bad email', async () => {
    const b = backend();
    const draft = { subject: 'x', customer_id: null, end_user_name: '', end_user_email: '', type_id: null, asset_id: null };
    expect((await refused(b.createTicket({ ...draft, subject: ' ' }))).message).toBe('a ticket needs a subject');
    expect((await refused(b.createTicket({ ...draft, end_user_email: 'nope' }))).message).toBe('"nope" is not an email address');
    expect((await refused(b.createTicket({ ...draft, customer_id: 'acme' }))).code).toBe('not_found');
    expect((await b.createTicket(draft)).ticket.number).toBe(1047);
  });
});

describe('BeyondTrust targets (IN1, IN7, IN8 for BeyondTrust)', () => {
  const settings: RemoteSupportSettings = { ...defaultRemoteSupportSettings(), invite_other_agents: true };
  const bt = demoBeyondTrust(NOW);
  const dir = { me: DEMO_TECHNICIANS[0], technicians: DEMO_TECHNICIANS };

  it("a logged-in agent gets a rep queue, an absent one the default team with the reason", () => {
    const sam = resolveBeyondTrustTarget({ kind: 'agent', id: 'sam' }, bt.settings, settings, dir, bt.reps);
    expect(sam.queue).toEqual({ kind: 'rep', id: '15' });
    expect(sam.target).toEqual({ channel_id: '', assignee: null, label: "Sam Chen's queue", fallback_reason: null });
    expect(resolveBeyondTrustTarget({ kind: 'agent', id: 'alex' }, bt.settings, settings, dir, bt.reps).target.label).toBe(
      'your queue',
    );
    const priya = resolveBeyondTrustTarget({ kind: 'agent', id: 'priya' }, bt.settings, settings, dir, bt.reps);
    expect(priya.queue).toEqual({ kind: 'team', id: '3' });
    expect(priya.target).toEqual({
      channel_id: '',
      assignee: null,
      label: 'Team Helpdesk',
      fallback_reason: 'Priya Patel is not logged in to BeyondTrust',
    });
  });

  it('refuses without a fallback, into others\' queues when off, a channel, and a team that is off', () => {
    const agent = (id: string, s: RemoteSupportSettings) => () =>
      resolveBeyondTrustTarget({ kind: 'agent', id }, bt.settings, s, dir, bt.reps);
    const noFallback = refusal(agent('priya', { ...settings, fallback_to_default_team: false }));
    expect(noFallback.code).toBe('technician_unavailable');
    expect(noFallback.message).toBe(
      'Priya Patel is not logged in to BeyondTrust and falling back to the default team is turned off; nothing was sent',
    );
    expect(refusal(agent('priya', { ...settings, invite_other_agents: false })).code).toBe('forbidden');
    const channel = refusal(() =>
      resolveBeyondTrustTarget({ kind: 'channel', id: 'splashtop-1' }, bt.settings, settings, dir, bt.reps),
    );
    expect(channel).toEqual({
      code: 'invalid_input',
      message: "BeyondTrust queues are a technician's or a team's; pick one of those",
    });
    const off = refusal(() => resolveBeyondTrustTarget({ kind: 'team', id: '4' }, bt.settings, settings, dir, bt.reps));
    expect(off).toEqual({ code: 'not_found', message: 'BeyondTrust team "4" does not exist' });
    const notAgent = { ...bt.settings, agents: bt.settings.agents.filter((a) => a.technician_id !== 'jordan') };
    expect(refusal(() => resolveBeyondTrustTarget({ kind: 'agent', id: 'jordan' }, notAgent, settings, dir, bt.reps)).message).toBe(
      'Jordan Lee is not a BeyondTrust agent yet (Settings → BeyondTrust)',
    );
  });

  it('a blank target is the default team, or nothing when there is none', () => {
    expect(resolveBeyondTrustTarget({ kind: 'default' }, bt.settings, settings, dir, bt.reps).target.label).toBe('Team Helpdesk');
    const none = { ...bt.settings, teams: bt.settings.teams.map((t) => ({ ...t, default: false })) };
    const e = refusal(() => resolveBeyondTrustTarget({ kind: 'default' }, none, settings, dir, bt.reps));
    expect(e.code).toBe('technician_unavailable');
    expect(e.message).toBe(
      'no target was chosen and there is no default BeyondTrust team (Settings → BeyondTrust); nothing was sent',
    );
  });

  it('settings must hold together', () => {
    expect(() => validateBeyondTrust(bt.settings)).not.toThrow();
    const two = { ...bt.settings, teams: bt.settings.teams.map((t) => ({ ...t, enabled: true, default: true })) };
    expect(refusal(() => validateBeyondTrust(two)).message).toBe('only one BeyondTrust team can be the default');
    expect(refusal(() => validateBeyondTrust({ ...bt.settings, key_ttl_minutes: 4 })).message).toBe(
      'a session key lives between 5 minutes and 7 days',
    );
  });
});

describe('remote session notes (BT5–BT7)', () => {
  it('writes the transcript one line per message, and the note as summary then transcript', () => {
    const transcript = formatTranscript([
      ['2025-03-04T09:20:05Z', 'Sam Chen', 'Hi'],
      ['2025-03-04T09:21:00.500Z', 'Maria Anders', 'Hello'],
    ]);
    expect(transcript).toBe('[09:20:05] Sam Chen: Hi\n[09:21:00] Maria Anders: Hello');
    const note = remoteSessionNote({
      rep_name: 'Sam Chen',
      customer_name: '',
      started_at: '2025-03-04T09:20:00Z',
      ended_at: '2025-03-04T09:32:34Z',
      duration_seconds: 754,
      transcript,
    });
    expect(note).toBe(`BeyondTrust session with Sam Chen for the customer: 2025-03-04 09:20 to 09:32 (12:34)\n\nChat transcript:\n${transcript}`);
    expect(splitRemoteSessionNote(note)).toEqual({
      summary: 'BeyondTrust session with Sam Chen for the customer: 2025-03-04 09:20 to 09:32 (12:34)',
      transcript,
    });
    expect(splitRemoteSessionNote('no chat')).toEqual({ summary: 'no chat', transcript: '' });
  });
});
