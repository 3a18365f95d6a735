/**
 * Which write failures are worth retrying. A lost connection, a deadlock or a serialization
 * failure says nothing about the records, so the same batch can be tried again; a constraint
 * or type error would fail again, so retrying it only delays the other records.
 */

/**
 * - `connection`: the database went away (or never answered). Whether the last COMMIT landed
 *   is unknown, so the next attempt first skips records already stored.
 * - `conflict`: deadlock, serialization failure, lock or statement timeout. Rolled back.
 * - `duplicate`: a unique violation: some of the records are stored already (a retry after an
 *   unknown COMMIT, or the same decision recorded twice).
 * - `permanent`: anything else; the records themselves (or the schema) are the problem.
 */
export type WriteErrorKind = 'connection' | 'conflict' | 'duplicate' | 'permanent';

const CONFLICT_STATES = new Set(['40001', '40P01', '55P03', '57014']);
const CONNECTION_STATES = new Set(['57P01', '57P02', '57P03', '53300', '53100', '53200', '58000', '58030']);
const SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// pg reports some connection losses without a code, only in the message.
const CONNECTION_MESSAGE = /connection terminated|connection error|not queryable|terminating connection|timeout exceeded when trying to connect|server closed the connection|socket hang up|ECONNRESET|ECONNREFUSED/i;

export function classifyWriteError(error: unknown): WriteErrorKind {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string') {
    if (code === '23505') return 'duplicate';
    if (CONFLICT_STATES.has(code)) return 'conflict';
    if (code.startsWith('08') || CONNECTION_STATES.has(code) || SOCKET_CODES.has(code)) return 'connection';
    if (/^[0-9A-Z]{5}$/.test(code)) return 'permanent';
  }
  const message = error instanceof Error ? error.message : String(error);
  return CONNECTION_MESSAGE.test(message) ? 'connection' : 'permanent';
}
