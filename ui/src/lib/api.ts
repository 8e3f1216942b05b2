// Generated from Tether's command table (crates/tether-api/src/table.rs) by
// `cargo test -p tether-api`; CI checks that it is fresh. Do not edit.
import type { Asset } from './bindings/Asset';
import type { AssetDetail } from './bindings/AssetDetail';
import type { AssetQuery } from './bindings/AssetQuery';
import type { AuthorisationStatus } from './bindings/AuthorisationStatus';
import type { BeyondTrustSettings } from './bindings/BeyondTrustSettings';
import type { Board } from './bindings/Board';
import type { ChannelRef } from './bindings/ChannelRef';
import type { ChannelSettings } from './bindings/ChannelSettings';
import type { ChatInvitePreview } from './bindings/ChatInvitePreview';
import type { ChatMessage } from './bindings/ChatMessage';
import type { DemoMail } from './bindings/DemoMail';
import type { DeskImport } from './bindings/DeskImport';
import type { Directory } from './bindings/Directory';
import type { EndUserAction } from './bindings/EndUserAction';
import type { ErrorDto } from './bindings/ErrorDto';
import type { Event } from './bindings/Event';
import type { ImportKind } from './bindings/ImportKind';
import type { ImportOutcome } from './bindings/ImportOutcome';
import type { ImportPreview } from './bindings/ImportPreview';
import type { ImportReport } from './bindings/ImportReport';
import type { ImportRowPage } from './bindings/ImportRowPage';
import type { ImportRowQuery } from './bindings/ImportRowQuery';
import type { IntakeRound } from './bindings/IntakeRound';
import type { Integration } from './bindings/Integration';
import type { IntegrationKind } from './bindings/IntegrationKind';
import type { IntegrationUpdate } from './bindings/IntegrationUpdate';
import type { InvitePreview } from './bindings/InvitePreview';
import type { InviteRequest } from './bindings/InviteRequest';
import type { InviteTarget } from './bindings/InviteTarget';
import type { InviteTemplates } from './bindings/InviteTemplates';
import type { JoinTeam } from './bindings/JoinTeam';
import type { Launch } from './bindings/Launch';
import type { NewSession } from './bindings/NewSession';
import type { NewTicket } from './bindings/NewTicket';
import type { OAuthConnection } from './bindings/OAuthConnection';
import type { OpenedUrl } from './bindings/OpenedUrl';
import type { PendingAction } from './bindings/PendingAction';
import type { PendingMail } from './bindings/PendingMail';
import type { PollReport } from './bindings/PollReport';
import type { RemoteSessionRecord } from './bindings/RemoteSessionRecord';
import type { RemoteSupportSettings } from './bindings/RemoteSupportSettings';
import type { Session } from './bindings/Session';
import type { SessionDetail } from './bindings/SessionDetail';
import type { SessionPage } from './bindings/SessionPage';
import type { SessionQuery } from './bindings/SessionQuery';
import type { SetupChecklist } from './bindings/SetupChecklist';
import type { SyncroAlertSettings } from './bindings/SyncroAlertSettings';
import type { SyncroImportChoices } from './bindings/SyncroImportChoices';
import type { SyncroImportSettings } from './bindings/SyncroImportSettings';
import type { TeamStatus } from './bindings/TeamStatus';
import type { Technician } from './bindings/Technician';
import type { TemplatePreview } from './bindings/TemplatePreview';
import type { TestOutcome } from './bindings/TestOutcome';
import type { Ticket } from './bindings/Ticket';
import type { TicketAction } from './bindings/TicketAction';
import type { TicketCreated } from './bindings/TicketCreated';
import type { TicketDetail } from './bindings/TicketDetail';
import type { TicketQuery } from './bindings/TicketQuery';
import type { TicketStatus } from './bindings/TicketStatus';
import type { TicketType } from './bindings/TicketType';
import type { TvPanel } from './bindings/TvPanel';
import type { TvPanelSession } from './bindings/TvPanelSession';
import type { TvSessionKind } from './bindings/TvSessionKind';
import type { UnlinkedSession } from './bindings/UnlinkedSession';
import type { WorkspaceInfo } from './bindings/WorkspaceInfo';

