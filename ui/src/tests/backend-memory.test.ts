import { describe, expect, it } from 'vitest';
import type { ErrorDto } from '../lib/bindings/ErrorDto';
import type { Event } from '../lib/bindings/Event';
import { backend, session } from './fixtures';

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
