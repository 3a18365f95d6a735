/** What holds a PGlite session: resolves with a release function once the caller may use it. */
export interface SessionLock {
  acquire(): Promise<() => void>;
}

/**
 * A first-come, first-served lock. PGlite is one PostgreSQL backend: one session, one
 * transaction at a time. Whoever holds the lock owns that session until they release it, so a
 * query from one caller can never run inside another caller's transaction (and see its org).
 */
export class ConnectionLock implements SessionLock {
  #tail: Promise<void> = Promise.resolve();

  /** Resolves with a release function once every earlier holder has released. */
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => released);
    await previous;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      release();
    };
  }
}
