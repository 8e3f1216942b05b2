// The browser's transport: `tether serve` (the same runtime as the app) over HTTP on loopback.
// Commands are `POST /api/<command>` with JSON; events come as server-sent events, read with
// fetch so the token travels in a header rather than in a URL.
import type { Args, CommandError, CommandName, Output, Transport } from './api';
import type { Event } from './bindings/Event';
import { disconnected, isCommandError, toCommandError } from './errors';

/** How long to wait before reconnecting the event stream after it dropped. */
const RECONNECT_MS = 1000;

export class HttpTransport implements Transport {
  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' };
  }

  async invoke<K extends CommandName>(name: K, args: Args<K>): Promise<Output<K>> {
    let response: Response;
    try {
      response = await fetch(`${this.base}/api/${name}`, {
        method: 'POST',
        headers: this.headers(),
        body: JSON.stringify(args),
      });
    } catch (e) {
      throw disconnected(`Tether is not answering at ${this.base} (${e instanceof Error ? e.message : String(e)})`);
    }
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      // Something answered, but not Tether's JSON: say what, rather than "not answering".
      throw {
        code: 'internal',
        message: `${name}: HTTP ${response.status} ${response.statusText} without a readable answer`,
      } satisfies CommandError;
    }
    if (response.ok) return body as Output<K>;
    throw isCommandError(body) ? body : toCommandError(body);
  }

  /** Reconnects by itself; events missed meanwhile are covered by the refresh a reconnect triggers. */
  async listen(handler: (event: Event) => void): Promise<() => void> {
    const stop = new AbortController();
    const run = async (): Promise<void> => {
      while (!stop.signal.aborted) {
        try {
          const response = await fetch(`${this.base}/api/events`, {
            headers: { authorization: `Bearer ${this.token}` },
            signal: stop.signal,
          });
          if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
          // Anything may have changed while no stream was open.
          handler({ type: 'board_changed' });
          await readEvents(response.body, handler);
        } catch {
          if (stop.signal.aborted) return;
        }
        await new Promise((r) => setTimeout(r, RECONNECT_MS));
      }
    };
    void run();
    return () => stop.abort();
  }
}

/** One message: a bad one, or a handler that throws, costs that message, not the stream. */
function deliver(data: string, handler: (event: Event) => void): void {
  let event: Event;
  try {
    event = JSON.parse(data) as Event;
  } catch {
    console.warn('tether serve sent an event that is not JSON; skipped');
    return;
  }
  try {
    handler(event);
  } catch (e) {
    console.error('an event handler failed', e);
  }
}

/** Server-sent events: messages separated by a blank line, each `data:` line part of its data. */
async function readEvents(body: ReadableStream<Uint8Array>, handler: (event: Event) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = message
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (data) deliver(data, handler);
    }
  }
}
