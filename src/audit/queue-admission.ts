/**
 * Admission to a bounded audit queue, shared by the writer and its thread-backed twin (which
 * count their queue differently, hence `queued`). A record goes in at once while there is room
 * and no caller waits before it; otherwise the overflow policy decides: `fail_closed` refuses it
 * with AuditQueueFullError, `block` holds the caller, in order, until room appears.
 */
import { AuditQueueFullError } from './errors.js';
import type { OverflowPolicy } from './writer-options.js';

/** A caller held for room (`block`). */
export interface BlockedCaller<E> {
  readonly entry: E;
  admitted(): void;
  refused(error: Error): void;
}

export interface QueueAdmissionConfig<E> {
  readonly maxQueue: number;
  readonly overflow: OverflowPolicy;
  /** Records in the queue now: accepted and not yet settled. */
  queued(): number;
  /** Puts an admitted entry in the queue. */
  enqueue(entry: E): void;
  /** Counts a refusal for the writer's `rejected` counter. */
  rejected(): void;
}

export class QueueAdmission<E> {
  /** Callers held for room, oldest first. */
  readonly blocked: BlockedCaller<E>[] = [];
  readonly #config: QueueAdmissionConfig<E>;

  constructor(config: QueueAdmissionConfig<E>) {
    this.#config = config;
  }

  hasRoom(): boolean {
    return this.#config.queued() < this.#config.maxQueue;
  }

  /** Queues `entry` if it may go in at once (room, and nobody waiting before it); says whether it did. */
  tryEnqueue(entry: E): boolean {
    if (this.blocked.length > 0 || !this.hasRoom()) return false;
    this.#config.enqueue(entry);
    return true;
  }

  /** Queues `entry` now, or once there is room (`block`), or refuses it (`fail_closed`). */
  admit(entry: E, admitted: () => void, refused: (error: Error) => void): void {
    if (this.tryEnqueue(entry)) {
      admitted();
    } else if (this.#config.overflow === 'fail_closed') {
      this.#config.rejected();
      refused(new AuditQueueFullError(this.#config.maxQueue));
    } else {
      this.blocked.push({ entry, admitted, refused });
    }
  }

  /** Lets blocked callers in, in order, while there is room. */
  admitBlocked(): void {
    while (this.blocked.length > 0 && this.hasRoom()) {
      const caller = this.blocked.shift()!;
      this.#config.enqueue(caller.entry);
      caller.admitted();
    }
  }

  /** Refuses every blocked caller with `error`; returns how many there were. */
  refuseBlocked(error: Error): number {
    const callers = this.blocked.splice(0);
    for (const caller of callers) caller.refused(error);
    return callers.length;
  }
}
