// The one seam between the UI and the Rust core. The Tauri implementation forwards to the
// shell's commands; the memory implementation lets tests and a plain browser run the board.
import type { AuthorisationStatus } from './bindings/AuthorisationStatus';
import type { Board } from './bindings/Board';
import type { ChannelRef } from './bindings/ChannelRef';
import type { ChannelSettings } from './bindings/ChannelSettings';
import type { ErrorDto } from './bindings/ErrorDto';
import type { Event } from './bindings/Event';
import type { Integration } from './bindings/Integration';
import type { IntegrationKind } from './bindings/IntegrationKind';
import type { IntegrationUpdate } from './bindings/IntegrationUpdate';
import type { NewSession } from './bindings/NewSession';
import type { Session } from './bindings/Session';
import type { SessionDetail } from './bindings/SessionDetail';
import type { Technician } from './bindings/Technician';
import type { TestOutcome } from './bindings/TestOutcome';

export type EndUserAction = 'launch' | 'grant' | 'refuse' | 'leave';

export interface Backend {
  board(): Promise<Board>;
  listSessions(view: ChannelRef): Promise<Session[]>;
  sessionDetail(id: string): Promise<SessionDetail>;
  createSession(draft: NewSession): Promise<Session>;
  requestPermission(id: string): Promise<Session>;
  /** Resolves to the URL the shell opened for the technician's side. */
  startRemote(id: string): Promise<string>;
  assign(id: string, technicianId: string): Promise<Session>;
  take(id: string): Promise<Session>;
  transferToChannel(id: string, channelId: string): Promise<Session>;
  inviteTechnician(id: string, technicianId: string): Promise<Session>;
  release(id: string): Promise<Session>;
  close(id: string): Promise<Session>;
  deleteSession(id: string): Promise<null>;
  updateChannelSettings(channelId: string, settings: ChannelSettings): Promise<null>;
  setChannelMuted(channelId: string, muted: boolean): Promise<null>;
  setCurrentTechnician(id: string): Promise<null>;
  setPollInterval(ms: number): Promise<null>;
  addTechnician(technician: Technician): Promise<null>;
  syncNow(): Promise<null>;
  /** CR1: one card per provider, in order. Secrets never come back: only which are stored. */
  integrations(): Promise<Integration[]>;
  /** `update.secrets` holds only the secret fields being set or replaced; the rest stay. */
  saveIntegration(update: IntegrationUpdate): Promise<Integration>;
  removeIntegrationSecret(kind: IntegrationKind, key: string): Promise<Integration>;
  /** A failed test resolves (ok: false); only an unexpected failure rejects. */
  testIntegration(kind: IntegrationKind): Promise<TestOutcome>;
  /** The current technician's own OAuth authorisation of a per-technician provider (TeamViewer). */
  authorisation(kind: IntegrationKind): Promise<AuthorisationStatus>;
  /**
   * Opens the provider's consent page in the system browser and waits (up to 5 minutes) for
   * its redirect. Meanwhile an `authorisation_pending` event carries the page's URL, in case
   * no browser opened.
   */
  authorise(kind: IntegrationKind): Promise<AuthorisationStatus>;
  /** Forgets (and revokes) the current technician's tokens. */
  disconnect(kind: IntegrationKind): Promise<AuthorisationStatus>;
  /** Demo sandbox only: plays the end user's side of a session. */
  demoEndUser(code: string, action: EndUserAction): Promise<null>;
  /** Every core event; resolves to the function that stops listening. */
  subscribe(handler: (event: Event) => void): Promise<() => void>;
}

/** The shared channel id of every technician's private channel (the core's PRIVATE_CHANNEL_ID). */
export const PRIVATE_CHANNEL_ID = 'private';

export function isErrorDto(value: unknown): value is ErrorDto {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorDto).code === 'string' &&
    typeof (value as ErrorDto).message === 'string'
  );
}

/**
 * Commands reject with an ErrorDto, but a missing command or a crashed shell rejects with a
 * bare string or an Error; the user should still read a sentence, never "[object Object]".
 */
export function toErrorDto(value: unknown): ErrorDto {
  if (isErrorDto(value)) return value;
  if (value instanceof Error) return { code: 'ui', message: value.message };
  if (typeof value === 'string') return { code: 'ui', message: value };
  return { code: 'ui', message: 'something went wrong and the app gave no reason' };
}

export function channelIdOf(view: ChannelRef): string | null {
  if (view.kind === 'channel') return view.id;
  if (view.kind === 'private') return PRIVATE_CHANNEL_ID;
  return null;
}

export function viewOfChannel(channelId: string): ChannelRef {
  return channelId === PRIVATE_CHANNEL_ID ? { kind: 'private' } : { kind: 'channel', id: channelId };
}

export function sameView(a: ChannelRef, b: ChannelRef): boolean {
  return a.kind === b.kind && channelIdOf(a) === channelIdOf(b);
}

export function viewKey(view: ChannelRef): string {
  return view.kind === 'channel' ? view.id : view.kind;
}
