// Settings → SyncroMSP's state (SY2–SY7): the import and alert settings, the preview waiting
// to run with the page of its rows on screen, the progress of pages loading and rows being
// written, and the last runs. Every rule (matching, mapping, what changed) is the core's:
// this only asks it and keeps the answers.
import type { Api } from './api';
import type { ErrorDto } from './bindings/ErrorDto';
import type { ImportKind } from './bindings/ImportKind';
import type { ImportOutcome } from './bindings/ImportOutcome';
import type { ImportPreview } from './bindings/ImportPreview';
import type { ImportProgress } from './bindings/ImportProgress';
import type { ImportRow } from './bindings/ImportRow';
import type { RowAction } from './bindings/RowAction';
import type { SyncroAlertSettings } from './bindings/SyncroAlertSettings';
import type { SyncroImportChoices } from './bindings/SyncroImportChoices';
import type { SyncroImportSettings } from './bindings/SyncroImportSettings';
import { SEARCH_DEBOUNCE_MS } from './desk.svelte';
import { toCommandError } from './errors';
import type { Outcome } from './store.svelte';
import type { Toasts } from './toasts.svelte';

/** Rows asked of the core at a time. */
const PAGE = 200;

export class SyncroState {
  importSettings = $state.raw<SyncroImportSettings | null>(null);
  alertSettings = $state.raw<SyncroAlertSettings | null>(null);
  choices = $state.raw<SyncroImportChoices | null>(null);
  loadError = $state<string | null>(null);
  preview = $state.raw<ImportPreview | null>(null);
  /** The rows on screen: the core filtered and searched them. */
  rows = $state.raw<ImportRow[]>([]);
  matching = $state(0);
  action = $state<RowAction | null>(null);
  search = $state('');
  /** A preview or a run under way, and how far it got. */
  busy = $state<ImportKind | null>(null);
  running = $state(false);
  progress = $state.raw<ImportProgress | null>(null);
  /** Why the last preview or run failed, beside its buttons. */
  error = $state.raw<ErrorDto | null>(null);
  runs = $state.raw<ImportOutcome[]>([]);
  /** Where a Syncro webhook may post alerts; null while nothing listens. */
  receiver = $state<string | null>(null);
  checkingAlerts = $state(false);

  private rowsSeq = 0;
  private searchTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly api: Api,
    private readonly toasts: Toasts,
  ) {}

  async refresh(): Promise<void> {
    try {
      const [importSettings, alertSettings, choices, preview, runs, receiver] = await Promise.all([
        this.api.syncroImportSettings(),
        this.api.syncroAlertSettings(),
        this.api.syncroImportChoices(),
        this.api.syncroImportPreview(),
        this.api.syncroImportRuns(),
        this.api.syncroAlertsReceiver(),
      ]);
      this.receiver = receiver;
      this.importSettings = importSettings;
      this.alertSettings = alertSettings;
      this.choices = choices;
      this.runs = runs;
      this.loadError = null;
      if (preview?.id !== this.preview?.id) {
        this.preview = preview;
        if (preview) await this.loadRows();
      }
    } catch (e) {
      this.loadError = toCommandError(e).message;
    }
  }

  /** `import_progress` from the core. */
  onProgress(progress: ImportProgress): void {
    this.progress = progress;
  }

  async saveImportSettings(settings: SyncroImportSettings): Promise<Outcome<null>> {
    try {
      this.importSettings = await this.api.saveSyncroImportSettings(settings);
      // The core drops a preview planned with the old settings.
      this.preview = null;
      this.rows = [];
      this.toasts.success('SyncroMSP import settings saved');
      return { ok: true, value: null };
    } catch (e) {
      return { ok: false, error: toCommandError(e) };
    }
  }

  async saveAlertSettings(settings: SyncroAlertSettings): Promise<Outcome<null>> {
    try {
      this.alertSettings = await this.api.saveSyncroAlertSettings(settings);
      this.toasts.success(settings.enabled ? 'Syncro alerts become tickets' : 'Syncro alerts are off');
      return { ok: true, value: null };
    } catch (e) {
      return { ok: false, error: toCommandError(e) };
    }
  }

  /** SY5: reads every page and plans every row; nothing is written. */
  async previewImport(kind: ImportKind): Promise<void> {
    if (this.busy || this.running) return;
    this.busy = kind;
    this.error = null;
    this.progress = null;
    try {
      this.preview = await this.api.previewSyncroImport(kind);
      this.action = null;
      this.search = '';
      await this.loadRows();
    } catch (e) {
      this.error = toCommandError(e);
    } finally {
      this.busy = null;
      this.progress = null;
    }
  }

  /** The first page for the filter and search, or the next one (`more`). */
  async loadRows(more = false): Promise<void> {
    if (!this.preview) return;
    const seq = ++this.rowsSeq;
    try {
      const page = await this.api.syncroImportRows({
        action: this.action,
        text: this.search,
        offset: more ? this.rows.length : 0,
        limit: PAGE,
      });
      if (seq !== this.rowsSeq) return;
      this.rows = more ? [...this.rows, ...page.rows] : page.rows;
      this.matching = page.matching;
    } catch (e) {
      if (seq === this.rowsSeq) this.error = toCommandError(e);
    }
  }

  setFilter(action: RowAction | null): void {
    this.action = action;
    void this.loadRows();
  }

  /** Asks the core once typing pauses. */
  setSearch(text: string): void {
    this.search = text;
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      this.searchTimer = null;
      void this.loadRows();
    }, SEARCH_DEBOUNCE_MS);
  }

  /** *Run import*: exactly the preview, or the core's reason for writing nothing. */
  async run(): Promise<void> {
    const preview = this.preview;
    if (!preview || this.running) return;
    this.running = true;
    this.error = null;
    this.progress = null;
    try {
      const outcome = await this.api.runSyncroImport(preview.id);
      this.preview = null;
      this.rows = [];
      this.runs = [...this.runs.filter((r) => r.kind !== outcome.kind), outcome];
      this.toasts.success(
        `Syncro ${outcome.kind}: ${outcome.created} created, ${outcome.updated} updated, ${outcome.skipped} skipped`,
      );
    } catch (e) {
      this.error = toCommandError(e);
      // A run that stopped part-way says how far it got; the preview is kept to continue.
      this.preview = await this.api.syncroImportPreview().catch(() => this.preview);
    } finally {
      this.running = false;
      this.progress = null;
    }
  }

  async discardPreview(): Promise<void> {
    try {
      await this.api.discardSyncroPreview();
      this.preview = null;
      this.rows = [];
      this.error = null;
    } catch (e) {
      this.error = toCommandError(e);
    }
  }

  async checkAlerts(): Promise<void> {
    if (this.checkingAlerts) return;
    this.checkingAlerts = true;
    try {
      const made = await this.api.checkSyncroAlerts();
      this.toasts.success(made === 0 ? 'No new Syncro alerts' : made === 1 ? '1 alert became a ticket' : `${made} alerts became tickets`);
    } catch (e) {
      this.toasts.error(toCommandError(e).message);
    } finally {
      this.checkingAlerts = false;
    }
  }
}
