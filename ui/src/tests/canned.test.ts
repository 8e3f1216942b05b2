// The test transport itself: the other tests lean on it recording what was sent and refusing
// what no test answered.
import { describe, expect, it } from 'vitest';
import { Api } from '../lib/api';
import type { Event } from '../lib/bindings/Event';
import type { IntegrationUpdate } from '../lib/bindings/IntegrationUpdate';
import { session } from './builders';
import { CannedTransport, refuse, takeUnanswered } from './canned';

describe('CannedTransport', () => {
  it('answers from the replies and records each call with its arguments as sent', async () => {
    const canned = new CannedTransport({ take: ({ id }) => session(id, { state: 'active' }) });
    const api = new Api(canned);
    await expect(api.take('s1')).resolves.toMatchObject({ id: 's1', state: 'active' });
    expect(canned.calls).toEqual([{ name: 'take', args: { id: 's1' } }]);
    expect(canned.sent('take')).toEqual([{ id: 's1' }]);
  });

  it('keeps the arguments as they were when sent, whatever the caller does to them afterwards', async () => {
    const canned = new CannedTransport({ save_integration: refuse('keychain_unavailable', 'no keychain') });
    const update: IntegrationUpdate = { kind: 'splashtop', enabled: true, values: {}, secrets: { api_token: 'typed' } };
    const sending = new Api(canned).saveIntegration(update).catch(() => null);
    update.secrets = {};
    await sending;
    expect(canned.sent('save_integration')[0].update.secrets).toEqual({ api_token: 'typed' });
  });

  it('rejects with an ErrorDto from refuse()', async () => {
    const canned = new CannedTransport({ close: refuse('illegal_transition', 'it is closed') });
    await expect(new Api(canned).close('s1', null)).rejects.toEqual({ code: 'illegal_transition', message: 'it is closed' });
  });

  it('rejects a command nobody answered with an Error naming it, and remembers it for setup.ts', async () => {
    const canned = new CannedTransport();
    await expect(new Api(canned).release('s9')).rejects.toThrow(/no canned reply for the command "release"/);
    expect(canned.unanswered).toEqual(['release']);
    expect(takeUnanswered()).toEqual(['release']);
  });

  it('delivers emitted events to listeners until they stop listening', async () => {
    const canned = new CannedTransport();
    const seen: Event[] = [];
    const stop = await new Api(canned).listen((e) => seen.push(e));
    canned.emit({ type: 'board_changed' });
    stop();
    expect(() => canned.emit({ type: 'desk_changed' })).toThrow(/Nobody listens/);
    expect(seen).toEqual([{ type: 'board_changed' }]);
  });
});
