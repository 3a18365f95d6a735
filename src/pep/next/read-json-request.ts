/**
 * Reads a Web `Request`'s JSON body with a hard size limit: the stream stops being read (and
 * buffered) as soon as it passes the limit.
 */
import { InvalidRequestBodyError } from '../adapter-kit/adapter-errors.js';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Default largest body, in bytes: 1 MiB. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The parsed body. Rejects with `InvalidRequestBodyError`: 415 when the content type is not
 * JSON, 413 past `limitBytes`, 400 for a body that is empty, not UTF-8 or not JSON.
 *
 * @example
 * ```ts
 * const body = await readJsonRequest(req, 64 * 1024);
 * ```
 */
export async function readJsonRequest(req: Request, limitBytes = DEFAULT_BODY_LIMIT_BYTES): Promise<unknown> {
  if (!JSON_TYPE.test(req.headers.get('content-type') ?? '')) throw new InvalidRequestBodyError(415, 'Send the body as JSON, with content-type application/json.');
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (declared > limitBytes) throw new InvalidRequestBodyError(413, `The body is over the limit of ${limitBytes} bytes.`);
  if (!req.body) throw new InvalidRequestBodyError(400, 'The request has no body; send a JSON object.');
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel();
      throw new InvalidRequestBodyError(413, `The body is over the limit of ${limitBytes} bytes.`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  try {
    return JSON.parse(UTF8.decode(bytes));
  } catch {
    throw new InvalidRequestBodyError(400, 'The body is not valid UTF-8 JSON.');
  }
}
