// lib/errors.ts: whatever a command rejects with, the UI gets a code and a sentence.
import { describe, expect, it } from 'vitest';
import type { ErrorDto } from '../lib/bindings/ErrorDto';
import { ERROR_LEADS, isCommandError, toCommandError } from '../lib/errors';

describe('toCommandError', () => {
  it("passes the core's ErrorDto through untouched", () => {
    const refusal: ErrorDto = { code: 'too_many_technicians', message: 'Alex, Priya and Jordan are on it already' };
    expect(toCommandError(refusal)).toBe(refusal);
  });

  it('makes an Error (a dead shell, a failed fetch) a disconnected error with its message', () => {
    expect(toCommandError(new Error('IPC channel closed'))).toEqual({ code: 'disconnected', message: 'IPC channel closed' });
  });

  it('makes a bare string a disconnected error with that string', () => {
    expect(toCommandError('command take not found')).toEqual({ code: 'disconnected', message: 'command take not found' });
  });

  it('never leaves the technician without a sentence', () => {
    for (const nothing of [undefined, null, 42, {}, { code: 'not_found' }]) {
      const error = toCommandError(nothing);
      expect(error.code).toBe('disconnected');
      expect(error.message).toBe('Tether gave no reason');
    }
  });

  it('keeps the words of an answer whose code this UI does not know (a newer server)', () => {
    expect(isCommandError({ code: 'made_up', message: 'x' })).toBe(false);
    expect(toCommandError({ code: 'made_up', message: 'the newer words' })).toEqual({
      code: 'internal',
      message: 'the newer words',
    });
    expect(toCommandError({ message: 'no code' })).toEqual({ code: 'internal', message: 'no code' });
  });
});

describe('isCommandError', () => {
  it('accepts every generated code with a message', () => {
    for (const code of Object.keys(ERROR_LEADS) as ErrorDto['code'][]) {
      expect(isCommandError({ code, message: 'm' })).toBe(true);
    }
  });

  it('wants a string message', () => {
    expect(isCommandError({ code: 'not_found', message: 3 })).toBe(false);
  });
});
