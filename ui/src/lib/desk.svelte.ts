// The ticket desk's state: tickets, assets, invitations, the remote-support and BeyondTrust
// settings and the sessions waiting to be linked (BT7). Like
// the AppStore (which owns it), it is the only place the desk views reach the backend from,
// so every refusal lands in the same toast or on the dialog that asked, and every event in
// the same refresh.
import type { Api } from './api';
import type { Asset } from './bindings/Asset';
import type { AssetDetail } from './bindings/AssetDetail';
import type { BeyondTrustSettings } from './bindings/BeyondTrustSettings';
import type { ChatMessage } from './bindings/ChatMessage';
import type { Directory } from './bindings/Directory';
import type { Event } from './bindings/Event';
import type { InviteTarget } from './bindings/InviteTarget';
import type { TvPanel } from './bindings/TvPanel';
import type { TvSessionKind } from './bindings/TvSessionKind';
import type { InvitePreview } from './bindings/InvitePreview';
import type { InviteProvider } from './bindings/InviteProvider';
import type { InviteRequest } from './bindings/InviteRequest';
import type { InviteTemplates } from './bindings/InviteTemplates';
import type { LaunchButton } from './bindings/LaunchButton';
import type { NewTicket } from './bindings/NewTicket';
import type { PendingMail } from './bindings/PendingMail';
import type { RemoteSupportSettings } from './bindings/RemoteSupportSettings';
import type { TemplatePreview } from './bindings/TemplatePreview';
import type { Ticket } from './bindings/Ticket';
import type { TicketAction } from './bindings/TicketAction';
import type { TicketCreated } from './bindings/TicketCreated';
import type { TicketDetail } from './bindings/TicketDetail';
import type { TicketStatus } from './bindings/TicketStatus';
import type { UnlinkedSession } from './bindings/UnlinkedSession';
import { toCommandError } from './errors';
import { plural } from './format';
import { openUrl, type Outcome } from './store.svelte';
import type { Toasts } from './toasts.svelte';
import type { DemoViewer } from './demo-viewer.svelte';

export type TicketStatusFilter = TicketStatus | 'all';
export const TICKET_STATUSES: readonly TicketStatus[] = ['open', 'in_progress', 'waiting', 'resolved', 'closed'];

/** Typing in a search box asks the core once the typing pauses this long. */
export const SEARCH_DEBOUNCE_MS = 150;

export function ticketStatusLabel(status: TicketStatus): string {
  switch (status) {
    case 'open':
      return 'Open';
    case 'in_progress':
      return 'In progress';
    case 'waiting':
      return 'Waiting';
    case 'resolved':
      return 'Resolved';
    case 'closed':
      return 'Closed';
  }
}

/** Where the last provider an invitation went out with is kept, so the next starts there. */
const PROVIDER_KEY = 'tether.invite-provider';

function rememberedProvider(): InviteProvider {
  try {
    return globalThis.localStorage?.getItem(PROVIDER_KEY) === 'beyondtrust' ? 'beyondtrust' : 'splashtop';
  } catch {
    // Storage may be off in a locked-down webview: Splashtop, as the core defaults to.
    return 'splashtop';
  }
}

type Parts = {
  tickets?: boolean;
  ticket?: boolean;
  assets?: boolean;
  asset?: boolean;
  directory?: boolean;
  settings?: boolean;
  mail?: boolean;
  beyondtrust?: boolean;
  unlinked?: boolean;
};

/** The invite dialog: from the ticket's Invite button (IN1, quick) or the action (IN2). */
export interface InviteDialogState {
  quick: boolean;
}

export class DeskStore {
  private readonly api: Api;
  private readonly toasts: Toasts;

  /** Customers, teams, types: null until first loaded. */
  directory = $state.raw<Directory | null>(null);
  /** Settings → Remote support as saved; null until first loaded. */
  settings = $state.raw<RemoteSupportSettings | null>(null);
  settingsError = $state<string | null>(null);
  /** TK2: emails waiting for the mail server; null until first asked. */
  pendingMail = $state.raw<PendingMail[] | null>(null);
  /** Settings → BeyondTrust as saved (BT2, BT3, BT8); null until first loaded. */
  beyondtrust = $state.raw<BeyondTrustSettings | null>(null);
  beyondtrustError = $state<string | null>(null);
  /** The outbound-events receiver's URL; null when it is not listening, undefined until asked. */
  receiver = $state<string | null | undefined>(undefined);
  /** BT7: sessions waiting to be linked, newest first; null until first loaded. */
  unlinked = $state.raw<UnlinkedSession[] | null>(null);
  unlinkedError = $state<string | null>(null);
  /** The provider the invite dialog starts on: the last one an invitation went out with. */
  inviteProvider = $state<InviteProvider>(rememberedProvider());

