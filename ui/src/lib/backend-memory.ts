// An in-memory stand-in for the Rust core: same commands, same refusals, same events. Tests
// drive the real components against it, and a plain browser (no Tauri) runs the board on it.
// The rules mirror crates/tether-core/src/console/*.rs (the desk's pure rules are in
// desk-rules.ts); when they differ, the core is right.
import { PRIVATE_CHANNEL_ID, type Backend, type EndUserAction } from './backend';
import type { Actor } from './bindings/Actor';
import type { Asset } from './bindings/Asset';
import type { AssetDetail } from './bindings/AssetDetail';
import type { AssetLaunch } from './bindings/AssetLaunch';
import type { AssetQuery } from './bindings/AssetQuery';
import type { AssetType } from './bindings/AssetType';
import type { AuthorisationStatus } from './bindings/AuthorisationStatus';
import type { BeyondTrustSettings } from './bindings/BeyondTrustSettings';
import type { Board } from './bindings/Board';
import type { Channel } from './bindings/Channel';
import type { ChannelRef } from './bindings/ChannelRef';
import type { ChannelSettings } from './bindings/ChannelSettings';
import type { ChannelSummary } from './bindings/ChannelSummary';
import type { ChatMessage } from './bindings/ChatMessage';
import type { Customer } from './bindings/Customer';
import type { Directory } from './bindings/Directory';
import type { ErrorDto } from './bindings/ErrorDto';
import type { Event } from './bindings/Event';
import type { FieldSpec } from './bindings/FieldSpec';
import type { Integration } from './bindings/Integration';
import type { IntegrationKind } from './bindings/IntegrationKind';
import type { IntegrationUpdate } from './bindings/IntegrationUpdate';
import type { HistoryEntry } from './bindings/HistoryEntry';
import type { InvitationRecord } from './bindings/InvitationRecord';
import type { InvitePreview } from './bindings/InvitePreview';
import type { InviteRequest } from './bindings/InviteRequest';
import type { InviteTarget } from './bindings/InviteTarget';
import type { InviteTemplates } from './bindings/InviteTemplates';
import type { Launch } from './bindings/Launch';
import type { NewSession } from './bindings/NewSession';
import type { NewTicket } from './bindings/NewTicket';
import type { NotifierHealth } from './bindings/NotifierHealth';
import type { PendingMail } from './bindings/PendingMail';
import type { ProviderHealth } from './bindings/ProviderHealth';
import type { RemoteSessionRecord } from './bindings/RemoteSessionRecord';
import type { RemoteSessionStatus } from './bindings/RemoteSessionStatus';
import type { RemoteSupportSettings } from './bindings/RemoteSupportSettings';
import type { ResolvedTarget } from './bindings/ResolvedTarget';
import type { Session } from './bindings/Session';
import type { SessionDetail } from './bindings/SessionDetail';
import type { SessionEvent } from './bindings/SessionEvent';
import type { SessionState } from './bindings/SessionState';
import type { StateCounts } from './bindings/StateCounts';
import type { Team } from './bindings/Team';
import type { Technician } from './bindings/Technician';
import type { TemplatePreview } from './bindings/TemplatePreview';
import type { TestOutcome } from './bindings/TestOutcome';
import type { Ticket } from './bindings/Ticket';
import type { TicketAction } from './bindings/TicketAction';
import type { TicketActionKind } from './bindings/TicketActionKind';
import type { TicketCreated } from './bindings/TicketCreated';
import type { TicketDetail } from './bindings/TicketDetail';
import type { TicketQuery } from './bindings/TicketQuery';
import type { TicketType } from './bindings/TicketType';
import type { UnlinkedSession } from './bindings/UnlinkedSession';
import {
  agentForRep,
  allTemplateProblems,
  defaultBeyondTrustSettings,
  defaultRemoteSupportSettings,
  escapeHtml,
  formatTranscript,
  isEmail,
  launchButtons,
  launchUrl,
  matchesPrefixes,
  normaliseField,
  parseRecipients,
  remoteSessionNote,
  renderInvite,
  resolveBeyondTrustTarget,
  resolveTarget,
  SAMPLE_CODE,
  SAMPLE_LINK,
  templateLabel,
  validateBeyondTrust,
  type BtQueue,
  type ChatLine,
  type LoggedInRep,
} from './desk-rules';
import { perTechnicianOAuth } from './integrations';
import { isOpen, next, refusal, stateLabel } from './state-machine';

export const MAX_TECHNICIANS = 3;
const MAX_CUSTOMER_NAME = 64;
const MAX_ISSUE = 255;
const DEFAULT_POLL_INTERVAL_MS = 2000;
/** The core's cap on a ticket or asset list: a search narrows, a list does not page. */
const MAX_DESK_LIST = 500;

/** CR1's providers and their fields; mirrors crates/tether-core/src/domain/integration.rs. */
const INTEGRATIONS: readonly { kind: IntegrationKind; name: string; fields: FieldSpec[] }[] = (() => {
  const url = (placeholder: string, help: string): FieldSpec => ({
    key: 'base_url',
    label: 'Address',
    kind: 'url',
    required: true,
    placeholder,
    help,
    options: [],
  });
  const secret = (key: string, label: string, help: string, required = true): FieldSpec => ({
    key,
    label,
    kind: 'secret',
    required,
    placeholder: '',
    help,
    options: [],
  });
  const text = (key: string, label: string, required: boolean, placeholder: string, help: string): FieldSpec => ({
    key,
    label,
    kind: 'text',
    required,
    placeholder,
    help,
    options: [],
  });
  return [
    {
      kind: 'splashtop',
      name: 'Splashtop',
      fields: [
        url('https://webapi.splashtop.com', 'EU accounts: https://webapi.splashtop.eu'),
        secret('api_token', 'API token', 'Web console → Management → Settings → API, with the service-desk (psa) scope'),
        text(
          'client_id',
          'OAuth app client ID',
          false,
          '',
          'Issued by Splashtop on request; with it, each technician authorises with their own account and sessions are created as them',
        ),
        secret('client_secret', 'OAuth app client secret', 'Issued with the client ID', false),
      ],
    },
    {
      kind: 'beyondtrust',
      name: 'BeyondTrust Remote Support',
      fields: [
        url('https://support.example.com', "Your appliance's address (the one technicians log in to)"),
        text('client_id', 'OAuth client ID', true, '', '/login → Management → API Configuration → API account'),
        secret('client_secret', 'OAuth client secret', 'Shown once when the API account is created'),
      ],
    },
    {
      kind: 'teamviewer',
      name: 'TeamViewer',
      fields: [
        url('https://webapi.teamviewer.com/api/v1', "TeamViewer's Web API; change only for a proxy"),
        text(
          'client_id',
          'OAuth app client ID',
          false,
          '',
          'Management Console → Edit profile → Apps → Create app; redirect http://127.0.0.1 (technicians authorise with their own accounts)',
        ),
        secret('client_secret', 'OAuth app client secret', 'Shown when the app is created', false),
        secret(
          'script_token',
          'Script token',
          'For Test configuration without an app: Edit profile → Apps → Create script token',
          false,
        ),
      ],
    },
    {
      kind: 'syncro',
      name: 'SyncroMSP',
      fields: [
        url('https://SUBDOMAIN.syncromsp.com/api/v1', "Your Syncro subdomain's API"),
        secret('api_key', 'API key', 'Admin → API → API Tokens, with Customers and Assets permissions'),
      ],
    },
    {
      // The email account invitations are sent from: no base URL, a choice of encryption.
      kind: 'smtp',
      name: 'Email (SMTP)',
      fields: [
        text('host', 'Mail server', true, 'smtp.example.com', "Your provider's SMTP relay"),
        {
          key: 'tls',
          label: 'Encryption',
          kind: 'choice',
          required: true,
          placeholder: '',
          help: 'starttls (port 587) or tls (port 465); none only for a relay on this machine',
          options: ['starttls', 'tls', 'none'],
        },
        text('port', 'Port', false, '587', 'Empty: 587 for starttls, 465 for tls, 25 for none'),
        text('username', 'User', false, '', 'Empty when the server needs no login'),
        secret('password', 'Password', 'Or an app password, for accounts with two-factor sign-in', false),
        text('from', 'Sender', true, 'Support <support@example.com>', 'The From of every invitation'),
      ],
    },
  ];
})();

/** What the sandbox knows of one integration. Secrets are only marked stored: never kept. */
interface IntegrationRecord {
  enabled: boolean;
  values: Record<string, string>;
  stored: Set<string>;
  lastTest: TestOutcome | null;
}

export interface IntegrationSeed {
  enabled?: boolean;
  values?: Record<string, string>;
  /** Secret fields to mark as stored in the (pretend) keychain. */
  stored?: string[];
}

export const KEYCHAIN_UNAVAILABLE =
  'the OS keychain is not available: install gnome-keyring (or another Secret Service provider), unlock it, and try again';

/**
 * The browser's side of an OAuth authorisation: resolves once the technician consented on the
 * page at `url`, or rejects with an ErrorDto (`oauth_timed_out`, `oauth_exchange_refused` …)
 * to fail the authorisation, as the shell's loopback would.
 */
export type ConsentHook = (url: string, kind: IntegrationKind) => Promise<void>;

/** How long the sandbox's pretend technician takes to consent in the browser. */
export const CONSENT_DELAY_MS = 1500;
/** How long a sandbox access token lasts (TeamViewer's last an hour). */
const ACCESS_TOKEN_MS = 3_600_000;
/** Where the pretend loopback listens; only ever written into the consent URL. */
const LOOPBACK_REDIRECT = 'http://127.0.0.1:53682/';

