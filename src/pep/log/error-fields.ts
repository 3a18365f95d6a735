/**
 * What of an error may go into a log line: its name and code, never its message. Driver and
 * callback messages can quote SQL parameters or request text; names and codes cannot.
 */
export function errorFields(error: unknown): { error: string; code?: string } {
  if (error === null || typeof error !== 'object') return { error: typeof error };
  const e = error as { name?: unknown; code?: unknown };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  return typeof e.code === 'string' || typeof e.code === 'number' ? { error: name, code: String(e.code) } : { error: name };
}
