/**
 * The worker thread's side of the session lock, when several clients (the owner over the Worker,
 * other threads over MessagePorts) share one PGlite. PGlite has a single session: while one
 * client's transaction is open, no other client's statement may run, or it would run inside
 * that transaction (as its role, with its org). Clients cannot enforce that among themselves, so
 * the thread does:
 *
 * - a call with `acquire` waits for the lock, and from then on this client holds it: its calls
 *   run as they come (the client sends them one at a time, in order);
 * - a `release` notice gives the lock back once the holder's statements have finished;
 * - a call from a client that does not hold the lock (a bare `exec`) takes it for that call only;
 * - a client whose port closes while it holds the lock (its thread ended mid-transaction) has its
 *   transaction rolled back, then the lock released: a dead client never wedges the others, and
 *   its half-done writes never reach the next holder's COMMIT.
 */
import type { PGlite, Results } from '@electric-sql/pglite';
import { ConnectionLock } from './connection-lock.js';
import type { PGliteThreadCall } from './pglite-thread-protocol.js';

type Statement = Exclude<PGliteThreadCall, { op: 'close' }>;

const ignore = (): void => undefined;

/** One client's standing with the lock. */
export class SharedSessionClient {
  readonly #db: PGlite;
  readonly #lock: ConnectionLock;
  /** The lock, taken by this client's current transaction (pending while others hold it). */
  #holder: Promise<() => void> | undefined;
  /** The holder's latest statement, settled or not: the lock goes back only after it. */
  #last: Promise<unknown> = Promise.resolve();

  constructor(db: PGlite, lock: ConnectionLock) {
    this.#db = db;
    this.#lock = lock;
  }

  run(call: Statement): Promise<Results | Results[]> {
    if (call.acquire === true) this.#holder ??= this.#lock.acquire();
    const holder = this.#holder;
    if (holder === undefined) return this.#runAlone(call);
    const result = holder.then(() => this.#execute(call));
    this.#last = result.catch(ignore);
    return result;
  }

  release(): void {
    const [holder, last] = [this.#holder, this.#last];
    this.#holder = undefined;
    if (holder !== undefined) void Promise.all([holder, last]).then(([release]) => release());
  }

  /** The client is gone: end whatever transaction it left open, then free the lock. */
  disconnect(): void {
    const [holder, last] = [this.#holder, this.#last];
    this.#holder = undefined;
    if (holder === undefined) return;
    void (async () => {
      const release = await holder;
      await last;
      // Outside a transaction ROLLBACK is only a warning, so it is safe either way.
      await this.#db.exec('rollback').catch(ignore);
      release();
    })();
  }

  async #runAlone(call: Statement): Promise<Results | Results[]> {
    const release = await this.#lock.acquire();
    try {
      return await this.#execute(call);
    } finally {
      release();
    }
  }

  #execute(call: Statement): Promise<Results | Results[]> {
    return call.op === 'exec' ? this.#db.exec(call.sql, { rowMode: call.rowMode }) : this.#db.query(call.sql, call.params, { rowMode: call.rowMode });
  }
}