/** Every command: the arguments it takes (as sent) and what it answers. */
export interface Commands {
  /**
   * The sidebar: the technician at the desk, channels with their counts, provider health, pending actions and settings.
   */
  board: { args: Record<string, never>; output: Board };
  /**
   * Every session of a view (Home, Private, a channel), newest state change first.
   */
  list_sessions: { args: { view: ChannelRef }; output: Array<Session> };
  /**
   * One page of a view's list, for a state tab and a search, with every tab's count.
   */
  session_page: { args: { view: ChannelRef; query: SessionQuery }; output: SessionPage };
  /**
   * One session with its history and what the technician may do with it now.
   */
  session_detail: { args: { id: string }; output: SessionDetail };
  /**
   * SD2: a new session at the provider, Pending and assigned to the technician.
   */
  create_session: { args: { session: NewSession }; output: Session };
  /**
   * SD4: asks the end user for permission to connect.
   */
  request_permission: { args: { id: string }; output: Session };
  /**
   * SD4: opens the technician's side once the end user granted permission.
   */
  start_remote: { args: { id: string }; output: OpenedUrl };
  /**
   * SD5: assigns (or transfers to) a technician.
   */
  assign: { args: { id: string; technician_id: string }; output: Session };
  /**
   * SD5: the technician at the desk takes the session.
   */
  take: { args: { id: string }; output: Session };
  /**
   * SD5: moves the session to another channel.
   */
  transfer_to_channel: { args: { id: string; channel_id: string }; output: Session };
  /**
   * SD5: invites another technician (at most three per session).
   */
  invite_technician: { args: { id: string; technician_id: string }; output: Session };
  /**
   * SD5: releases the session to its channel's queue.
   */
  release: { args: { id: string }; output: Session };
  /**
   * SD5: closes the session; the provider is told through the outbox. A session from a ticket takes `comment` back to it with its time (SP2).
   */
  close: { args: { id: string; comment: string | null }; output: Session };
  /**
   * SD5: removes the session from its channel and, through the outbox, from the provider.
   */
  delete_session: { args: { id: string }; output: null };
  /**
   * TK2: every provider action waiting, refused or not.
   */
  pending_actions: { args: Record<string, never>; output: Array<PendingAction> };
  /**
   * TK2 *Retry*: sends a waiting or refused provider action now.
   */
  retry_action: { args: { id: number }; output: null };
  /**
   * TK2 *Discard*: gives up on a waiting or refused provider action.
   */
  discard_action: { args: { id: number }; output: null };
  /**
   * Polls the provider now.
   */
  sync_now: { args: Record<string, never>; output: PollReport };
  /**
   * Demo workspace: plays the end user of the session with this code.
   */
  demo_end_user: { args: { code: string; action: EndUserAction }; output: null };
  /**
   * Which workspace is open (the demo or the desk's own), and what it still needs.
   */
  workspace: { args: Record<string, never>; output: WorkspaceInfo };
  /**
   * "Set up your workspace": the desk's own workspace from now on, with the technician at the desk. The demo's data stays in the demo.
   */
  leave_demo: { args: { technician: Technician | null }; output: WorkspaceInfo };
  /**
   * Back to the demo workspace; the desk's own keeps everything for later.
   */
  return_to_demo: { args: Record<string, never>; output: WorkspaceInfo };
  /**
   * Joins a team: its server and the technician's access token (kept in the keychain). The desk then works on the team's board; its solo workspace waits, untouched.
   */
  join_team: { args: { join: JoinTeam }; output: TeamStatus };
  /**
   * Leaves the team: back to the solo workspace as it was.
   */
  leave_team: { args: Record<string, never>; output: WorkspaceInfo };
  /**
   * The team this desk is in: whether the server is reachable, and the actions taken while it was not (waiting, or refused on replay).
   */
  team_status: { args: Record<string, never>; output: TeamStatus };
  /**
   * Forgets an action taken offline: a refusal read, or an action given up.
   */
  dismiss_team_action: { args: { id: number }; output: TeamStatus };
  /**
   * SD7: a channel's timeout, members and privacy.
   */
  update_channel_settings: { args: { channel_id: string; settings: ChannelSettings }; output: null };
  /**
   * SD6: mutes or unmutes a channel's notifications.
   */
  set_channel_muted: { args: { channel_id: string; muted: boolean }; output: null };
  /**
   * Every technician Tether knows.
   */
  technicians: { args: Record<string, never>; output: Array<Technician> };
  /**
   * Adds a technician, or updates one with the same id.
   */
  add_technician: { args: { technician: Technician }; output: null };
  /**
   * Chooses the technician at this desk.
   */
  set_current_technician: { args: { id: string }; output: null };
  /**
   * How often open sessions are polled, in milliseconds.
   */
  set_poll_interval: { args: { ms: number }; output: null };
  /**
   * How many requests a minute polling open sessions may make.
   */
  set_poll_budget: { args: { per_minute: number }; output: null };
  /**
   * SP1: where the technician's new sessions go unless they pick another channel.
   */
  set_default_channel: { args: { channel_id: string }; output: null };
  /**
   * IN8: whether the technician at the desk takes invitations now.
   */
  set_available: { args: { available: boolean }; output: null };
  /**
   * One card per provider. Secrets never come back: only which are stored.
   */
  integrations: { args: Record<string, never>; output: Array<Integration> };
  /**
   * Saves a card; its secrets go to the OS keychain.
   */
  save_integration: { args: { update: IntegrationUpdate }; output: Integration };
  /**
   * Removes one secret of a card from the keychain.
   */
  remove_integration_secret: { args: { kind: IntegrationKind; key: string }; output: Integration };
  /**
   * Removes a provider's secrets from the keychain and its settings from the cache.
   */
  remove_integration: { args: { kind: IntegrationKind }; output: null };
  /**
   * *Test configuration*: the provider's cheapest authenticated call, in words.
   */
  test_integration: { args: { kind: IntegrationKind }; output: TestOutcome };
  /**
   * *Test configuration* on what the card shows, saved or not; writes nothing.
   */
  test_integration_draft: { args: { update: IntegrationUpdate }; output: TestOutcome };
  /**
   * The technician's own OAuth authorisation of a provider.
   */
  authorisation: { args: { kind: IntegrationKind }; output: AuthorisationStatus };
  /**
   * Opens the provider's consent page and waits (five minutes at most) for its redirect; an `authorisation_pending` event carries the page's link meanwhile.
   */
  authorise: { args: { kind: IntegrationKind }; output: AuthorisationStatus };
  /**
   * The sign-in page of the authorisation waiting now, opened again by the system (the browser did not open, or was closed); the caller opens `url` itself when `opened` is false.
   */
  open_authorisation: { args: { kind: IntegrationKind }; output: OpenedUrl };
  /**
   * Leaves a colleague's connection, or forgets (and revokes) the technician's own tokens.
   */
  disconnect: { args: { kind: IntegrationKind }; output: AuthorisationStatus };
  /**
   * TV1: connections colleagues authorised on this machine, to reuse instead of signing in again.
   */
  oauth_connections: { args: { kind: IntegrationKind }; output: Array<OAuthConnection> };
  /**
   * TV1: use a colleague's connection (or, given one's own id, one's own again).
   */
  reuse_connection: { args: { kind: IntegrationKind; owner: string }; output: AuthorisationStatus };
  /**
   * What the admin chose about importing from Syncro.
   */
  syncro_import_settings: { args: Record<string, never>; output: SyncroImportSettings };
  /**
   * The field selects of Settings → SyncroMSP.
   */
  syncro_import_choices: { args: Record<string, never>; output: SyncroImportChoices };
  /**
   * Refuses mappings and sites that name nothing on this desk, each by name.
   */
  save_syncro_import_settings: { args: { settings: SyncroImportSettings }; output: SyncroImportSettings };
  /**
   * SY5: reads every page from Syncro and plans every row; writes nothing. `import_progress` events follow the pages.
   */
  preview_syncro_import: { args: { kind: ImportKind }; output: ImportPreview };
  /**
   * The preview waiting to run, if any.
   */
  syncro_import_preview: { args: Record<string, never>; output: ImportPreview | null };
  /**
   * A page of the preview's rows, filtered by action and searched.
   */
  syncro_import_rows: { args: { query: ImportRowQuery }; output: ImportRowPage };
  /**
   * Writes exactly the previewed plan, unless Syncro changed since; continues a run that stopped part-way.
   */
  run_syncro_import: { args: { preview_id: string }; output: ImportOutcome };
  /**
   * Forgets the preview waiting to run; nothing was written.
   */
  discard_syncro_preview: { args: Record<string, never>; output: null };
  /**
   * SY6: the last run of each kind.
   */
  syncro_import_runs: { args: Record<string, never>; output: Array<ImportOutcome> };
  /**
   * SY6: re-sync now, without a preview.
   */
  sync_syncro_now: { args: { kind: ImportKind }; output: ImportOutcome };
  /**
   * SY7: what becomes of Syncro's RMM alerts.
   */
  syncro_alert_settings: { args: Record<string, never>; output: SyncroAlertSettings };
  save_syncro_alert_settings: { args: { settings: SyncroAlertSettings }; output: SyncroAlertSettings };
  /**
   * SY7: where a Syncro webhook may post alerts; null while nothing listens.
   */
  syncro_alerts_receiver: { args: Record<string, never>; output: string | null };
  /**
   * SY7: reads the alerts now; returns how many tickets were made.
   */
  check_syncro_alerts: { args: Record<string, never>; output: number };
  /**
   * TV4: the ticket's TeamViewer panel: whether TeamViewer is on, and its sessions as the technician at the desk may see them.
   */
  tv_panel: { args: { ticket_id: string }; output: TvPanel };
  /**
   * TV2 / TV3: a remote or pilot session for the ticket's requester, invited by email (and, for a pilot session with a phone number, by SMS).
   */
  create_tv_session: { args: { ticket_id: string; kind: TvSessionKind; phone: string | null }; output: TvPanelSession };
  /**
   * TV4: the requester's invitation again.
   */
  reinvite_tv_session: { args: { code: string }; output: null };
  /**
   * TV4: closes the session at TeamViewer and takes its reports onto the ticket.
   */
  end_tv_session: { args: { code: string }; output: TvPanelSession };
  /**
   * TV4: opens the supporter link (the creator's only).
   */
  enter_tv_session: { args: { code: string }; output: OpenedUrl };
  /**
   * TV5: asks TeamViewer now for the sessions' state and finished connections.
   */
  sync_teamviewer: { args: Record<string, never>; output: number };
  /**
   * Customers, teams, ticket and asset types: the desk's filters and targets.
   */
  directory: { args: Record<string, never>; output: Directory };
  /**
   * IN3: whether a ticket type sends an invitation on create, and where it goes.
   */
  update_ticket_type: { args: { id: string; send_invite_on_create: boolean; invite_target: InviteTarget }; output: TicketType };
  /**
   * Tickets matching the query, newest first (at most 500).
   */
  tickets: { args: { query: TicketQuery }; output: Array<Ticket> };
  /**
   * One ticket with its timeline.
   */
  ticket_detail: { args: { id: string }; output: TicketDetail };
  /**
   * IN3: a ticket; its type may send an invitation at once.
   */
  create_ticket: { args: { ticket: NewTicket }; output: TicketCreated };
  /**
   * A note on a ticket's timeline.
   */
  add_ticket_note: { args: { id: string; note: string }; output: null };
  /**
   * SY7: a ticket's status (open, in progress, waiting, resolved, closed), on the timeline; resolving an alert's ticket resolves the alert in Syncro.
   */
  set_ticket_status: { args: { id: string; status: TicketStatus }; output: Ticket };
  /**
   * IN8 before sending: where the session will really go, and the email.
   */
  preview_invite: { args: { request: InviteRequest }; output: InvitePreview };
  /**
   * IN1, IN2, IN6: creates the session and mails the invitation through the outbox.
   */
  send_invite: { args: { request: InviteRequest }; output: TicketAction };
  /**
   * IN4 before posting: where the session will go, and the chat message as it reads. Without a target, the ticket type's, else the default one.
   */
  preview_chat_invite: { args: { ticket_id: string; target: InviteTarget | null }; output: ChatInvitePreview };
  /**
   * IN4: the link as a message in the ticket's chat; the target as for the preview.
   */
  send_chat_invite: { args: { ticket_id: string; target: InviteTarget | null }; output: ChatMessage };
  /**
   * A chat's messages, oldest first.
   */
  chat_messages: { args: { chat_id: string }; output: Array<ChatMessage> };
  /**
   * Assets matching the query.
   */
  assets: { args: { query: AssetQuery }; output: Array<Asset> };
  /**
   * An asset with its fields, launch buttons (or why there are none) and launches.
   */
  asset_detail: { args: { id: string }; output: AssetDetail };
  /**
   * UA5, UA6: records the launch, then opens it with the system.
   */
  launch: { args: { asset_id: string; button_id: string }; output: Launch };
  /**
   * The URL a launch button would open, recording nothing.
   */
  launch_url: { args: { asset_id: string; button_id: string }; output: Launch };
  /**
   * IN1, IN5, IN7, IN8, UA1, UA2.
   */
  remote_support_settings: { args: Record<string, never>; output: RemoteSupportSettings };
  save_remote_support_settings: { args: { settings: RemoteSupportSettings }; output: null };
  /**
   * IN5: the template editor's live preview, with every problem found.
   */
  preview_templates: { args: { templates: InviteTemplates }; output: TemplatePreview };
  /**
   * TK2: emails still waiting for the mail server.
   */
  pending_mail: { args: Record<string, never>; output: Array<PendingMail> };
  /**
   * TK2: gives up on an email the server refused; the ticket's timeline says so.
   */
  discard_mail: { args: { id: number }; output: null };
  /**
   * TK2: new recipients for an email the server refused, sent now.
   */
  correct_mail: { args: { id: number; recipients: string }; output: PendingMail };
  /**
   * Tries every pending email now; answers how many still wait.
   */
  retry_mail: { args: Record<string, never>; output: number };
  /**
   * Customers, teams, types, assets and tickets from an import file; rows that fail their checks are named and skipped.
   */
  import_desk: { args: { desk: DeskImport }; output: ImportReport };
  /**
   * BT2, BT3, BT8: agents, teams and the intake rules.
   */
  beyondtrust_settings: { args: Record<string, never>; output: BeyondTrustSettings };
  save_beyondtrust_settings: { args: { settings: BeyondTrustSettings }; output: null };
  /**
   * BT3 *Get teams*: adds the appliance's teams not listed yet, disabled.
   */
  fetch_beyondtrust_teams: { args: Record<string, never>; output: BeyondTrustSettings };
  /**
   * BT7: finished sessions no ticket claimed, with suggested tickets.
   */
  unlinked_sessions: { args: Record<string, never>; output: Array<UnlinkedSession> };
  /**
   * BT7: the session's action goes on the ticket.
   */
  link_remote_session: { args: { id: string; ticket_id: string }; output: RemoteSessionRecord };
  /**
   * The demo's mailbox: what its invitations sent, newest first.
   */
  demo_mailbox: { args: Record<string, never>; output: Array<DemoMail> };
  /**
   * The way from the demo to a working desk: each step done or missing, and where in Settings it is done.
   */
  setup_checklist: { args: Record<string, never>; output: SetupChecklist };
  /**
   * Where BeyondTrust's outbound events must be sent; null while nothing listens.
   */
  events_receiver: { args: Record<string, never>; output: string | null };
  /**
   * Processes stored events and reconciles with the reporting API now.
   */
  intake_now: { args: Record<string, never>; output: IntakeRound };
}

