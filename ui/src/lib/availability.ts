// Why an action would be refused, said before the click. The backend still decides: a
// button marked unavailable stays clickable and its refusal is shown (SD3 "refused with a
// clear error"), so this only has to be a good guess, never the gatekeeper.
import type { Session } from './bindings/Session';
import type { Technician } from './bindings/Technician';
import { next, refusal } from './state-machine';
import { technicianName } from './format';

export const MAX_TECHNICIANS = 3;

export interface Availability {
  available: boolean;
  /** Shown as the button's tooltip when unavailable. */
  reason: string;
}

const ok: Availability = { available: true, reason: '' };
const no = (reason: string): Availability => ({ available: false, reason: capitalise(reason) });

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function technicianIds(session: Session): string[] {
  return session.assignee ? [session.assignee, ...session.invited] : [...session.invited];
}

function onSession(session: Session, me: Technician): Availability {
  return technicianIds(session).includes(me.id)
    ? ok
    : no('you are not on this session: take it or ask to be invited first');
}

export interface SessionAvailability {
  requestPermission: Availability;
  startRemote: Availability;
  take: Availability;
  assign: Availability;
  invite: Availability;
  transfer: Availability;
  release: Availability;
  close: Availability;
  delete: Availability;
}

export function availability(
  session: Session,
  me: Technician,
  technicians: readonly Technician[],
): SessionAvailability {
  const { state, permission } = session;
  const refused = (event: Parameters<typeof next>[1]) => (next(state, event) === null ? no(refusal(state, event)) : null);

  const requestPermission =
    refused('request_permission') ??
    (onSession(session, me).available ? null : onSession(session, me)) ??
    (permission === 'granted' ? no('the end user already granted permission: start the remote session') : ok);

  const startRemote =
    refused('start_remote') ??
    (onSession(session, me).available ? null : onSession(session, me)) ??
    (permission === 'granted'
      ? ok
      : permission === 'refused'
        ? no('the end user refused permission; ask again before connecting')
        : permission === 'requested'
          ? no('waiting for the end user to grant permission')
          : no('request permission first; the end user has to grant it'));

  const transferring = session.assignee !== null && session.assignee !== me.id;
  const take =
    refused('assign') ??
    (session.assignee === me.id
      ? no('you already have this session')
      : transferring && !me.can_release
        ? no(`taking it from ${technicianName(session.assignee, technicians)} needs the release permission`)
        : ok);

  const assign =
    refused('assign') ??
    (session.assignee !== null && !me.can_release ? no('reassigning needs the release permission') : ok);

  const invite =
    refused('collaborate') ??
    (technicianIds(session).length >= MAX_TECHNICIANS
      ? no(`already ${MAX_TECHNICIANS} technicians on this session, the most it can have`)
      : ok);

  const transfer = refused('collaborate') ?? ok;

  const release =
    (me.can_release ? null : no('you may not release sessions (no release permission)')) ?? refused('release') ?? ok;

  const close = refused('close') ?? ok;

  return { requestPermission, startRemote, take, assign, invite, transfer, release, close, delete: ok };
}
