// The one seam between the UI and the Rust core. The Tauri implementation forwards to the
// shell's commands; the memory implementation lets tests and a plain browser run the board.
import type { Asset } from './bindings/Asset';
import type { AssetDetail } from './bindings/AssetDetail';
import type { AssetQuery } from './bindings/AssetQuery';
import type { AuthorisationStatus } from './bindings/AuthorisationStatus';
import type { BeyondTrustSettings } from './bindings/BeyondTrustSettings';
import type { Board } from './bindings/Board';
import type { ChannelRef } from './bindings/ChannelRef';
import type { ChannelSettings } from './bindings/ChannelSettings';
import type { ChatMessage } from './bindings/ChatMessage';
import type { Directory } from './bindings/Directory';
import type { ErrorDto } from './bindings/ErrorDto';
import type { Event } from './bindings/Event';
import type { Integration } from './bindings/Integration';
import type { IntegrationKind } from './bindings/IntegrationKind';
import type { IntegrationUpdate } from './bindings/IntegrationUpdate';
import type { InvitePreview } from './bindings/InvitePreview';
import type { InviteRequest } from './bindings/InviteRequest';
import type { InviteTarget } from './bindings/InviteTarget';
import type { InviteTemplates } from './bindings/InviteTemplates';
import type { Launch } from './bindings/Launch';
import type { NewSession } from './bindings/NewSession';
import type { NewTicket } from './bindings/NewTicket';
import type { PendingMail } from './bindings/PendingMail';
import type { RemoteSessionRecord } from './bindings/RemoteSessionRecord';
import type { RemoteSupportSettings } from './bindings/RemoteSupportSettings';
import type { Session } from './bindings/Session';
import type { SessionDetail } from './bindings/SessionDetail';
import type { Technician } from './bindings/Technician';
import type { TemplatePreview } from './bindings/TemplatePreview';
import type { TestOutcome } from './bindings/TestOutcome';
import type { Ticket } from './bindings/Ticket';
import type { TicketAction } from './bindings/TicketAction';
import type { TicketCreated } from './bindings/TicketCreated';
import type { TicketDetail } from './bindings/TicketDetail';
import type { TicketQuery } from './bindings/TicketQuery';
import type { UnlinkedSession } from './bindings/UnlinkedSession';

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
  /**
   * SP1: the channel the current technician's new sessions start in. Rejects with `forbidden`
   * for a channel they are not a member of, `not_found` for an unknown one.
   */
  setDefaultChannel(channelId: string): Promise<null>;
  addTechnician(technician: Technician): Promise<null>;
  syncNow(): Promise<null>;
  /** CR1: one card per provider, in order. Secrets never come back: only which are stored. */
  integrations(): Promise<Integration[]>;
  /** `update.secrets` holds only the secret fields being set or replaced; the rest stay. */
  saveIntegration(update: IntegrationUpdate): Promise<Integration>;
  removeIntegrationSecret(kind: IntegrationKind, key: string): Promise<Integration>;
  /** A failed test resolves (ok: false); only an unexpected failure rejects. */
  testIntegration(kind: IntegrationKind): Promise<TestOutcome>;
  /** The current technician's own OAuth authorisation of a per-technician provider (TeamViewer, Splashtop). */
  authorisation(kind: IntegrationKind): Promise<AuthorisationStatus>;
  /**
   * Opens the provider's consent page in the system browser and waits (up to 5 minutes) for
   * its redirect. Meanwhile an `authorisation_pending` event carries the page's URL, in case
   * no browser opened.
   */
  authorise(kind: IntegrationKind): Promise<AuthorisationStatus>;
  /** Forgets (and revokes) the current technician's tokens. */
  disconnect(kind: IntegrationKind): Promise<AuthorisationStatus>;
  // ---- the ticket desk (TK1) ----
  /** Customers, teams, ticket and asset types: the desk's filters and targets. */
  directory(): Promise<Directory>;
  /** `query.text` matches words as prefixes; the core returns at most 500 rows. */
  tickets(query: TicketQuery): Promise<Ticket[]>;
  ticketDetail(id: string): Promise<TicketDetail>;
  /** IN3: a type may send an invitation at once; its outcome comes back with the ticket. */
  createTicket(draft: NewTicket): Promise<TicketCreated>;
  addTicketNote(id: string, note: string): Promise<null>;
  /**
   * IN8 before sending: where the session will really go and the email with a sample link.
   * Rejects (`technician_unavailable`, `forbidden`, `invalid_input`) when it cannot be sent.
   */
  previewInvite(request: InviteRequest): Promise<InvitePreview>;
  /** IN6: the timeline action recording the invitation; its email may still be pending. */
  sendInvite(request: InviteRequest): Promise<TicketAction>;
  /** IN4: the link as a message in the ticket's chat. */
  sendChatInvite(ticketId: string, target: InviteTarget): Promise<ChatMessage>;
  chatMessages(chatId: string): Promise<ChatMessage[]>;
  assets(query: AssetQuery): Promise<Asset[]>;
  /** The asset with its typed fields, launch buttons (or why not, UA4) and launch history. */
  assetDetail(id: string): Promise<AssetDetail>;
  /** UA5: records the launch; the shell opens the core's URL with the OS. */
  launch(assetId: string, buttonId: string): Promise<Launch>;
  remoteSupportSettings(): Promise<RemoteSupportSettings>;
  saveRemoteSupportSettings(settings: RemoteSupportSettings): Promise<null>;
  /** IN5: the template editor's live preview, with every problem found. */
  previewTemplates(templates: InviteTemplates): Promise<TemplatePreview>;
  /** IN8: whether the current technician takes invitations now. */
  setAvailable(available: boolean): Promise<null>;
  /** TK2: emails still waiting for the mail server. */
  pendingMail(): Promise<PendingMail[]>;
  /** Retries every pending email now; resolves to how many still wait. */
  retryMail(): Promise<number>;
  // ---- BeyondTrust (BT1–BT8) ----
  /** BT2, BT3, BT8: agents, teams, the intake rules and how long a session key lives. */
  beyondtrustSettings(): Promise<BeyondTrustSettings>;
  /**
   * Rejects with `invalid_input` (two default teams, a disabled default, an enabled agent
   * without a display name, a key lifetime out of range) or `not_found` (unknown technician).
   */
  saveBeyondtrustSettings(settings: BeyondTrustSettings): Promise<null>;
  /**
   * BT3 *Get teams*: adds the appliance's teams not listed yet (disabled) and saves. Rejects
   * with a provider code (`provider_unauthorized` when BeyondTrust is not set up).
   */
  fetchBeyondtrustTeams(): Promise<BeyondTrustSettings>;
  /** BT7: finished sessions no ticket claimed, and those the BT8 rules turned away, with suggestions. */
  unlinkedSessions(): Promise<UnlinkedSession[]>;
  /** BT7: the session's action (time and transcript) goes on the ticket. */
  linkRemoteSession(id: string, ticketId: string): Promise<RemoteSessionRecord>;
  /** Where BeyondTrust's outbound events must be sent; null while the receiver is not listening. */
  eventsReceiver(): Promise<string | null>;
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