export type CommandName = keyof Commands;
export type Args<K extends CommandName> = Commands[K]['args'];
export type Output<K extends CommandName> = Commands[K]['output'];

/** Every command, in the table's order. */
export const COMMAND_NAMES: readonly CommandName[] = [
  'board',
  'list_sessions',
  'session_page',
  'session_detail',
  'create_session',
  'request_permission',
  'start_remote',
  'assign',
  'take',
  'transfer_to_channel',
  'invite_technician',
  'release',
  'close',
  'delete_session',
  'pending_actions',
  'retry_action',
  'discard_action',
  'sync_now',
  'demo_end_user',
  'workspace',
  'leave_demo',
  'return_to_demo',
  'join_team',
  'leave_team',
  'team_status',
  'dismiss_team_action',
  'update_channel_settings',
  'set_channel_muted',
  'technicians',
  'add_technician',
  'set_current_technician',
  'set_poll_interval',
  'set_poll_budget',
  'set_default_channel',
  'set_available',
  'integrations',
  'save_integration',
  'remove_integration_secret',
  'remove_integration',
  'test_integration',
  'test_integration_draft',
  'authorisation',
  'authorise',
  'open_authorisation',
  'disconnect',
  'oauth_connections',
  'reuse_connection',
  'syncro_import_settings',
  'syncro_import_choices',
  'save_syncro_import_settings',
  'preview_syncro_import',
  'syncro_import_preview',
  'syncro_import_rows',
  'run_syncro_import',
  'discard_syncro_preview',
  'syncro_import_runs',
  'sync_syncro_now',
  'syncro_alert_settings',
  'save_syncro_alert_settings',
  'syncro_alerts_receiver',
  'check_syncro_alerts',
  'tv_panel',
  'create_tv_session',
  'reinvite_tv_session',
  'end_tv_session',
  'enter_tv_session',
  'sync_teamviewer',
  'directory',
  'update_ticket_type',
  'tickets',
  'ticket_detail',
  'create_ticket',
  'add_ticket_note',
  'set_ticket_status',
  'preview_invite',
  'send_invite',
  'preview_chat_invite',
  'send_chat_invite',
  'chat_messages',
  'assets',
  'asset_detail',
  'launch',
  'launch_url',
  'remote_support_settings',
  'save_remote_support_settings',
  'preview_templates',
  'pending_mail',
  'discard_mail',
  'correct_mail',
  'retry_mail',
  'import_desk',
  'beyondtrust_settings',
  'save_beyondtrust_settings',
  'fetch_beyondtrust_teams',
  'unlinked_sessions',
  'link_remote_session',
  'demo_mailbox',
  'setup_checklist',
  'events_receiver',
  'intake_now',
];