  // ---- tickets ----
  tickets = $state.raw<Ticket[]>([]);
  ticketsLoaded = $state(false);
  /** As typed; `ticketText` is what the list was last asked for, once typing pauses. */
  ticketSearch = $state('');
  ticketText = $state('');
  ticketStatus = $state<TicketStatusFilter>('all');
  /** '' for every customer. */
  ticketCustomer = $state('');
  selectedTicketId = $state<string | null>(null);
  ticketDetail = $state.raw<TicketDetail | null>(null);
  /** TV4: the open ticket's TeamViewer panel; null while unknown or unreadable. */
  tvPanel = $state.raw<TvPanel | null>(null);
  tvBusy = $state(false);
  /** The asset the open ticket is about, for its link; null when none (or it is gone). */
  ticketAsset = $state.raw<Asset | null>(null);
  chat = $state.raw<ChatMessage[]>([]);
  newTicketOpen = $state(false);
  invite = $state.raw<InviteDialogState | null>(null);

  // ---- assets ----
  assets = $state.raw<Asset[]>([]);
  assetsLoaded = $state(false);
  assetSearch = $state('');
  assetText = $state('');
  selectedAssetId = $state<string | null>(null);
  assetDetail = $state.raw<AssetDetail | null>(null);

  /** Set by the views so "/" can focus them. */
  ticketSearchInput: HTMLInputElement | null = null;
  assetSearchInput: HTMLInputElement | null = null;

  private ticketTimer: ReturnType<typeof setTimeout> | null = null;
  private assetTimer: ReturnType<typeof setTimeout> | null = null;
  private pending: Parts = {};
  private flushScheduled = false;
  private stopped = false;
  private seq = {
    tickets: 0,
    ticket: 0,
    assets: 0,
    asset: 0,
    directory: 0,
    settings: 0,
    mail: 0,
    beyondtrust: 0,
    receiver: 0,
    unlinked: 0,
  };

  private readonly viewer: DemoViewer;

  constructor(api: Api, toasts: Toasts, viewer: DemoViewer) {
    this.api = api;
    this.toasts = toasts;
    this.viewer = viewer;
  }

  stop(): void {
    this.stopped = true;
    if (this.ticketTimer !== null) clearTimeout(this.ticketTimer);
    if (this.assetTimer !== null) clearTimeout(this.assetTimer);
  }

  // ---- derived ----

  /** Whether an empty list means "nothing matches" rather than "nothing yet". */
  ticketsFiltered = $derived(this.ticketText !== '' || this.ticketStatus !== 'all' || this.ticketCustomer !== '');
  selectedTicketIndex = $derived(
    this.selectedTicketId === null ? -1 : this.tickets.findIndex((t) => t.id === this.selectedTicketId),
  );
  selectedAssetIndex = $derived(
    this.selectedAssetId === null ? -1 : this.assets.findIndex((a) => a.id === this.selectedAssetId),
  );

  // ---- events ----

  onEvent(event: Event): void {
    switch (event.type) {
      case 'ticket_changed':
        // Asked for counts, not only loaded: a change during the first load would otherwise
        // be lost behind an answer read before it.
        this.schedule({
          tickets: this.seq.tickets > 0,
          ticket: this.selectedTicketId === event.ticket_id,
          mail: this.pendingMail !== null,
        });
        break;
      case 'asset_changed':
        this.schedule({ assets: this.seq.assets > 0, asset: this.selectedAssetId === event.asset_id });
        break;
      case 'desk_changed':
        // An import, new settings or a session taken in: every list, detail and button may
        // read differently. The unlinked sessions always: the sidebar counts them.
        this.schedule({
          directory: this.directory !== null,
          settings: this.settings !== null,
          tickets: this.seq.tickets > 0,
          ticket: this.selectedTicketId !== null,
          assets: this.seq.assets > 0,
          asset: this.selectedAssetId !== null,
          beyondtrust: this.beyondtrust !== null,
          unlinked: true,
        });
        break;
      case 'board_changed':
        // The current technician may have changed: their invitations and launches differ.
        this.schedule({ asset: this.selectedAssetId !== null, mail: this.pendingMail !== null });
        break;
    }
  }

