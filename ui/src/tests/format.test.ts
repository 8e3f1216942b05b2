import { describe, expect, it } from 'vitest';
import {
  countdown,
  formatCode,
  formatDuration,
  initials,
  permissionLabel,
  providerLabel,
  relativeAge,
  relativeIn,
} from '../lib/format';

describe('formatCode', () => {
  it('groups the 9-digit code in threes, as it is read over the phone', () => {
    expect(formatCode('123456789')).toBe('123 456 789');
  });
  it('leaves short or already-spaced codes readable', () => {
    expect(formatCode('1234')).toBe('123 4');
    expect(formatCode('123 456 789')).toBe('123 456 789');
  });
});

describe('relativeAge', () => {
  const now = Date.parse('2025-03-04T10:00:00Z');
  const ago = (ms: number) => new Date(now - ms).toISOString();
  it('says "now" for the first seconds', () => {
    expect(relativeAge(ago(3_000), now)).toBe('now');
  });
  it('counts seconds, minutes, hours, then days', () => {
    expect(relativeAge(ago(42_000), now)).toBe('42 s');
    expect(relativeAge(ago(12 * 60_000), now)).toBe('12 min');
    expect(relativeAge(ago(3 * 3_600_000 + 5 * 60_000), now)).toBe('3 h');
    expect(relativeAge(ago(5 * 86_400_000), now)).toBe('5 d');
  });
  it('never shows a negative age for a clock slightly ahead', () => {
    expect(relativeAge(new Date(now + 5_000).toISOString(), now)).toBe('now');
  });
  it('is empty for a date it cannot read', () => {
    expect(relativeAge('not a date', now)).toBe('');
  });
});

describe('countdown', () => {
  const now = Date.parse('2025-03-04T10:00:00Z');
  it('shows minutes and seconds under an hour', () => {
    expect(countdown(new Date(now + 4 * 60_000 + 5_000).toISOString(), now)).toBe('4:05');
  });
  it('shows hours and minutes beyond', () => {
    expect(countdown(new Date(now + 72 * 60_000).toISOString(), now)).toBe('1 h 12 min');
  });
  it('says "now" once the time has passed', () => {
    expect(countdown(new Date(now - 1).toISOString(), now)).toBe('now');
  });
});

describe('relativeIn', () => {
  const now = Date.parse('2025-03-04T10:00:00Z');
  const ahead = (ms: number) => new Date(now + ms).toISOString();
  it('says how far ahead, in the largest whole unit', () => {
    expect(relativeIn(ahead(42_000), now)).toBe('in 42 s');
    expect(relativeIn(ahead(59 * 60_000 + 59_000), now)).toBe('in 59 min');
    expect(relativeIn(ahead(3_600_000), now)).toBe('in 1 h');
    expect(relativeIn(ahead(5 * 86_400_000), now)).toBe('in 5 d');
  });
  it('says "now" once it has passed, and nothing for a date it cannot read', () => {
    expect(relativeIn(ahead(-1_000), now)).toBe('now');
    expect(relativeIn('not a date', now)).toBe('');
  });
});

describe('words', () => {
  it('explains where the permission request stands', () => {
    expect(permissionLabel('requested')).toBe('requested — waiting for the end user');
    expect(permissionLabel('not_requested')).toBe('not requested');
  });
  it('makes avatar initials', () => {
    expect(initials('Alex Rivera')).toBe('AR');
    expect(initials('Priya')).toBe('P');
    expect(initials('  ')).toBe('?');
  });
});

describe('formatDuration', () => {
  it('says seconds, then minutes and seconds, then hours and minutes', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(754)).toBe('12 min 34 s');
    expect(formatDuration(300)).toBe('5 min');
    expect(formatDuration(3725)).toBe('1 h 02 min');
    expect(formatDuration(-3)).toBe('0 s');
  });
  it('names the providers', () => {
    expect(providerLabel('beyondtrust')).toBe('BeyondTrust');
    expect(providerLabel('splashtop')).toBe('Splashtop');
  });
});