/** How a failed command rejects: the core's code and its sentence. */
export type CommandError = ErrorDto;

/** How commands reach the core: Tauri's IPC in the window, HTTP against `tether serve`. */
export interface Transport {
  /** Resolves with the command's output; rejects with a `CommandError`. */
  invoke<K extends CommandName>(name: K, args: Args<K>): Promise<Output<K>>;
  /** Every core event; resolves to the function that stops listening. */
  listen(handler: (event: Event) => void): Promise<() => void>;
}

/** The typed client: one method per command, arguments in the table's order. */
export class Api {
  constructor(readonly transport: Transport) {}

  /**
   * The sidebar: the technician at the desk, channels with their counts, provider health, pending actions and settings.
   */
  board(): Promise<Board> {
    return this.transport.invoke('board', {});
  }

  /**
   * Every session of a view (Home, Private, a channel), newest state change first.
   */
  listSessions(view: ChannelRef): Promise<Array<Session>> {
    return this.transport.invoke('list_sessions', { view });
  }

  /**
   * One page of a view's list, for a state tab and a search, with every tab's count.
   */
  sessionPage(view: ChannelRef, query: SessionQuery): Promise<SessionPage> {
    return this.transport.invoke('session_page', { view, query });
  }

  /**
   * One session with its history and what the technician may do with it now.
   */
  sessionDetail(id: string): Promise<SessionDetail> {
    return this.transport.invoke('session_detail', { id });
  }

