// A believable board for the plain-browser preview (no Tauri): a few technicians, the three
// channels the sandbox has, sessions in every state and the demo's ticket desk, so the UI can
// be looked at and screenshotted without the Rust side.
import type { IntegrationSeed, MemorySeed } from './backend-memory';
import { demoDesk } from './demo-desk';
import type { Actor } from './bindings/Actor';
import type { Channel } from './bindings/Channel';
import type { HistoryEntry } from './bindings/HistoryEntry';
import type { IntegrationKind } from './bindings/IntegrationKind';
import type { Permission } from './bindings/Permission';
import type { Session } from './bindings/Session';
import type { SessionEvent } from './bindings/SessionEvent';
import type { SessionState } from './bindings/SessionState';
import type { Technician } from './bindings/Technician';

// Priya is not taking invitations, as in the core's demo: IN8's fallback shows at once.
export const DEMO_TECHNICIANS: Technician[] = [
  { id: 'alex', name: 'Alex Rivera', email: 'alex@example.com', can_release: true, available: true },
  { id: 'sam', name: 'Sam Chen', email: 'sam@example.com', can_release: true, available: true },
  { id: 'priya', name: 'Priya Patel', email: 'priya@example.com', can_release: true, available: false },
  { id: 'jordan', name: 'Jordan Lee', email: 'jordan@example.com', can_release: false, available: true },
];

export function demoChannels(): Channel[] {
  return [
    {
      id: 'private',
      name: 'Private',
      kind: 'private',
      provider_channel_id: 0,
      settings: { session_timeout_minutes: 60, members: [], private_sessions: true },
    },
    {
      id: 'splashtop-1',
      name: 'Front desk',
      kind: 'shared',
      provider_channel_id: 1,
      settings: { session_timeout_minutes: 60, members: [], private_sessions: false },
    },
    {
      id: 'splashtop-2',
      name: 'Escalations',
      kind: 'shared',
      provider_channel_id: 2,
      settings: { session_timeout_minutes: 120, members: ['alex', 'sam', 'priya'], private_sessions: false },
    },
  ];
}

const STATUS: Record<SessionState, string> = {
  pending: 'Waiting',
  active: 'Online',
  in_queue: 'Online',
  expired: 'Expired',
  closed: 'Closed',
};

/** One step of a seeded session's past: minutes ago, who, what, into which state. */
type Step = [minutesAgo: number, actor: Actor, event: SessionEvent | null, to: SessionState, note: string | null];

interface Spec {
  n: number;
  channel: string;
  customer: string;
  issue: string;
  assignee: string | null;
  invited?: string[];
  permission?: Permission;
  steps: Step[];
}

const tech = (id: string): Actor => ({ kind: 'technician', id });
const endUser: Actor = { kind: 'end_user' };
const system: Actor = { kind: 'system' };

function build(spec: Spec, now: number): { session: Session; history: HistoryEntry[] } {
  const at = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
  const code = String(417_203_000 + spec.n * 7919).slice(0, 9);
  const history: HistoryEntry[] = [];
  let state: SessionState | null = null;
  for (const [ago, actor, event, to, note] of spec.steps) {
    history.push({ at: at(ago), actor, event, from: state, to, note });
    state = to;
  }
  const first = spec.steps[0];
  const last = spec.steps[spec.steps.length - 1];
  // state_changed_at is the last step that moved the state.
  let changed = first[0];
  let prev: SessionState | null = null;
  for (const [ago, , , to] of spec.steps) {
    if (to !== prev) changed = ago;
    prev = to;
  }
  const creator = first[1].kind === 'technician' ? first[1].id : 'alex';
  return {
    session: {
      id: `demo-${spec.n}`,
      channel_id: spec.channel,
      provider: 'splashtop',
      provider_session_id: String(880_000 + spec.n),
      customer_name: spec.customer,
      issue: spec.issue,
      code,
      link: `https://my.splashtop.com/service_desk/psa/${code}`,
      state: last[3],
      provider_status: STATUS[last[3]],
      permission: spec.permission ?? 'not_requested',
      assignee: spec.assignee,
      invited: spec.invited ?? [],
      created_by: creator,
      created_at: at(first[0]),
      updated_at: at(last[0]),
      state_changed_at: at(changed),
    },
    history,
  };
}

