/**
 * The `waitFor()` callers of one service. Each waiter re-reads its approval when woken: by a
 * NOTIFY naming it (PostgreSQL), by the poll (every `pollIntervalMs` while anyone waits), or
 * by its expiry timer. A read that fails is logged and retried on the next wake-up.
 */
import type { Logger } from '../log/logger.js';
import { isFinal, type ApprovalRecord } from './approval-record.js';
import { errorFields } from '../log/error-fields.js';

export interface Waiter {
  orgId: string;
  approvalId: string;
  resolve(record: ApprovalRecord): void;
}

interface Entry extends Waiter {
  checking: boolean;
  again: boolean;
  done: boolean;
}

export interface WaitRegistryOptions {
  pollIntervalMs: number;
  load(orgId: string, approvalId: string): Promise<ApprovalRecord | undefined>;
  logger: Logger;
}

export class WaitRegistry {
  readonly #options: WaitRegistryOptions;
  readonly #entries = new Set<Entry>();
  #poll: NodeJS.Timeout | undefined;

  constructor(options: WaitRegistryOptions) {
    this.#options = options;
  }

  /** Registers a waiter and checks it at once; returns the function that removes it. */
  add(waiter: Waiter): () => void {
    const entry: Entry = { ...waiter, checking: false, again: false, done: false };
    this.#entries.add(entry);
    if (this.#poll === undefined) {
      this.#poll = setInterval(() => this.wakeAll(), this.#options.pollIntervalMs);
      this.#poll.unref();
    }
    void this.#check(entry);
    return () => this.#remove(entry);
  }

  /** Re-checks the waiters of one approval (a NOTIFY named it). */
  wake(orgId: string, approvalId: string): void {
    for (const e of this.#entries) if (e.orgId === orgId && e.approvalId === approvalId) void this.#check(e);
  }

  wakeAll(): void {
    for (const e of this.#entries) void this.#check(e);
  }

  get size(): number {
    return this.#entries.size;
  }

  #remove(entry: Entry): void {
    entry.done = true;
    this.#entries.delete(entry);
    if (this.#entries.size === 0 && this.#poll !== undefined) {
      clearInterval(this.#poll);
      this.#poll = undefined;
    }
  }

  async #check(entry: Entry): Promise<void> {
    if (entry.checking) {
      entry.again = true;
      return;
    }
    entry.checking = true;
    try {
      do {
        entry.again = false;
        if (entry.done) return;
        let record: ApprovalRecord | undefined;
        try {
          record = await this.#options.load(entry.orgId, entry.approvalId);
        } catch (error) {
          this.#options.logger.warn({ approvalId: entry.approvalId, ...errorFields(error) }, 'could not read an approval while waiting; retrying');
          return;
        }
        if (record !== undefined && isFinal(record) && !entry.done) {
          this.#remove(entry);
          entry.resolve(record);
          return;
        }
      } while (entry.again);
    } finally {
      entry.checking = false;
    }
  }
}