  /**
   * SD2: a new session at the provider, Pending and assigned to the technician.
   */
  createSession(session: NewSession): Promise<Session> {
    return this.transport.invoke('create_session', { session });
  }

  /**
   * SD4: asks the end user for permission to connect.
   */
  requestPermission(id: string): Promise<Session> {
    return this.transport.invoke('request_permission', { id });
  }

  /**
   * SD4: opens the technician's side once the end user granted permission.
   */
  startRemote(id: string): Promise<OpenedUrl> {
    return this.transport.invoke('start_remote', { id });
  }

  /**
   * SD5: assigns (or transfers to) a technician.
   */
  assign(id: string, technicianId: string): Promise<Session> {
    return this.transport.invoke('assign', { id, technician_id: technicianId });
  }

  /**
   * SD5: the technician at the desk takes the session.
   */
  take(id: string): Promise<Session> {
    return this.transport.invoke('take', { id });
  }

  /**
   * SD5: moves the session to another channel.
   */
  transferToChannel(id: string, channelId: string): Promise<Session> {
    return this.transport.invoke('transfer_to_channel', { id, channel_id: channelId });
  }

  /**
   * SD5: invites another technician (at most three per session).
   */
  inviteTechnician(id: string, technicianId: string): Promise<Session> {
    return this.transport.invoke('invite_technician', { id, technician_id: technicianId });
  }

  /**
   * SD5: releases the session to its channel's queue.
   */
  release(id: string): Promise<Session> {
    return this.transport.invoke('release', { id });
  }

  /**
   * SD5: closes the session; the provider is told through the outbox. A session from a ticket takes `comment` back to it with its time (SP2).
   */
  close(id: string, comment: string | null): Promise<Session> {
    return this.transport.invoke('close', { id, comment });
  }

  /**
   * SD5: removes the session from its channel and, through the outbox, from the provider.
   */
  deleteSession(id: string): Promise<null> {
    return this.transport.invoke('delete_session', { id });
  }

  /**
   * TK2: every provider action waiting, refused or not.
   */
  pendingActions(): Promise<Array<PendingAction>> {
    return this.transport.invoke('pending_actions', {});
  }

  /**
   * TK2 *Retry*: sends a waiting or refused provider action now.
   */
  retryAction(id: number): Promise<null> {
    return this.transport.invoke('retry_action', { id });
  }

  /**
   * TK2 *Discard*: gives up on a waiting or refused provider action.
   */
  discardAction(id: number): Promise<null> {
    return this.transport.invoke('discard_action', { id });
  }

  /**
   * Polls the provider now.
   */
  syncNow(): Promise<PollReport> {
    return this.transport.invoke('sync_now', {});
  }

  /**
   * Demo workspace: plays the end user of the session with this code.
   */
  demoEndUser(code: string, action: EndUserAction): Promise<null> {
    return this.transport.invoke('demo_end_user', { code, action });
  }

  /**
   * Which workspace is open (the demo or the desk's own), and what it still needs.
   */
  workspace(): Promise<WorkspaceInfo> {
    return this.transport.invoke('workspace', {});
  }

  /**
   * "Set up your workspace": the desk's own workspace from now on, with the technician at the desk. The demo's data stays in the demo.
   */
  leaveDemo(technician: Technician | null): Promise<WorkspaceInfo> {
    return this.transport.invoke('leave_demo', { technician });
  }

  /**
   * Back to the demo workspace; the desk's own keeps everything for later.
   */
  returnToDemo(): Promise<WorkspaceInfo> {
    return this.transport.invoke('return_to_demo', {});
  }

  /**
   * Joins a team: its server and the technician's access token (kept in the keychain). The desk then works on the team's board; its solo workspace waits, untouched.
   */
  joinTeam(join: JoinTeam): Promise<TeamStatus> {
    return this.transport.invoke('join_team', { join });
  }

  /**
   * Leaves the team: back to the solo workspace as it was.
   */
  leaveTeam(): Promise<WorkspaceInfo> {
    return this.transport.invoke('leave_team', {});
  }