function specs(): Spec[] {
  const created = (ago: number, who: string, where: string, n: number): Step => [
    ago,
    tech(who),
    null,
    'pending',
    `created in ${where} with code ${String(417_203_000 + n * 7919).slice(0, 9)}`,
  ];
  return [
    {
      n: 1,
      channel: 'splashtop-1',
      customer: 'Dana Whitfield',
      issue: 'Printer offline on the 3rd floor',
      assignee: 'alex',
      permission: 'granted',
      steps: [
        created(14, 'alex', 'Front desk', 1),
        [11, endUser, 'end_user_launched', 'active', 'the end user launched the support app'],
        [9, tech('alex'), 'request_permission', 'active', 'permission requested'],
        [8, endUser, 'permission_answered', 'active', 'the end user granted permission'],
      ],
    },
    {
      n: 2,
      channel: 'splashtop-1',
      customer: 'Marcus Oyelaran',
      issue: 'Outlook keeps asking for the password',
      assignee: 'alex',
      steps: [created(3, 'alex', 'Front desk', 2)],
    },
    {
      n: 3,
      channel: 'splashtop-2',
      customer: 'Helen Park',
      issue: 'VPN drops every ten minutes',
      assignee: null,
      steps: [
        created(38, 'sam', 'Escalations', 3),
        [31, endUser, 'end_user_launched', 'active', 'the end user launched the support app'],
        [6, tech('sam'), 'release', 'in_queue', 'released to the queue'],
      ],
    },
    {
      n: 4,
      channel: 'private',
      customer: 'Tomás Herrera',
      issue: 'New laptop setup',
      assignee: 'alex',
      permission: 'requested',
      steps: [
        created(22, 'alex', 'Private', 4),
        [18, endUser, 'end_user_launched', 'active', 'the end user launched the support app'],
        [1, tech('alex'), 'request_permission', 'active', 'permission requested'],
      ],
    },
    {
      n: 5,
      channel: 'splashtop-1',
      customer: 'Ingrid Larsen',
      issue: 'Cannot open the shared drive',
      assignee: 'sam',
      steps: [
        created(27, 'sam', 'Front desk', 5),
        [24, endUser, 'end_user_launched', 'active', 'the end user launched the support app'],
      ],
    },
    {
      n: 6,
      channel: 'splashtop-1',
      customer: 'Kwame Mensah',
      issue: 'Screen flickers after the update',
      assignee: 'alex',
      steps: [
        created(141, 'alex', 'Front desk', 6),
        [81, system, 'timeout', 'expired', 'no change for 60 minutes (the timeout of Front desk)'],
      ],
    },
    {
      n: 7,
      channel: 'splashtop-1',
      customer: 'Ruth Goldberg',
      issue: 'Password reset',
      assignee: 'alex',
      steps: [
        created(190, 'alex', 'Front desk', 7),
        [186, endUser, 'end_user_launched', 'active', 'the end user launched the support app'],
        [160, tech('alex'), 'close', 'closed', null],
      ],
    },
    {
      n: 8,
      channel: 'splashtop-2',
      customer: 'Owen Fitzgerald',
      issue: 'Teams audio not working',
      assignee: 'priya',
      steps: [created(9, 'priya', 'Escalations', 8)],
    },
    {
      n: 9,
      channel: 'splashtop-1',
      customer: 'Lena Novak',
      issue: 'Excel macro error on open',
      assignee: null,
      steps: [
        created(47, 'jordan', 'Front desk', 9),
        [44, endUser, 'end_user_launched', 'active', 'the end user launched the support app'],
        [2, tech('sam'), 'release', 'in_queue', 'released to the queue'],
      ],
    },
    {
      n: 10,
      channel: 'splashtop-2',
      customer: 'Samir Haddad',
      issue: 'Docking station not detected',
      assignee: 'alex',
      invited: ['priya'],
      steps: [
        created(33, 'alex', 'Escalations', 10),
        [29, endUser, 'end_user_launched', 'active', 'the end user launched the support app'],
        [25, tech('alex'), 'collaborate', 'active', 'invited Priya Patel'],
      ],
    },
  ];
}

const FIRST = ['Avery', 'Blake', 'Casey', 'Drew', 'Emery', 'Finley', 'Gray', 'Harper', 'Indy', 'Jules'];
const LAST = ['Morgan', 'Nakamura', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Silva', 'Tanaka', 'Ueda', 'Varga'];
const ISSUES = ['Printer offline', 'VPN drops', 'Password reset', 'Slow laptop', 'Email not syncing', 'Cannot print'];
const STATES: SessionState[] = ['pending', 'active', 'in_queue', 'expired', 'closed'];

/** `extra` more sessions in Front desk, to feel how the board copes with a big channel. */
function bulk(extra: number, now: number): { session: Session; history: HistoryEntry[] }[] {
  const out: { session: Session; history: HistoryEntry[] }[] = [];
  for (let i = 0; i < extra; i++) {
    const state = STATES[i % STATES.length];
    const at = new Date(now - (i % 50) * 60_000).toISOString();
    const code = String(600_000_000 + i * 37).slice(0, 9);
    out.push({
      session: {
        id: `bulk-${i}`,
        channel_id: 'splashtop-1',
        provider: 'splashtop',
        provider_session_id: String(900_000 + i),
        customer_name: `${FIRST[i % 10]} ${LAST[Math.floor(i / 10) % 10]} ${i}`,
        issue: ISSUES[i % ISSUES.length],
        code,
        link: `https://my.splashtop.com/service_desk/psa/${code}`,
        state,
        provider_status: STATUS[state],
        permission: 'not_requested',
        assignee: state === 'in_queue' ? null : DEMO_TECHNICIANS[i % 4].id,
        invited: [],
        created_by: 'sam',
        created_at: at,
        updated_at: at,
        state_changed_at: at,
      },
      history: [],
    });
  }
  return out;
}

/**
 * The BeyondTrust card on and complete, so the invite dialog offers BeyondTrust and assets get
 * their jump button; the secret is only marked stored, as the keychain would hold it.
 */
export function demoIntegrations(): Partial<Record<IntegrationKind, IntegrationSeed>> {
  return {
    beyondtrust: {
      enabled: true,
      values: { base_url: 'https://support.example.com', client_id: 'tether-demo' },
      stored: ['client_secret'],
    },
  };
}

export function demoSeed(now: number = Date.now(), extra = 0): MemorySeed {
  return {
    technicians: DEMO_TECHNICIANS,
    channels: demoChannels(),
    sessions: [...specs().map((s) => build(s, now)), ...bulk(extra, now)],
    currentTechnician: 'alex',
    demo: true,
    muted: ['splashtop-2'],
    desk: demoDesk(now),
    integrations: demoIntegrations(),
  };
}