const consentAfterDelay: ConsentHook = () => new Promise((resolve) => setTimeout(resolve, CONSENT_DELAY_MS));

function oauthKey(kind: IntegrationKind, technician: string): string {
  return `${kind}/oauth/${technician}`;
}

/** BeyondTrust as Settings and the appliance would have it (BT1–BT8). */
export interface BeyondTrustSeed {
  settings: BeyondTrustSettings;
  /** Representatives logged in to the rep console: an agent missing here is "not logged in". */
  reps: LoggedInRep[];
  /** The appliance's support teams, which *Get teams* lists. */
  applianceTeams: { id: string; name: string }[];
  /** Finished sessions already taken in: the unlinked and rejected ones wait in BT7's list. */
  sessions?: RemoteSessionRecord[];
}

/** A session the appliance reports as ended, as the intake reads it (the core's EndedSession). */
export interface EndedSessionSeed {
  lsid: string;
  /** The ticket id (or number) the session key carried; '' when the key was made elsewhere. */
  externalKey: string;
  customerName: string;
  /** The customer's computer name (matched against asset names for suggestions). */
  customerHost?: string;
  /** The primary representative's names: display, public, private, username. */
  repNames: string[];
  startedAt: string;
  endedAt: string | null;
  durationSeconds: number;
  chat: ChatLine[];
}

/** Where the real receiver listens unless told otherwise (TETHER_EVENTS_BIND). */
export const DEFAULT_EVENTS_RECEIVER = 'http://127.0.0.1:41731/beyondtrust/events';

/** The ticket desk, as an import (`tether import FILE.json`) or a PSA sync would fill it. */
export interface DeskSeed {
  customers: Customer[];
  teams: Team[];
  ticketTypes: TicketType[];
  assetTypes: AssetType[];
  /** As imported: each field is normalised by its kind when the seed is loaded. */
  assets: Asset[];
  tickets: Ticket[];
  /** Over the core's defaults. */
  remoteSupport?: Partial<RemoteSupportSettings>;
  /** None by default: no agents, no teams, no sessions. */
  beyondtrust?: BeyondTrustSeed;
}

/** An email as the sandbox's mail server received it. */
export interface SentMail {
  to: string[];
  subject: string;
  html: string;
  text: string;
}

/** One email in the outbox (TK2): kept until the mail server takes it. */
interface MailItem extends SentMail {
  id: number;
  actionId: number;
  ticketId: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: number;
}

export interface MemorySeed {
  technicians: Technician[];
  /** Must include the private channel (id "private", kind "private"). */
  channels: Channel[];
  sessions?: { session: Session; history?: HistoryEntry[] }[];
  currentTechnician?: string;
  demo?: boolean;
  muted?: string[];
  pollIntervalMs?: number;
  integrations?: Partial<Record<IntegrationKind, IntegrationSeed>>;
  /** Technicians who already authorised a per-technician provider (TeamViewer, Splashtop) with their account. */
  authorised?: { kind: IntegrationKind; technician: string }[];
  /** The clock; tests pin it to make ages and expiry deterministic. */
  now?: () => Date;
  /** Customers, teams, types, assets and tickets; none by default. */
  desk?: DeskSeed;
  /** The BeyondTrust events receiver's URL; null when it is not listening. */
  eventsReceiver?: string | null;
}

type Filter = { channelId?: string; involving?: string; assignedTo?: string };

