import { describe, expect, it } from 'vitest';
import { ShortcutReader, isTypingTarget } from '../lib/shortcuts';

function key(key: string, init: KeyboardEventInit = {}, target?: HTMLElement): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { key, bubbles: true, ...init });
  if (target) Object.defineProperty(e, 'target', { value: target });
  return e;
}

describe('ShortcutReader', () => {
  it('maps single keys to commands', () => {
    const r = new ShortcutReader();
    expect(r.read(key('n'))).toBe('new-session');
    expect(r.read(key('J'))).toBe('next');
    expect(r.read(key('ArrowUp'))).toBe('previous');
    expect(r.read(key('3'))).toBe('tab-3');
    expect(r.read(key('?', { shiftKey: true }))).toBe('help');
    expect(r.read(key('Delete'))).toBe('delete');
  });

  it('ignores keys typed into a field, except Escape', () => {
    const r = new ShortcutReader();
    const input = document.createElement('input');
    expect(r.read(key('n', {}, input))).toBeNull();
    expect(r.read(key('Escape', {}, input))).toBe('escape');
    expect(r.read(key('c', {}, document.createElement('textarea')))).toBeNull();
  });

  it('leaves Ctrl and Cmd combinations to the system (Ctrl+C copies, it does not close)', () => {
    const r = new ShortcutReader();
    expect(r.read(key('c', { ctrlKey: true }))).toBeNull();
    expect(r.read(key('n', { metaKey: true }))).toBeNull();
  });

  it('opens the palette with Ctrl+K or Cmd+K, even from a field', () => {
    const r = new ShortcutReader();
    expect(r.read(key('k', { ctrlKey: true }))).toBe('palette');
    expect(r.read(key('K', { metaKey: true }, document.createElement('input')))).toBe('palette');
    expect(r.read(key('g'), 1000)).toBeNull();
    expect(r.read(key('s'), 1200)).toBe('go-settings');
  });

  it('reads "g h" and "g p" as one command within a moment', () => {
    const r = new ShortcutReader();
    expect(r.read(key('g'), 1000)).toBeNull();
    expect(r.read(key('h'), 1500)).toBe('go-home');
    expect(r.read(key('g'), 2000)).toBeNull();
    expect(r.read(key('p'), 2100)).toBe('go-private');
    expect(r.read(key('g'), 3000)).toBeNull();
    expect(r.read(key('p'), 9000)).toBe('request-permission');
  });

  it('reads "g t", "g a" and "g u" as going to Tickets, Assets and Unlinked sessions', () => {
    const r = new ShortcutReader();
    expect(r.read(key('g'), 1000)).toBeNull();
    expect(r.read(key('t'), 1200)).toBe('go-tickets');
    expect(r.read(key('g'), 2000)).toBeNull();
    expect(r.read(key('a'), 2100)).toBe('go-assets');
    expect(r.read(key('t'), 2200)).toBe('take');
    expect(r.read(key('g'), 3000)).toBeNull();
    expect(r.read(key('u'), 3100)).toBe('go-unlinked');
  });

  it('lets a focused button handle Enter itself', () => {
    const r = new ShortcutReader();
    expect(r.read(key('Enter', {}, document.createElement('button')))).toBeNull();
    expect(r.read(key('Enter', {}, document.createElement('div')))).toBe('open');
  });
});

describe('isTypingTarget', () => {
  it('treats checkboxes as not typing', () => {
    const box = document.createElement('input');
    box.type = 'checkbox';
    expect(isTypingTarget(box)).toBe(false);
    expect(isTypingTarget(document.createElement('select'))).toBe(true);
  });
});