  /**
   * The team this desk is in: whether the server is reachable, and the actions taken while it was not (waiting, or refused on replay).
   */
  teamStatus(): Promise<TeamStatus> {
    return this.transport.invoke('team_status', {});
  }

  /**
   * Forgets an action taken offline: a refusal read, or an action given up.
   */
  dismissTeamAction(id: number): Promise<TeamStatus> {
    return this.transport.invoke('dismiss_team_action', { id });
  }

  /**
   * SD7: a channel's timeout, members and privacy.
   */
  updateChannelSettings(channelId: string, settings: ChannelSettings): Promise<null> {
    return this.transport.invoke('update_channel_settings', { channel_id: channelId, settings });
  }

  /**
   * SD6: mutes or unmutes a channel's notifications.
   */
  setChannelMuted(channelId: string, muted: boolean): Promise<null> {
    return this.transport.invoke('set_channel_muted', { channel_id: channelId, muted });
  }

  /**
   * Every technician Tether knows.
   */
  technicians(): Promise<Array<Technician>> {
    return this.transport.invoke('technicians', {});
  }

  /**
   * Adds a technician, or updates one with the same id.
   */
  addTechnician(technician: Technician): Promise<null> {
    return this.transport.invoke('add_technician', { technician });
  }

  /**
   * Chooses the technician at this desk.
   */
  setCurrentTechnician(id: string): Promise<null> {
    return this.transport.invoke('set_current_technician', { id });
  }

  /**
   * How often open sessions are polled, in milliseconds.
   */
  setPollInterval(ms: number): Promise<null> {
    return this.transport.invoke('set_poll_interval', { ms });
  }

  /**
   * How many requests a minute polling open sessions may make.
   */
  setPollBudget(perMinute: number): Promise<null> {
    return this.transport.invoke('set_poll_budget', { per_minute: perMinute });
  }

  /**
   * SP1: where the technician's new sessions go unless they pick another channel.
   */
  setDefaultChannel(channelId: string): Promise<null> {
    return this.transport.invoke('set_default_channel', { channel_id: channelId });
  }

  /**
   * IN8: whether the technician at the desk takes invitations now.
   */
  setAvailable(available: boolean): Promise<null> {
    return this.transport.invoke('set_available', { available });
  }

  /**
   * One card per provider. Secrets never come back: only which are stored.
   */
  integrations(): Promise<Array<Integration>> {
    return this.transport.invoke('integrations', {});
  }

  /**
   * Saves a card; its secrets go to the OS keychain.
   */
  saveIntegration(update: IntegrationUpdate): Promise<Integration> {
    return this.transport.invoke('save_integration', { update });
  }

  /**
   * Removes one secret of a card from the keychain.
   */
  removeIntegrationSecret(kind: IntegrationKind, key: string): Promise<Integration> {
    return this.transport.invoke('remove_integration_secret', { kind, key });
  }

  /**
   * Removes a provider's secrets from the keychain and its settings from the cache.
   */
  removeIntegration(kind: IntegrationKind): Promise<null> {
    return this.transport.invoke('remove_integration', { kind });
  }

  /**
   * *Test configuration*: the provider's cheapest authenticated call, in words.
   */
  testIntegration(kind: IntegrationKind): Promise<TestOutcome> {
    return this.transport.invoke('test_integration', { kind });
  }

  /**
   * *Test configuration* on what the card shows, saved or not; writes nothing.
   */
  testIntegrationDraft(update: IntegrationUpdate): Promise<TestOutcome> {
    return this.transport.invoke('test_integration_draft', { update });
  }

  /**
   * The technician's own OAuth authorisation of a provider.
   */
  authorisation(kind: IntegrationKind): Promise<AuthorisationStatus> {
    return this.transport.invoke('authorisation', { kind });
  }

  /**
   * Opens the provider's consent page and waits (five minutes at most) for its redirect; an `authorisation_pending` event carries the page's link meanwhile.
   */
  authorise(kind: IntegrationKind): Promise<AuthorisationStatus> {
    return this.transport.invoke('authorise', { kind });
  }

  /**
   * The sign-in page of the authorisation waiting now, opened again by the system (the browser did not open, or was closed); the caller opens `url` itself when `opened` is false.
   */
  openAuthorisation(kind: IntegrationKind): Promise<OpenedUrl> {
    return this.transport.invoke('open_authorisation', { kind });
  }

  /**
   * Leaves a colleague's connection, or forgets (and revokes) the technician's own tokens.
   */
  disconnect(kind: IntegrationKind): Promise<AuthorisationStatus> {
    return this.transport.invoke('disconnect', { kind });
  }

  /**
   * TV1: connections colleagues authorised on this machine, to reuse instead of signing in again.
   */
  oauthConnections(kind: IntegrationKind): Promise<Array<OAuthConnection>> {
    return this.transport.invoke('oauth_connections', { kind });
  }

  /**
   * TV1: use a colleague's connection (or, given one's own id, one's own again).
   */
  reuseConnection(kind: IntegrationKind, owner: string): Promise<AuthorisationStatus> {
    return this.transport.invoke('reuse_connection', { kind, owner });
  }

  /**
   * What the admin chose about importing from Syncro.
   */
  syncroImportSettings(): Promise<SyncroImportSettings> {
    return this.transport.invoke('syncro_import_settings', {});
  }

  /**
   * The field selects of Settings → SyncroMSP.
   */
  syncroImportChoices(): Promise<SyncroImportChoices> {
    return this.transport.invoke('syncro_import_choices', {});
  }

  /**
   * Refuses mappings and sites that name nothing on this desk, each by name.
   */
  saveSyncroImportSettings(settings: SyncroImportSettings): Promise<SyncroImportSettings> {
    return this.transport.invoke('save_syncro_import_settings', { settings });
  }

