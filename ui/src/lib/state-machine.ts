// SD3 as the UI knows it. The core owns the rules; this copy exists so the memory backend
// refuses what the core refuses, and so the detail panel can explain *before* a click why an
// action will be refused. Keep it in step with crates/tether-core/src/domain/state_machine.rs.
import type { SessionEvent } from './bindings/SessionEvent';
import type { SessionState } from './bindings/SessionState';

export const STATES: readonly SessionState[] = ['pending', 'active', 'in_queue', 'expired', 'closed'];

const LABELS: Record<SessionState, string> = {
  pending: 'Pending',
  active: 'Active',
  in_queue: 'In queue',
  expired: 'Expired',
  closed: 'Closed',
};

export function stateLabel(state: SessionState): string {
  return LABELS[state];
}

export function isOpen(state: SessionState): boolean {
  return state === 'pending' || state === 'active' || state === 'in_queue';
}

const VERBS: Record<SessionEvent, string> = {
  end_user_launched: 'mark as launched',
  timeout: 'expire',
  release: 'release',
  assign: 'assign',
  close: 'close',
  request_permission: 'request permission for',
  permission_answered: 'answer permission for',
  start_remote: 'start a remote session for',
  collaborate: 'transfer or invite on',
};

function hint(from: SessionState, event: SessionEvent): string {
  if (from === 'closed') return 'it is closed; create a new session to reconnect';
  if (from === 'expired') return 'it expired; close it, or create a new session to reconnect';
  if (from === 'pending' && event === 'release') {
    return 'only Active sessions can be released; the end user has not launched the app yet';
  }
  if (from === 'pending') return 'the end user has not launched the support app yet';
  if (from === 'in_queue') return 'it waits in the queue; take or assign it first';
  if (event === 'end_user_launched') return 'the app is already running';
  return 'this is not allowed while the session is Active';
}

/** The state after `event`, or `null` when SD3 refuses it. */
export function next(from: SessionState, event: SessionEvent): SessionState | null {
  switch (event) {
    case 'end_user_launched':
      return from === 'pending' ? 'active' : null;
    case 'timeout':
      return isOpen(from) ? 'expired' : null;
    case 'release':
      return from === 'active' ? 'in_queue' : null;
    case 'assign':
      if (from === 'in_queue') return 'active';
      return from === 'pending' || from === 'active' ? from : null;
    case 'close':
      return from === 'closed' ? null : 'closed';
    case 'request_permission':
    case 'permission_answered':
    case 'start_remote':
      return from === 'active' ? 'active' : null;
    case 'collaborate':
      return isOpen(from) ? from : null;
  }
}

/** The core's wording for a refused transition, so both backends say the same thing. */
export function refusal(from: SessionState, event: SessionEvent): string {
  return `cannot ${VERBS[event]} a session that is ${stateLabel(from)}: ${hint(from, event)}`;
}
