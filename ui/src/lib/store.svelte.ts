// The window's state. Components read it and call its methods; only this file (and the desk
// store it owns) talks to the backend, so every refusal ends up in the same toast and every
// change in the same refresh.
import { getContext, setContext } from 'svelte';
import type { Api, CommandError } from './api';
import type { AuthorisationStatus } from './bindings/AuthorisationStatus';
import type { OAuthConnection } from './bindings/OAuthConnection';
import type { Board } from './bindings/Board';
import type { ChannelRef } from './bindings/ChannelRef';
import type { ChannelSettings } from './bindings/ChannelSettings';
import type { ChannelSummary } from './bindings/ChannelSummary';
import type { EndUserAction } from './bindings/EndUserAction';
import type { Event } from './bindings/Event';
import type { Integration } from './bindings/Integration';
import type { IntegrationKind } from './bindings/IntegrationKind';
import type { IntegrationUpdate } from './bindings/IntegrationUpdate';
import type { NewSession } from './bindings/NewSession';
import type { PageCursor } from './bindings/PageCursor';
import type { Session } from './bindings/Session';
import type { SessionDetail } from './bindings/SessionDetail';
import type { SessionQuery } from './bindings/SessionQuery';
import type { SessionState } from './bindings/SessionState';
import type { StateCounts } from './bindings/StateCounts';
import type { TeamStatus } from './bindings/TeamStatus';
import type { Technician } from './bindings/Technician';
import type { TestOutcome } from './bindings/TestOutcome';
import type { WorkspaceInfo } from './bindings/WorkspaceInfo';
import type { SettingsSection } from './bindings/SettingsSection';
import type { Desktop } from './desktop';
import { DeskStore } from './desk.svelte';
import { DemoViewer } from './demo-viewer.svelte';
import { SyncroState } from './syncro.svelte';
import { toCommandError } from './errors';
import { providerLabel, STATES, technicianName } from './format';
import { Toasts } from './toasts.svelte';
import { channelIdOf, sameView, viewOfChannel } from './views';

export type Screen = 'board' | 'settings' | 'tickets' | 'assets' | 'unlinked';
export type StateFilter = SessionState | 'all';
export const TABS: readonly StateFilter[] = ['all', ...STATES];

/** SD6: a notification clicked this long after it was shown still focuses its session. */
export const NOTIFICATION_FOCUS_MS = 30_000;

/** Rows a page of the list holds: a few screens, so scrolling rarely waits. */
const PAGE = 100;

/** Typing pauses this long before the core is asked for the search. */
const SEARCH_PAUSE_MS = 150;

type RefreshParts = { board?: boolean; list?: boolean; detail?: boolean };

