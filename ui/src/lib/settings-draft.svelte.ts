// A settings section edited as a copy and saved together (Settings → Remote support, Settings →
// BeyondTrust). Both sections need the same bookkeeping, and it is easy to get subtly wrong in
// one of them: the copy must follow what is saved (first load, a save elsewhere) without ever
// overwriting edits not saved yet; "unsaved changes" must mean the copy really differs; a
// refusal from the core must be kept to be shown while what was typed stays; and a successful
// save must start a fresh copy from what was sent. So it lives here, once.
//
// Create it while a component initialises (it registers an effect that follows the saved value).
import { untrack } from 'svelte';
import type { ErrorDto } from './bindings/ErrorDto';
import type { Outcome } from './store.svelte';

export interface SettingsDraftOptions<T> {
  /** The settings as saved; null until first loaded. Read reactively. */
  saved: () => T | null;
  /** Sends the settings to the core; a refusal comes back as an error, in the core's words. */
  save: (settings: T) => Promise<Outcome<unknown>>;
  /** Tidies the copy about to be sent, in place (trimmed names, an emptied number made 0…). */
  tidy?: (settings: T) => void;
}

/** A deep copy: the settings are plain data, as the core sends and takes them. */
function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export class SettingsDraft<T> {
  /** The saved settings the draft started from. */
  base = $state.raw<T | null>(null);
  /** The copy the form edits; null until the saved settings first arrive. */
  draft = $state<T | null>(null);
  saving = $state(false);
  /** Why the core refused the last save; cleared when the next one starts. */
  error = $state.raw<ErrorDto | null>(null);
  /** The draft differs from what it started from: there are unsaved changes. */
  readonly dirty = $derived(
    this.draft !== null && this.base !== null && JSON.stringify(this.draft) !== JSON.stringify(this.base),
  );

  readonly #options: SettingsDraftOptions<T>;

  constructor(options: SettingsDraftOptions<T>) {
    this.#options = options;
    // Adopt what is saved (first load, or a save elsewhere) unless there are edits here.
    $effect(() => {
      const saved = options.saved();
      if (saved === null) return;
      untrack(() => {
        if (this.draft === null || !this.dirty) this.adopt(saved);
      });
    });
  }

  /** Starts over from `saved`: it becomes the base, and the draft a fresh copy of it. */
  adopt(saved: T): void {
    this.base = saved;
    this.draft = clone(saved);
  }

  /**
   * Sends a tidied copy of the draft. Once it is saved, that copy is the new base; when the
   * core refuses, what was typed stays, so only the refused part needs fixing, and `error`
   * says why. (An arrow, so it can be handed to a button as it is.)
   */
  save = async (): Promise<void> => {
    if (!this.draft || this.saving) return;
    this.saving = true;
    this.error = null;
    const settings = clone(this.draft);
    this.#options.tidy?.(settings);
    const result = await this.#options.save(settings);
    this.saving = false;
    if (result.ok) {
      this.adopt(settings);
    } else {
      this.error = result.error;
    }
  };
}