  /**
   * SY5: reads every page from Syncro and plans every row; writes nothing. `import_progress` events follow the pages.
   */
  previewSyncroImport(kind: ImportKind): Promise<ImportPreview> {
    return this.transport.invoke('preview_syncro_import', { kind });
  }

  /**
   * The preview waiting to run, if any.
   */
  syncroImportPreview(): Promise<ImportPreview | null> {
    return this.transport.invoke('syncro_import_preview', {});
  }

  /**
   * A page of the preview's rows, filtered by action and searched.
   */
  syncroImportRows(query: ImportRowQuery): Promise<ImportRowPage> {
    return this.transport.invoke('syncro_import_rows', { query });
  }

  /**
   * Writes exactly the previewed plan, unless Syncro changed since; continues a run that stopped part-way.
   */
  runSyncroImport(previewId: string): Promise<ImportOutcome> {
    return this.transport.invoke('run_syncro_import', { preview_id: previewId });
  }

  /**
   * Forgets the preview waiting to run; nothing was written.
   */
  discardSyncroPreview(): Promise<null> {
    return this.transport.invoke('discard_syncro_preview', {});
  }

  /**
   * SY6: the last run of each kind.
   */
  syncroImportRuns(): Promise<Array<ImportOutcome>> {
    return this.transport.invoke('syncro_import_runs', {});
  }

  /**
   * SY6: re-sync now, without a preview.
   */
  syncSyncroNow(kind: ImportKind): Promise<ImportOutcome> {
    return this.transport.invoke('sync_syncro_now', { kind });
  }

  /**
   * SY7: what becomes of Syncro's RMM alerts.
   */
  syncroAlertSettings(): Promise<SyncroAlertSettings> {
    return this.transport.invoke('syncro_alert_settings', {});
  }

  saveSyncroAlertSettings(settings: SyncroAlertSettings): Promise<SyncroAlertSettings> {
    return this.transport.invoke('save_syncro_alert_settings', { settings });
  }

  /**
   * SY7: where a Syncro webhook may post alerts; null while nothing listens.
   */
  syncroAlertsReceiver(): Promise<string | null> {
    return this.transport.invoke('syncro_alerts_receiver', {});
  }

  /**
   * SY7: reads the alerts now; returns how many tickets were made.
   */
  checkSyncroAlerts(): Promise<number> {
    return this.transport.invoke('check_syncro_alerts', {});
  }

  /**
   * TV4: the ticket's TeamViewer panel: whether TeamViewer is on, and its sessions as the technician at the desk may see them.
   */
  tvPanel(ticketId: string): Promise<TvPanel> {
    return this.transport.invoke('tv_panel', { ticket_id: ticketId });
  }

  /**
   * TV2 / TV3: a remote or pilot session for the ticket's requester, invited by email (and, for a pilot session with a phone number, by SMS).
   */
  createTvSession(ticketId: string, kind: TvSessionKind, phone: string | null): Promise<TvPanelSession> {
    return this.transport.invoke('create_tv_session', { ticket_id: ticketId, kind, phone });
  }

  /**
   * TV4: the requester's invitation again.
   */
  reinviteTvSession(code: string): Promise<null> {
    return this.transport.invoke('reinvite_tv_session', { code });
  }

  /**
   * TV4: closes the session at TeamViewer and takes its reports onto the ticket.
   */
  endTvSession(code: string): Promise<TvPanelSession> {
    return this.transport.invoke('end_tv_session', { code });
  }

  /**
   * TV4: opens the supporter link (the creator's only).
   */
  enterTvSession(code: string): Promise<OpenedUrl> {
    return this.transport.invoke('enter_tv_session', { code });
  }

  /**
   * TV5: asks TeamViewer now for the sessions' state and finished connections.
   */
  syncTeamviewer(): Promise<number> {
    return this.transport.invoke('sync_teamviewer', {});
  }

  /**
   * Customers, teams, ticket and asset types: the desk's filters and targets.
   */
  directory(): Promise<Directory> {
    return this.transport.invoke('directory', {});
  }

  /**
   * IN3: whether a ticket type sends an invitation on create, and where it goes.
   */
  updateTicketType(id: string, sendInviteOnCreate: boolean, inviteTarget: InviteTarget): Promise<TicketType> {
    return this.transport.invoke('update_ticket_type', { id, send_invite_on_create: sendInviteOnCreate, invite_target: inviteTarget });
  }

  /**
   * Tickets matching the query, newest first (at most 500).
   */
  tickets(query: TicketQuery): Promise<Array<Ticket>> {
    return this.transport.invoke('tickets', { query });
  }

  /**
   * One ticket with its timeline.
   */
  ticketDetail(id: string): Promise<TicketDetail> {
    return this.transport.invoke('ticket_detail', { id });
  }

  /**
   * IN3: a ticket; its type may send an invitation at once.
   */
  createTicket(ticket: NewTicket): Promise<TicketCreated> {
    return this.transport.invoke('create_ticket', { ticket });
  }

  /**
   * A note on a ticket's timeline.
   */
  addTicketNote(id: string, note: string): Promise<null> {
    return this.transport.invoke('add_ticket_note', { id, note });
  }

  /**
   * SY7: a ticket's status (open, in progress, waiting, resolved, closed), on the timeline; resolving an alert's ticket resolves the alert in Syncro.
   */
  setTicketStatus(id: string, status: TicketStatus): Promise<Ticket> {
    return this.transport.invoke('set_ticket_status', { id, status });
  }

  /**
   * IN8 before sending: where the session will really go, and the email.
   */
  previewInvite(request: InviteRequest): Promise<InvitePreview> {
    return this.transport.invoke('preview_invite', { request });
  }

