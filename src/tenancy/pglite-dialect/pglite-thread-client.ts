/**
 * A client of a PGlite instance that runs in a worker thread: the subset of PGlite's API the
 * store uses ({@link PGliteExecutor}), each call a message to the thread and its reply. The
 * thread's owner talks over the Worker ({@link PGliteThreadClient.open}); another thread over a
 * MessagePort the owner made for it ({@link PGliteThreadClient.overPort}, see
 * store-thread-handle.ts).
 *
 * Why: PGlite executes SQL as WebAssembly in the thread that calls it. In a server, an audit
 * batch INSERT then blocks the event loop for milliseconds, and every request waiting behind it
 * pays in latency. In a worker thread that work runs on another core.
 *
 * Guarantees: a reply settles only the call with its id. If the thread dies (crash, exit,
 * terminate) or, for a port client, the owner closes the store, every pending call and every
 * later one rejects with StoreUnavailableError instead of hanging. Results are what PGlite
 * returned in the thread, copied by structured clone (Date, BigInt, Uint8Array, arrays and plain
 * objects survive as they are); errors keep their fields (`code`, `detail`, `constraint`, ...),
 * see src/thread-error.ts. The session lock ({@link PGliteThreadClient.sessionLock}) is
 * enforced by the thread for all its clients, so transactions of different threads never
 * interleave.
 *
 * The thread (or port) does not keep the process alive while no call is pending, as an
 * in-thread PGlite would not.
 */
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import type { Results } from '@electric-sql/pglite';
import { StoreUnavailableError } from '../errors.js';
import { ConnectionLock, type SessionLock } from './connection-lock.js';
import { fromWireError } from '../../thread-error.js';
import { startPGliteThread } from './pglite-thread-entry.js';
import { OPEN_ID, type PGliteThreadCall, type PGliteThreadNotice, type PGliteThreadReply, type RowMode } from './pglite-thread-protocol.js';
import type { PGliteExecutor } from './pglite-session.js';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** A request before it gets its id (Omit over each member of the union). */
type RequestBody<R = PGliteThreadCall> = R extends unknown ? Omit<R, 'id'> : never;

/** Where the holder of this client's session lock stands with the thread's lock. */
type Holding = 'none' | 'next-call-acquires' | 'held';

