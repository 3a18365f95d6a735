/**
 * Test-only worker thread (store-handle.test.ts): opens a store from the handle in `workerData`,
 * then runs the commands the test sends, one reply per command id. With `once` in `workerData` it
 * runs that command only and listens for nothing more, so the thread ends as soon as nothing keeps
 * it alive (an idle store must not). Started through
 * startStoreHandleWorker() in store-handle-kit.ts, which registers tsx first.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStoreFromHandle, withTenant, type GatehouseStore, type StoreHandle } from '../../../src/tenancy/index.js';

export type WorkerCommand =
  | { readonly op: 'insert'; readonly org: string; readonly key: string }
  | { readonly op: 'keys'; readonly org: string }
  /** `times` concurrent read-modify-write increments of the failure_count of (org, key). */
  | { readonly op: 'increment'; readonly org: string; readonly key: string; readonly times: number }
  /** Bumps (org, key) and inserts a row in a transaction that never ends; replies once inside. */
  | { readonly op: 'hold'; readonly org: string; readonly key: string }
  | { readonly op: 'close' };

export type WorkerReply = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly error: { name: string; code: unknown; message: string } };

const port = parentPort!;
const data = workerData as { handle: StoreHandle; once?: WorkerCommand };
const store: GatehouseStore = await openStoreFromHandle(data.handle);

async function increment(org: string, key: string): Promise<void> {
  await withTenant(store, org, async (trx) => {
    const { failure_count } = await trx.selectFrom('breakers').select('failure_count').where('breaker_key', '=', key).forUpdate().executeTakeFirstOrThrow();
    await sleep(1); // another transaction would get in here if they could interleave
    await trx.updateTable('breakers').set({ failure_count: failure_count + 1 }).where('breaker_key', '=', key).execute();
  });
}

async function run(command: WorkerCommand, id: number): Promise<unknown> {
  switch (command.op) {
    case 'insert':
      return withTenant(store, command.org, (trx) => trx.insertInto('breakers').values({ org_id: command.org, breaker_key: command.key }).execute()).then(() => undefined);
    case 'keys':
      return (await withTenant(store, command.org, (trx) => trx.selectFrom('breakers').select('breaker_key').orderBy('breaker_key').execute())).map((r) => r.breaker_key);
    case 'increment':
      await Promise.all(Array.from({ length: command.times }, () => increment(command.org, command.key)));
      return undefined;
    case 'hold':
      return new Promise((_resolve, reject) => {
        withTenant(store, command.org, async (trx) => {
          await trx.updateTable('breakers').set((eb) => ({ failure_count: eb('failure_count', '+', 1000) })).where('breaker_key', '=', command.key).execute();
          await trx.insertInto('breakers').values({ org_id: command.org, breaker_key: `${command.key}-held` }).execute();
          port.postMessage({ id, ok: true, value: 'holding' } satisfies WorkerReply);
          await new Promise(() => {}); // never ends: the test terminates this thread
        }).catch(reject);
      });
    case 'close':
      await store.close();
      return undefined;
  }
}

function answer(id: number, command: WorkerCommand): void {
  run(command, id).then(
    (value) => port.postMessage({ id, ok: true, value } satisfies WorkerReply),
    (error: Error & { code?: unknown }) => port.postMessage({ id, ok: false, error: { name: error.name, code: error.code, message: error.message } } satisfies WorkerReply),
  );
}

port.postMessage({ id: 0, ok: true, value: 'ready' } satisfies WorkerReply);
if (data.once !== undefined) answer(1, data.once);
else port.on('message', ({ id, command }: { id: number; command: WorkerCommand }) => answer(id, command));
