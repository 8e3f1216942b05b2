// A Transport for component tests: each test hands it the few replies the screen it renders
// needs, and nothing else. It is not a core and must never become one: a reply is a fixed
// answer (or a fixed refusal), never a rule. What the real rules do is tested against the
// real core (the Rust tests, the browser tests); here only what the UI does with an answer.
import type { Args, CommandName, Output, Transport } from '../lib/api';
import type { ErrorCode } from '../lib/bindings/ErrorCode';
import type { ErrorDto } from '../lib/bindings/ErrorDto';
import type { Event } from '../lib/bindings/Event';

/** One command's canned answer; throwing (see `refuse`) makes the command reject with that. */
export type Reply<K extends CommandName> = (args: Args<K>) => Output<K> | Promise<Output<K>>;
export type Replies = { [K in CommandName]?: Reply<K> };

export interface Call<K extends CommandName = CommandName> {
  name: K;
  args: Args<K>;
}

/** Every transport made since the last `takeUnanswered`, so setup.ts can fail a test that asked the unexpected. */
const live: CannedTransport[] = [];

/** What crosses the wire is JSON: neither side can keep a reference into the other's objects. */
function wire<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export class CannedTransport implements Transport {
  /** Every command sent, in order, with its arguments as sent. */
  readonly calls: Call[] = [];
  /** Commands the test gave no reply for: setup.ts fails the test if any is left. */
  readonly unanswered: CommandName[] = [];
  private readonly replies: Replies;
  private readonly handlers = new Set<(event: Event) => void>();

  constructor(replies: Replies = {}) {
    this.replies = { ...replies };
    live.push(this);
  }

  /** Adds or replaces replies, e.g. what a command answers the second time. */
  answer(replies: Replies): void {
    Object.assign(this.replies, replies);
  }

  async invoke<K extends CommandName>(name: K, args: Args<K>): Promise<Output<K>> {
    const sent = wire(args);
    this.calls.push({ name, args: sent } as Call);
    const reply = this.replies[name] as unknown as Reply<K> | undefined;
    if (!reply) {
      this.unanswered.push(name);
      throw new Error(`The test gave no canned reply for the command "${name}" (called with ${JSON.stringify(sent)})`);
    }
    return wire(await reply(wire(sent)));
  }

  async listen(handler: (event: Event) => void): Promise<() => void> {
    this.handlers.add(handler);
    return () => {
      this.handlers.delete(handler);
    };
  }

  /** Pushes a core event to whoever listens, as the shell would. */
  emit(event: Event): void {
    if (this.handlers.size === 0) throw new Error(`Nobody listens for the ${event.type} event`);
    for (const handler of [...this.handlers]) handler(wire(event));
  }

  /** The arguments of every call of one command, oldest first. */
  sent<K extends CommandName>(name: K): Args<K>[] {
    return this.calls.filter((c) => c.name === name).map((c) => c.args as Args<K>);
  }

  /** How many times a command was called. */
  count(name: CommandName): number {
    return this.calls.filter((c) => c.name === name).length;
  }
}

/** A reply that refuses the way the core does: a code from ErrorCode and its sentence. */
export function refuse(code: ErrorCode, message: string, details?: string): () => never {
  return () => {
    const error: ErrorDto = details === undefined ? { code, message } : { code, message, details };
    throw error;
  };
}

/** A reply the test settles by hand, to look at the screen while the command is under way. */
export function deferred<T>(): { reply: () => Promise<T>; resolve: (value: T) => void; reject: (error: ErrorDto) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: ErrorDto) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { reply: () => promise, resolve, reject };
}

/** The commands asked without a reply since the last call, and forgets every transport. */
export function takeUnanswered(): CommandName[] {
  const missing = live.flatMap((t) => t.unanswered);
  live.length = 0;
  return missing;
}
