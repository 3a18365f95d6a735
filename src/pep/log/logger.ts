/**
 * The logger the enforcement layer writes to: the pino call shape (`logger.warn(fields, message)`),
 * so a pino, bunyan-style or console logger fits. Fields and messages carry ids, counts and
 * status codes only: never a detected value, a request body or a secret.
 */
export interface Logger {
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Writes to `console.warn` / `console.error`. */
export const consoleLogger: Logger = {
  warn: (fields, message) => console.warn(`[gatehouse] ${message}`, fields),
  error: (fields, message) => console.error(`[gatehouse] ${message}`, fields),
};
