/**
 * The logger the enforcement layer writes to: the pino call shape (`logger.warn(fields, message)`),
 * so a pino instance fits as-is, and so does a bunyan-style or console logger. Fields and
 * messages carry ids, counts and status codes only: never a detected value, a request body or
 * a secret (tests/pep/log-hygiene.test.ts checks this).
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * const gh = await createGatehouse({ policies, auditSecret, logger: pino() });
 * ```
 */
export interface Logger {
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  /** Optional: routine events (a heartbeat sent). Left out, they are not logged. */
  info?(fields: Record<string, unknown>, message: string): void;
  /** Optional: detail for troubleshooting. Left out, it is not logged. */
  debug?(fields: Record<string, unknown>, message: string): void;
}

/** Writes warnings and errors to `console.warn` / `console.error`; info and debug are dropped. */
export const consoleLogger: Logger = {
  warn: (fields, message) => console.warn(`[gatehouse] ${message}`, fields),
  error: (fields, message) => console.error(`[gatehouse] ${message}`, fields),
};
