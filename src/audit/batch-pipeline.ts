/**
 * How the writer gets batches to the database: split by org, each org's rows computed ahead
 * against the head the previous batch leaves (a hint, checked under the lock), orgs written in
 * parallel up to `concurrency`.
 */
import { prepareAppend, type ChainHead, type PreparedAppend } from './append-records.js';
import { writeOrgBatch, type BatchContext, type QueueEntry } from './write-org-batch.js';

/** One org's share of a batch, maybe with its rows computed ahead. */
export interface OrgGroup {
  readonly orgId: string;
  readonly entries: readonly QueueEntry[];
  readonly prepared: PreparedAppend | undefined;
}

export interface WritingBatch {
  /** Every group's rows are computed and on their way (or the group ended). */
  readonly planned: Promise<void>;
  readonly done: Promise<void>;
}

const MAX_REMEMBERED_HEADS = 10_000;

export class BatchPipeline {
  readonly #ctx: BatchContext;
  /** Per org: the head its chain will have once the batch being written commits (a hint). */
  readonly #heads = new Map<string, ChainHead>();

  constructor(ctx: BatchContext) {
    this.#ctx = ctx;
  }

  /** Splits a batch by org and, where the org's next head is known, computes its rows now. */
  prepare(batch: readonly QueueEntry[]): OrgGroup[] {
    const byOrg = new Map<string, QueueEntry[]>();
    for (const entry of batch) {
      const list = byOrg.get(entry.record.orgId);
      if (list === undefined) byOrg.set(entry.record.orgId, [entry]);
      else list.push(entry);
    }
    const groups: OrgGroup[] = [];
    for (const [orgId, entries] of byOrg) {
      const head = this.#heads.get(orgId);
      let prepared: PreparedAppend | undefined;
      try {
        prepared = head === undefined ? undefined : prepareAppend(orgId, entries.map((e) => e.record), head);
      } catch {
        prepared = undefined; // computed again under the lock, where a failure is handled
      }
      groups.push({ orgId, entries, prepared });
    }
    return groups;
  }

  #rememberHead(orgId: string, head: ChainHead | undefined): void {
    if (head === undefined) {
      this.#heads.delete(orgId);
      return;
    }
    if (!this.#heads.has(orgId) && this.#heads.size >= MAX_REMEMBERED_HEADS) this.#heads.clear();
    this.#heads.set(orgId, head);
  }

  /** Writes the groups; `planned` resolves once every group's INSERT is on its way (or it ended). */
  write(groups: readonly OrgGroup[]): WritingBatch {
    let waiting = groups.length;
    let markPlanned!: () => void;
    const planned = new Promise<void>((resolve) => (markPlanned = resolve));
    const oneMore = () => {
      // On the next turn: by then the INSERT has been handed to the socket.
      if (--waiting === 0) setImmediate(markPlanned);
    };
    let next = 0;
    const worker = async () => {
      while (next < groups.length) {
        const group = groups[next++]!;
        let counted = false;
        const head = await writeOrgBatch(this.#ctx, group.orgId, group.entries, group.prepared, (planned) => {
          this.#rememberHead(group.orgId, planned);
          if (!counted) {
            counted = true;
            oneMore();
          }
        });
        this.#rememberHead(group.orgId, head);
        if (!counted) oneMore();
      }
    };
    const done = Promise.all(Array.from({ length: Math.min(this.#ctx.options.concurrency, groups.length) }, worker)).then(() => undefined);
    if (groups.length === 0) markPlanned();
    return { planned, done };
  }
}
