// Turning the core's raw values into what a technician reads at a glance.
import type { IntegrationStatus } from './bindings/IntegrationStatus';
import type { SessionState } from './bindings/SessionState';
import type { Actor } from './bindings/Actor';
import type { Permission } from './bindings/Permission';
import type { Platform } from './bindings/Platform';
import type { Technician } from './bindings/Technician';

/** "123456789" -> "123 456 789": read aloud over the phone in three groups. */
export function formatCode(code: string): string {
  const digits = code.replace(/\s+/g, '');
  return digits.replace(/(\d{3})(?=\d)/g, '$1 ');
}

/** A compact age for a list column: "now", "45 s", "12 min", "3 h", "5 d". */
export function relativeAge(fromIso: string, now: number): string {
  const ms = now - Date.parse(fromIso);
  if (!Number.isFinite(ms)) return '';
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 10) return 'now';
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

/** How far ahead `untilIso` is, for a sentence: "in 45 s", "in 12 min", "in 3 h", "in 5 d"; "now" once it has passed. */
export function relativeIn(untilIso: string, now: number): string {
  const ms = Date.parse(untilIso) - now;
  if (!Number.isFinite(ms)) return '';
  const s = Math.floor(ms / 1000);
  if (s <= 0) return 'now';
  if (s < 60) return `in ${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `in ${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `in ${h} h`;
  return `in ${Math.floor(h / 24)} d`;
}

/** Time left until `untilIso`: "4:05", "1 h 12 min", or "now" once it has passed. */
export function countdown(untilIso: string, now: number): string {
  const ms = Date.parse(untilIso) - now;
  if (!Number.isFinite(ms)) return '';
  if (ms <= 0) return 'now';
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  return `${m}:${String(s).padStart(2, '0')}`;
}

const sameDay = (a: Date, b: Date) =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** History times: the clock time today, the date too on older entries. */
export function formatTime(iso: string, now: number = Date.now()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  if (sameDay(at, new Date(now))) return time;
  return `${at.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${time}`;
}

export function formatDateTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  return at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

export function permissionLabel(permission: Permission): string {
  switch (permission) {
    case 'not_requested':
      return 'not requested';
    case 'requested':
      return 'requested — waiting for the end user';
    case 'granted':
      return 'granted';
    case 'refused':
      return 'refused';
  }
}

export function providerLabel(provider: string): string {
  switch (provider) {
    case 'splashtop':
      return 'Splashtop';
    case 'beyondtrust':
      return 'BeyondTrust';
    default:
      return provider;
  }
}

/** How long a remote session lasted: "45 s", "12 min 34 s", "1 h 05 min"; seconds count under an hour. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total} s`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

export function technicianName(id: string | null, technicians: readonly Technician[]): string {
  if (id === null) return 'Unassigned';
  return technicians.find((t) => t.id === id)?.name ?? id;
}

export function actorName(actor: Actor, technicians: readonly Technician[]): string {
  switch (actor.kind) {
    case 'technician':
      return technicianName(actor.id, technicians);
    case 'end_user':
      return 'End user';
    case 'provider':
      return providerLabel(actor.id);
    case 'system':
      return 'Tether';
  }
}

/** Two letters for an avatar: "Alex Rivera" -> "AR". */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const first = parts[0][0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1][0] ?? '') : '';
  return (first + last).toUpperCase();
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A stored MAC ("3C52821A4F07") as people read it: "3C:52:82:1A:4F:07". */
export function formatMac(stored: string): string {
  const hex = stored.replace(/[^0-9A-Fa-f]/g, '').toUpperCase();
  if (hex.length !== 12) return stored;
  return hex.match(/.{2}/g)?.join(':') ?? stored;
}

/** A stored date ("2024-03-18") in the reader's format; read as a calendar day, never shifted by a time zone. */
export function formatDay(stored: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(stored);
  if (!m) return stored;
  const day = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return day.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** Who did something on a ticket or asset: a technician id, or `system` for Tether itself. */
export function deskActorName(actor: string, technicians: readonly Technician[]): string {
  if (actor === 'system') return 'Tether';
  // SY7: alert tickets are made, and resolved, by Syncro.
  if (actor === 'syncro') return 'SyncroMSP';
  return technicianName(actor, technicians);
}

export function platformLabel(platform: Platform): string {
  switch (platform) {
    case 'windows':
      return 'Windows';
    case 'mac':
      return 'macOS';
    case 'linux':
      return 'Linux';
    case 'android':
      return 'Android';
    case 'ios':
      return 'iOS';
    case 'other':
      return 'Other';
  }
}

/** SD3's five states, in the board's order (the tabs, the sidebar counts). */
export const STATES: readonly SessionState[] = ['pending', 'active', 'in_queue', 'expired', 'closed'];

const STATE_LABELS: Record<SessionState, string> = {
  pending: 'Pending',
  active: 'Active',
  in_queue: 'In queue',
  expired: 'Expired',
  closed: 'Closed',
};

export function stateLabel(state: SessionState): string {
  return STATE_LABELS[state];
}

const INTEGRATION_STATUS_LABELS: Record<IntegrationStatus, string> = {
  not_set_up: 'Not set up',
  configured: 'Configured',
  test_passed: 'Test passed',
  test_failed: 'Test failed',
};

export function integrationStatusLabel(status: IntegrationStatus): string {
  return INTEGRATION_STATUS_LABELS[status];
}
