// The contract with the Rust shell: command names in snake_case, argument keys in camelCase,
// one event channel, refusals passed through as { code, message }.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
const listen = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...a: unknown[]) => invoke(...a) }));
vi.mock('@tauri-apps/api/event', () => ({ listen: (...a: unknown[]) => listen(...a) }));

const { TauriBackend, EVENT_NAME } = await import('../lib/backend-tauri');

beforeEach(() => {
  invoke.mockReset();
  invoke.mockResolvedValue(null);
  listen.mockReset();
});

describe('TauriBackend', () => {
  it('calls every command by its name with camelCase arguments', async () => {
    const b = new TauriBackend();
    const settings = { session_timeout_minutes: 30, members: [], private_sessions: false };
    const tech = { id: 'casey', name: 'Casey', email: 'c@example.com', can_release: true, available: true };
    await b.board();
    await b.listSessions({ kind: 'channel', id: 'splashtop-1' });
    await b.sessionDetail('s1');
    await b.createSession({ channel_id: 'private', customer_name: 'Dana', issue: '' });
    await b.requestPermission('s1');
    await b.startRemote('s1');
    await b.assign('s1', 'sam');
    await b.take('s1');
    await b.transferToChannel('s1', 'splashtop-2');
    await b.inviteTechnician('s1', 'priya');
    await b.release('s1');
    await b.close('s1');
    await b.deleteSession('s1');
    await b.updateChannelSettings('splashtop-1', settings);
    await b.setChannelMuted('splashtop-1', true);
    await b.setCurrentTechnician('sam');
    await b.setPollInterval(500);
    await b.setDefaultChannel('splashtop-1');
    await b.addTechnician(tech);
    await b.syncNow();
    await b.demoEndUser('123456789', 'grant');
    expect(invoke.mock.calls).toEqual([
      ['board', undefined],
      ['list_sessions', { view: { kind: 'channel', id: 'splashtop-1' } }],
      ['session_detail', { id: 's1' }],
      ['create_session', { new: { channel_id: 'private', customer_name: 'Dana', issue: '' } }],
      ['request_permission', { id: 's1' }],
      ['start_remote', { id: 's1' }],
      ['assign', { id: 's1', technicianId: 'sam' }],
      ['take', { id: 's1' }],
      ['transfer_to_channel', { id: 's1', channelId: 'splashtop-2' }],
      ['invite_technician', { id: 's1', technicianId: 'priya' }],
      ['release', { id: 's1' }],
      ['close', { id: 's1' }],
      ['delete_session', { id: 's1' }],
      ['update_channel_settings', { channelId: 'splashtop-1', settings }],
      ['set_channel_muted', { channelId: 'splashtop-1', muted: true }],
      ['set_current_technician', { id: 'sam' }],
      ['set_poll_interval', { ms: 500 }],
      ['set_default_channel', { channelId: 'splashtop-1' }],
      ['add_technician', { technician: tech }],
      ['sync_now', undefined],
      ['demo_end_user', { code: '123456789', action: 'grant' }],
    ]);
  });

  it('calls the integration commands (CR1) by their names', async () => {
    const b = new TauriBackend();
    const update = { kind: 'splashtop' as const, enabled: true, values: { base_url: 'https://x' }, secrets: { api_token: 't' } };
    await b.integrations();
    await b.saveIntegration(update);
    await b.removeIntegrationSecret('beyondtrust', 'client_secret');
    await b.testIntegration('syncro');
    expect(invoke.mock.calls).toEqual([
      ['integrations', undefined],
      ['save_integration', { update }],
      ['remove_integration_secret', { kind: 'beyondtrust', key: 'client_secret' }],
      ['test_integration', { kind: 'syncro' }],
    ]);
  });

  it('calls the per-technician OAuth commands by their names', async () => {
    const b = new TauriBackend();
    await b.authorisation('teamviewer');
    await b.authorise('teamviewer');
    await b.disconnect('teamviewer');
    await b.authorise('splashtop');
    expect(invoke.mock.calls).toEqual([
      ['authorisation', { kind: 'teamviewer' }],
      ['authorise', { kind: 'teamviewer' }],
      ['disconnect', { kind: 'teamviewer' }],
      ['authorise', { kind: 'splashtop' }],
    ]);
    invoke.mockRejectedValueOnce({ code: 'oauth_timed_out', message: 'the browser did not come back in time; authorise again' });
    await expect(b.authorise('teamviewer')).rejects.toEqual({
      code: 'oauth_timed_out',
      message: 'the browser did not come back in time; authorise again',
    });
  });

  it('calls the ticket desk commands by their names with camelCase arguments', async () => {
    const b = new TauriBackend();
    const query = { text: 'print', status: null, customer_id: null, assignee: null, limit: null };
    const draft = { subject: 'x', customer_id: null, end_user_name: '', end_user_email: '', type_id: null, asset_id: null };
    const request = {
      ticket_id: 't1',
      recipients: 'a@example.com',
      target: { kind: 'default' as const },
      quick: true,
      provider: 'splashtop' as const,
    };
    const templates = { email_subject: 's', email_html: 'h', remote_invite_html: 'r', chat_html: 'c' };
    const settings = {
      quick_invites: true,
      invite_other_agents: false,
      fallback_to_default_team: true,
      default_team_id: null,
      default_user_id: null,
      templates,
      launch: { splashtop_primary_field: 'mac_address', splashtop_secondary_field: null, splashtop_account: null, beyondtrust_jump: true },
    };
    const assetQuery = { text: '', customer_id: 'c1', limit: null };
    await b.directory();
    await b.tickets(query);
    await b.ticketDetail('t1');
    await b.createTicket(draft);
    await b.addTicketNote('t1', 'called back');
    await b.previewInvite(request);
    await b.sendInvite(request);
    await b.sendChatInvite('t1', { kind: 'team', id: 'helpdesk' });
    await b.chatMessages('c1');
    await b.assets(assetQuery);
    await b.assetDetail('a1');
    await b.launch('a1', 'splashtop:mac_address');
    await b.remoteSupportSettings();
    await b.saveRemoteSupportSettings(settings);
    await b.previewTemplates(templates);
    await b.setAvailable(false);
    await b.pendingMail();
    await b.retryMail();
    expect(invoke.mock.calls).toEqual([
      ['directory', undefined],
      ['tickets', { query }],
      ['ticket_detail', { id: 't1' }],
      ['create_ticket', { new: draft }],
      ['add_ticket_note', { id: 't1', note: 'called back' }],
      ['preview_invite', { request }],
      ['send_invite', { request }],
      ['send_chat_invite', { ticketId: 't1', target: { kind: 'team', id: 'helpdesk' } }],
      ['chat_messages', { chatId: 'c1' }],
      ['assets', { query: assetQuery }],
      ['asset_detail', { id: 'a1' }],
      ['launch', { assetId: 'a1', buttonId: 'splashtop:mac_address' }],
      ['remote_support_settings', undefined],
      ['save_remote_support_settings', { settings }],
      ['preview_templates', { templates }],
      ['set_available', { available: false }],
      ['pending_mail', undefined],
      ['retry_mail', undefined],
    ]);
    invoke.mockRejectedValueOnce({ code: 'technician_unavailable', message: 'Priya Patel is unavailable and …' });
    await expect(b.previewInvite(request)).rejects.toEqual({
      code: 'technician_unavailable',
      message: 'Priya Patel is unavailable and …',
    });
  });

  it('calls the BeyondTrust commands by their names with camelCase arguments', async () => {
    const b = new TauriBackend();
    const settings = { agents: [], teams: [], only_generated_keys: false, require_known_rep: true, key_ttl_minutes: 60 };
    await b.beyondtrustSettings();
    await b.saveBeyondtrustSettings(settings);
    await b.fetchBeyondtrustTeams();
    await b.unlinkedSessions();
    await b.linkRemoteSession('rs1', 't1');
    await b.eventsReceiver();
    expect(invoke.mock.calls).toEqual([
      ['beyondtrust_settings', undefined],
      ['save_beyondtrust_settings', { settings }],
      ['fetch_beyondtrust_teams', undefined],
      ['unlinked_sessions', undefined],
      ['link_remote_session', { id: 'rs1', ticketId: 't1' }],
      ['events_receiver', undefined],
    ]);
    invoke.mockRejectedValueOnce({ code: 'provider_unauthorized', message: 'BeyondTrust: …' });
    await expect(b.fetchBeyondtrustTeams()).rejects.toEqual({ code: 'provider_unauthorized', message: 'BeyondTrust: …' });
  });

  it('passes refusals through and turns anything else into a sentence', async () => {
    const b = new TauriBackend();
    invoke.mockRejectedValueOnce({ code: 'illegal_transition', message: 'cannot release a session that is Closed: x' });
    await expect(b.release('s1')).rejects.toEqual({
      code: 'illegal_transition',
      message: 'cannot release a session that is Closed: x',
    });
    invoke.mockRejectedValueOnce('command board not found');
    await expect(b.board()).rejects.toEqual({ code: 'ui', message: 'command board not found' });
  });

  it('listens to the one event channel and hands over the payload', async () => {
    const unlisten = vi.fn();
    listen.mockResolvedValue(unlisten);
    const seen: unknown[] = [];
    const stop = await new TauriBackend().subscribe((e) => seen.push(e));
    expect(listen.mock.calls[0][0]).toBe(EVENT_NAME);
    expect(EVENT_NAME).toBe('tether://event');
    const handler = listen.mock.calls[0][1] as (e: { payload: unknown }) => void;
    handler({ payload: { type: 'board_changed' } });
    expect(seen).toEqual([{ type: 'board_changed' }]);
    stop();
    expect(unlisten).toHaveBeenCalled();
  });
});
