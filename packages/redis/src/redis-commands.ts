/**
 * What the store needs from a Redis client: `sendCommand`, as node-redis (`redis` 6)
 * has it. Pass the client returned by `createClient()`, already connected.
 */
export interface RedisCommandClient {
  sendCommand(args: ReadonlyArray<string>, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

/** A Redis command that failed, timed out, or returned an entry that is not one. Never holds credentials. */
export class RedisStoreError extends Error {
  override readonly name = "RedisStoreError";
}

/**
 * Sends commands with a time bound each, and stops sending for `cooldownMs` after one fails: with
 * Redis down, every call then goes straight to the memory tier and the vendor instead of waiting
 * `timeoutMs` per command. The first command after the cool-down is the probe; node-redis
 * reconnects by itself meanwhile.
 */
export class BoundedCommands {
  #downUntil = 0;
  #wasDown = false;

  constructor(
    readonly client: RedisCommandClient,
    readonly timeoutMs: number,
    readonly cooldownMs: number,
    /** Called once when Redis answers again after a failure: what it missed meanwhile (invalidations) is unknown. */
    readonly onRecovered: () => void,
  ) {}

  /** Runs one command; a failure, a timeout or a cool-down throws a `RedisStoreError`. */
  async send(args: string[]): Promise<unknown> {
    if (Date.now() < this.#downUntil) {
      throw new RedisStoreError(`@polyprompt/redis: ${args[0]} skipped: Redis failed less than ${this.cooldownMs} ms ago`);
    }
    try {
      const reply = await bounded(this.client, args, this.timeoutMs);
      if (this.#wasDown) {
        this.#wasDown = false;
        this.onRecovered();
      }
      return reply;
    } catch (err) {
      this.#downUntil = Date.now() + this.cooldownMs;
      this.#wasDown = true;
      throw err;
    }
  }
}

/** Runs one command, failing after `timeoutMs` (and dropping it from node-redis' queue if not yet sent). */
async function bounded(client: RedisCommandClient, args: string[], timeoutMs: number): Promise<unknown> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new RedisStoreError(`@polyprompt/redis: ${args[0]} timed out after ${timeoutMs} ms`));
      controller.abort();
    }, timeoutMs);
  });
  try {
    const call = Promise.resolve().then(() => client.sendCommand(args, { abortSignal: controller.signal }));
    call.catch(() => {}); // a late rejection (after the timeout) is not unhandled
    return await Promise.race([call, timeout]);
  } catch (err) {
    if (err instanceof RedisStoreError) throw err;
    throw new RedisStoreError(`@polyprompt/redis: ${args[0]} failed: ${safeMessage(err)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for `promise`, failing after `timeoutMs` (a subscriber command has no abort signal). */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, name: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisStoreError(`@polyprompt/redis: ${name} timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  promise.catch(() => {}); // a late rejection (after the timeout) is not unhandled
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const decoder = new TextDecoder();
/** A bulk-string reply as text (node-redis answers strings, or buffers when asked). */
export function text(reply: unknown): string | undefined {
  if (typeof reply === "string") return reply;
  if (reply instanceof Uint8Array) return decoder.decode(reply);
  return undefined;
}

/** The error's message with any `scheme://user:password@` credentials cut out. */
export function safeMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/([a-z][a-z0-9+.-]*:\/\/)[^@\s/]*@/gi, "$1***@").replace(/(AUTH|HELLO)\s+\S.*$/gim, "$1 ***");
}