/** What a card-level command hands back: the result, or the refusal to show on the card. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: CommandError };

function emptyCounts(): StateCounts {
  return { pending: 0, active: 0, in_queue: 0, expired: 0, closed: 0 };
}

export class AppStore {
  readonly api: Api;
  readonly toasts = new Toasts();
  /** The demo's simulated viewer, where a real desk would open the provider's app. */
  readonly viewer = new DemoViewer();
  /** Tickets, assets, invitations and Settings → Remote support. */
  readonly desk: DeskStore;
  /** Settings → SyncroMSP: imports and alerts. */
  readonly syncro: SyncroState;

  board = $state.raw<Board | null>(null);
  /** Which workspace is open (the demo or the desk's own), and whether it needs a technician. */
  workspace = $state.raw<WorkspaceInfo | null>(null);
  /** Settings → Team: the team this desk is in, if any; null until first read. */
  team = $state.raw<TeamStatus | null>(null);
  /** "Set up your workspace" is open. */
  setupOpen = $state(false);
  boardError = $state<string | null>(null);
  screen = $state<Screen>('board');
  view = $state.raw<ChannelRef>({ kind: 'home' });
  /**
   * The pages of the view's list loaded so far, filtered by the core for the state tab and
   * the search. Raw: thousands of sessions must not become deep proxies.
   */
  sessions = $state.raw<Session[]>([]);
  /** Every tab's count for the view and the search, from the core. */
  counts = $state.raw<StateCounts>(emptyCounts());
  /** Where the next page starts; null when the list is complete. */
  next = $state.raw<PageCursor | null>(null);
  listLoaded = $state(false);
  stateFilter = $state<StateFilter>('all');
  search = $state('');
  selectedId = $state<string | null>(null);
  detail = $state.raw<SessionDetail | null>(null);
  detailOpen = $state(false);
  /** An action that ends something waits for a second click (or Enter): which one. */
  confirming = $state<'delete' | 'close' | null>(null);
  newSessionOpen = $state(false);
  helpOpen = $state(false);
  /** The command palette (Ctrl+K). */
  paletteOpen = $state(false);
  /** The demo's mailbox. */
  mailboxOpen = $state(false);
  /** The setup checklist, from the demo banner, Settings or the palette. */
  checklistOpen = $state(false);
  /** IN4's preview, before the chat invite is posted. */
  chatInviteOpen = $state(false);
  /** The Settings section to bring into view; Settings clears it once there. */
  settingsSection = $state<SettingsSection | null>(null);
  /** CR1: Settings → Integrations; null until first loaded. Never holds a secret. */
  integrations = $state.raw<Integration[] | null>(null);
  integrationsError = $state.raw<CommandError | null>(null);
  /**
   * The consent page of each authorisation waiting for the browser, from the
   * `authorisation_pending` event: the card links to it in case no browser opened.
   */
  authorisationLinks = $state.raw<Partial<Record<IntegrationKind, string>>>({});
  /** Ticks once a second: ages and the expiry countdown read it. */
  now = $state(Date.now());

  /** Set by the list so "/" can focus it. */
  searchInput: HTMLInputElement | null = null;
  /** Set by the detail panel so Enter can move into it. */
  detailElement: HTMLElement | null = null;

  private lastNotification: { sessionId: string; at: number } | null = null;
  private unsubscribe: (() => void) | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private pending: RefreshParts = {};
  private flushScheduled = false;
  private boardSeq = 0;
  private listSeq = 0;
  private detailSeq = 0;
  private integrationsSeq = 0;
  private stopped = false;
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  loadingMore = false;

  /** The desktop window's own integrations (start at login, the tray); `null` in a browser. */
  readonly desktop: Desktop | null;

  constructor(api: Api, desktop: Desktop | null = null) {
    this.api = api;
    this.desktop = desktop;
    this.desk = new DeskStore(api, this.toasts, this.viewer);
    this.syncro = new SyncroState(api, this.toasts);
  }

  // ---- derived views ----

  me: Technician | null = $derived(this.board?.me ?? null);

  /** The provider that asked Tether to slow down, and until when, while that lasts. */
  rateLimit = $derived.by((): { provider: string; until: string } | null => {
    const limited = (this.board?.providers ?? []).find(
      (p) => p.rate_limited_until !== null && Date.parse(p.rate_limited_until) > this.now,
    );
    return limited?.rate_limited_until ? { provider: limited.provider, until: limited.rate_limited_until } : null;
  });
  technicians: Technician[] = $derived(this.board?.technicians ?? []);
  demo = $derived(this.board?.demo ?? false);

  /** What the list shows: the core already applied the tab and the search. */
  visible: Session[] = $derived(this.sessions);

  /** Sessions in the view that match the search, whatever the tab. */
  total = $derived(
    this.counts.pending + this.counts.active + this.counts.in_queue + this.counts.expired + this.counts.closed,
  );

  selectedIndex = $derived(this.selectedId === null ? -1 : this.visible.findIndex((s) => s.id === this.selectedId));

  /** Channels a session may be created in or moved to: Private and the shared ones I see. */
  writableChannels: ChannelSummary[] = $derived((this.board?.channels ?? []).filter((c) => c.new_sessions));

  currentChannel: ChannelSummary | null = $derived(
    this.board?.channels.find((c) => sameView(c.channel_ref, this.view)) ?? null,
  );

  filtering = $derived(this.stateFilter !== 'all' || this.search.trim() !== '');

  /** A dialog is open: keys other than Escape and "?" must not reach the view behind it. */
  get modalOpen(): boolean {
    return (
      this.newSessionOpen ||
      this.desk.newTicketOpen ||
      this.desk.invite !== null ||
      this.paletteOpen ||
      this.mailboxOpen ||
      this.checklistOpen ||
      this.chatInviteOpen ||
      this.viewer.current !== null
    );
  }

  // ---- life cycle ----

  async start(): Promise<void> {
    this.stopped = false;
    this.ticker = setInterval(() => (this.now = Date.now()), 1000);
    try {
      const unsubscribe = await this.api.listen((e) => this.onEvent(e));
      if (this.stopped) unsubscribe();
      else this.unsubscribe = unsubscribe;
    } catch (e) {
      this.toasts.error(`Live updates are off: ${toCommandError(e).message}`);
    }
    try {
      this.workspace = await this.api.workspace();
    } catch (e) {
      this.boardError = toCommandError(e).message;
      return;
    }
    // A workspace with nobody at the desk asks who is first (the setup screen).
    if (this.workspace.needs_technician) return;
    // The unlinked sessions too: the sidebar shows how many wait, whatever the screen.
    await Promise.all([this.refreshBoard(), this.refreshList(), this.desk.refreshUnlinked()]);
  }

  /**
   * "Set up your workspace": the desk's own workspace, with this technician at the desk. The
   * window then starts again on it (the workspace_changed event). Resolves to the refusal.
   */
  async leaveDemo(technician: Technician | null): Promise<CommandError | null> {
    try {
      await this.api.leaveDemo(technician);
      return null;
    } catch (e) {
      return toCommandError(e);
    }
  }

  /** Back to the demo; the desk's own workspace keeps everything for later. */
  async returnToDemo(): Promise<void> {
    await this.run(() => this.api.returnToDemo(), () => 'The demo workspace is open');
  }

  // ---- a team's server ----

  async refreshTeam(): Promise<void> {
    try {
      this.team = await this.api.teamStatus();
    } catch (e) {
      this.toasts.error(`The team's status could not be read: ${toCommandError(e).message}`);
    }
  }

  /**
   * Settings → Team: joins the team's server with the technician's token. The window then
   * starts again on the team's board (the workspace_changed event). Resolves to the refusal.
   */
  async joinTeam(server: string, token: string): Promise<CommandError | null> {
    try {
      this.team = await this.api.joinTeam({ server, token });
      return null;
    } catch (e) {
      return toCommandError(e);
    }
  }

  /** Back to this computer's own workspace. Resolves to the refusal (actions still waiting). */
  async leaveTeam(): Promise<CommandError | null> {
    try {
      await this.api.leaveTeam();
      return null;
    } catch (e) {
      return toCommandError(e);
    }
  }

  /** Forgets an action taken offline: its refusal was read, or it is given up. */
  async dismissTeamAction(id: number): Promise<void> {
    try {
      this.team = await this.api.dismissTeamAction(id);
    } catch (e) {
      this.toasts.error(toCommandError(e).message);
    }
  }

  stop(): void {
    this.stopped = true;
    this.desk.stop();
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.ticker !== null) clearInterval(this.ticker);
    this.ticker = null;
    this.toasts.clear();
  }

  // ---- events and refresh ----

  onEvent(event: Event): void {
    switch (event.type) {
      case 'session_changed':
      case 'session_updated':
        // Sidebar counts live on the board, so a session change refreshes it too.
        this.schedule({ list: true, detail: this.selectedId === event.session.id, board: true });
        break;
      case 'session_deleted':
        if (this.selectedId === event.id) this.forgetSelection();
        this.schedule({ list: true, board: true });
        break;
      case 'board_changed':
        // The current technician may have changed: what I may see changes with it.
        this.schedule({ board: true, list: true, detail: true });
        this.desk.onEvent(event);
        break;
      case 'ticket_changed':
      case 'asset_changed':
      case 'desk_changed':
        this.desk.onEvent(event);
        break;
      case 'provider_health':
        if (this.board) this.board = { ...this.board, providers: this.mergeProvider(event.health) };
        this.schedule({ board: true });
        break;
      case 'notifier_health':
        if (this.board) this.board = { ...this.board, notifier: event.health };
        this.schedule({ board: true });
        break;
      case 'notified':
        this.lastNotification = { sessionId: event.notification.session_id, at: Date.now() };
        break;
      case 'focus_session':
        // The platform reported the click itself: no need to guess from window focus.
        this.lastNotification = null;
        void this.focusSession(event.session_id);
        break;
      case 'focus_ticket':
        // A tether://ticket/… link opened from outside.
        this.openTicket(event.ticket_id);
        break;
      case 'workspace_changed':
        // Everything on screen belongs to the workspace that closed: start again on the new one.
        reloadWindow();
        break;
      case 'authorisation_pending':
        this.authorisationLinks = { ...this.authorisationLinks, [event.kind]: event.url };
        break;
      case 'import_progress':
        this.syncro.onProgress(event.progress);
        break;
      case 'team_changed':
        void this.refreshTeam();
        break;
    }
  }

  /** SD6: the window gaining focus right after a notification means it was clicked. */
  onWindowFocus(now: number = Date.now()): void {
    const last = this.lastNotification;
    if (!last) return;
    this.lastNotification = null;
    if (now - last.at <= NOTIFICATION_FOCUS_MS) void this.focusSession(last.sessionId);
  }

  private mergeProvider(health: Board['providers'][number]): Board['providers'] {
    const providers = this.board?.providers ?? [];
    const others = providers.filter((p) => p.provider !== health.provider);
    return providers.some((p) => p.provider === health.provider)
      ? providers.map((p) => (p.provider === health.provider ? health : p))
      : [...others, health];
  }

  /** Many events arrive together (a state change, a notification, a health update): one refresh. */
  schedule(parts: RefreshParts): void {
    this.pending = {
      board: this.pending.board || parts.board,
      list: this.pending.list || parts.list,
      detail: this.pending.detail || parts.detail,
    };
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setTimeout(() => {
      this.flushScheduled = false;
      const { board, list, detail } = this.pending;
      this.pending = {};
      if (this.stopped) return;
      if (board) void this.refreshBoard();
      if (list) void this.refreshList();
      if (detail) void this.refreshDetail();
    }, 0);
  }

  async refreshBoard(): Promise<void> {
    const seq = ++this.boardSeq;
    try {
      const board = await this.api.board();
      if (seq !== this.boardSeq) return;
      this.board = board;
      this.boardError = null;
      // A view that disappeared (membership removed) falls back to Home.
      if (this.view.kind === 'channel' && !board.channels.some((c) => sameView(c.channel_ref, this.view))) {
        this.selectView({ kind: 'home' });
      }
    } catch (e) {
      if (seq !== this.boardSeq) return;
      this.boardError = toCommandError(e).message;
    }
  }

  private query(after: PageCursor | null, limit: number): SessionQuery {
    return {
      state: this.stateFilter === 'all' ? null : this.stateFilter,
      search: this.search,
      after,
      limit,
    };
  }

  /** The first page again, as long as what was loaded (a change must not shorten the list). */
  async refreshList(): Promise<void> {
    const seq = ++this.listSeq;
    const view = this.view;
    const limit = Math.max(PAGE, this.sessions.length);
    try {
      const page = await this.api.sessionPage(view, this.query(null, limit));
      if (seq !== this.listSeq || !sameView(view, this.view)) return;
      this.sessions = page.sessions;
      this.counts = page.counts;
      this.next = page.next;
      this.listLoaded = true;
    } catch (e) {
      if (seq !== this.listSeq) return;
      this.sessions = [];
      this.counts = emptyCounts();
      this.next = null;
      this.listLoaded = true;
      this.toasts.failure(toCommandError(e));
    }
  }

  /** The list scrolled near its end: the next page, once. */
  async loadMore(): Promise<void> {
    const after = this.next;
    if (after === null || this.loadingMore) return;
    this.loadingMore = true;
    const seq = this.listSeq;
    const view = this.view;
    try {
      const page = await this.api.sessionPage(view, this.query(after, PAGE));
      if (seq !== this.listSeq || !sameView(view, this.view)) return;
      // A session that moved up since the first page would otherwise show twice.
      const fresh = page.sessions.filter((s) => !this.sessions.some((have) => have.id === s.id));
      this.sessions = [...this.sessions, ...fresh];
      this.counts = page.counts;
      this.next = page.next;
    } catch (e) {
      this.toasts.failure(toCommandError(e));
    } finally {
      this.loadingMore = false;
    }
  }

  async refreshDetail(): Promise<void> {
    const id = this.selectedId;
    const seq = ++this.detailSeq;
    if (id === null) {
      this.detail = null;
      return;
    }
    try {
      const detail = await this.api.sessionDetail(id);
      if (seq !== this.detailSeq || id !== this.selectedId) return;
      this.detail = detail;
    } catch (e) {
      if (seq !== this.detailSeq || id !== this.selectedId) return;
      const error = toCommandError(e);
      // Deleted elsewhere, or moved where I cannot follow: nothing left to show.
      if (error.code === 'not_found' || error.code === 'forbidden') this.forgetSelection();
      else this.toasts.failure(error);
    }
  }

  // ---- navigation ----

  selectView(view: ChannelRef): void {
    this.screen = 'board';
    if (sameView(view, this.view)) return;
    this.view = view;
    this.sessions = [];
    this.counts = emptyCounts();
    this.next = null;
    this.listLoaded = false;
    this.confirming = null;
    void this.refreshList();
  }

  openSettings(): void {
    this.screen = 'settings';
    this.confirming = null;
  }

  /** Settings, scrolled to one of its sections (the checklist's *Go*). */
  openSettingsAt(section: SettingsSection): void {
    this.openSettings();
    this.settingsSection = section;
  }

  /** A screen asked for from outside the window (the tray's menu). */
  show(screen: Screen): void {
    if (screen === 'settings') this.openSettings();
    else if (screen === 'tickets') this.openTickets();
    else if (screen === 'assets') this.openAssets();
    else if (screen === 'unlinked') this.openUnlinked();
    else this.screen = 'board';
  }

  openTickets(): void {
    this.screen = 'tickets';
    this.confirming = null;
    this.desk.openTickets();
  }

  openAssets(): void {
    this.screen = 'assets';
    this.confirming = null;
    this.desk.openAssets();
  }

  /** BT7: finished sessions waiting for their ticket. */
  openUnlinked(): void {
    this.screen = 'unlinked';
    this.confirming = null;
    void this.desk.refreshUnlinked();
  }

  /** From a session's ticket link: the Tickets view with that ticket open. */
  openTicket(id: string): void {
    this.openTickets();
    this.desk.selectTicket(id);
  }

  /** From a ticket's asset link: the Assets view with that asset open. */
  openAsset(id: string): void {
    this.openAssets();
    this.desk.selectAsset(id);
  }

  setFilter(filter: StateFilter): void {
    if (filter === this.stateFilter) return;
    this.stateFilter = filter;
    void this.refreshList();
  }

  /** Typing asks the core once the keys pause. */
  setSearch(text: string): void {
    this.search = text;
    if (this.searchTimer !== null) clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      this.searchTimer = null;
      void this.refreshList();
    }, SEARCH_PAUSE_MS);
  }

  clearFilter(): void {
    this.stateFilter = 'all';
    this.search = '';
    void this.refreshList();
  }

  /** Makes sure a session the technician is sent to is not hidden by the tab or the search. */
  private async uncover(session: Session): Promise<void> {
    if (this.stateFilter !== 'all' && this.stateFilter !== session.state) this.stateFilter = 'all';
    await this.refreshList();
    if (this.search.trim() !== '' && !this.sessions.some((s) => s.id === session.id)) {
      this.search = '';
      await this.refreshList();
    }
  }

  select(id: string | null, open = true): void {
    if (id !== this.selectedId) {
      this.confirming = null;
      this.selectedId = id;
      this.detail = id === null ? null : this.detail?.session.id === id ? this.detail : null;
    }
    if (open && id !== null) this.detailOpen = true;
    void this.refreshDetail();
  }

  /** J/K: moves through what is on screen, and the open panel follows. */
  move(delta: 1 | -1): void {
    const list = this.visible;
    if (list.length === 0) return;
    const at = this.selectedIndex;
    const index = at < 0 ? (delta > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + delta));
    this.select(list[index].id, this.detailOpen || at < 0);
  }

  openSelected(): void {
    if (this.selectedId === null) {
      if (this.visible.length > 0) this.select(this.visible[0].id);
      return;
    }
    this.detailOpen = true;
    queueMicrotask(() => this.detailElement?.focus());
  }

  closeDetail(): void {
    this.detailOpen = false;
    this.confirming = null;
  }

  private forgetSelection(): void {
    this.selectedId = null;
    this.detail = null;
    this.confirming = null;
  }

  /** Shows one session wherever it lives: its channel, no filter hiding it, panel open. */
  async focusSession(id: string): Promise<void> {
    let detail: SessionDetail;
    try {
      detail = await this.api.sessionDetail(id);
    } catch (e) {
      this.toasts.failure(toCommandError(e));
      return;
    }
    const session = detail.session;
    const inHome = this.view.kind === 'home' && session.assignee === this.me?.id;
    const here = channelIdOf(this.view) === session.channel_id || inHome;
    if (!here) this.selectView(viewOfChannel(session.channel_id));
    this.screen = 'board';
    this.selectedId = session.id;
    this.detail = detail;
    this.detailOpen = true;
    this.confirming = null;
    await this.uncover(session);
  }

  // ---- session actions ----

  /** Runs one command; a refusal becomes an error toast with the backend's own words. */
  private async run<T>(command: () => Promise<T>, success?: (result: T) => string): Promise<T | undefined> {
    try {
      const result = await command();
      if (success) this.toasts.success(success(result));
      this.schedule({ board: true, list: true, detail: true });
      return result;
    } catch (e) {
      this.toasts.failure(toCommandError(e));
      return undefined;
    }
  }

  private selected(): string | null {
    if (this.selectedId === null) {
      this.toasts.error('Select a session first (J/K to move through the list).');
    }
    return this.selectedId;
  }

  async requestPermission(): Promise<void> {
    const id = this.selected();
    if (id === null) return;
    await this.run(() => this.api.requestPermission(id), () => 'Permission requested from the end user');
  }

  async startRemote(): Promise<void> {
    const id = this.selected();
    if (id === null) return;
    const who = this.detail?.session.customer_name ?? 'the end user';
    const started = await this.run(() => this.api.startRemote(id), () => 'Remote session started');
    if (started?.demo_viewer) this.viewer.show({ who, app: started.demo_viewer, url: started.url });
    // Without a system opener (a browser on tether serve) the page opens the core's URL itself.
    else if (started && !started.opened) openUrl(started.url);
  }

  async take(): Promise<void> {
    const id = this.selected();
    if (id === null) return;
    await this.run(() => this.api.take(id), () => 'You took the session');
  }

  async assign(technicianId: string): Promise<void> {
    const id = this.selected();
    if (id === null || !technicianId) return;
    const name = technicianName(technicianId, this.technicians);
    await this.run(() => this.api.assign(id, technicianId), () => `Assigned to ${name}`);
  }

  async invite(technicianId: string): Promise<void> {
    const id = this.selected();
    if (id === null || !technicianId) return;
    const name = technicianName(technicianId, this.technicians);
    await this.run(() => this.api.inviteTechnician(id, technicianId), () => `${name} invited`);
  }

  async transfer(channelId: string): Promise<void> {
    const id = this.selected();
    if (id === null || !channelId) return;
    const name = this.channelName(channelId);
    await this.run(() => this.api.transferToChannel(id, channelId), () => `Moved to ${name}`);
  }

  async release(): Promise<void> {
    const id = this.selected();
    if (id === null) return;
    const released = await this.run(
      () => this.api.release(id),
      (s) => `Released to the queue of ${this.channelName(s.channel_id)}`,
    );
    // A released session leaves Home: the panel follows it to its channel instead of staying
    // open over a list that no longer has it.
    if (released && this.view.kind === 'home') await this.focusSession(released.id);
  }

  /** TK2 *Retry*: a provider action waiting or refused, sent now. */
  async retryAction(id: number): Promise<void> {
    await this.run(() => this.api.retryAction(id), () => 'Sent again');
  }

  /** TK2 *Discard*: gives up on a provider action waiting or refused. */
  async discardAction(id: number): Promise<void> {
    await this.run(() => this.api.discardAction(id), () => 'Discarded');
  }

  /** Close ends the session for good: it asks first, and takes a comment for its ticket (SP2). */
  askClose(): void {
    if (this.selected() === null) return;
    this.detailOpen = true;
    this.confirming = 'close';
  }

  async confirmClose(comment: string): Promise<void> {
    const id = this.selected();
    if (id === null) return;
    const done = await this.run(
      () => this.api.close(id, comment.trim() === '' ? null : comment.trim()),
      () => 'Session closed',
    );
    if (done !== undefined) this.confirming = null;
  }

  askDelete(): void {
    if (this.selected() === null) return;
    this.detailOpen = true;
    this.confirming = 'delete';
  }

  async confirmDelete(): Promise<void> {
    const id = this.selected();
    if (id === null) return;
    const index = this.selectedIndex;
    const done = await this.run(() => this.api.deleteSession(id), () => 'Session deleted');
    this.confirming = null;
    if (done === undefined) return;
    // Keep the hands on the keyboard: the neighbour becomes the selection.
    const rest = this.visible.filter((s) => s.id !== id);
    const neighbour = rest[Math.min(Math.max(index, 0), rest.length - 1)];
    this.forgetSelection();
    if (neighbour) this.select(neighbour.id, this.detailOpen);
  }

  async endUser(action: EndUserAction): Promise<void> {
    const code = this.detail?.session.code;
    if (!code) return;
    const said: Record<EndUserAction, string> = {
      launch: 'The end user launched the support app',
      grant: 'The end user granted permission',
      refuse: 'The end user refused permission',
      leave: 'The end user left the session',
      end: 'The provider ended the session',
    };
    await this.run(() => this.api.demoEndUser(code, action), () => said[action]);
  }

  /** SD2. Resolves to the refusal, so the dialog can keep what was typed and say why. */
  async createSession(draft: NewSession): Promise<CommandError | null> {
    try {
      const session = await this.api.createSession(draft);
      this.newSessionOpen = false;
      this.toasts.success(`Session created for ${session.customer_name}`);
      const inHome = this.view.kind === 'home' && session.assignee === this.me?.id;
      if (!inHome && channelIdOf(this.view) !== session.channel_id) {
        this.selectView(viewOfChannel(session.channel_id));
      }
      this.screen = 'board';
      // Show it at once; the refresh that follows puts it in its proper place.
      if (!this.sessions.some((s) => s.id === session.id)) this.sessions = [session, ...this.sessions];
      this.select(session.id);
      this.schedule({ board: true });
      void this.uncover(session);
      return null;
    } catch (e) {
      return toCommandError(e);
    }
  }

  /**
   * The channel the New session dialog starts on: the channel (or Private) the board shows,
   * else (Home, or another screen) the technician's default channel (SP1).
   */
  defaultChannelId(): string {
    const inView = this.screen === 'board' ? channelIdOf(this.view) : null;
    if (inView !== null) return inView;
    // The core falls back to Private for a channel the technician left.
    return this.board?.settings.default_channel ?? 'private';
  }

  channelName(channelId: string): string {
    const found = this.board?.channels.find((c) => channelIdOf(c.channel_ref) === channelId);
    return found?.name ?? channelId;
  }

  // ---- settings ----

  async setCurrentTechnician(id: string): Promise<void> {
    const name = technicianName(id, this.technicians);
    if ((await this.run(() => this.api.setCurrentTechnician(id), () => `You are now ${name}`)) !== undefined) {
      this.forgetSelection();
    }
  }

  async addTechnician(technician: Technician): Promise<boolean> {
    const done = await this.run(() => this.api.addTechnician(technician), () => `${technician.name} added`);
    return done !== undefined;
  }

  /** SP1. Resolves to the refusal, so Settings can say why beside the choice and put it back. */
  async setDefaultChannel(channelId: string): Promise<CommandError | null> {
    const name = this.channelName(channelId);
    try {
      await this.api.setDefaultChannel(channelId);
      // Kept at once, so New session right after starts there; the refresh confirms it.
      if (this.board) this.board = { ...this.board, settings: { ...this.board.settings, default_channel: channelId } };
      this.toasts.success(`Your new sessions go to ${name}`);
      this.schedule({ board: true });
      return null;
    } catch (e) {
      return toCommandError(e);
    }
  }

  async setPollInterval(ms: number): Promise<void> {
    await this.run(() => this.api.setPollInterval(ms), () => `Polling every ${ms} ms`);
  }

  async setPollBudget(perMinute: number): Promise<void> {
    await this.run(
      () => this.api.setPollBudget(perMinute),
      () => `Polling within ${perMinute} requests a minute`,
    );
  }

  async updateChannelSettings(channelId: string, settings: ChannelSettings): Promise<boolean> {
    const name = this.channelName(channelId);
    const done = await this.run(
      () => this.api.updateChannelSettings(channelId, settings),
      () => `${name} settings saved`,
    );
    return done !== undefined;
  }

  async setChannelMuted(channelId: string, muted: boolean): Promise<void> {
    const name = this.channelName(channelId);
    await this.run(
      () => this.api.setChannelMuted(channelId, muted),
      () => (muted ? `${name} muted` : `${name} notifications on`),
    );
  }

  // ---- integrations (CR1) ----
  // Refusals come back to the card that asked, to be shown there; no toast ever carries
  // anything typed into a card.

  async refreshIntegrations(): Promise<void> {
    const seq = ++this.integrationsSeq;
    try {
      const integrations = await this.api.integrations();
      if (seq !== this.integrationsSeq) return;
      this.integrations = integrations;
      this.integrationsError = null;
    } catch (e) {
      if (seq !== this.integrationsSeq) return;
      this.integrationsError = toCommandError(e);
    }
  }

  /** Replaces one card's integration; a list still on its way is older, so it is dropped. */
  private putIntegration(integration: Integration): void {
    this.integrationsSeq += 1;
    const list = this.integrations ?? [];
    this.integrations = list.some((i) => i.kind === integration.kind)
      ? list.map((i) => (i.kind === integration.kind ? integration : i))
      : [...list, integration];
  }

  /** The update carries the newly typed secrets straight to the backend; nothing here keeps them. */
  async saveIntegration(update: IntegrationUpdate): Promise<Outcome<Integration>> {
    try {
      const saved = await this.api.saveIntegration(update);
      this.putIntegration(saved);
      this.toasts.success(`${saved.name} settings saved`);
      return { ok: true, value: saved };
    } catch (e) {
      return { ok: false, error: toCommandError(e) };
    }
  }

  async removeIntegrationSecret(kind: IntegrationKind, key: string): Promise<Outcome<Integration>> {
    try {
      const saved = await this.api.removeIntegrationSecret(kind, key);
      this.putIntegration(saved);
      const label = saved.fields.find((f) => f.key === key)?.label ?? key;
      this.toasts.success(`${saved.name}: ${label} removed from the keychain`);
      return { ok: true, value: saved };
    } catch (e) {
      return { ok: false, error: toCommandError(e) };
    }
  }

  /** A failed test is an outcome, not an error: it lands on the card as its last test. */
  async testIntegration(kind: IntegrationKind): Promise<Outcome<TestOutcome>> {
    try {
      const outcome = await this.api.testIntegration(kind);
      const current = this.integrations?.find((i) => i.kind === kind);
      if (current) this.putIntegration({ ...current, last_test: outcome });
      return { ok: true, value: outcome };
    } catch (e) {
      return { ok: false, error: toCommandError(e) };
    }
  }

  /** A test of a card's unsaved values: shown on the card only, never kept as its last test. */
  async testIntegrationDraft(update: IntegrationUpdate): Promise<Outcome<TestOutcome>> {
    try {
      return { ok: true, value: await this.api.testIntegrationDraft(update) };
    } catch (e) {
      return { ok: false, error: toCommandError(e) };
    }
  }

  // Per-technician OAuth (TeamViewer, Splashtop): the current technician's own authorisation. Like the
  // rest of a card, refusals go back to the card.

  async authorisation(kind: IntegrationKind): Promise<Outcome<AuthorisationStatus>> {
    try {
      return { ok: true, value: await this.api.authorisation(kind) };
    } catch (e) {
      return { ok: false, error: toCommandError(e) };
    }
  }

  /** Waits (up to 5 minutes) for the browser; the link of this attempt arrives as an event. */
  async authorise(kind: IntegrationKind): Promise<Outcome<AuthorisationStatus>> {
    this.forgetAuthorisationLink(kind);
    try {
      const status = await this.api.authorise(kind);
      this.toasts.success(`${this.integrationName(kind)}: you are authorised`);
      return { ok: true, value: status };
    } catch (e) {
      return { ok: false, error: toCommandError(e) };
    } finally {
      this.forgetAuthorisationLink(kind);
    }
  }

  /** The waiting sign-in's page again, opened by the system (the page may not open it). */
  async openAuthorisation(kind: IntegrationKind): Promise<void> {
    try {
      const opened = await this.api.openAuthorisation(kind);
      if (!opened.opened) openUrl(opened.url);
    } catch (e) {
      this.toasts.failure(toCommandError(e));
    }
  }

  /** Disconnects the technician's own account, or leaves the colleague's connection they reuse. */
  async disconnect(kind: IntegrationKind, leaving?: OAuthConnection | null): Promise<Outcome<AuthorisationStatus>> {
    try {
      const status = await this.api.disconnect(kind);
      this.toasts.success(
        leaving
          ? `${this.integrationName(kind)}: you no longer use ${leaving.owner_name}'s connection`
          : `${this.integrationName(kind)}: your account is disconnected`,
      );
      return { ok: true, value: status };
    } catch (e) {
      return { ok: false, error: toCommandError(e) };
    }
  }

  /** TV1: connections colleagues authorised on this machine, to reuse instead of signing in. */
  async oauthConnections(kind: IntegrationKind): Promise<Outcome<OAuthConnection[]>> {
    try {
      return { ok: true, value: await this.api.oauthConnections(kind) };
    } catch (e) {
      return { ok: false, error: toCommandError(e) };
    }
  }

  async reuseConnection(kind: IntegrationKind, connection: OAuthConnection): Promise<Outcome<AuthorisationStatus>> {
    try {
      const status = await this.api.reuseConnection(kind, connection.owner);
      this.toasts.success(`${this.integrationName(kind)}: you now use ${connection.owner_name}'s connection`);
      return { ok: true, value: status };
    } catch (e) {
      return { ok: false, error: toCommandError(e) };
    }
  }

  private forgetAuthorisationLink(kind: IntegrationKind): void {
    if (!(kind in this.authorisationLinks)) return;
    const { [kind]: _gone, ...rest } = this.authorisationLinks;
    this.authorisationLinks = rest;
  }

  private integrationName(kind: IntegrationKind): string {
    return this.integrations?.find((i) => i.kind === kind)?.name ?? kind;
  }

  async syncNow(): Promise<void> {
    const provider = providerLabel(this.board?.providers[0]?.provider ?? 'splashtop');
    await this.run(() => this.api.syncNow(), () => `Synced with ${provider}`);
  }
}

/** Starts the window again from scratch (after a change of workspace). */
export function reloadWindow(): void {
  globalThis.location?.reload();
}

/** Opens a URL the core built, where no system opener did (a browser on `tether serve`). */
export function openUrl(url: string): void {
  globalThis.open?.(url, '_blank', 'noopener');
}

const KEY = Symbol('tether-app');

export function setApp(app: AppStore): void {
  setContext(KEY, app);
}

export function useApp(): AppStore {
  const app = getContext<AppStore | undefined>(KEY);
  if (!app) throw new Error('useApp() outside <App>');
  return app;
}
