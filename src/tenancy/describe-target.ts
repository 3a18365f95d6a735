/**
 * Error messages name the database they could not reach, never the password: a connection
 * string often carries one, and messages end up in logs.
 */

/** `postgres://user@host:port/db`, without password or query parameters. */
export function describePostgresTarget(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username === '' ? '' : `${decodeURIComponent(parsed.username)}@`;
    return `${parsed.protocol}//${user}${parsed.host || 'localhost'}${parsed.pathname}`;
  } catch {
    return 'the configured PostgreSQL URL (it could not be parsed)';
  }
}

/** A short reason for a failed connection, from the error's code; never the raw URL. */
export function describeConnectError(error: unknown, timeoutMs: number): string {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused. Is PostgreSQL running, and listening on that host and port?';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve. Check the host in the URL.';
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `the host cannot be reached (${code}). Check the host, port and firewall.`;
    case '28P01':
    case '28000':
      return `authentication failed (${text}). Check the user and password.`;
    case '3D000':
      return `${text}. Create the database, or fix the database name in the URL.`;
    case '57P03':
      return 'the server is starting up or shutting down. Try again shortly.';
  }
  if (/timeout/i.test(text)) return `no connection within ${timeoutMs} ms. Is the host right, and the server up?`;
  if (isServerOrSocketCode(code)) return `${text} (${code}).`;
  return 'the connection failed. Check the URL.';
}

/**
 * True for a SQLSTATE (`28P01`) or a socket errno (`ECONNRESET`). Only such errors are quoted or
 * kept as `cause`: others, such as Node's ERR_INVALID_URL, may carry the URL with its password.
 */
function isServerOrSocketCode(code: unknown): code is string {
  return typeof code === 'string' && (/^[0-9A-Z]{5}$/.test(code) || /^E[A-Z]+$/.test(code));
}

/** `{ cause: error }` when the error is safe to keep (see above), else `{}`. */
export function safeCause(error: unknown): { cause?: unknown } {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return isServerOrSocketCode(code) ? { cause: error } : {};
}
