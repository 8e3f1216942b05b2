// Keyboard-first: one table of shortcuts feeds both the key handler and the help overlay,
// so the two cannot disagree.

export type Command =
  | 'new-session'
  | 'next'
  | 'previous'
  | 'open'
  | 'request-permission'
  | 'start-remote'
  | 'take'
  | 'release'
  | 'close'
  | 'delete'
  | 'focus-search'
  | 'tab-1'
  | 'tab-2'
  | 'tab-3'
  | 'tab-4'
  | 'tab-5'
  | 'tab-6'
  | 'go-home'
  | 'go-private'
  | 'go-tickets'
  | 'go-assets'
  | 'go-unlinked'
  | 'go-settings'
  | 'palette'
  | 'help'
  | 'escape';

export interface Shortcut {
  command: Command;
  /** How the keys are shown to the user, e.g. ["g", "h"] for a sequence. */
  keys: string[];
  label: string;
  group: 'Navigation' | 'Sessions' | 'General';
}

export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'next', keys: ['J', '↓'], label: 'Next session, ticket or asset', group: 'Navigation' },
  { command: 'previous', keys: ['K', '↑'], label: 'Previous session, ticket or asset', group: 'Navigation' },
  { command: 'open', keys: ['Enter'], label: 'Open the selected one', group: 'Navigation' },
  { command: 'focus-search', keys: ['/'], label: 'Search', group: 'Navigation' },
  { command: 'tab-1', keys: ['1 – 6'], label: 'State tabs, All to Closed', group: 'Navigation' },
  { command: 'go-home', keys: ['g', 'h'], label: 'Go to Home', group: 'Navigation' },
  { command: 'go-private', keys: ['g', 'p'], label: 'Go to Private', group: 'Navigation' },
  { command: 'go-tickets', keys: ['g', 't'], label: 'Go to Tickets', group: 'Navigation' },
  { command: 'go-assets', keys: ['g', 'a'], label: 'Go to Assets', group: 'Navigation' },
  { command: 'go-unlinked', keys: ['g', 'u'], label: 'Go to Unlinked sessions', group: 'Navigation' },
  { command: 'go-settings', keys: ['g', 's'], label: 'Go to Settings', group: 'Navigation' },
  { command: 'new-session', keys: ['N'], label: 'New session', group: 'Sessions' },
  { command: 'request-permission', keys: ['P'], label: 'Request permission', group: 'Sessions' },
  { command: 'start-remote', keys: ['S'], label: 'Start remote session', group: 'Sessions' },
  { command: 'take', keys: ['T'], label: 'Take', group: 'Sessions' },
  { command: 'release', keys: ['R'], label: 'Release to the queue', group: 'Sessions' },
  { command: 'close', keys: ['C'], label: 'Close', group: 'Sessions' },
  { command: 'delete', keys: ['Delete'], label: 'Delete (asks to confirm)', group: 'Sessions' },
  { command: 'palette', keys: ['Ctrl+K'], label: 'Every action, by name', group: 'General' },
  { command: 'help', keys: ['?'], label: 'Show these shortcuts', group: 'General' },
  { command: 'escape', keys: ['Esc'], label: 'Close a dialog or the detail panel', group: 'General' },
];

/** The key to show in a button's title, e.g. "Take (T)". */
export function keyHint(command: Command): string {
  const found = SHORTCUTS.find((s) => s.command === command);
  return found ? found.keys.join(' ') : '';
}

export function withHint(label: string, command: Command): string {
  const hint = keyHint(command);
  return hint ? `${label} (${hint})` : label;
}

/** True where a key press is text the user is typing, not a command. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const el = target as HTMLElement;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') {
    const type = (el as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(type);
  }
  return el.isContentEditable;
}

/** Enter and Space already activate a focused button; a shortcut on top would act twice. */
function activatesNatively(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const tag = (target as Element).tagName.toLowerCase();
  return tag === 'button' || tag === 'a' || tag === 'summary';
}

const SINGLE: Record<string, Command> = {
  n: 'new-session',
  j: 'next',
  k: 'previous',
  arrowdown: 'next',
  arrowup: 'previous',
  enter: 'open',
  p: 'request-permission',
  s: 'start-remote',
  t: 'take',
  r: 'release',
  c: 'close',
  delete: 'delete',
  '/': 'focus-search',
  '?': 'help',
  '1': 'tab-1',
  '2': 'tab-2',
  '3': 'tab-3',
  '4': 'tab-4',
  '5': 'tab-5',
  '6': 'tab-6',
};

const AFTER_G: Record<string, Command> = {
  h: 'go-home',
  p: 'go-private',
  t: 'go-tickets',
  a: 'go-assets',
  u: 'go-unlinked',
  s: 'go-settings',
};

/** How long "g" waits for its second key. */
const SEQUENCE_MS = 1500;

export class ShortcutReader {
  private prefixAt: number | null = null;

  /** The command a key press means, or null when it means nothing (or is typing). */
  read(e: KeyboardEvent, now: number = Date.now()): Command | null {
    if (e.key === 'Escape') {
      this.prefixAt = null;
      return 'escape';
    }
    // The palette answers Ctrl+K (⌘K) even while typing: it is how the keyboard finds things.
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') return 'palette';
    // Ctrl+C is copy, not Close; Alt and Meta combinations belong to the OS and webview.
    if (e.ctrlKey || e.metaKey || e.altKey) return null;
    if (isTypingTarget(e.target)) return null;
    if (e.isComposing) return null;
    const key = e.key.toLowerCase();
    if (this.prefixAt !== null) {
      const fresh = now - this.prefixAt <= SEQUENCE_MS;
      this.prefixAt = null;
      if (fresh && AFTER_G[key]) return AFTER_G[key];
    }
    if (key === 'g') {
      this.prefixAt = now;
      return null;
    }
    if ((key === 'enter' || key === ' ') && activatesNatively(e.target)) return null;
    return SINGLE[key] ?? null;
  }
}
