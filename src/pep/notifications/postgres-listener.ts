/**
 * A dedicated PostgreSQL connection that LISTENs on a few channels and reconnects when it drops.
 * Pooled connections cannot listen (they are handed back after each query), hence its own
 * client. `pg` is imported only when a listener starts, so importing this module loads no driver.
 */
import type pg from 'pg';
import { quoteIdentifier } from '../../tenancy/identifiers.js';
import type { Logger } from '../log/logger.js';
import { errorFields } from '../log/error-fields.js';

export interface PostgresListenerOptions {
  url: string;
  channels: readonly string[];
  /** Called for each notification on one of `channels`. */
  onNotification(channel: string, payload: string): void;
  /** Called after every (re)connection, once LISTEN is in place: catch up on what was missed. */
  onListening?(): void;
  logger: Logger;
  /** What the listener is for, in log lines. */
  purpose: string;
  connectTimeoutMs?: number;
}

export interface PostgresListener {
  /** True while the connection is up and listening. */
  readonly listening: boolean;
  /** Resolves after the first connection attempt, true when it succeeded. */
  readonly ready: Promise<boolean>;
  close(): Promise<void>;
}

const MIN_RETRY_MS = 250;
const MAX_RETRY_MS = 5_000;

/**
 * @example
 * ```ts
 * const listener = createPostgresListener({ url, channels: ['gatehouse_breakers_…'], onNotification: refresh, logger, purpose: 'breakers' });
 * await listener.ready;
 * ```
 */
export function createPostgresListener(options: PostgresListenerOptions): PostgresListener {
  const channels = new Set(options.channels);
  let client: pg.Client | undefined;
  let listening = false;
  let closed = false;
  let retryMs = MIN_RETRY_MS;
  let retryTimer: NodeJS.Timeout | undefined;
  let resolveReady: (ok: boolean) => void = () => {};
  const ready = new Promise<boolean>((resolve) => { resolveReady = resolve; });

  function scheduleReconnect(): void {
    if (closed || retryTimer !== undefined) return;
    retryTimer = setTimeout(() => { retryTimer = undefined; void connect(); }, retryMs);
    retryTimer.unref();
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  }

  function dropped(c: pg.Client, error?: Error): void {
    if (client !== c) return;
    client = undefined;
    listening = false;
    c.removeAllListeners('notification');
    c.end().catch(() => undefined);
    if (!closed) {
      options.logger.warn({ purpose: options.purpose, ...errorFields(error) }, 'PostgreSQL listener connection lost; polling until it is back');
      scheduleReconnect();
    }
  }

  async function connect(): Promise<void> {
    const { default: pgModule } = await import('pg');
    const c = new pgModule.Client({
      connectionString: options.url,
      application_name: `gatehouse:listen:${options.purpose}`,
      keepAlive: true,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    });
    client = c;
    // Without an error listener a dropped connection would crash the process.
    c.on('error', (error) => dropped(c, error));
    c.on('end', () => dropped(c));
    c.on('notification', (message) => {
      if (channels.has(message.channel)) options.onNotification(message.channel, message.payload ?? '');
    });
    try {
      await c.connect();
      for (const channel of channels) await c.query(`LISTEN ${quoteIdentifier(channel)}`);
    } catch (error) {
      if (client === c) {
        client = undefined;
        c.end().catch(() => undefined);
      }
      if (!closed) {
        options.logger.warn({ purpose: options.purpose, ...errorFields(error) }, 'PostgreSQL listener could not connect; polling meanwhile');
        scheduleReconnect();
      }
      resolveReady(false);
      return;
    }
    if (closed) {
      await c.end().catch(() => undefined);
      return;
    }
    listening = true;
    retryMs = MIN_RETRY_MS;
    resolveReady(true);
    options.onListening?.();
  }

  void connect().catch(() => resolveReady(false));

  return {
    get listening() {
      return listening;
    },
    ready,
    async close() {
      closed = true;
      listening = false;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      resolveReady(false);
      const c = client;
      client = undefined;
      if (c) {
        c.removeAllListeners('notification');
        await c.end().catch(() => undefined);
      }
    },
  };
}
