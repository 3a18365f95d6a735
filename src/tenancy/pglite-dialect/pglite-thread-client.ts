/**
 * The main-thread side of a PGlite instance that runs in a worker thread: the subset of PGlite's
 * API the store uses ({@link PGliteExecutor}), each call a message to the thread and its reply.
 *
 * Why: PGlite executes SQL as WebAssembly in the thread that calls it. In a server, an audit
 * batch INSERT then blocks the event loop for milliseconds, and every request waiting behind it
 * pays in latency. In a worker thread that work runs on another core.
 *
 * Guarantees: a reply settles only the call with its id. If the thread dies (crash, exit,
 * terminate), every pending call and every later one rejects with StoreUnavailableError instead
 * of hanging. Results are what PGlite returned in the thread, copied by structured clone (Date,
 * BigInt, Uint8Array, arrays and plain objects survive as they are); errors keep their fields
 * (`code`, `detail`, `constraint`, ...), see pglite-thread-error.ts.
 *
 * The thread does not keep the process alive while no call is pending, as an in-thread PGlite
 * would not.
 */
import type { Worker } from 'node:worker_threads';
import type { Results } from '@electric-sql/pglite';
import { StoreUnavailableError } from '../errors.js';
import { fromWireError } from './pglite-thread-error.js';
import { startPGliteThread } from './pglite-thread-entry.js';
import { OPEN_ID, type PGliteThreadReply, type PGliteThreadRequest, type RowMode } from './pglite-thread-protocol.js';
import type { PGliteExecutor } from './pglite-session.js';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** A request before it gets its id (Omit over each member of the union). */
type RequestBody<R = PGliteThreadRequest> = R extends unknown ? Omit<R, 'id'> : never;

export class PGliteThreadClient implements PGliteExecutor {
  readonly waitReady: Promise<void> = Promise.resolve();
  readonly #worker: Worker;
  readonly #target: string;
  readonly #pending = new Map<number, Pending>();
  #nextId = OPEN_ID + 1;
  /** Why calls fail from now on: the thread stopped, or close() was called. */
  #stopped: string | undefined;
  #closing: Promise<void> | undefined;
  #lastThreadError: Error | undefined;

  /**
   * Starts a worker thread, opens PGlite there on `dataDir` (a directory, or `'memory'`) and
   * resolves once it is ready. `target` names the database in errors. `start` starts the
   * thread (tests pass one that keeps the Worker, to end it as a crash would).
   *
   * @throws the error PGlite's opening threw in the thread (with its fields), or
   *   StoreUnavailableError when the thread could not be started or stopped while opening.
   * @example
   * ```ts
   * const db = await PGliteThreadClient.open('/var/lib/app/db', 'PGlite at /var/lib/app/db');
   * const [result] = await db.exec('select 1 as one'); // result.rows: [{ one: 1 }]
   * await db.close();
   * ```
   */
  static async open(dataDir: string | 'memory', target: string, start: typeof startPGliteThread = startPGliteThread): Promise<PGliteThreadClient> {
    const client = new PGliteThreadClient(start({ dataDir }, target), target);
    try {
      await new Promise((resolve, reject) => client.#pending.set(OPEN_ID, { resolve, reject }));
    } catch (error) {
      await client.#worker.terminate();
      throw error;
    }
    return client;
  }

  private constructor(worker: Worker, target: string) {
    this.#worker = worker;
    this.#target = target;
    worker.on('message', (reply: PGliteThreadReply) => this.#settle(reply));
    worker.on('error', (error) => {
      this.#lastThreadError = error;
    });
    worker.on('messageerror', (error) => {
      // A reply that could not be read belongs to a call we can no longer name: stop everything.
      this.#lastThreadError = error;
      void worker.terminate();
    });
    worker.on('exit', (code) => this.#stop(this.#closing !== undefined ? 'the store is closed.' : this.#deathReason(code)));
  }

  get closed(): boolean {
    return this.#stopped !== undefined || this.#closing !== undefined;
  }

  exec(query: string, options?: { rowMode?: RowMode }): Promise<Results[]> {
    return this.#request({ op: 'exec', sql: query, rowMode: options?.rowMode }) as Promise<Results[]>;
  }

  query<T>(query: string, params: unknown[] = [], options?: { rowMode?: RowMode }): Promise<Results<T>> {
    return this.#request({ op: 'query', sql: query, params, rowMode: options?.rowMode }) as Promise<Results<T>>;
  }

  /** Closes PGlite in the thread, then ends the thread. Idempotent. */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    const closed = this.#stopped === undefined ? this.#request({ op: 'close' }) : Promise.resolve();
    this.#closing = (async () => {
      try {
        await closed;
      } catch (error) {
        // The thread died before it could close PGlite: it is gone either way.
        if (!(error instanceof StoreUnavailableError)) throw error;
      } finally {
        await this.#worker.terminate();
      }
    })();
    return this.#closing;
  }

  #request(body: RequestBody): Promise<unknown> {
    if (this.#closing !== undefined) return Promise.reject(this.#unavailable('the store is closed.'));
    if (this.#stopped !== undefined) return Promise.reject(this.#unavailable(this.#stopped));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      try {
        this.#worker.postMessage({ ...body, id });
      } catch (error) {
        // A parameter structured clone cannot copy (a function, say): this call's error only.
        reject(error);
        return;
      }
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve, reject });
    });
  }

  #settle(reply: PGliteThreadReply): void {
    const pending = this.#pending.get(reply.id);
    if (pending === undefined) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#idle();
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(fromWireError(reply.error));
  }

  #stop(reason: string): void {
    this.#stopped ??= reason;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const call of pending) call.reject(this.#unavailable(reason));
  }

  #idle(): void {
    if (this.#stopped === undefined) this.#worker.unref();
  }

  #deathReason(code: number): string {
    const cause = this.#lastThreadError === undefined ? '' : ` after ${this.#lastThreadError.name}: ${this.#lastThreadError.message}`;
    return `the PGlite worker thread stopped (exit code ${code})${cause}. Open the store again.`;
  }

  #unavailable(reason: string): StoreUnavailableError {
    return new StoreUnavailableError(this.#target, reason, this.#lastThreadError === undefined ? undefined : { cause: this.#lastThreadError });
  }
}