  /** Several events in a row (an invite changes the ticket twice): one refresh. */
  private schedule(parts: Parts): void {
    for (const key of Object.keys(parts) as (keyof Parts)[]) {
      if (parts[key]) this.pending[key] = true;
    }
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setTimeout(() => {
      this.flushScheduled = false;
      const p = this.pending;
      this.pending = {};
      if (this.stopped) return;
      if (p.directory) void this.refreshDirectory();
      if (p.settings) void this.refreshSettings();
      if (p.tickets) void this.refreshTickets();
      if (p.ticket) void this.refreshTicketDetail();
      if (p.assets) void this.refreshAssets();
      if (p.asset) void this.refreshAssetDetail();
      if (p.mail) void this.refreshPendingMail();
      if (p.beyondtrust) void this.refreshBeyondTrust();
      if (p.unlinked) void this.refreshUnlinked();
    }, 0);
  }

  // ---- loading ----

  /** What the Tickets view needs when it opens; what is loaded already is refreshed. */
  openTickets(): void {
    void this.refreshDirectory();
    void this.refreshSettings();
    void this.refreshTickets();
    if (this.selectedTicketId !== null) void this.refreshTicketDetail();
  }

  openAssets(): void {
    void this.refreshDirectory();
    void this.refreshSettings();
    void this.refreshAssets();
    if (this.selectedAssetId !== null) void this.refreshAssetDetail();
  }

  async refreshDirectory(): Promise<void> {
    const seq = ++this.seq.directory;
    try {
      const directory = await this.api.directory();
      if (seq === this.seq.directory) this.directory = directory;
    } catch (e) {
      if (seq === this.seq.directory) this.toasts.failure(toCommandError(e));
    }
  }

  async refreshSettings(): Promise<void> {
    const seq = ++this.seq.settings;
    try {
      const settings = await this.api.remoteSupportSettings();
      if (seq !== this.seq.settings) return;
      this.settings = settings;
      this.settingsError = null;
    } catch (e) {
      if (seq === this.seq.settings) this.settingsError = toCommandError(e).message;
    }
  }

  async refreshPendingMail(): Promise<void> {
    const seq = ++this.seq.mail;
    try {
      const mail = await this.api.pendingMail();
      if (seq === this.seq.mail) this.pendingMail = mail;
    } catch (e) {
      if (seq === this.seq.mail) this.toasts.failure(toCommandError(e));
    }
  }

  // ---- tickets ----

  async refreshTickets(): Promise<void> {
    const seq = ++this.seq.tickets;
    try {
      const tickets = await this.api.tickets({
        text: this.ticketText,
        status: this.ticketStatus === 'all' ? null : this.ticketStatus,
        customer_id: this.ticketCustomer || null,
        assignee: null,
        limit: null,
      });
      if (seq !== this.seq.tickets) return;
      this.tickets = tickets;
      this.ticketsLoaded = true;
    } catch (e) {
      if (seq !== this.seq.tickets) return;
      this.tickets = [];
      this.ticketsLoaded = true;
      this.toasts.failure(toCommandError(e));
    }
  }

  /** The core searches its full-text index: ask once the technician pauses typing. */
  setTicketSearch(text: string): void {
    this.ticketSearch = text;
    if (this.ticketTimer !== null) clearTimeout(this.ticketTimer);
    this.ticketTimer = setTimeout(() => {
      this.ticketTimer = null;
      if (this.ticketText === text.trim()) return;
      this.ticketText = text.trim();
      void this.refreshTickets();
    }, SEARCH_DEBOUNCE_MS);
  }

  setTicketStatus(status: TicketStatusFilter): void {
    this.ticketStatus = status;
    void this.refreshTickets();
  }

  setTicketCustomer(customerId: string): void {
    this.ticketCustomer = customerId;
    void this.refreshTickets();
  }

  clearTicketFilters(): void {
    if (this.ticketTimer !== null) clearTimeout(this.ticketTimer);
    this.ticketTimer = null;
    this.ticketSearch = '';
    this.ticketText = '';
    this.ticketStatus = 'all';
    this.ticketCustomer = '';
    void this.refreshTickets();
  }

