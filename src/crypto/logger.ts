/**
 * Where the crypto layer reports things an operator must see (a plaintext-credential warning).
 * Messages never contain key material or credentials. Pass your app's logger (pino, winston
 * and console all fit); the default is `console`.
 *
 * @example
 * ```ts
 * createCredentialVault({ logger: { warn: (m) => pino.warn(m) } });
 * ```
 */
export interface CryptoLogger {
  warn(message: string): void;
}

export const consoleLogger: CryptoLogger = {
  warn: (message) => console.warn(message),
};
