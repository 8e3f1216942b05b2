// @vitest-environment node
// The browser's transport (lib/transport-http.ts) against a stubbed fetch: what a command
// sends, how a refusal and a dead server reject, and how the event stream is read.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Event } from '../lib/bindings/Event';
import { HttpTransport } from '../lib/transport-http';

const BASE = 'http://127.0.0.1:7301';
const TOKEN = 'serve-token-3f9a';

const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => {
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  fetchMock.mockReset();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** An event stream the test writes into, chunk by chunk; aborting the request ends it, as a real one would. */
function stream(init?: RequestInit): { response: Response; write: (chunk: string | Uint8Array) => void; end: () => void } {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  init?.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
  const encoder = new TextEncoder();
  return {
    response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    write: (chunk) => controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk),
    end: () => controller.close(),
  };
}

describe('HttpTransport.invoke', () => {
  it('POSTs the arguments as JSON to /api/<command> with the bearer token, and resolves with the body', async () => {
    const session = { id: 's1', state: 'active' };
    fetchMock.mockResolvedValue(json(200, session));
    const transport = new HttpTransport(BASE, TOKEN);
    await expect(transport.invoke('take', { id: 's1' })).resolves.toEqual(session);

    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe(`${BASE}/api/take`);
    expect(init?.method).toBe('POST');
    const headers = new Headers(init?.headers);
    expect(headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(String(init?.body))).toEqual({ id: 's1' });
  });

  it('sends an empty object for a command without arguments, and resolves a null output', async () => {
    fetchMock.mockResolvedValue(json(200, null));
    const transport = new HttpTransport(BASE, TOKEN);
    await expect(transport.invoke('delete_session', { id: 's1' })).resolves.toBeNull();
    fetchMock.mockResolvedValue(json(200, { pending: 0 }));
    await transport.invoke('sync_now', {});
    expect(fetchMock.mock.calls[1][0]).toBe(`${BASE}/api/sync_now`);
    expect(fetchMock.mock.calls[1][1]?.body).toBe('{}');
  });

  it("a 4xx with the core's ErrorDto rejects with exactly that ErrorDto", async () => {
    const refusal = { code: 'illegal_transition', message: 'cannot release a session that is Closed' };
    fetchMock.mockResolvedValue(json(409, refusal));
    await expect(new HttpTransport(BASE, TOKEN).invoke('release', { id: 's1' })).rejects.toEqual(refusal);
  });

  it('a refused token rejects with the core\'s unauthenticated error', async () => {
    const refusal = { code: 'unauthenticated', message: 'this link is from an older tether serve' };
    fetchMock.mockResolvedValue(json(401, refusal));
    await expect(new HttpTransport(BASE, TOKEN).invoke('board', {})).rejects.toEqual(refusal);
  });

  it('an error status without an ErrorDto still rejects with a code and a sentence naming the status', async () => {
    fetchMock.mockResolvedValue(new Response('<html>Bad gateway</html>', { status: 502 }));
    const rejection = await new HttpTransport(BASE, TOKEN).invoke('board', {}).catch((e: unknown) => e);
    expect(rejection).toMatchObject({ code: expect.any(String), message: expect.stringContaining('502') });
  });

  it('a network failure rejects with code disconnected, saying where and why', async () => {
    fetchMock.mockRejectedValue(new TypeError('fetch failed'));
    const rejection = await new HttpTransport(BASE, TOKEN).invoke('board', {}).catch((e: unknown) => e);
    expect(rejection).toEqual({ code: 'disconnected', message: expect.stringContaining(BASE) });
    expect((rejection as { message: string }).message).toContain('fetch failed');
  });
});

describe('HttpTransport.listen', () => {
  /** Starts listening on a stream the test writes; resolves once the request is made. */
  async function listening(): Promise<{
    events: Event[];
    write: (chunk: string | Uint8Array) => void;
    end: () => void;
    stop: () => void;
  }> {
    let opened!: ReturnType<typeof stream>;
    fetchMock.mockImplementationOnce(async (_url, init) => {
      opened = stream(init);
      return opened.response;
    });
    const events: Event[] = [];
    const stop = await new HttpTransport(BASE, TOKEN).listen((e) => events.push(e));
    await vi.waitFor(() => expect(events).toEqual([{ type: 'board_changed' }]));
    return { events, write: opened.write, end: opened.end, stop };
  }

  it('opens /api/events with the token in a header, never in the URL', async () => {
    const { stop } = await listening();
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe(`${BASE}/api/events`);
    expect(String(url)).not.toContain(TOKEN);
    expect(new Headers(init?.headers).get('authorization')).toBe(`Bearer ${TOKEN}`);
    stop();
  });

  it('reads a message split across chunks once it is complete', async () => {
    const { events, write, stop } = await listening();
    write('data: {"type":"ticket_ch');
    write('anged","ticket_id":"t1"}\n');
    await new Promise((r) => setTimeout(r, 10));
    // No blank line yet: the message is not complete.
    expect(events).toEqual([{ type: 'board_changed' }]);
    write('\n');
    await vi.waitFor(() => expect(events).toHaveLength(2));
    expect(events[1]).toEqual({ type: 'ticket_changed', ticket_id: 't1' });
    stop();
  });

  it('reads several messages in one chunk, in order, and skips keep-alive comments', async () => {
    const { events, write, stop } = await listening();
    write(
      'data: {"type":"desk_changed"}\n\n' +
        ': keep-alive\n\n' +
        'event: message\ndata: {"type":"asset_changed","asset_id":"a1"}\n\n' +
        'data: {"type":"session_deleted","id":"s1","channel_id":"front"}\n\n',
    );
    await vi.waitFor(() => expect(events).toHaveLength(4));
    expect(events.slice(1)).toEqual([
      { type: 'desk_changed' },
      { type: 'asset_changed', asset_id: 'a1' },
      { type: 'session_deleted', id: 's1', channel_id: 'front' },
    ]);
    stop();
  });

  it('keeps a character whose bytes are split between two chunks whole', async () => {
    const { events, write, stop } = await listening();
    const bytes = new TextEncoder().encode('data: {"type":"authorisation_pending","kind":"teamviewer","url":"https://x.example/é"}\n\n');
    const split = bytes.indexOf(0xc3) + 1; // between the two bytes of "é"
    write(bytes.slice(0, split));
    write(bytes.slice(split));
    await vi.waitFor(() => expect(events).toHaveLength(2));
    expect(events[1]).toEqual({ type: 'authorisation_pending', kind: 'teamviewer', url: 'https://x.example/é' });
    stop();
  });

  it('reconnects after the stream ends, and says everything may have changed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const first = await listening();
    let second!: ReturnType<typeof stream>;
    fetchMock.mockImplementationOnce(async (_url, init) => {
      second = stream(init);
      return second.response;
    });
    first.end();
    await vi.advanceTimersByTimeAsync(1000);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    await vi.waitFor(() => expect(first.events).toEqual([{ type: 'board_changed' }, { type: 'board_changed' }]));
    second.write('data: {"type":"desk_changed"}\n\n');
    await vi.waitFor(() => expect(first.events).toHaveLength(3));
    first.stop();
  });

  it('stops for good when told to', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const { stop, events } = await listening();
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(events).toEqual([{ type: 'board_changed' }]);
  });
});
