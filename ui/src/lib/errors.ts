// Errors as the core sends them: a code from one enum (ErrorCode, generated) and a sentence.
// This is the UI's one table from code to what it shows; nothing else in the UI invents a
// code or decides what a failure means.
import type { CommandError } from './api';
import type { ErrorCode } from './bindings/ErrorCode';

/** The lead a refusal is shown with: what did not happen, in a few words. */
export const ERROR_LEADS: Record<ErrorCode, string> = {
  illegal_transition: 'Not possible in this state.',
  not_found: 'No longer there.',
  forbidden: 'Not allowed.',
  invalid_input: 'Check what you entered.',
  too_many_technicians: 'The session is full.',
  technician_unavailable: 'Nobody can take it.',
  conflict: 'Someone changed it meanwhile.',
  store: 'The local cache failed.',
  provider_unreachable: 'The provider did not answer.',
  provider_rate_limited: 'The provider asks to slow down.',
  provider_server_error: 'The provider failed.',
  provider_malformed_reply: 'The provider answered nonsense.',
  provider_unauthorized: 'The provider refused the credentials.',
  provider_not_found: 'The provider no longer knows it.',
  provider_refused: 'The provider refused.',
  keychain_unavailable: 'No keychain.',
  keychain_failed: 'The keychain refused.',
  oauth_busy: 'Another sign-in is waiting.',
  oauth_timed_out: 'The sign-in took too long.',
  oauth_wrong_state: 'The sign-in was not this one.',
  oauth_denied: 'The sign-in was refused.',
  oauth_needs_authorisation: 'Authorise again.',
  oauth_exchange_refused: 'The provider refused the sign-in.',
  not_configured: 'Not set up yet.',
  sandbox: 'The demo sandbox failed.',
  not_demo: 'Only in the demo workspace.',
  open_failed: 'Nothing opened.',
  startup: 'Tether did not start.',
  internal: 'Tether failed.',
  unknown_command: 'Tether does not know this.',
  unauthenticated: 'Not signed in to this Tether.',
  origin_refused: 'Refused from this page.',
  host_refused: 'Refused for this address.',
  disconnected: 'Tether is not answering.',
};

export function isCommandError(value: unknown): value is CommandError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as CommandError).code === 'string' &&
    (value as CommandError).code in ERROR_LEADS &&
    typeof (value as CommandError).message === 'string'
  );
}

export function disconnected(message: string): CommandError {
  return { code: 'disconnected', message };
}

/**
 * Commands reject with a CommandError; a crashed shell or a network failure rejects with a
 * bare string or an Error. The technician still reads a sentence, never "[object Object]",
 * and never loses the core's own words: a code this UI does not know (a newer server) keeps
 * its message as an internal failure.
 */
export function toCommandError(value: unknown): CommandError {
  if (isCommandError(value)) return value;
  const message = (value as { message?: unknown } | null)?.message;
  if (typeof value === 'object' && value !== null && !(value instanceof Error) && typeof message === 'string') {
    return { code: 'internal', message };
  }
  if (value instanceof Error) return disconnected(value.message);
  if (typeof value === 'string') return disconnected(value);
  return disconnected('Tether gave no reason');
}