  selectTicket(id: string | null): void {
    if (id !== this.selectedTicketId) {
      this.selectedTicketId = id;
      this.ticketDetail = null;
      this.ticketAsset = null;
      this.chat = [];
    }
    void this.refreshTicketDetail();
  }

  closeTicket(): void {
    this.selectedTicketId = null;
    this.ticketDetail = null;
    this.tvPanel = null;
    this.ticketAsset = null;
    this.chat = [];
    this.invite = null;
  }

  /** J/K through the tickets on screen; the detail follows. */
  moveTicket(delta: 1 | -1): void {
    const list = this.tickets;
    if (list.length === 0) return;
    const at = this.selectedTicketIndex;
    const index = at < 0 ? (delta > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + delta));
    this.selectTicket(list[index].id);
  }

  async refreshTicketDetail(): Promise<void> {
    const id = this.selectedTicketId;
    const seq = ++this.seq.ticket;
    if (id === null) return;
    try {
      const detail = await this.api.ticketDetail(id);
      // The TeamViewer panel is its own read: a failure there must not hide the ticket.
      const panel = this.api.tvPanel(id).catch(() => null);
      const chat = detail.chat_id !== null ? await this.api.chatMessages(detail.chat_id) : [];
      const assetId = detail.ticket.asset_id;
      const asset = assetId !== null ? await this.api.assetDetail(assetId).then((d) => d.asset, () => null) : null;
      const tv = await panel;
      if (seq !== this.seq.ticket || id !== this.selectedTicketId) return;
      this.ticketDetail = detail;
      this.tvPanel = tv;
      this.chat = chat;
      this.ticketAsset = asset;
    } catch (e) {
      if (seq !== this.seq.ticket || id !== this.selectedTicketId) return;
      const error = toCommandError(e);
      if (error.code === 'not_found') this.closeTicket();
      else this.toasts.failure(error);
    }
  }

  // ---- TeamViewer (TV2–TV5) ----

  /** Runs one TeamViewer command for the open ticket; the ticket (and its panel) refresh. */
  private async tv<T>(command: () => Promise<T>, success: (result: T) => string): Promise<T | undefined> {
    this.tvBusy = true;
    try {
      const result = await command();
      this.toasts.success(success(result));
      void this.refreshTicketDetail();
      return result;
    } catch (e) {
      this.toasts.failure(toCommandError(e));
      return undefined;
    } finally {
      this.tvBusy = false;
    }
  }

  /** TV2 / TV3; a pilot session's link also goes by SMS to `phone`, when one is given. */
  async createTvSession(kind: TvSessionKind, phone: string | null = null): Promise<boolean> {
    const id = this.selectedTicketId;
    if (id === null) return false;
    const created = await this.tv(
      () => this.api.createTvSession(id, kind, phone),
      (s) => `TeamViewer ${kind} session ${s.code} created; the invitation is on its way`,
    );
    return created !== undefined;
  }

  async endTvSession(code: string): Promise<void> {
    await this.tv(
      () => this.api.endTvSession(code),
      (s) => `Session ${code} ended${s.connected_seconds > 0 ? '; its time is on the ticket' : ''}`,
    );
  }

  async reinviteTvSession(code: string): Promise<void> {
    await this.tv(
      () => this.api.reinviteTvSession(code),
      () => `Invitation for ${code} sent again`,
    );
  }

  async enterTvSession(code: string): Promise<void> {
    await this.tv(
      () => this.api.enterTvSession(code),
      (o) => (o.opened ? `Opening session ${code}` : `Open ${o.url} to join ${code}`),
    );
  }

  async copyTvLink(link: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(link);
      this.toasts.success('Link copied');
    } catch {
      this.toasts.error(`Copy failed: select the link and copy it (${link})`);
    }
  }

  /** IN3: the dialog shows what happened to the type's invitation, so it gets the outcome. */
  async createTicket(draft: NewTicket): Promise<Outcome<TicketCreated>> {
    try {
      const created = await this.api.createTicket(draft);
      // Show it at once, whatever the filters; the refresh puts it in its place.
      if (!this.tickets.some((t) => t.id === created.ticket.id)) this.tickets = [created.ticket, ...this.tickets];
      this.selectTicket(created.ticket.id);
      void this.refreshTickets();
      return { ok: true, value: created };
    } catch (e) {
      return { ok: false, error: toCommandError(e) };
    }
  }

  async addNote(note: string): Promise<boolean> {
    const id = this.selectedTicketId;
    if (id === null) return false;
    try {
      await this.api.addTicketNote(id, note);
      this.toasts.success('Note added');
      void this.refreshTicketDetail();
      return true;
    } catch (e) {
      this.toasts.failure(toCommandError(e));
      return false;
    }
  }

  /** SY7: the ticket's status; resolving an alert's ticket resolves the alert in Syncro. */
  async changeTicketStatus(status: TicketStatus): Promise<boolean> {
    const id = this.selectedTicketId;
    if (id === null) return false;
    try {
      await this.api.setTicketStatus(id, status);
      this.toasts.success(`Ticket ${ticketStatusLabel(status).toLowerCase()}`);
      void this.refreshTicketDetail();
      void this.refreshTickets();
      return true;
    } catch (e) {
      this.toasts.failure(toCommandError(e));
      return false;
    }
  }

  openInvite(quick: boolean): void {
    if (this.ticketDetail === null) return;
    this.invite = { quick };
  }

  closeInvite(): void {
    this.invite = null;
  }

  /** The dialog shows a refusal in place, so it comes back rather than as a toast. */
  async previewInvite(request: InviteRequest): Promise<Outcome<InvitePreview>> {
    try {
      return { ok: true, value: await this.api.previewInvite(request) };
    } catch (e) {
      return { ok: false, error: toCommandError(e) };
    }
  }

  async sendInvite(request: InviteRequest): Promise<Outcome<TicketAction>> {
    try {
      const action = await this.api.sendInvite(request);
      this.invite = null;
      this.rememberProvider(request.provider);
      // TK2: an email the server did not take yet is queued, never lost; say so plainly.
      if (action.delivery === 'pending') {
        this.toasts.error(`Invitation queued: ${action.delivery_error ?? 'waiting for the mail server'}`);
      } else {
        // The core's note says where the session went, and why when it was not where asked.
        this.toasts.success(`Invitation sent. ${action.note}`);
      }
      if (request.ticket_id === this.selectedTicketId) void this.refreshTicketDetail();
      return { ok: true, value: action };
    } catch (e) {
      return { ok: false, error: toCommandError(e) };
    }
  }

  private rememberProvider(provider: InviteProvider): void {
    this.inviteProvider = provider;
    try {
      globalThis.localStorage?.setItem(PROVIDER_KEY, provider);
    } catch {
      // Not kept across restarts then; this window still remembers it.
    }
  }

  /** Resolves to whether the invitation was posted. */
  async sendChatInvite(): Promise<boolean> {
    const detail = this.ticketDetail;
    if (detail === null) return false;
    try {
      // No target: the core sends it where the ticket's type says (IN4).
      await this.api.sendChatInvite(detail.ticket.id, null);
      this.toasts.success('Chat invitation posted');
      void this.refreshTicketDetail();
      return true;
    } catch (e) {
      this.toasts.failure(toCommandError(e));
      return false;
    }
  }

  /** TK2: new recipients for an email the server refused; resolves to whether it was taken. */
  async correctMail(id: number, recipients: string): Promise<boolean> {
    try {
      await this.api.correctMail(id, recipients);
      this.toasts.success('Corrected: the email is on its way');
      void this.refreshTicketDetail();
      return true;
    } catch (e) {
      this.toasts.failure(toCommandError(e));
      return false;
    }
  }

  /** TK2: gives up on an email the server refused; the timeline keeps who and why. */
  async discardMail(id: number): Promise<void> {
    try {
      await this.api.discardMail(id);
      this.toasts.success('Email discarded');
      void this.refreshTicketDetail();
    } catch (e) {
      this.toasts.failure(toCommandError(e));
    }
  }

  async retryMail(): Promise<void> {
    try {
      const left = await this.api.retryMail();
      if (left === 0) this.toasts.success('Every email reached the mail server');
      else this.toasts.error(`${plural(left, 'email')} still waiting for the mail server`);
    } catch (e) {
      this.toasts.failure(toCommandError(e));
    }
    if (this.selectedTicketId !== null) void this.refreshTicketDetail();
    void this.refreshPendingMail();
  }

  // ---- assets ----

  async refreshAssets(): Promise<void> {
    const seq = ++this.seq.assets;
    try {
      const assets = await this.api.assets({ text: this.assetText, customer_id: null, limit: null });
      if (seq !== this.seq.assets) return;
      this.assets = assets;
      this.assetsLoaded = true;
    } catch (e) {
      if (seq !== this.seq.assets) return;
      this.assets = [];
      this.assetsLoaded = true;
      this.toasts.failure(toCommandError(e));
    }
  }

  /** Assets of one customer, for the New ticket dialog; a refusal is an empty list there. */
  async assetsOf(customerId: string): Promise<Asset[]> {
    try {
      return await this.api.assets({ text: '', customer_id: customerId, limit: null });
    } catch {
      return [];
    }
  }

  setAssetSearch(text: string): void {
    this.assetSearch = text;
    if (this.assetTimer !== null) clearTimeout(this.assetTimer);
    this.assetTimer = setTimeout(() => {
      this.assetTimer = null;
      if (this.assetText === text.trim()) return;
      this.assetText = text.trim();
      void this.refreshAssets();
    }, SEARCH_DEBOUNCE_MS);
  }

  clearAssetSearch(): void {
    if (this.assetTimer !== null) clearTimeout(this.assetTimer);
    this.assetTimer = null;
    this.assetSearch = '';
    this.assetText = '';
    void this.refreshAssets();
  }

  selectAsset(id: string | null): void {
    if (id !== this.selectedAssetId) {
      this.selectedAssetId = id;
      this.assetDetail = null;
    }
    void this.refreshAssetDetail();
  }

  closeAsset(): void {
    this.selectedAssetId = null;
    this.assetDetail = null;
  }

  moveAsset(delta: 1 | -1): void {
    const list = this.assets;
    if (list.length === 0) return;
    const at = this.selectedAssetIndex;
    const index = at < 0 ? (delta > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + delta));
    this.selectAsset(list[index].id);
  }

  async refreshAssetDetail(): Promise<void> {
    const id = this.selectedAssetId;
    const seq = ++this.seq.asset;
    if (id === null) return;
    try {
      const detail = await this.api.assetDetail(id);
      if (seq !== this.seq.asset || id !== this.selectedAssetId) return;
      this.assetDetail = detail;
    } catch (e) {
      if (seq !== this.seq.asset || id !== this.selectedAssetId) return;
      const error = toCommandError(e);
      if (error.code === 'not_found') this.closeAsset();
      else this.toasts.failure(error);
    }
  }

  /** UA5: the core records the launch and opens its URL (or hands it back to open here). */
  async launch(button: LaunchButton): Promise<void> {
    const id = this.selectedAssetId;
    if (id === null) return;
    try {
      const who = this.assetDetail?.asset.name ?? 'the computer';
      const launched = await this.api.launch(id, button.id);
      if (launched.demo_viewer) this.viewer.show({ who, app: launched.demo_viewer, url: launched.url });
      else if (!launched.opened) openUrl(launched.url);
      this.toasts.success(`Opening ${button.label}`);
      void this.refreshAssetDetail();
    } catch (e) {
      this.toasts.failure(toCommandError(e));
      // A launch the system could not open left the history: it shows what happened.
      void this.refreshAssetDetail();
    }
  }

  // ---- Settings → Remote support ----

  async saveSettings(settings: RemoteSupportSettings): Promise<Outcome<null>> {
    try {
      await this.api.saveRemoteSupportSettings(settings);
      this.settings = settings;
      this.toasts.success('Remote support settings saved');
      return { ok: true, value: null };
    } catch (e) {
      return { ok: false, error: toCommandError(e) };
    }
  }

  /** IN3: a ticket type's invitation defaults, saved at once; the directory shows the result. */
  async updateTicketType(id: string, sendInviteOnCreate: boolean, target: InviteTarget): Promise<void> {
    try {
      const saved = await this.api.updateTicketType(id, sendInviteOnCreate, target);
      if (this.directory) {
        this.directory = {
          ...this.directory,
          ticket_types: this.directory.ticket_types.map((t) => (t.id === saved.id ? saved : t)),
        };
      }
      this.toasts.success(`${saved.name} saved`);
    } catch (e) {
      this.toasts.failure(toCommandError(e));
      void this.refreshDirectory();
    }
  }

  async previewTemplates(templates: InviteTemplates): Promise<Outcome<TemplatePreview>> {
    try {
      return { ok: true, value: await this.api.previewTemplates(templates) };
    } catch (e) {
      return { ok: false, error: toCommandError(e) };
    }
  }

  /** IN8; the board (and its technicians) follows from the core's board_changed. */
  async setAvailable(available: boolean): Promise<boolean> {
    try {
      await this.api.setAvailable(available);
      this.toasts.success(available ? 'You are taking invitations' : 'You are not taking invitations');
      return true;
    } catch (e) {
      this.toasts.failure(toCommandError(e));
      return false;
    }
  }

  // ---- BeyondTrust (BT1–BT8) ----

  async refreshBeyondTrust(): Promise<void> {
    const seq = ++this.seq.beyondtrust;
    try {
      const settings = await this.api.beyondtrustSettings();
      if (seq !== this.seq.beyondtrust) return;
      this.beyondtrust = settings;
      this.beyondtrustError = null;
    } catch (e) {
      if (seq === this.seq.beyondtrust) this.beyondtrustError = toCommandError(e).message;
    }
  }

  /** Settings shows the refusal beside Save, so it comes back rather than as a toast. */
  async saveBeyondTrust(settings: BeyondTrustSettings): Promise<Outcome<null>> {
    try {
      await this.api.saveBeyondtrustSettings(settings);
      this.seq.beyondtrust += 1;
      this.beyondtrust = settings;
      this.toasts.success('BeyondTrust settings saved');
      return { ok: true, value: null };
    } catch (e) {
      return { ok: false, error: toCommandError(e) };
    }
  }

  /** BT3 *Get teams*: the appliance's new teams arrive disabled, for an admin to turn on. */
  async fetchBeyondTrustTeams(): Promise<Outcome<BeyondTrustSettings>> {
    const before = this.beyondtrust?.teams.length ?? 0;
    try {
      const settings = await this.api.fetchBeyondtrustTeams();
      this.seq.beyondtrust += 1;
      this.beyondtrust = settings;
      const added = settings.teams.length - before;
      this.toasts.success(
        added > 0 ? `${plural(added, 'team')} added from BeyondTrust, turned off` : 'Every BeyondTrust team is listed already',
      );
      return { ok: true, value: settings };
    } catch (e) {
      return { ok: false, error: toCommandError(e) };
    }
  }

  async refreshReceiver(): Promise<void> {
    const seq = ++this.seq.receiver;
    try {
      const url = await this.api.eventsReceiver();
      if (seq === this.seq.receiver) this.receiver = url;
    } catch (e) {
      if (seq === this.seq.receiver) this.toasts.failure(toCommandError(e));
    }
  }

  /** Also asked at start-up, for the sidebar's count; a failure is said in the view, not a toast. */
  async refreshUnlinked(): Promise<void> {
    const seq = ++this.seq.unlinked;
    try {
      const unlinked = await this.api.unlinkedSessions();
      if (seq !== this.seq.unlinked) return;
      this.unlinked = unlinked;
      this.unlinkedError = null;
    } catch (e) {
      if (seq === this.seq.unlinked) this.unlinkedError = toCommandError(e).message;
    }
  }

  /** BT7: the session's time and transcript go on the ticket; its row leaves the list at once. */
  async linkSession(sessionId: string, ticket: Ticket): Promise<boolean> {
    try {
      await this.api.linkRemoteSession(sessionId, ticket.id);
      this.seq.unlinked += 1;
      this.unlinked = (this.unlinked ?? []).filter((u) => u.session.id !== sessionId);
      this.toasts.success(`Session linked to #${ticket.number} ${ticket.subject}`);
      void this.refreshUnlinked();
      if (ticket.id === this.selectedTicketId) void this.refreshTicketDetail();
      return true;
    } catch (e) {
      this.toasts.failure(toCommandError(e));
      return false;
    }
  }

  /** Any ticket to link a session to: the same search as the Tickets list, a few rows. */
  async searchTickets(text: string): Promise<Ticket[]> {
    try {
      return await this.api.tickets({ text, status: null, customer_id: null, assignee: null, limit: 8 });
    } catch (e) {
      this.toasts.failure(toCommandError(e));
      return [];
    }
  }
}