function fail(code: string, message: string): never {
  const error: ErrorDto = { code, message };
  throw error;
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function technicians(session: Session): string[] {
  return session.assignee ? [session.assignee, ...session.invited] : [...session.invited];
}

function involves(session: Session, me: string): boolean {
  return session.created_by === me || technicians(session).includes(me);
}

function isMember(channel: Channel, technician: string): boolean {
  return (
    channel.kind === 'private' ||
    channel.settings.members.length === 0 ||
    channel.settings.members.includes(technician)
  );
}

function canSee(channel: Channel | undefined, session: Session, me: string): boolean {
  if (channel?.kind === 'shared') {
    return (isMember(channel, me) && !channel.settings.private_sessions) || involves(session, me);
  }
  return involves(session, me);
}

/** What Splashtop's own console would say about a session in this state. */
function statusWord(state: SessionState): string {
  switch (state) {
    case 'pending':
      return 'Waiting';
    case 'active':
    case 'in_queue':
      return 'Online';
    case 'expired':
      return 'Expired';
    case 'closed':
      return 'Closed';
  }
}

export class MemoryBackend implements Backend {
  private technicians: Technician[];
  private channels: Channel[];
  private sessions = new Map<string, Session>();
  private histories = new Map<string, HistoryEntry[]>();
  private muted = new Map<string, Set<string>>();
  /** SP1: technician id → the channel they chose for their new sessions. */
  private defaultChannels = new Map<string, string>();
  private currentTechnician: string | null;
  private pollIntervalMs: number;
  private readonly demo: boolean;
  private readonly clock: () => Date;
  private listeners = new Set<(event: Event) => void>();
  private provider: ProviderHealth;
  private notifier: NotifierHealth = { sent: 0, failed: 0, last_error: null, last_error_at: null };
  private outbox: string[] = [];
  private providerDown: string | null = null;
  private sequence = 0;
  private integrationRecords = new Map<IntegrationKind, IntegrationRecord>();
  private keychainDown: string | null = null;
  /** Per-technician OAuth tokens (by oauthKey): only when the access token expires. */
  private oauthTokens = new Map<string, string>();
  /** One loopback listener at a time, whichever provider or technician asks (as in the core). */
  private authorising = false;
  private consent: ConsentHook = consentAfterDelay;
  /** URLs start_remote and launch "opened"; the shell opens them for real, the tests read them here. */
  readonly opened: string[] = [];

  // The ticket desk (TK1).
  private customers: Customer[] = [];
  private teams: Team[] = [];
  private ticketTypes: TicketType[] = [];
  private assetTypes: AssetType[] = [];
  private assetRecords = new Map<string, Asset>();
  private ticketRecords = new Map<string, Ticket>();
  private ticketActions = new Map<string, TicketAction[]>();
  private actionSeq = 0;
  /** Ticket id → its chat (IN4), and each chat's messages. */
  private ticketChats = new Map<string, string>();
  private chats = new Map<string, ChatMessage[]>();
  private chatSeq = 0;
  private launches: AssetLaunch[] = [];
  private launchSeq = 0;
  private remoteSupport: RemoteSupportSettings;
  private mailOutbox: MailItem[] = [];
  private mailSeq = 0;
  private mailDown: string | null = null;
  /** What the sandbox's mail server accepted, for the tests to read. */
  readonly sentMail: SentMail[] = [];

  // BeyondTrust (BT1–BT8): the settings, the pretend appliance and the sessions taken in.
  private beyondtrust: BeyondTrustSettings = defaultBeyondTrustSettings();
  private btReps: LoggedInRep[] = [];
  private btApplianceTeams: { id: string; name: string }[] = [];
  private remoteSessions: RemoteSessionRecord[] = [];
  /** Short key → the external key (the ticket id) it was generated for (BT8's "generated by Tether"). */
  private btKeys = new Map<string, string>();
  private applianceDown: string | null = null;
  private receiver: string | null;

  constructor(seed: MemorySeed) {
    this.technicians = copy(seed.technicians);
    this.channels = copy(seed.channels);
    this.currentTechnician = seed.currentTechnician ?? null;
    this.pollIntervalMs = seed.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.demo = seed.demo ?? false;
    this.clock = seed.now ?? (() => new Date());
    this.receiver = seed.eventsReceiver === undefined ? DEFAULT_EVENTS_RECEIVER : seed.eventsReceiver;
    for (const { session, history } of seed.sessions ?? []) {
      this.sessions.set(session.id, copy(session));
      this.histories.set(session.id, copy(history ?? []));
    }
    if (this.currentTechnician && seed.muted) {
      this.muted.set(this.currentTechnician, new Set(seed.muted));
    }
    for (const { kind } of INTEGRATIONS) {
      const s = seed.integrations?.[kind];
      this.integrationRecords.set(kind, {
        enabled: s?.enabled ?? false,
        values: { ...(s?.values ?? {}) },
        stored: new Set(s?.stored ?? []),
        lastTest: null,
      });
    }
    this.remoteSupport = { ...defaultRemoteSupportSettings(), ...copy(seed.desk?.remoteSupport ?? {}) };
    if (seed.desk) this.loadDesk(seed.desk);
    for (const { kind, technician } of seed.authorised ?? []) {
      this.oauthTokens.set(oauthKey(kind, technician), this.tokenExpiry());
    }
    this.provider = {
      provider: 'splashtop',
      online: true,
      error: null,
      last_ok_at: this.stamp(),
      demo: this.demo,
    };
  }

  // ---- test and demo controls (not part of Backend) ----

  /** Sends an event to every subscriber, as the shell would. */
  emit(event: Event): void {
    const payload = copy(event);
    queueMicrotask(() => {
      for (const listener of this.listeners) listener(payload);
    });
  }

  /** Makes the provider unreachable (`message`) or reachable again (`null`). */
  setProviderDown(message: string | null): void {
    this.providerDown = message;
    if (message === null) {
      this.providerOk();
    } else {
      this.provider = {
        ...this.provider,
        online: false,
        error: { code: 'unreachable', message: `Splashtop: ${message}` },
      };
      this.emit({ type: 'provider_health', health: copy(this.provider) });
    }
  }

  /** Makes the keychain refuse writes (`message`, e.g. KEYCHAIN_UNAVAILABLE) or accept them (`null`). */
  setKeychainUnavailable(message: string | null): void {
    this.keychainDown = message;
  }

  /**
   * Replaces the browser's side of `authorise`, so a test decides when (and whether) the
   * technician consents; `null` restores the default: consent after CONSENT_DELAY_MS.
   */
  setConsent(hook: ConsentHook | null): void {
    this.consent = hook ?? consentAfterDelay;
  }

  /** Records a failed desktop notification, as the shell's notifier would. */
  recordNotifierFailure(message: string): void {
    this.notifier = {
      ...this.notifier,
      failed: this.notifier.failed + 1,
      last_error: message,
      last_error_at: this.stamp(),
    };
    this.emit({ type: 'notifier_health', health: copy(this.notifier) });
  }

  /**
   * Makes the mail server refuse deliveries (`message`, e.g. "connection refused") or take
   * them again (`null`). Refused mail waits in the outbox, pending on its ticket (TK2).
   */
  setMailDown(message: string | null): void {
    this.mailDown = message;
  }

  /** Makes the BeyondTrust appliance unreachable (`message`) or reachable again (`null`). */
  setApplianceDown(message: string | null): void {
    this.applianceDown = message;
  }

  /** Who is logged in to the BeyondTrust rep console now. */
  setLoggedInReps(reps: LoggedInRep[]): void {
    this.btReps = copy(reps);
  }

  /** The receiver's URL, or null as when another Tether holds its port. */
  setEventsReceiver(url: string | null): void {
    this.receiver = url;
  }

  /** The session keys generated so far, newest last: what an end user would type. */
  generatedKeys(): string[] {
    return [...this.btKeys.keys()];
  }

  /**
   * BT5–BT8 for one session the appliance reports as ended, as an outbound event or the
   * reconciliation would bring it in: linked to the ticket its key names, turned away by a
   * rule (with the reason), or left unlinked. Taken in once, however often it is reported.
   */
  finishBeyondTrustSession(ended: EndedSessionSeed): RemoteSessionStatus {
    const existing = this.remoteSessions.find((r) => r.provider_session_id === ended.lsid);
    if (existing) return existing.status;
    const agent = agentForRep(this.beyondtrust, ended.repNames);
    const record: RemoteSessionRecord = {
      id: this.newId(),
      provider: 'beyondtrust',
      provider_session_id: ended.lsid,
      status: 'unlinked',
      reason: null,
      ticket_id: null,
      chat_id: null,
      external_key: ended.externalKey,
      customer_name: ended.customerName,
      customer_host: ended.customerHost ?? '',
      rep_name: ended.repNames.find((n) => n.trim() !== '') ?? 'an unknown representative',
      attributed_to: agent?.technician_id ?? this.remoteSupport.default_user_id,
      started_at: ended.startedAt,
      ended_at: ended.endedAt,
      duration_seconds: ended.durationSeconds,
      transcript: formatTranscript(ended.chat),
    };
    this.remoteSessions.push(record);
    let rejection: string | null = null;
    if (this.beyondtrust.only_generated_keys && ![...this.btKeys.values()].includes(ended.externalKey)) {
      rejection = 'its session key was not generated by Tether';
    } else if (this.beyondtrust.require_known_rep && agent === null) {
      rejection = `the representative ${record.rep_name} matches no BeyondTrust agent`;
    }
    if (rejection !== null) {
      record.status = 'rejected';
      record.reason = rejection;
      this.emit({ type: 'desk_changed' });
      return record.status;
    }
    const ticket = this.ticketForKey(ended.externalKey);
    if (ticket) {
      this.linkSession(record, ticket);
    } else {
      const key = ended.externalKey.trim();
      record.reason = key === '' ? 'the session has no external key' : `no ticket ${JSON.stringify(key)} in the cache`;
      this.emit({ type: 'desk_changed' });
    }
    return record.status;
  }

  // ---- Backend ----

  async subscribe(handler: (event: Event) => void): Promise<() => void> {
    this.listeners.add(handler);
    return () => {
      this.listeners.delete(handler);
    };
  }

  async board(): Promise<Board> {
    this.expireDue();
    const me = this.me();
    const muted = this.muted.get(me.id) ?? new Set<string>();
    const channels: ChannelSummary[] = [
      {
        channel_ref: { kind: 'home' },
        name: 'Home',
        kind: null,
        counts: this.count({ assignedTo: me.id }),
        muted: false,
        settings: null,
      },
    ];
    for (const c of this.channels) {
      if (c.kind === 'shared' && !isMember(c, me.id)) continue;
      const view: ChannelRef = c.id === PRIVATE_CHANNEL_ID ? { kind: 'private' } : { kind: 'channel', id: c.id };
      channels.push({
        channel_ref: view,
        name: c.name,
        kind: c.kind,
        counts: this.count(this.filterFor(me, view)),
        muted: muted.has(c.id),
        settings: copy(c.settings),
      });
    }
    return copy({
      me,
      technicians: this.technicians,
      channels,
      providers: [this.provider],
      notifier: this.notifier,
      pending_actions: this.outbox.length,
      settings: {
        current_technician: me.id,
        poll_interval_ms: this.pollIntervalMs,
        default_channel: this.defaultChannel(me.id),
      },
      demo: this.demo,
    });
  }

  async listSessions(view: ChannelRef): Promise<Session[]> {
    this.expireDue();
    const filter = this.filterFor(this.me(), view);
    const found = this.select(filter);
    found.sort((a, b) => b.state_changed_at.localeCompare(a.state_changed_at));
    return copy(found);
  }

  async sessionDetail(id: string): Promise<SessionDetail> {
    const me = this.me();
    const [session, channel] = this.visibleSession(me, id);
    let expires_at: string | null = null;
    if (isOpen(session.state)) {
      const at = Date.parse(session.state_changed_at) + channel.settings.session_timeout_minutes * 60_000;
      expires_at = new Date(at).toISOString();
    }
    return copy({ session, history: this.histories.get(id) ?? [], expires_at });
  }

  async createSession(draft: NewSession): Promise<Session> {
    const me = this.me();
    const customer_name = draft.customer_name.trim();
    const issue = draft.issue.trim();
    if (!customer_name) {
      fail('invalid_input', "say who the session is for: the customer's name is empty");
    }
    if ([...customer_name].length > MAX_CUSTOMER_NAME) {
      fail(
        'invalid_input',
        `the customer's name is ${[...customer_name].length} characters; the provider takes at most ${MAX_CUSTOMER_NAME}`,
      );
    }
    if ([...issue].length > MAX_ISSUE) {
      fail('invalid_input', `the issue is longer than ${MAX_ISSUE} characters`);
    }
    const channel = this.writableChannel(me, draft.channel_id);
    return copy(this.openSession(me, channel, customer_name, issue, me.id));
  }

  async requestPermission(id: string): Promise<Session> {
    const me = this.me();
    const [session] = this.visibleSession(me, id);
    requireOnSession(session, me);
    const draft = copy(session);
    const entry = this.step(draft, 'request_permission', this.tech(me), 'permission requested');
    if (draft.permission === 'granted') {
      fail('invalid_input', 'the end user already granted permission: start the remote session');
    }
    this.reachProvider();
    draft.permission = 'requested';
    return this.commit(session.state, draft, [entry], this.tech(me));
  }

  async startRemote(id: string): Promise<string> {
    const me = this.me();
    const [session] = this.visibleSession(me, id);
    requireOnSession(session, me);
    const draft = copy(session);
    const entry = this.step(draft, 'start_remote', this.tech(me), 'remote session started');
    if (draft.permission === 'refused') {
      fail('forbidden', 'the end user refused permission; ask again before connecting');
    }
    if (draft.permission !== 'granted') {
      fail('forbidden', 'the end user has not granted permission yet: request it first');
    }
    draft.provider_status = 'Connected';
    const url = `https://my.splashtop.com/sos/connect?code=${draft.code}&account=${encodeURIComponent(me.email)}`;
    this.commit(session.state, draft, [entry], this.tech(me));
    this.opened.push(url);
    return url;
  }

  async assign(id: string, technicianId: string): Promise<Session> {
    const me = this.me();
    const [session, channel] = this.visibleSession(me, id);
    const target = this.technician(technicianId);
    if (!isMember(channel, target.id)) {
      fail('forbidden', `${target.name} has no access to ${channel.name}`);
    }
    const transfer = session.assignee !== null && session.assignee !== target.id;
    if (transfer && !me.can_release) {
      fail('forbidden', `${me.name} may not transfer sessions: that needs the release permission`);
    }
    const draft = copy(session);
    const note = target.id === me.id ? 'taken' : `assigned to ${target.name}`;
    const entry = this.step(draft, 'assign', this.tech(me), note);
    if (draft.assignee !== target.id) {
      // A new technician must ask for permission themselves.
      draft.permission = 'not_requested';
    }
    draft.invited = draft.invited.filter((t) => t !== target.id);
    draft.assignee = target.id;
    return this.commit(session.state, draft, [entry], this.tech(me));
  }

  async take(id: string): Promise<Session> {
    return this.assign(id, this.me().id);
  }

  async transferToChannel(id: string, channelId: string): Promise<Session> {
    const me = this.me();
    const [session, from] = this.visibleSession(me, id);
    const target = this.writableChannel(me, channelId);
    if (target.id === session.channel_id) {
      fail('invalid_input', `the session is already in ${target.name}`);
    }
    const draft = copy(session);
    const entry = this.step(draft, 'collaborate', this.tech(me), `moved from ${from.name} to ${target.name}`);
    draft.channel_id = target.id;
    return this.commit(session.state, draft, [entry], this.tech(me));
  }

  async inviteTechnician(id: string, technicianId: string): Promise<Session> {
    const me = this.me();
    const [session, channel] = this.visibleSession(me, id);
    const guest = this.technician(technicianId);
    const on = technicians(session);
    if (on.includes(guest.id)) {
      fail('invalid_input', `${guest.name} is already on this session`);
    }
    if (on.length >= MAX_TECHNICIANS) {
      const names = on.map((t) => this.technicians.find((x) => x.id === t)?.name ?? t).join(', ');
      fail(
        'too_many_technicians',
        `a session can have at most 3 technicians (the assignee and 2 invited); ${guest.name} cannot join: ${names} are already on it`,
      );
    }
    if (channel.id !== PRIVATE_CHANNEL_ID && !isMember(channel, guest.id)) {
      fail('forbidden', `${guest.name} has no access to ${channel.name}`);
    }
    const draft = copy(session);
    const entry = this.step(draft, 'collaborate', this.tech(me), `invited ${guest.name}`);
    draft.invited.push(guest.id);
    return this.commit(session.state, draft, [entry], this.tech(me));
  }

  async release(id: string): Promise<Session> {
    const me = this.me();
    const [session] = this.visibleSession(me, id);
    if (!me.can_release) {
      fail('forbidden', `${me.name} may not release sessions (no release permission)`);
    }
    const draft = copy(session);
    const entry = this.step(draft, 'release', this.tech(me), 'released to the queue');
    draft.assignee = null;
    draft.permission = 'not_requested';
    return this.commit(session.state, draft, [entry], this.tech(me));
  }

  async close(id: string): Promise<Session> {
    const me = this.me();
    const [session] = this.visibleSession(me, id);
    const draft = copy(session);
    const entry = this.step(draft, 'close', this.tech(me), null);
    draft.provider_status = statusWord('closed');
    this.enqueue(`close ${draft.provider_session_id}`);
    const saved = this.commit(session.state, draft, [entry], this.tech(me));
    this.flushOutbox();
    return saved;
  }

  async deleteSession(id: string): Promise<null> {
    const me = this.me();
    const [session] = this.visibleSession(me, id);
    if (session.state !== 'closed') this.enqueue(`delete ${session.provider_session_id}`);
    this.sessions.delete(id);
    this.histories.delete(id);
    this.emit({ type: 'session_deleted', id, channel_id: session.channel_id });
    this.flushOutbox();
    return null;
  }

  async updateChannelSettings(channelId: string, settings: ChannelSettings): Promise<null> {
    const me = this.me();
    const channel = this.writableChannel(me, channelId);
    if (channel.kind === 'private' && settings.members.length > 0) {
      fail('invalid_input', 'the private channel has no members to set: only you see it');
    }
    const minutes = settings.session_timeout_minutes;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 7 * 24 * 60) {
      fail('invalid_input', `the session timeout must be between 1 minute and 7 days, not ${minutes} minutes`);
    }
    const unknown = settings.members.find((m) => !this.technicians.some((t) => t.id === m));
    if (unknown !== undefined) fail('not_found', `technician "${unknown}" does not exist`);
    if (settings.members.length > 0 && !settings.members.includes(me.id)) {
      fail('invalid_input', `keep yourself (${me.name}) among the members, or you lose access to ${channel.name}`);
    }
    channel.settings = copy(settings);
    this.emit({ type: 'board_changed' });
    this.expireDue();
    return null;
  }

  async setChannelMuted(channelId: string, muted: boolean): Promise<null> {
    const me = this.me();
    this.channel(channelId);
    const set = this.muted.get(me.id) ?? new Set<string>();
    if (muted) set.add(channelId);
    else set.delete(channelId);
    this.muted.set(me.id, set);
    this.emit({ type: 'board_changed' });
    return null;
  }

  async setCurrentTechnician(id: string): Promise<null> {
    this.technician(id);
    this.currentTechnician = id;
    this.emit({ type: 'board_changed' });
    return null;
  }

  /** SP1: where the current technician's new sessions go unless they pick another channel. */
  async setDefaultChannel(channelId: string): Promise<null> {
    const me = this.me();
    this.writableChannel(me, channelId);
    this.defaultChannels.set(me.id, channelId);
    this.emit({ type: 'board_changed' });
    return null;
  }

  async setPollInterval(ms: number): Promise<null> {
    if (!Number.isInteger(ms) || ms < 50 || ms > 600_000) {
      fail('invalid_input', `the poll interval must be between 50 ms and 10 minutes, not ${ms} ms`);
    }
    this.pollIntervalMs = ms;
    this.emit({ type: 'board_changed' });
    return null;
  }

  async addTechnician(technician: Technician): Promise<null> {
    if (!/^[A-Za-z0-9_-]+$/.test(technician.id)) {
      fail('invalid_input', `a technician id is letters, digits, '-' or '_', not "${technician.id}"`);
    }
    if (!technician.name.trim() || !technician.email.includes('@')) {
      fail('invalid_input', 'a technician needs a name and an email address');
    }
    const at = this.technicians.findIndex((t) => t.id === technician.id);
    if (at >= 0) this.technicians[at] = copy(technician);
    else this.technicians.push(copy(technician));
    this.emit({ type: 'board_changed' });
    return null;
  }

  async syncNow(): Promise<null> {
    this.reachProvider();
    this.flushOutbox();
    this.expireDue();
    return null;
  }

  async integrations(): Promise<Integration[]> {
    return INTEGRATIONS.map(({ kind }) => this.integrationView(kind));
  }

  async saveIntegration(update: IntegrationUpdate): Promise<Integration> {
    const { kind, name, fields } = this.integrationSpec(update.kind);
    const record = this.integrationRecord(kind);
    // The values replace the saved ones, as in the core: the card always sends them all.
    const values: Record<string, string> = {};
    for (const [key, raw] of Object.entries(update.values)) {
      const field = fields.find((f) => f.key === key);
      if (!field) fail('invalid_input', `${name} has no field "${key}"`);
      if (field.kind === 'secret') {
        fail('invalid_input', `${field.label} is a secret: it goes to the keychain, not among the values`);
      }
      const value = (raw ?? '').trim();
      if (value === '') continue;
      if (field.kind === 'choice') {
        const choice = value.toLowerCase();
        if (!field.options.includes(choice)) {
          fail('invalid_input', `${field.label} is one of ${field.options.join(', ')}, not "${value}"`);
        }
        values[key] = choice;
      } else {
        values[key] = field.kind === 'url' ? checkBaseUrl(value) : value;
      }
    }
    // Only the names of the secrets are looked at; their values are never kept.
    const secretKeys = Object.keys(update.secrets);
    for (const key of secretKeys) {
      const field = fields.find((f) => f.key === key);
      if (!field || field.kind !== 'secret') fail('invalid_input', `${name} has no secret "${key}"`);
      if (!update.secrets[key]?.trim()) fail('invalid_input', `the ${field.label} is empty: type it, or use Remove`);
    }
    // Secrets first, as in the core, so a keychain failure changes nothing.
    if (secretKeys.length > 0 && this.keychainDown !== null) fail('keychain_unavailable', this.keychainDown);
    for (const key of secretKeys) record.stored.add(key);
    record.values = values;
    record.enabled = update.enabled;
    return this.integrationView(kind);
  }

  async removeIntegrationSecret(kind: IntegrationKind, key: string): Promise<Integration> {
    const { name, fields } = this.integrationSpec(kind);
    if (!fields.some((f) => f.key === key && f.kind === 'secret')) fail('invalid_input', `${name} has no secret "${key}"`);
    if (this.keychainDown !== null) fail('keychain_unavailable', this.keychainDown);
    this.integrationRecord(kind).stored.delete(key);
    return this.integrationView(kind);
  }

  async testIntegration(kind: IntegrationKind): Promise<TestOutcome> {
    const { name, fields } = this.integrationSpec(kind);
    const record = this.integrationRecord(kind);
    // Only the required fields: the OAuth apps (and TeamViewer's script token) are optional.
    const missing = fields.filter(
      (f) => f.required && (f.kind === 'secret' ? !record.stored.has(f.key) : !record.values[f.key]),
    );
    let outcome: TestOutcome;
    if (missing.length > 0) {
      const labels = missing.map((f) => f.label);
      const list = labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}` : labels[0];
      outcome = { ok: false, code: 'not_configured', message: `Fill in ${list} first`, at: this.stamp() };
    } else if (kind === 'teamviewer' && !record.stored.has('script_token')) {
      outcome = {
        ok: false,
        code: 'not_configured',
        message: 'enter a script token to test from here; with an OAuth app, each technician tests by authorising',
        at: this.stamp(),
      };
    } else if (kind === 'splashtop' && this.providerDown !== null) {
      outcome = { ok: false, code: 'provider_unreachable', message: `Splashtop: ${this.providerDown}`, at: this.stamp() };
    } else {
      outcome = { ok: true, code: null, message: `Sandbox ${name} answered`, at: this.stamp() };
    }
    record.lastTest = outcome;
    return copy(outcome);
  }

  async authorisation(kind: IntegrationKind): Promise<AuthorisationStatus> {
    const me = this.me();
    this.oauthApp(kind);
    return this.authorisationStatus(kind, me.id);
  }

  async authorise(kind: IntegrationKind): Promise<AuthorisationStatus> {
    const me = this.me();
    const app = this.oauthApp(kind);
    if (this.authorising) {
      fail('oauth_busy', 'another authorisation is already waiting for the browser; finish or cancel it first');
    }
    this.authorising = true;
    try {
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: app.clientId,
        redirect_uri: LOOPBACK_REDIRECT,
        state: Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0'),
      });
      const url = `${app.authorizeUrl}?${query.toString()}`;
      // The shell sends the link to the window and opens the browser; here the hook consents.
      this.emit({ type: 'authorisation_pending', kind, url });
      await this.consent(url, kind);
    } finally {
      this.authorising = false;
    }
    this.oauthTokens.set(oauthKey(kind, me.id), this.tokenExpiry());
    return this.authorisationStatus(kind, me.id);
  }

  async disconnect(kind: IntegrationKind): Promise<AuthorisationStatus> {
    const me = this.me();
    const { name } = this.integrationSpec(kind);
    if (!perTechnicianOAuth(kind)) fail('invalid_input', `${name} is not authorised per technician`);
    // Without the app's settings there is nothing to revoke: the tokens are forgotten anyway.
    this.oauthTokens.delete(oauthKey(kind, me.id));
    return this.authorisationStatus(kind, me.id);
  }

  // ---- the ticket desk (TK1, IN1–IN8, UA1–UA7) ----

  async directory(): Promise<Directory> {
    return copy({
      customers: this.customers,
      teams: this.teams,
      ticket_types: this.ticketTypes,
      asset_types: this.assetTypes,
    });
  }

  async tickets(query: TicketQuery): Promise<Ticket[]> {
    const limit = Math.min(query.limit ?? MAX_DESK_LIST, MAX_DESK_LIST);
    const found = [...this.ticketRecords.values()].filter(
      (t) =>
        (query.status === null || t.status === query.status) &&
        (query.customer_id === null || t.customer_id === query.customer_id) &&
        (query.assignee === null || t.assignee === query.assignee) &&
        matchesPrefixes(query.text, [String(t.number), t.subject, t.customer_name, t.end_user_name, t.end_user_email]),
    );
    found.sort((a, b) => b.updated_at.localeCompare(a.updated_at) || b.number - a.number);
    return copy(found.slice(0, limit));
  }

  async ticketDetail(id: string): Promise<TicketDetail> {
    const ticket = this.ticket(id);
    return copy({
      ticket,
      ticket_type: this.ticketTypes.find((t) => t.id === ticket.type_id) ?? null,
      actions: this.ticketActions.get(id) ?? [],
      chat_id: this.ticketChats.get(id) ?? null,
    });
  }

  async createTicket(draft: NewTicket): Promise<TicketCreated> {
    const me = this.me();
    const ticket = this.insertTicket(draft, me.id);
    this.addAction(ticket.id, me.id, 'created', 'Ticket created');
    const created: TicketCreated = { ticket: copy(ticket), invitation: null, invitation_error: null };
    const type = this.ticketTypes.find((t) => t.id === ticket.type_id);
    // IN3: the type's invitation goes out at once; a failure never loses the ticket.
    if (type?.send_invite_on_create) {
      try {
        created.invitation = await this.sendInvite({
          ticket_id: ticket.id,
          recipients: ticket.end_user_email,
          target: type.invite_target,
          quick: false,
          provider: 'splashtop',
        });
      } catch (e) {
        const error = e as ErrorDto;
        this.addAction(ticket.id, 'system', 'note', `The ${type.name} ticket type's invitation was not sent: ${error.message}`);
        created.invitation_error = { code: error.code, message: error.message };
      }
    }
    created.ticket = copy(this.ticket(ticket.id));
    this.emit({ type: 'ticket_changed', ticket_id: ticket.id });
    return created;
  }

  async addTicketNote(id: string, note: string): Promise<null> {
    const me = this.me();
    this.ticket(id);
    if (!note.trim()) fail('invalid_input', 'the note is empty');
    this.addAction(id, me.id, 'note', note.trim());
    this.emit({ type: 'ticket_changed', ticket_id: id });
    return null;
  }

  async previewInvite(request: InviteRequest): Promise<InvitePreview> {
    const { recipients, target } = this.checkInvite(request);
    const rendered = renderInvite(this.remoteSupport.templates, SAMPLE_LINK, SAMPLE_CODE);
    return copy({ recipients, target, subject: rendered.subject, html: rendered.html, text: rendered.text });
  }

  async sendInvite(request: InviteRequest): Promise<TicketAction> {
    const { me, ticket, recipients, target, queue } = this.checkInvite(request);
    // Splashtop: a board session in the resolved channel; BeyondTrust: a session key for the queue.
    const { id: sessionId, link, code } =
      queue !== null ? this.beyondtrustKey(ticket, queue) : this.sessionFor(me, ticket, target);
    const rendered = renderInvite(this.remoteSupport.templates, link, code);
    let note = `Remote session invitation to ${recipients.join(', ')}; the session went to ${target.label}`;
    if (target.fallback_reason !== null) note += ` (${target.fallback_reason})`;
    const invitation: InvitationRecord = {
      provider: request.provider,
      recipients,
      requested: copy(request.target),
      target_label: target.label,
      session_id: sessionId,
      link,
      code,
    };
    const action = this.addAction(ticket.id, me.id, 'remote_session_invitation', note, {
      invitation,
      delivery: 'pending',
    });
    // Queued with the action, then the first delivery attempt: nothing is lost (TK2).
    for (const to of recipients) {
      this.mailOutbox.push({
        id: ++this.mailSeq,
        actionId: action.id,
        ticketId: ticket.id,
        to: [to],
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        attempts: 0,
        lastError: null,
        nextAttemptAt: this.clock().getTime(),
      });
    }
    this.flushMail();
    this.emit({ type: 'ticket_changed', ticket_id: ticket.id });
    return copy(action);
  }

  async sendChatInvite(ticketId: string, target: InviteTarget): Promise<ChatMessage> {
    const me = this.me();
    const ticket = this.ticket(ticketId);
    const resolved = resolveTarget(target, this.remoteSupport, this.inviteDirectory(me));
    const session = this.sessionFor(me, ticket, resolved);
    let chatId = this.ticketChats.get(ticketId);
    if (chatId === undefined) {
      chatId = this.newId();
      this.ticketChats.set(ticketId, chatId);
      this.chats.set(chatId, []);
    }
    const rendered = renderInvite(this.remoteSupport.templates, session.link, session.code);
    const message: ChatMessage = {
      id: ++this.chatSeq,
      chat_id: chatId,
      at: this.stamp(),
      author: me.id,
      html: rendered.chatHtml,
    };
    this.chats.get(chatId)?.push(message);
    this.addAction(ticketId, me.id, 'chat_invitation', `Chat invitation sent; the session went to ${resolved.label}`, {
      invitation: {
        provider: 'splashtop',
        recipients: [],
        requested: copy(target),
        target_label: resolved.label,
        session_id: session.id,
        link: session.link,
        code: session.code,
      },
    });
    this.emit({ type: 'ticket_changed', ticket_id: ticketId });
    return copy(message);
  }

  async chatMessages(chatId: string): Promise<ChatMessage[]> {
    return copy(this.chats.get(chatId) ?? []);
  }

  async assets(query: AssetQuery): Promise<Asset[]> {
    const limit = Math.min(query.limit ?? MAX_DESK_LIST, MAX_DESK_LIST);
    const found = [...this.assetRecords.values()].filter(
      (a) =>
        (query.customer_id === null || a.customer_id === query.customer_id) &&
        matchesPrefixes(query.text, [
          a.name,
          a.inventory_number,
          a.customer_name,
          ...Object.values(a.fields).filter((v): v is string => v !== undefined),
        ]),
    );
    found.sort((a, b) => a.name.localeCompare(b.name));
    return copy(found.slice(0, limit));
  }

  async assetDetail(id: string): Promise<AssetDetail> {
    const [asset, assetType] = this.assetWithType(id);
    return copy({
      asset,
      asset_type: assetType,
      launch: launchButtons(asset, assetType, this.remoteSupport.launch, this.beyondtrustHost()),
      history: this.launches.filter((l) => l.asset_id === id).sort((a, b) => b.id - a.id).slice(0, 200),
    });
  }

  async launch(assetId: string, buttonId: string): Promise<Launch> {
    const me = this.me();
    const [asset, assetType] = this.assetWithType(assetId);
    const host = this.beyondtrustHost();
    const options = launchButtons(asset, assetType, this.remoteSupport.launch, host);
    const button = options.buttons.find((b) => b.id === buttonId);
    if (!button) {
      fail(
        'invalid_input',
        options.unavailable.length > 0 ? options.unavailable.join('; ') : `${asset.name} has no "${buttonId}" launch button`,
      );
    }
    const account = this.remoteSupport.launch.splashtop_account ?? me.email;
    const url = launchUrl(button, assetType, account, host);
    const recorded: AssetLaunch = {
      id: ++this.launchSeq,
      asset_id: asset.id,
      at: this.stamp(),
      actor: me.id,
      provider: button.provider,
      label: button.label,
      url,
    };
    this.launches.push(recorded);
    this.opened.push(url);
    this.emit({ type: 'asset_changed', asset_id: asset.id });
    return copy({ url, recorded });
  }

  async remoteSupportSettings(): Promise<RemoteSupportSettings> {
    return copy(this.remoteSupport);
  }

  async saveRemoteSupportSettings(settings: RemoteSupportSettings): Promise<null> {
    const team = settings.default_team_id;
    if (team !== null && !this.teams.some((t) => t.id === team)) fail('not_found', `team "${team}" does not exist`);
    if (settings.default_user_id !== null) this.technician(settings.default_user_id);
    const account = settings.launch.splashtop_account;
    if (account !== null && !isEmail(account.trim())) {
      fail('invalid_input', `the Splashtop account "${account}" is not an email address`);
    }
    const problems = allTemplateProblems(settings.templates);
    if (problems.length > 0) {
      const [name, list] = problems[0];
      fail('invalid_input', `${templateLabel(name)}: ${list[0].message}`);
    }
    this.remoteSupport = copy(settings);
    this.emit({ type: 'desk_changed' });
    return null;
  }

  async previewTemplates(templates: InviteTemplates): Promise<TemplatePreview> {
    const rendered = renderInvite(templates, SAMPLE_LINK, SAMPLE_CODE);
    return copy({
      subject: rendered.subject,
      email_html: rendered.html,
      email_text: rendered.text,
      chat_html: rendered.chatHtml,
      problems: allTemplateProblems(templates),
    });
  }

  async setAvailable(available: boolean): Promise<null> {
    const me = this.me();
    const record = this.technicians.find((t) => t.id === me.id);
    if (record) record.available = available;
    this.emit({ type: 'board_changed' });
    return null;
  }

  async pendingMail(): Promise<PendingMail[]> {
    return this.mailOutbox.map((m) => ({
      to: [...m.to],
      subject: m.subject,
      ticket_id: m.ticketId,
      attempts: m.attempts,
      last_error: m.lastError,
      next_attempt_at: new Date(m.nextAttemptAt).toISOString(),
    }));
  }

  async retryMail(): Promise<number> {
    const now = this.clock().getTime();
    for (const m of this.mailOutbox) m.nextAttemptAt = now;
    this.flushMail();
    return this.mailOutbox.length;
  }

  // ---- BeyondTrust (BT1–BT8) ----

  async beyondtrustSettings(): Promise<BeyondTrustSettings> {
    return copy(this.beyondtrust);
  }

  async saveBeyondtrustSettings(settings: BeyondTrustSettings): Promise<null> {
    validateBeyondTrust(settings);
    const unknown = settings.agents.find((a) => !this.technicians.some((t) => t.id === a.technician_id));
    if (unknown) fail('not_found', `technician "${unknown.technician_id}" does not exist`);
    this.beyondtrust = copy(settings);
    this.emit({ type: 'desk_changed' });
    return null;
  }

  async fetchBeyondtrustTeams(): Promise<BeyondTrustSettings> {
    this.reachAppliance();
    const settings = copy(this.beyondtrust);
    for (const t of this.btApplianceTeams) {
      if (!settings.teams.some((x) => x.id === t.id)) {
        settings.teams.push({ id: t.id, display_name: t.name, enabled: false, default: false });
      }
    }
    await this.saveBeyondtrustSettings(settings);
    return copy(settings);
  }

  async unlinkedSessions(): Promise<UnlinkedSession[]> {
    const waiting = this.remoteSessions
      .filter((r) => r.status !== 'linked')
      .sort((a, b) => b.started_at.localeCompare(a.started_at))
      .slice(0, 500);
    return copy(waiting.map((session) => ({ session, suggestions: this.suggestTickets(session) })));
  }

  async linkRemoteSession(id: string, ticketId: string): Promise<RemoteSessionRecord> {
    const me = this.me();
    const record = this.remoteSessions.find((r) => r.id === id) ?? fail('not_found', `remote session "${id}" does not exist`);
    if (record.status === 'linked') fail('invalid_input', `the session is already on ticket ${record.ticket_id ?? '?'}`);
    const ticket = this.ticket(ticketId);
    record.attributed_to ??= me.id;
    this.linkSession(record, ticket);
    return copy(record);
  }

  async eventsReceiver(): Promise<string | null> {
    return this.receiver;
  }

  async demoEndUser(code: string, action: EndUserAction): Promise<null> {
    if (!this.demo) fail('forbidden', 'the end user can only be played in the demo workspace');
    const session = [...this.sessions.values()].find((s) => s.code === code);
    if (!session) fail('not_found', `no session has the code ${code}`);
    const endUser: Actor = { kind: 'end_user' };
    const draft = copy(session);
    let entry: HistoryEntry;
    switch (action) {
      case 'launch':
        entry = this.step(draft, 'end_user_launched', endUser, 'the end user launched the support app');
        break;
      case 'grant':
      case 'refuse': {
        entry = this.step(draft, 'permission_answered', endUser, `the end user ${action === 'grant' ? 'granted' : 'refused'} permission`);
        if (draft.permission !== 'requested') {
          fail('invalid_input', 'the end user has nothing to answer: request permission first');
        }
        draft.permission = action === 'grant' ? 'granted' : 'refused';
        break;
      }
      case 'leave':
        entry = this.step(draft, 'close', endUser, 'the end user left; closed at the provider');
        break;
    }
    draft.provider_status = statusWord(draft.state);
    this.commit(session.state, draft, [entry], endUser);
    return null;
  }

  // ---- the desk's rules ----

  /** Loads a desk as the import would: each asset's fields normalised by their kind. */
  private loadDesk(desk: DeskSeed): void {
    this.customers = copy(desk.customers);
    this.teams = copy(desk.teams);
    this.ticketTypes = copy(desk.ticketTypes);
    this.assetTypes = copy(desk.assetTypes);
    for (const raw of desk.assets) {
      const asset = copy(raw);
      const type = this.assetTypes.find((t) => t.id === asset.type_id);
      if (!type) throw new Error(`seed asset ${asset.name}: no asset type "${asset.type_id}"`);
      const fields: Record<string, string> = {};
      for (const [key, value] of Object.entries(asset.fields)) {
        const spec = type.fields.find((f) => f.key === key);
        if (!spec) throw new Error(`seed asset ${asset.name}: "${key}" is not a field of ${type.name}`);
        const normalised = normaliseField(spec, value ?? '');
        if (normalised) fields[key] = normalised;
      }
      asset.fields = fields;
      asset.customer_name = this.customers.find((c) => c.id === asset.customer_id)?.name ?? '';
      this.assetRecords.set(asset.id, asset);
    }
    for (const ticket of desk.tickets) {
      this.ticketRecords.set(ticket.id, copy(ticket));
      this.ticketActions.set(ticket.id, []);
      this.addAction(ticket.id, 'system', 'created', 'Imported', { at: ticket.created_at, touch: false });
    }
    if (desk.beyondtrust) {
      this.beyondtrust = copy(desk.beyondtrust.settings);
      this.btReps = copy(desk.beyondtrust.reps);
      this.btApplianceTeams = copy(desk.beyondtrust.applianceTeams);
      this.remoteSessions = copy(desk.beyondtrust.sessions ?? []);
    }
  }

  /**
   * The appliance as the core's CardAppliance reaches it: only with the BeyondTrust card on
   * and complete. Its refusals read as the core's provider errors.
   */
  private reachAppliance(): void {
    const record = this.integrationRecord('beyondtrust');
    const notSetUp = (what: string): never =>
      fail(
        'provider_unauthorized',
        `BeyondTrust: the provider refused the credentials: BeyondTrust is not set up: ${what} (Settings → Integrations)`,
      );
    if (!record.enabled) notSetUp('the card is off');
    if (!record.values.base_url || !record.values.client_id) notSetUp('enter the appliance and the API account');
    if (!record.stored.has('client_secret')) notSetUp('the client secret is not in the keychain');
    if (this.applianceDown !== null) {
      fail('provider_unreachable', `BeyondTrust: cannot reach the provider (${this.applianceDown})`);
    }
  }

  /**
   * A session key for the queue (the sandbox keeps no queues: the pretend customer never
   * arrives); the ticket is its external key, so the session finds its way back (BT5).
   */
  private beyondtrustKey(ticket: Ticket, _queue: BtQueue): { id: string; link: string; code: string } {
    this.reachAppliance();
    const base = (this.integrationRecord('beyondtrust').values.base_url ?? '').replace(/\/+$/, '');
    let key: string;
    do {
      key = String(Math.floor(Math.random() * 1e6)).padStart(6, '0');
    } while (this.btKeys.has(key));
    this.btKeys.set(key, ticket.id);
    return { id: key, link: `${base}/?ak=${key}`, code: key };
  }

  /** The ticket a session key named: its id, else its number ("#1042" or "1042"). */
  private ticketForKey(key: string): Ticket | null {
    const k = key.trim();
    if (k === '') return null;
    const byId = this.ticketRecords.get(k);
    if (byId) return byId;
    const digits = k.replace(/^#+/, '');
    if (!/^\d+$/.test(digits)) return null;
    const number = Number(digits);
    return [...this.ticketRecords.values()].find((t) => t.number === number) ?? null;
  }

  /** BT7: open tickets of the same end user, the one active closest to the session first. */
  private suggestTickets(session: RemoteSessionRecord): Ticket[] {
    const who = session.customer_name.trim();
    if (who === '') return [];
    const started = Date.parse(session.started_at);
    return [...this.ticketRecords.values()]
      .filter(
        (t) =>
          t.status !== 'closed' &&
          matchesPrefixes(who, [String(t.number), t.subject, t.customer_name, t.end_user_name, t.end_user_email]),
      )
      .sort((a, b) => Math.abs(Date.parse(a.updated_at) - started) - Math.abs(Date.parse(b.updated_at) - started))
      .slice(0, 5);
  }

  /** The session's action on the ticket, its transcript in the ticket's chat if there is one. */
  private linkSession(record: RemoteSessionRecord, ticket: Ticket): void {
    this.addAction(ticket.id, record.attributed_to ?? 'system', 'remote_session', remoteSessionNote(record), {
      at: record.ended_at ?? this.stamp(),
      logged_seconds: record.duration_seconds,
    });
    const chatId = this.ticketChats.get(ticket.id);
    if (chatId !== undefined && record.transcript !== '') {
      this.chats.get(chatId)?.push({
        id: ++this.chatSeq,
        chat_id: chatId,
        at: this.stamp(),
        author: 'system',
        html: `<p>Transcript of the remote session with ${escapeHtml(record.rep_name)}:</p><pre>${escapeHtml(record.transcript)}</pre>`,
      });
      record.chat_id = chatId;
    }
    record.status = 'linked';
    record.reason = null;
    record.ticket_id = ticket.id;
    this.emit({ type: 'ticket_changed', ticket_id: ticket.id });
    this.emit({ type: 'desk_changed' });
  }

  private ticket(id: string): Ticket {
    return this.ticketRecords.get(id) ?? fail('not_found', `ticket "${id}" does not exist`);
  }

  private insertTicket(draft: NewTicket, assignee: string | null): Ticket {
    const subject = draft.subject.trim();
    if (!subject) fail('invalid_input', 'a ticket needs a subject');
    const email = draft.end_user_email.trim();
    if (email && !isEmail(email)) fail('invalid_input', `"${email}" is not an email address`);
    let customer_name = '';
    if (draft.customer_id !== null) {
      const customer =
        this.customers.find((c) => c.id === draft.customer_id) ??
        fail('not_found', `customer "${draft.customer_id}" does not exist`);
      customer_name = customer.name;
    }
    if (draft.type_id !== null && !this.ticketTypes.some((t) => t.id === draft.type_id)) {
      fail('not_found', `ticket type "${draft.type_id}" does not exist`);
    }
    const numbers = [...this.ticketRecords.values()].map((t) => t.number);
    const now = this.stamp();
    const ticket: Ticket = {
      id: this.newId(),
      number: Math.max(1000, ...numbers) + 1,
      subject,
      status: 'open',
      customer_id: draft.customer_id,
      customer_name,
      end_user_name: draft.end_user_name.trim(),
      end_user_email: email,
      type_id: draft.type_id,
      assignee,
      asset_id: draft.asset_id,
      created_at: now,
      updated_at: now,
    };
    this.ticketRecords.set(ticket.id, ticket);
    this.ticketActions.set(ticket.id, []);
    return ticket;
  }

  /** One more entry on a ticket's timeline; the ticket counts as updated then. */
  private addAction(
    ticketId: string,
    actor: string,
    kind: TicketActionKind,
    note: string,
    extra: Partial<Pick<TicketAction, 'invitation' | 'delivery' | 'logged_seconds'>> & { at?: string; touch?: boolean } = {},
  ): TicketAction {
    const at = extra.at ?? this.stamp();
    const action: TicketAction = {
      id: ++this.actionSeq,
      ticket_id: ticketId,
      at,
      actor,
      kind,
      note,
      invitation: extra.invitation ?? null,
      delivery: extra.delivery ?? null,
      delivery_error: null,
      logged_seconds: extra.logged_seconds ?? null,
    };
    this.ticketActions.get(ticketId)?.push(action);
    const ticket = this.ticketRecords.get(ticketId);
    if (ticket && extra.touch !== false && at > ticket.updated_at) ticket.updated_at = at;
    return action;
  }

  private inviteDirectory(me: Technician) {
    return { me, technicians: this.technicians, teams: this.teams, channels: this.channels };
  }

  /** `queue` is BeyondTrust's (for the session key), null for a Splashtop invitation. */
  private checkInvite(request: InviteRequest): {
    me: Technician;
    ticket: Ticket;
    recipients: string[];
    target: ResolvedTarget;
    queue: BtQueue | null;
  } {
    const me = this.me();
    const ticket = this.ticket(request.ticket_id);
    if (request.quick && !this.remoteSupport.quick_invites) {
      fail(
        'forbidden',
        'quick invites from tickets are turned off in Settings → Remote support; add a Remote Session Invitation action instead',
      );
    }
    const recipients = parseRecipients(request.recipients);
    if (request.provider === 'beyondtrust') {
      // As the core: the logged-in reps come from the appliance, so it must be reachable first.
      this.reachAppliance();
      const bt = resolveBeyondTrustTarget(request.target, this.beyondtrust, this.remoteSupport, this.inviteDirectory(me), this.btReps);
      return { me, ticket, recipients, target: bt.target, queue: bt.queue };
    }
    const target = resolveTarget(request.target, this.remoteSupport, this.inviteDirectory(me));
    return { me, ticket, recipients, target, queue: null };
  }

  /** The session an invitation carries, created in the resolved target. */
  private sessionFor(me: Technician, ticket: Ticket, target: ResolvedTarget): Session {
    const channel = this.channel(target.channel_id);
    const who =
      [ticket.end_user_name, ticket.customer_name].find((s) => s.trim() !== '') ?? ticket.end_user_email;
    const name = [...who].slice(0, MAX_CUSTOMER_NAME).join('');
    const customer_name = name.trim() ? name : `Ticket #${ticket.number}`;
    const issue = [...`#${ticket.number} ${ticket.subject}`].slice(0, MAX_ISSUE).join('');
    return this.openSession(me, channel, customer_name, issue, target.assignee);
  }

  /** Delivers the mail that is due; what the server refuses waits, with the reason (TK2). */
  private flushMail(): void {
    const now = this.clock().getTime();
    const touched = new Set<string>();
    for (const item of [...this.mailOutbox]) {
      if (item.nextAttemptAt > now) continue;
      touched.add(item.ticketId);
      if (this.mailDown === null) {
        this.sentMail.push({ to: item.to, subject: item.subject, html: item.html, text: item.text });
        this.mailOutbox = this.mailOutbox.filter((m) => m.id !== item.id);
      } else {
        item.attempts += 1;
        item.lastError = this.mailDown;
        item.nextAttemptAt = now + Math.min(2 ** Math.min(item.attempts, 10), 900) * 1000;
      }
    }
    for (const ticketId of touched) {
      for (const action of this.ticketActions.get(ticketId) ?? []) {
        if (action.delivery === null) continue;
        const waiting = this.mailOutbox.filter((m) => m.actionId === action.id);
        action.delivery = waiting.length === 0 ? 'sent' : 'pending';
        action.delivery_error = waiting.find((m) => m.lastError !== null)?.lastError ?? null;
      }
    }
    for (const ticketId of touched) this.emit({ type: 'ticket_changed', ticket_id: ticketId });
  }

  private assetWithType(id: string): [Asset, AssetType] {
    const asset = this.assetRecords.get(id) ?? fail('not_found', `asset "${id}" does not exist`);
    const type =
      this.assetTypes.find((t) => t.id === asset.type_id) ?? fail('not_found', `asset type "${asset.type_id}" does not exist`);
    return [asset, type];
  }

  /** The BeyondTrust appliance's host from its Integrations card, if it is enabled. */
  private beyondtrustHost(): string | null {
    const record = this.integrationRecords.get('beyondtrust');
    const url = record?.enabled ? record.values.base_url : undefined;
    if (!url) return null;
    const rest = url.includes('://') ? url.slice(url.indexOf('://') + 3) : url;
    const host = rest.split('/')[0] ?? '';
    return host || null;
  }

  // ---- the core's rules ----

  private integrationSpec(kind: IntegrationKind): (typeof INTEGRATIONS)[number] {
    return INTEGRATIONS.find((i) => i.kind === kind) ?? fail('not_found', `there is no integration "${kind}"`);
  }

  private integrationRecord(kind: IntegrationKind): IntegrationRecord {
    return this.integrationRecords.get(kind) ?? fail('not_found', `there is no integration "${kind}"`);
  }

  private integrationView(kind: IntegrationKind): Integration {
    const { name, fields } = this.integrationSpec(kind);
    const record = this.integrationRecord(kind);
    return copy({
      kind,
      name,
      enabled: record.enabled,
      values: record.values,
      stored_secrets: fields.filter((f) => record.stored.has(f.key)).map((f) => f.key),
      fields,
      last_test: record.lastTest,
    });
  }

  /** The OAuth app an admin entered for a per-technician provider; refused until it is complete. */
  private oauthApp(kind: IntegrationKind): { authorizeUrl: string; clientId: string } {
    const { name, fields } = this.integrationSpec(kind);
    if (!perTechnicianOAuth(kind)) fail('invalid_input', `${name} is not authorised per technician`);
    const record = this.integrationRecord(kind);
    const clientId = record.values.client_id;
    if (!clientId) fail('not_configured', `an admin must enter ${name}'s OAuth app first`);
    if (!record.stored.has('client_secret')) {
      fail('not_configured', `an admin must enter ${name}'s OAuth app client secret first`);
    }
    const base = (record.values.base_url ?? fields.find((f) => f.key === 'base_url')?.placeholder ?? '').replace(/\/+$/, '');
    // As OAuthApp in the core: TeamViewer's consent page is under oauth2/, Splashtop's (the
    // sandbox's assumption until Splashtop publishes it) under oauth/.
    const authorizeUrl = kind === 'splashtop' ? `${base}/oauth/authorize` : `${base}/oauth2/authorize`;
    return { authorizeUrl, clientId };
  }

  private authorisationStatus(kind: IntegrationKind, technician: string): AuthorisationStatus {
    const expires_at = this.oauthTokens.get(oauthKey(kind, technician)) ?? null;
    return { kind, technician, authorised: expires_at !== null, expires_at };
  }

  private tokenExpiry(): string {
    return new Date(this.clock().getTime() + ACCESS_TOKEN_MS).toISOString();
  }

  private me(): Technician {
    const found = this.technicians.find((t) => t.id === this.currentTechnician) ?? this.technicians[0];
    if (!found) fail('invalid_input', 'no technicians yet: add one in Settings (or `tether tech add`)');
    return copy(found);
  }

  private tech(me: Technician): Actor {
    return { kind: 'technician', id: me.id };
  }

  private technician(id: string): Technician {
    return this.technicians.find((t) => t.id === id) ?? fail('not_found', `technician "${id}" does not exist`);
  }

  private channel(id: string): Channel {
    return this.channels.find((c) => c.id === id) ?? fail('not_found', `channel "${id}" does not exist`);
  }

  /** As the core: a channel that was removed, or no longer has the technician, falls back to Private. */
  private defaultChannel(technician: string): string {
    const chosen = this.defaultChannels.get(technician);
    const channel = this.channels.find((c) => c.id === chosen);
    return channel && isMember(channel, technician) ? channel.id : PRIVATE_CHANNEL_ID;
  }

  private writableChannel(me: Technician, id: string): Channel {
    const channel = this.channel(id);
    if (id !== PRIVATE_CHANNEL_ID && !isMember(channel, me.id)) {
      fail('forbidden', `${me.name} has no access to the channel ${channel.name}`);
    }
    return channel;
  }

  private visibleSession(me: Technician, id: string): [Session, Channel] {
    const session = this.sessions.get(id) ?? fail('not_found', `session "${id}" does not exist`);
    const channel = this.channel(session.channel_id);
    if (!canSee(channel, session, me.id)) {
      fail('forbidden', `${me.name} has no access to this session in ${channel.name}`);
    }
    return [session, channel];
  }

  private filterFor(me: Technician, view: ChannelRef): Filter {
    if (view.kind === 'home') return { assignedTo: me.id };
    if (view.kind === 'private') return { channelId: PRIVATE_CHANNEL_ID, involving: me.id };
    const channel = this.channel(view.id);
    if (!isMember(channel, me.id)) fail('forbidden', `${me.name} is not a member of ${channel.name}`);
    return { channelId: view.id, involving: channel.settings.private_sessions ? me.id : undefined };
  }

  private select(filter: Filter): Session[] {
    const out: Session[] = [];
    for (const s of this.sessions.values()) {
      if (filter.channelId !== undefined && s.channel_id !== filter.channelId) continue;
      if (filter.involving !== undefined && !involves(s, filter.involving)) continue;
      if (filter.assignedTo !== undefined && s.assignee !== filter.assignedTo) continue;
      out.push(s);
    }
    return out;
  }

  private count(filter: Filter): StateCounts {
    const counts: StateCounts = { pending: 0, active: 0, in_queue: 0, expired: 0, closed: 0 };
    for (const s of this.select(filter)) counts[s.state] += 1;
    return counts;
  }

  private step(session: Session, event: SessionEvent, actor: Actor, note: string | null): HistoryEntry {
    const from = session.state;
    const to = next(from, event);
    if (to === null) fail('illegal_transition', refusal(from, event));
    const now = this.stamp();
    if (to !== from) {
      session.state = to;
      session.state_changed_at = now;
    }
    session.updated_at = now;
    return { at: now, actor, event, from, to, note };
  }

  private commit(before: SessionState, session: Session, history: HistoryEntry[], actor: Actor): Session {
    this.sessions.set(session.id, session);
    this.histories.set(session.id, [...(this.histories.get(session.id) ?? []), ...history]);
    if (session.state !== before) {
      this.announce(session, before, actor);
    } else {
      this.emit({ type: 'session_updated', session: copy(session), actor });
    }
    return copy(session);
  }

  /** A state change goes on the bus, and (SD6) to the desktop when it concerns me. */
  private announce(session: Session, from: SessionState | null, actor: Actor): void {
    this.emit({ type: 'session_changed', session: copy(session), from, actor });
    const me = this.me().id;
    const muted = this.muted.get(me)?.has(session.channel_id) ?? false;
    if (muted || (actor.kind === 'technician' && actor.id === me)) return;
    const mine = technicians(session).includes(me);
    const channel = this.channels.find((c) => c.id === session.channel_id);
    let title: string | null = null;
    if (from !== null && from !== session.state && mine) {
      title = `${session.customer_name} — ${stateLabel(session.state)}`;
    } else if (session.state === 'in_queue' && from !== 'in_queue' && canSee(channel, session, me)) {
      title = `${session.customer_name} — waiting in queue`;
    }
    if (title === null) return;
    const body = `${session.issue ? `${session.issue} · ` : ''}Splashtop says ${session.provider_status} · ${channel?.name ?? 'Private'}`;
    this.notifier = { ...this.notifier, sent: this.notifier.sent + 1 };
    this.emit({ type: 'notified', notification: { title, body, session_id: session.id } });
    this.emit({ type: 'notifier_health', health: copy(this.notifier) });
  }

  /** SD7: sessions that stayed in an open state longer than their channel's timeout expire. */
  private expireDue(): void {
    const now = this.clock().getTime();
    for (const session of [...this.sessions.values()]) {
      if (!isOpen(session.state)) continue;
      const channel = this.channels.find((c) => c.id === session.channel_id);
      if (!channel) continue;
      const minutes = channel.settings.session_timeout_minutes;
      if (now - Date.parse(session.state_changed_at) < minutes * 60_000) continue;
      const draft = copy(session);
      const note = `no change for ${minutes} minutes (the timeout of ${channel.name})`;
      const entry = this.step(draft, 'timeout', { kind: 'system' }, note);
      draft.provider_status = statusWord('expired');
      this.commit(session.state, draft, [entry], { kind: 'system' });
    }
  }

  /** A new Pending session at the provider, in `channel`, for `assignee` (or the queue). */
  private openSession(
    me: Technician,
    channel: Channel,
    customer_name: string,
    issue: string,
    assignee: string | null,
  ): Session {
    this.reachProvider();
    const now = this.stamp();
    const code = this.newCode();
    const session: Session = {
      id: this.newId(),
      channel_id: channel.id,
      provider: 'splashtop',
      provider_session_id: String(700000 + this.sequence),
      customer_name,
      issue,
      code,
      link: `https://my.splashtop.com/service_desk/psa/${code}`,
      state: 'pending',
      provider_status: statusWord('pending'),
      permission: 'not_requested',
      assignee,
      invited: [],
      created_by: me.id,
      created_at: now,
      updated_at: now,
      state_changed_at: now,
    };
    const actor: Actor = { kind: 'technician', id: me.id };
    this.sessions.set(session.id, session);
    this.histories.set(session.id, [
      { at: now, actor, event: null, from: null, to: 'pending', note: `created in ${channel.name} with code ${code}` },
    ]);
    this.announce(session, null, actor);
    return session;
  }

  private reachProvider(): void {
    if (this.providerDown !== null) {
      fail('unreachable', `Splashtop: ${this.providerDown}`);
    }
    this.providerOk();
  }

  private providerOk(): void {
    const changed = !this.provider.online || this.provider.error !== null;
    this.provider = { ...this.provider, online: true, error: null, last_ok_at: this.stamp() };
    if (changed) this.emit({ type: 'provider_health', health: copy(this.provider) });
  }

  /** TK2: provider actions wait in the outbox while the provider is unreachable. */
  private enqueue(action: string): void {
    this.outbox.push(action);
  }

  private flushOutbox(): void {
    if (this.providerDown !== null || this.outbox.length === 0) return;
    this.outbox = [];
    this.emit({ type: 'board_changed' });
  }

  private stamp(): string {
    return this.clock().toISOString();
  }

  private newId(): string {
    this.sequence += 1;
    const random = Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0');
    return `mem-${this.sequence.toString(16).padStart(6, '0')}-${random}`;
  }

  private newCode(): string {
    const taken = new Set([...this.sessions.values()].map((s) => s.code));
    for (;;) {
      const code = String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
      if (!taken.has(code)) return code;
    }
  }
}

/** As the core checks a base URL: https anywhere, plain http only on this machine. */
function checkBaseUrl(raw: string): string {
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    url = null;
  }
  const loopback = url !== null && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  const ok =
    url !== null &&
    ((url.protocol === 'https:' && url.hostname !== '') || (url.protocol === 'http:' && loopback)) &&
    url.username === '' &&
    url.password === '' &&
    url.search === '';
  if (!ok || url === null) {
    fail(
      'invalid_input',
      `"${raw}": use https://host (e.g. https://webapi.splashtop.com); plain http only on this machine, and no credentials or query in the address`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

function requireOnSession(session: Session, me: Technician): void {
  if (!technicians(session).includes(me.id)) {
    fail('forbidden', `${me.name} is not on this session: take it or ask to be invited first`);
  }
}
