// Transient messages. Errors stay long enough to be read (and until dismissed, at most
// 8 s); successes are a short nod. A command's refusal shows the lead its code has in the one
// table of codes (errors.ts), then the core's own sentence.
import type { CommandError } from './api';
import { ERROR_LEADS } from './errors';

export type ToastKind = 'error' | 'success';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
  /** For a command's refusal: what did not happen, from its code. */
  lead: string | null;
  /** For a command's refusal: everything a support request needs, for *Copy details*. */
  details: string | null;
}

export const ERROR_MS = 8000;
export const SUCCESS_MS = 2500;
/** More than this on screen at once is noise; the oldest go first. */
const MAX_VISIBLE = 4;

export class Toasts {
  items = $state<Toast[]>([]);
  private nextId = 1;
  // Timer handles are bookkeeping, not something the UI draws.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private timers = new Map<number, ReturnType<typeof setTimeout>>();

  error(message: string): void {
    this.push('error', message, ERROR_MS, null, null);
  }

  /** A command the core refused or that failed: its code's lead, then the core's words;
   * the code and the system's own words (`details`) are behind *Copy details*. */
  failure(error: CommandError): void {
    const details = [`${error.code}: ${error.message}`, error.details].filter(Boolean).join('\n');
    this.push('error', error.message, ERROR_MS, ERROR_LEADS[error.code] ?? null, details);
  }

  success(message: string): void {
    this.push('success', message, SUCCESS_MS, null, null);
  }

  dismiss(id: number): void {
    const timer = this.timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(id);
    this.items = this.items.filter((t) => t.id !== id);
  }

  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.items = [];
  }

  private push(kind: ToastKind, message: string, ms: number, lead: string | null, details: string | null): void {
    // The same refusal twice in a row is one message, not a stack of copies.
    const same = this.items.find((t) => t.kind === kind && t.message === message);
    if (same) this.dismiss(same.id);
    const id = this.nextId++;
    this.items = [...this.items, { id, kind, message, lead, details }];
    while (this.items.length > MAX_VISIBLE) this.dismiss(this.items[0].id);
    this.timers.set(
      id,
      setTimeout(() => this.dismiss(id), ms),
    );
  }
}
