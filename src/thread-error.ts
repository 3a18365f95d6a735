/**
 * Errors across a worker-thread boundary (the PGlite thread, the audit thread). Structured clone
 * keeps an Error's name, message and stack but drops its other fields, and callers read those:
 * PGlite's DatabaseError carries the SQLSTATE in `code` (`'23505'` for a unique violation), plus
 * `detail`, `constraint`, `table`...; Gatehouse's errors carry `code` and typed fields (`target`,
 * `records`, `path`...). So every own field structured clone can copy is sent, with the cause one
 * level down, and the receiving side rebuilds an error that has them all.
 */

export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  /** Own enumerable fields that structured clone can copy: `code`, `detail`, `constraint`, `records`, ... */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly cause?: WireError;
}

/** The wire form of anything thrown in a worker thread. */
export function toWireError(error: unknown, depth = 0): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), stack: undefined, fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    try {
      fields[key] = structuredClone(value);
    } catch {
      // Not copyable (a function, say): leave the field out rather than lose the error.
    }
  }
  const { cause } = error as { cause?: unknown };
  return { name: error.name, message: error.message, stack: error.stack, fields, ...(cause !== undefined && depth === 0 ? { cause: toWireError(cause, 1) } : {}) };
}

/**
 * A plain Error with the wire error's name, message, fields and cause; its stack ends with
 * `at (<where>)`. For errors whose class the receiver cannot know (a driver's).
 */
export function fromWireError(wire: WireError, where: string): Error {
  const error = new Error(wire.message, wire.cause === undefined ? undefined : { cause: fromWireError(wire.cause, where) });
  Object.assign(error, wire.fields);
  // name may be an own field already (DatabaseError's is 'error'); otherwise set it as the prototype had it.
  if (error.name !== wire.name) Object.defineProperty(error, 'name', { value: wire.name, writable: true, configurable: true, enumerable: false });
  if (wire.stack !== undefined) error.stack = `${wire.stack}\n    at (${where})`;
  return error;
}
