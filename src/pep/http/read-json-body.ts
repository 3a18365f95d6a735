/**
 * Reads a JSON request body with a hard size limit. A declared `Content-Length` over the limit
 * is refused before a byte is read; a chunked body stops being read (and buffered) the moment
 * it passes the limit.
 */
import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, InvalidJsonError, UnsupportedMediaTypeError } from './http-errors.js';

/** The request ended (client gone, socket destroyed) before its body was complete. */
export class RequestAbortedError extends Error {
  constructor() {
    super('the request was aborted before its body was complete');
    this.name = 'RequestAbortedError';
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * The raw body, at most `limit` bytes. Rejects with {@link BodyTooLargeError} past the limit
 * (the socket is left paused; the caller answers 413 and closes it) and with
 * {@link RequestAbortedError} when the client goes away.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return readBodyAs(req, limit, (bytes) => bytes);
}

/** {@link readBody}, with the complete body turned into the result by `finish` (its throw rejects). */
function readBodyAs<T>(req: IncomingMessage, limit: number, finish: (bytes: Buffer) => T): Promise<T> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise<T>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        chunks.length = 0;
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      try {
        resolve(finish(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
      } catch (error) {
        reject(error);
      }
    };
    const onAbort = () => {
      cleanup();
      reject(new RequestAbortedError());
    };
    const onClose = () => {
      if (!req.complete) onAbort();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onClose);
  });
}

/**
 * The body parsed as JSON. Checks the media type (415), the size (413) and the syntax (400,
 * without quoting the text: V8's syntax errors include a snippet of the input).
 */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers['content-type'];
  if (type === undefined || !JSON_TYPE.test(type)) return Promise.reject(new UnsupportedMediaTypeError());
  // Parsed as the body ends: one promise for the whole read.
  return readBodyAs(req, limit, parseJsonBytes);
}

function parseJsonBytes(bytes: Buffer): unknown {
  if (bytes.length === 0) throw new InvalidJsonError('is empty');
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new InvalidJsonError('is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidJsonError();
  }
}
