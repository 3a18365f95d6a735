/**
 * Worker thread entry: opens PGlite (from `workerData`, see {@link PGliteThreadData}) and
 * answers requests: the owner's over the Worker's port, and those of any other thread the owner
 * attached a MessagePort for (`openStoreFromHandle()`). PGlite's SQL execution, parameter
 * serialisation and result parsing all run here, off the callers' event loops.
 *
 * The session lock is kept here (pglite-shared-session.ts), so one client's transaction never
 * interleaves with another client's statements. Each reply carries its request's id.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { PGlite } from '@electric-sql/pglite';
import { ConnectionLock } from './connection-lock.js';
import { openPGliteInstance } from './open-pglite-instance.js';
import { SharedSessionClient } from './pglite-shared-session.js';
import { toWireError } from '../../thread-error.js';
import { OPEN_ID, type PGliteThreadData, type PGliteThreadReply, type PGliteThreadRequest } from './pglite-thread-protocol.js';

const owner = parentPort;
if (owner === null) throw new Error('pglite-thread-host runs as a worker thread; open it with openStore({ dataDir, thread: true }).');

const lock = new ConnectionLock();
/** The ports of clients other than the owner, closed when the owner closes PGlite. */
const attached = new Set<MessagePort>();

function reply(port: MessagePort, message: PGliteThreadReply): void {
  try {
    port.postMessage(message);
  } catch (error) {
    // A value structured clone cannot copy: answer the call with that error rather than never.
    port.postMessage({ id: message.id, ok: false, error: toWireError(error) } satisfies PGliteThreadReply);
  }
}

async function close(db: PGlite): Promise<void> {
  await db.close();
  for (const port of attached) port.close();
  attached.clear();
}

/** Serves one client on `port`; only the owner may close PGlite. */
function serveClient(db: PGlite, port: MessagePort, isOwner: boolean): void {
  const client = new SharedSessionClient(db, lock);
  port.on('message', (request: PGliteThreadRequest) => {
    switch (request.op) {
      case 'release':
        return client.release();
      case 'attach':
        attached.add(request.port);
        request.port.on('close', () => attached.delete(request.port));
        return serveClient(db, request.port, false);
      case 'close': {
        const closed = isOwner ? close(db) : Promise.reject(new Error('Only the thread that opened the store closes PGlite; close this store to drop its connection.'));
        return void closed.then(
          () => reply(port, { id: request.id, ok: true, value: undefined }),
          (error: unknown) => reply(port, { id: request.id, ok: false, error: toWireError(error) }),
        );
      }
      default:
        return void client.run(request).then(
          (value) => reply(port, { id: request.id, ok: true, value }),
          (error: unknown) => reply(port, { id: request.id, ok: false, error: toWireError(error) }),
        );
    }
  });
  // The client's thread ended (or it closed its store): free the lock if it held it.
  port.on('close', () => client.disconnect());
}

async function serve(data: PGliteThreadData): Promise<void> {
  let db: PGlite;
  try {
    db = await openPGliteInstance(data.dataDir);
  } catch (error) {
    return reply(owner!, { id: OPEN_ID, ok: false, error: toWireError(error) });
  }
  serveClient(db, owner!, true);
  reply(owner!, { id: OPEN_ID, ok: true, value: undefined });
}

void serve(workerData as PGliteThreadData);