export class PGliteThreadClient implements PGliteExecutor {
  readonly waitReady: Promise<void> = Promise.resolve();
  /**
   * The session lock. Callers in this thread queue on a local lock (one holder per client); the
   * holder's first call asks the thread for its lock (`acquire` rides on that call, no extra
   * round trip), and releasing sends a one-way `release`.
   */
  readonly sessionLock: SessionLock = { acquire: () => this.#acquireSession() };
  /** The database, for error messages. */
  readonly target: string;
  readonly #endpoint: Worker | MessagePort;
  /** Ends the endpoint: terminates the thread (owner) or closes the port (another client). */
  readonly #end: () => Promise<void>;
  readonly #isOwner: boolean;
  readonly #localLock = new ConnectionLock();
  #holding: Holding = 'none';
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
    const client = new PGliteThreadClient(start({ dataDir }, target), target, true);
    try {
      await new Promise((resolve, reject) => client.#pending.set(OPEN_ID, { resolve, reject }));
    } catch (error) {
      await client.#end();
      throw error;
    }
    return client;
  }

  /**
   * A client over `port`, a MessagePort the owner's client made with {@link shareWithThread} (in
   * this thread or, transferred, in another). Closing it closes the port only; PGlite stays open
   * for its owner.
   *
   * @example
   * ```ts
   * const { port, target } = owner.shareWithThread();   // in the owner's thread
   * const db = PGliteThreadClient.overPort(port, target); // in the other thread
   * ```
   */
  static overPort(port: MessagePort, target: string): PGliteThreadClient {
    return new PGliteThreadClient(port, target, false);
  }

  private constructor(endpoint: Worker | MessagePort, target: string, isOwner: boolean) {
    this.#endpoint = endpoint;
    this.target = target;
    this.#isOwner = isOwner;
    endpoint.on('message', (reply: PGliteThreadReply) => this.#settle(reply));
    if (isOwner) {
      const worker = endpoint as Worker;
      this.#end = () => worker.terminate().then(() => undefined);
      worker.on('error', (error) => {
        this.#lastThreadError = error;
      });
      worker.on('exit', (code) => this.#stop(this.#closing !== undefined ? 'the store is closed.' : this.#deathReason(code)));
    } else {
      const port = endpoint as MessagePort;
      this.#end = async () => port.close();
      port.on('close', () => this.#stop(this.#closing !== undefined ? 'the store is closed.' : 'the PGlite worker thread stopped, or the store that owns it was closed. Open the store again.'));
    }
    endpoint.on('messageerror', (error) => {
      // A reply that could not be read belongs to a call we can no longer name: stop everything.
      this.#lastThreadError = error;
      void this.#end();
    });
    // Until a call is pending, a port must not keep its thread alive (the Worker is unref'd once open).
    if (!isOwner) endpoint.unref();
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

  /**
   * A new MessagePort served by the same thread, for another thread's client
   * ({@link overPort}); transfer it to that thread. The port's messages wait in it until the
   * thread has taken it on, so it can be used at once.
   *
   * @throws StoreUnavailableError when this client is closed or its thread stopped.
   */
  shareWithThread(): { port: MessagePort; target: string } {
    if (this.#closing !== undefined) throw this.#unavailable('the store is closed.');
    if (this.#stopped !== undefined) throw this.#unavailable(this.#stopped);
    const { port1, port2 } = new MessageChannel();
    this.#notify({ op: 'attach', port: port2 }, [port2]);
    return { port: port1, target: this.target };
  }

  /**
   * The owner closes PGlite in the thread, then ends the thread (other clients' calls then fail
   * with StoreUnavailableError). Another client closes its port only. Idempotent.
   */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    const closed = this.#stopped === undefined && this.#isOwner ? this.#request({ op: 'close' }) : Promise.resolve();
    this.#closing = (async () => {
      try {
        await closed;
      } catch (error) {
        // The thread died before it could close PGlite: it is gone either way.
        if (!(error instanceof StoreUnavailableError)) throw error;
      } finally {
        await this.#end();
      }
    })();
    return this.#closing;
  }

  async #acquireSession(): Promise<() => void> {
    const releaseLocal = await this.#localLock.acquire();
    this.#holding = 'next-call-acquires';
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Never asked (no call was made) or the thread is gone: nothing to give back there.
      if (this.#holding === 'held' && !this.closed) this.#notify({ op: 'release' });
      this.#holding = 'none';
      releaseLocal();
    };
  }

  #notify(notice: PGliteThreadNotice, transfer: MessagePort[] = []): void {
    this.#endpoint.postMessage(notice, transfer);
  }

  #request(body: RequestBody): Promise<unknown> {
    if (this.#closing !== undefined) return Promise.reject(this.#unavailable('the store is closed.'));
    if (this.#stopped !== undefined) return Promise.reject(this.#unavailable(this.#stopped));
    const id = this.#nextId++;
    const acquire = this.#holding === 'next-call-acquires' && body.op !== 'close';
    return new Promise((resolve, reject) => {
      try {
        this.#endpoint.postMessage(acquire ? { ...body, id, acquire } : { ...body, id });
      } catch (error) {
        // A parameter structured clone cannot copy (a function, say): this call's error only.
        reject(error);
        return;
      }
      if (acquire) this.#holding = 'held';
      if (this.#pending.size === 0) this.#endpoint.ref();
      this.#pending.set(id, { resolve, reject });
    });
  }

  #settle(reply: PGliteThreadReply): void {
    const pending = this.#pending.get(reply.id);
    if (pending === undefined) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#idle();
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(fromWireError(reply.error, 'PGlite worker thread'));
  }

  #stop(reason: string): void {
    this.#stopped ??= reason;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const call of pending) call.reject(this.#unavailable(reason));
  }

  #idle(): void {
    if (this.#stopped === undefined) this.#endpoint.unref();
  }

  #deathReason(code: number): string {
    const cause = this.#lastThreadError === undefined ? '' : ` after ${this.#lastThreadError.name}: ${this.#lastThreadError.message}`;
    return `the PGlite worker thread stopped (exit code ${code})${cause}. Open the store again.`;
  }

  #unavailable(reason: string): StoreUnavailableError {
    return new StoreUnavailableError(this.target, reason, this.#lastThreadError === undefined ? undefined : { cause: this.#lastThreadError });
  }
}
