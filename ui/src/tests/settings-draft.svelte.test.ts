// The bookkeeping behind a settings section edited as a copy (lib/settings-draft.svelte.ts), on
// its own: a saved value that can change under it, and a save that answers as the test says.
// (A .svelte.test.ts file, so the runes below are compiled.)
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorDto } from '../lib/bindings/ErrorDto';
import { SettingsDraft } from '../lib/settings-draft.svelte';
import type { Outcome } from '../lib/store.svelte';

interface Settings {
  name: string;
  count: number;
  tags: string[];
}

const REFUSAL: ErrorDto = { code: 'invalid_input', message: 'The name cannot be empty' };

/** Resolves a pending save by hand, so a test can look while it is under way. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Where the settings are saved, as the desk store keeps them: replaced whole, never proxied. */
class Store {
  saved = $state.raw<Settings | null>(null);
}

let cleanups: (() => void)[] = [];

afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

function setup(options: { tidy?: (s: Settings) => void; answer?: () => Promise<Outcome<null>> } = {}) {
  const store = new Store();
  const sent: Settings[] = [];
  let form!: SettingsDraft<Settings>;
  cleanups.push(
    $effect.root(() => {
      form = new SettingsDraft<Settings>({
        saved: () => store.saved,
        save: async (settings) => {
          sent.push(settings);
          const outcome = options.answer ? await options.answer() : ({ ok: true, value: null } as const);
          if (outcome.ok) store.saved = settings;
          return outcome;
        },
        tidy: options.tidy,
      });
    }),
  );
  flushSync();
  return { store, sent, form };
}

function saved(name = 'Helpdesk'): Settings {
  return { name, count: 3, tags: ['a', 'b'] };
}

describe('SettingsDraft', () => {
  it('has no draft until the saved settings arrive, then a copy of them', () => {
    const { store, form } = setup();
    expect(form.draft).toBeNull();
    expect(form.base).toBeNull();
    expect(form.dirty).toBe(false);

    const first = saved();
    store.saved = first;
    flushSync();
    expect(form.base).toBe(first);
    expect(form.draft).toEqual(first);
    expect(form.draft).not.toBe(first);
    expect(form.dirty).toBe(false);
  });

  it('edits the copy, never the saved settings', () => {
    const { store, form } = setup();
    const first = saved();
    store.saved = first;
    flushSync();

    form.draft!.tags.push('c');
    form.draft!.name = 'Escalations';
    expect(first).toEqual(saved());
  });

  it('is dirty only while the draft differs from what it started from', () => {
    const { store, form } = setup();
    store.saved = saved();
    flushSync();

    form.draft!.count = 4;
    expect(form.dirty).toBe(true);
    form.draft!.count = 3;
    expect(form.dirty).toBe(false);
    form.draft!.tags.push('c');
    expect(form.dirty).toBe(true);
  });

  it('follows a save elsewhere while there are no edits', () => {
    const { store, form } = setup();
    store.saved = saved();
    flushSync();

    const elsewhere = saved('Escalations');
    store.saved = elsewhere;
    flushSync();
    expect(form.base).toBe(elsewhere);
    expect(form.draft?.name).toBe('Escalations');
    expect(form.dirty).toBe(false);
  });

  it('keeps edits not saved yet when the saved settings change under them', () => {
    const { store, form } = setup();
    const first = saved();
    store.saved = first;
    flushSync();
    form.draft!.count = 10;

    store.saved = saved('Escalations');
    flushSync();
    expect(form.draft).toEqual({ name: 'Helpdesk', count: 10, tags: ['a', 'b'] });
    expect(form.base).toBe(first);
    expect(form.dirty).toBe(true);
  });

  it('adopt starts over from what it is given, edits or not', () => {
    const { store, form } = setup();
    store.saved = saved();
    flushSync();
    form.draft!.count = 10;

    const fetched = saved('Fetched');
    form.adopt(fetched);
    expect(form.base).toBe(fetched);
    expect(form.draft).toEqual(fetched);
    expect(form.draft).not.toBe(fetched);
    expect(form.dirty).toBe(false);
  });

  it('saves a tidied copy, then starts a fresh draft from what was sent', async () => {
    const { store, sent, form } = setup({ tidy: (s) => (s.name = s.name.trim()) });
    store.saved = saved();
    flushSync();
    form.draft!.name = '  Escalations  ';

    await form.save();
    expect(sent).toEqual([{ name: 'Escalations', count: 3, tags: ['a', 'b'] }]);
    expect(form.base).toBe(sent[0]);
    expect(form.draft).toEqual(sent[0]);
    expect(form.draft).not.toBe(sent[0]);
    expect(form.dirty).toBe(false);
    expect(form.saving).toBe(false);
    expect(form.error).toBeNull();
    // The saved value now is what was sent: adopting it again changes nothing.
    flushSync();
    expect(form.base).toBe(sent[0]);
    expect(form.dirty).toBe(false);
  });

  it('keeps what was typed and says why when the core refuses', async () => {
    const { store, sent, form } = setup({
      tidy: (s) => (s.name = s.name.trim()),
      answer: async () => ({ ok: false, error: REFUSAL }),
    });
    const first = saved();
    store.saved = first;
    flushSync();
    form.draft!.name = '   ';

    await form.save();
    expect(sent).toEqual([{ name: '', count: 3, tags: ['a', 'b'] }]);
    expect(form.error).toEqual(REFUSAL);
    // Only the copy sent was tidied: the draft is as typed.
    expect(form.draft?.name).toBe('   ');
    expect(form.base).toBe(first);
    expect(form.dirty).toBe(true);
    expect(form.saving).toBe(false);
  });

  it('clears the last refusal when the next save starts', async () => {
    let refuse = true;
    const { store, form } = setup({
      answer: async () => (refuse ? { ok: false, error: REFUSAL } : { ok: true, value: null }),
    });
    store.saved = saved();
    flushSync();
    form.draft!.name = '';
    await form.save();
    expect(form.error).not.toBeNull();

    refuse = false;
    form.draft!.name = 'Fixed';
    const saving = form.save();
    expect(form.error).toBeNull();
    await saving;
    expect(form.error).toBeNull();
    expect(form.draft?.name).toBe('Fixed');
  });

  it('is saving until the core answers, and sends nothing twice meanwhile', async () => {
    const answer = deferred<Outcome<null>>();
    const { store, sent, form } = setup({ answer: () => answer.promise });
    store.saved = saved();
    flushSync();
    form.draft!.count = 5;

    const first = form.save();
    expect(form.saving).toBe(true);
    await form.save();
    expect(sent).toHaveLength(1);

    answer.resolve({ ok: true, value: null });
    await first;
    expect(form.saving).toBe(false);
    expect(form.dirty).toBe(false);
  });

  it('does nothing when there is no draft yet', async () => {
    const { sent, form } = setup();
    await form.save();
    expect(sent).toHaveLength(0);
    expect(form.saving).toBe(false);
  });

  it('can be handed to a button as it is', async () => {
    const { store, sent, form } = setup();
    store.saved = saved();
    flushSync();
    form.draft!.count = 7;

    const onsave = form.save;
    await onsave();
    expect(sent).toEqual([{ name: 'Helpdesk', count: 7, tags: ['a', 'b'] }]);
  });
});
