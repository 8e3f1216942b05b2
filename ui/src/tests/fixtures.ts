// A small, fixed board for tests: four technicians (Jordan without release permission, Priya
// not taking invitations), the private channel and two shared ones, sessions built on demand,
// and the demo's ticket desk.
import { MemoryBackend, type MemorySeed } from '../lib/backend-memory';
import type { Session } from '../lib/bindings/Session';
import { demoDesk } from '../lib/demo-desk';
import { DEMO_TECHNICIANS, demoChannels } from '../lib/demo-seed';

export const NOW = Date.parse('2025-03-04T10:00:00Z');

let counter = 0;

export function session(overrides: Partial<Session> = {}): Session {
  counter += 1;
  const at = new Date(NOW - 5 * 60_000).toISOString();
  const code = String(100_000_000 + counter * 1237).slice(0, 9);
  return {
    id: `s-${counter}`,
    channel_id: 'splashtop-1',
    provider: 'splashtop',
    provider_session_id: String(counter),
    customer_name: `Customer ${counter}`,
    issue: 'Printer offline',
    code,
    link: `https://my.splashtop.com/service_desk/psa/${code}`,
    state: 'pending',
    provider_status: 'Waiting',
    permission: 'not_requested',
    assignee: 'alex',
    invited: [],
    created_by: 'alex',
    created_at: at,
    updated_at: at,
    state_changed_at: at,
    ...overrides,
  };
}

export function backend(sessions: Session[] = [], seed: Partial<MemorySeed> = {}): MemoryBackend {
  return new MemoryBackend({
    technicians: DEMO_TECHNICIANS,
    channels: demoChannels(),
    sessions: sessions.map((s) => ({ session: s, history: [] })),
    currentTechnician: 'alex',
    demo: true,
    now: () => new Date(NOW),
    desk: demoDesk(NOW),
    ...seed,
  });
}
