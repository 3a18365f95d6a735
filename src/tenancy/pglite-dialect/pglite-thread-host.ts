/**
 * Worker thread entry: opens PGlite (from `workerData`, see {@link PGliteThreadData}) and
 * answers the main thread's requests. PGlite's SQL execution, parameter serialisation and
 * result parsing all run here, off the main thread's event loop.
 *
 * No lock here: the main side's session lock already serialises transactions, and PGlite
 * queues overlapping calls itself. Each reply carries its request's id.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PGlite } from '@electric-sql/pglite';
import { openPGliteInstance } from './open-pglite-instance.js';
import { toWireError } from './pglite-thread-error.js';
import { OPEN_ID, type PGliteThreadData, type PGliteThreadReply, type PGliteThreadRequest } from './pglite-thread-protocol.js';

const port = parentPort;
if (port === null) throw new Error('pglite-thread-host runs as a worker thread; open it with openStore({ dataDir, thread: true }).');

function reply(message: PGliteThreadReply): void {
  try {
    port!.postMessage(message);
  } catch (error) {
    // A value structured clone cannot copy: answer the call with that error rather than never.
    port!.postMessage({ id: message.id, ok: false, error: toWireError(error) } satisfies PGliteThreadReply);
  }
}

async function answer(db: PGlite, request: PGliteThreadRequest): Promise<void> {
  try {
    switch (request.op) {
      case 'exec':
        return reply({ id: request.id, ok: true, value: await db.exec(request.sql, { rowMode: request.rowMode }) });
      case 'query':
        return reply({ id: request.id, ok: true, value: await db.query(request.sql, request.params, { rowMode: request.rowMode }) });
      case 'close':
        await db.close();
        return reply({ id: request.id, ok: true, value: undefined });
    }
  } catch (error) {
    reply({ id: request.id, ok: false, error: toWireError(error) });
  }
}

async function serve(data: PGliteThreadData): Promise<void> {
  let db: PGlite;
  try {
    db = await openPGliteInstance(data.dataDir);
  } catch (error) {
    return reply({ id: OPEN_ID, ok: false, error: toWireError(error) });
  }
  port!.on('message', (request: PGliteThreadRequest) => void answer(db, request));
  reply({ id: OPEN_ID, ok: true, value: undefined });
}

void serve(workerData as PGliteThreadData);
