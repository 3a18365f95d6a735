/**
 * Errors across the thread boundary. Structured clone keeps an Error's name, message and stack
 * but drops its other fields, and callers read those: PGlite's DatabaseError carries the
 * SQLSTATE in `code` (`'23505'` for a unique violation), plus `detail`, `constraint`, `table`...
 * So the worker sends every own field structured clone can copy, and the main side rebuilds an
 * Error that has them all.
 */

export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  /** Own enumerable fields that structured clone can copy: `code`, `severity`, `detail`, `constraint`, `query`, ... */
  readonly fields: Readonly<Record<string, unknown>>;
}

/** The wire form of anything thrown in the worker. */
export function toWireError(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), stack: undefined, fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    try {
      fields[key] = structuredClone(value);
    } catch {
      // Not copyable (a function, say): leave the field out rather than lose the error.
    }
  }
  return { name: error.name, message: error.message, stack: error.stack, fields };
}

/** An Error with the worker error's name, message, stack and fields. */
export function fromWireError(wire: WireError): Error {
  const error = new Error(wire.message);
  Object.assign(error, wire.fields);
  // name may be an own field already (DatabaseError's is 'error'); otherwise set it as the prototype had it.
  if (error.name !== wire.name) Object.defineProperty(error, 'name', { value: wire.name, writable: true, configurable: true, enumerable: false });
  if (wire.stack !== undefined) error.stack = `${wire.stack}\n    at (PGlite worker thread)`;
  return error;
}