  /**
   * IN1, IN2, IN6: creates the session and mails the invitation through the outbox.
   */
  sendInvite(request: InviteRequest): Promise<TicketAction> {
    return this.transport.invoke('send_invite', { request });
  }

  /**
   * IN4 before posting: where the session will go, and the chat message as it reads. Without a target, the ticket type's, else the default one.
   */
  previewChatInvite(ticketId: string, target: InviteTarget | null): Promise<ChatInvitePreview> {
    return this.transport.invoke('preview_chat_invite', { ticket_id: ticketId, target });
  }

  /**
   * IN4: the link as a message in the ticket's chat; the target as for the preview.
   */
  sendChatInvite(ticketId: string, target: InviteTarget | null): Promise<ChatMessage> {
    return this.transport.invoke('send_chat_invite', { ticket_id: ticketId, target });
  }

  /**
   * A chat's messages, oldest first.
   */
  chatMessages(chatId: string): Promise<Array<ChatMessage>> {
    return this.transport.invoke('chat_messages', { chat_id: chatId });
  }

  /**
   * Assets matching the query.
   */
  assets(query: AssetQuery): Promise<Array<Asset>> {
    return this.transport.invoke('assets', { query });
  }

  /**
   * An asset with its fields, launch buttons (or why there are none) and launches.
   */
  assetDetail(id: string): Promise<AssetDetail> {
    return this.transport.invoke('asset_detail', { id });
  }

  /**
   * UA5, UA6: records the launch, then opens it with the system.
   */
  launch(assetId: string, buttonId: string): Promise<Launch> {
    return this.transport.invoke('launch', { asset_id: assetId, button_id: buttonId });
  }

  /**
   * The URL a launch button would open, recording nothing.
   */
  launchUrl(assetId: string, buttonId: string): Promise<Launch> {
    return this.transport.invoke('launch_url', { asset_id: assetId, button_id: buttonId });
  }

  /**
   * IN1, IN5, IN7, IN8, UA1, UA2.
   */
  remoteSupportSettings(): Promise<RemoteSupportSettings> {
    return this.transport.invoke('remote_support_settings', {});
  }

  saveRemoteSupportSettings(settings: RemoteSupportSettings): Promise<null> {
    return this.transport.invoke('save_remote_support_settings', { settings });
  }

  /**
   * IN5: the template editor's live preview, with every problem found.
   */
  previewTemplates(templates: InviteTemplates): Promise<TemplatePreview> {
    return this.transport.invoke('preview_templates', { templates });
  }

  /**
   * TK2: emails still waiting for the mail server.
   */
  pendingMail(): Promise<Array<PendingMail>> {
    return this.transport.invoke('pending_mail', {});
  }

  /**
   * TK2: gives up on an email the server refused; the ticket's timeline says so.
   */
  discardMail(id: number): Promise<null> {
    return this.transport.invoke('discard_mail', { id });
  }

  /**
   * TK2: new recipients for an email the server refused, sent now.
   */
  correctMail(id: number, recipients: string): Promise<PendingMail> {
    return this.transport.invoke('correct_mail', { id, recipients });
  }

  /**
   * Tries every pending email now; answers how many still wait.
   */
  retryMail(): Promise<number> {
    return this.transport.invoke('retry_mail', {});
  }

  /**
   * Customers, teams, types, assets and tickets from an import file; rows that fail their checks are named and skipped.
   */
  importDesk(desk: DeskImport): Promise<ImportReport> {
    return this.transport.invoke('import_desk', { desk });
  }

  /**
   * BT2, BT3, BT8: agents, teams and the intake rules.
   */
  beyondtrustSettings(): Promise<BeyondTrustSettings> {
    return this.transport.invoke('beyondtrust_settings', {});
  }

  saveBeyondtrustSettings(settings: BeyondTrustSettings): Promise<null> {
    return this.transport.invoke('save_beyondtrust_settings', { settings });
  }

  /**
   * BT3 *Get teams*: adds the appliance's teams not listed yet, disabled.
   */
  fetchBeyondtrustTeams(): Promise<BeyondTrustSettings> {
    return this.transport.invoke('fetch_beyondtrust_teams', {});
  }

  /**
   * BT7: finished sessions no ticket claimed, with suggested tickets.
   */
  unlinkedSessions(): Promise<Array<UnlinkedSession>> {
    return this.transport.invoke('unlinked_sessions', {});
  }

  /**
   * BT7: the session's action goes on the ticket.
   */
  linkRemoteSession(id: string, ticketId: string): Promise<RemoteSessionRecord> {
    return this.transport.invoke('link_remote_session', { id, ticket_id: ticketId });
  }

  /**
   * The demo's mailbox: what its invitations sent, newest first.
   */
  demoMailbox(): Promise<Array<DemoMail>> {
    return this.transport.invoke('demo_mailbox', {});
  }

  /**
   * The way from the demo to a working desk: each step done or missing, and where in Settings it is done.
   */
  setupChecklist(): Promise<SetupChecklist> {
    return this.transport.invoke('setup_checklist', {});
  }

  /**
   * Where BeyondTrust's outbound events must be sent; null while nothing listens.
   */
  eventsReceiver(): Promise<string | null> {
    return this.transport.invoke('events_receiver', {});
  }

  /**
   * Processes stored events and reconciles with the reporting API now.
   */
  intakeNow(): Promise<IntakeRound> {
    return this.transport.invoke('intake_now', {});
  }

  /** Every core event; resolves to the function that stops listening. */
  listen(handler: (event: Event) => void): Promise<() => void> {
    return this.transport.listen(handler);
  }
}
