/**
 * Shared bits of the breaker and approval suites: a hand-driven clock, actors, a logger that
 * records instead of printing, and a peer process for the cross-process tests.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Actor } from '../../../src/pep/access/actor.js';
import type { Logger } from '../../../src/pep/log/logger.js';

export interface ManualClock {
  now: () => number;
  advance(ms: number): void;
}

/** A clock that only moves when told to, starting at the real time. */
export function manualClock(start = Date.now()): ManualClock {
  let t = start;
  return { now: () => t, advance: (ms) => { t += ms; } };
}

export function actor(orgId: string, roles: string[], id = `${roles[0] ?? 'nobody'}@${orgId}`): Actor {
  return { id, orgId, roles };
}

export interface RecordingLogger extends Logger {
  lines: { level: 'warn' | 'error'; message: string; fields: Record<string, unknown> }[];
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  return {
    lines,
    warn: (fields, message) => lines.push({ level: 'warn', message, fields }),
    error: (fields, message) => lines.push({ level: 'error', message, fields }),
  };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 5_000, everyMs = 5): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const PEER = 'tests/fixtures/pep-peer.ts';

/** A second Node process running tests/fixtures/pep-peer.ts: JSON commands in, JSON lines out. */
export interface Peer {
  send(command: Record<string, unknown>): void;
  /** The next line whose `type` is `type` (lines are read in order; earlier ones are skipped). */
  next(type: string, timeoutMs?: number): Promise<Record<string, unknown> & { receivedAt: number }>;
  stop(): Promise<void>;
}

export function startPeer(env: Record<string, string>): Peer {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', PEER], {
    cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  const queue: (Record<string, unknown> & { receivedAt: number })[] = [];
  const waiters: (() => void)[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const receivedAt = Date.now();
    try {
      queue.push({ ...(JSON.parse(line) as Record<string, unknown>), receivedAt });
    } catch {
      return;
    }
    for (const w of waiters.splice(0)) w();
  });
  let exited = false;
  child.on('exit', () => { exited = true; for (const w of waiters.splice(0)) w(); });
  return {
    send(command) {
      child.stdin.write(`${JSON.stringify(command)}\n`);
    },
    async next(type, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = queue.findIndex((m) => m.type === type || m.type === 'error');
        if (i >= 0) {
          const [m] = queue.splice(0, i + 1).slice(-1);
          if (m!.type === 'error') throw new Error(`peer failed: ${String(m!.message)}`);
          return m!;
        }
        if (exited) throw new Error(`peer exited before "${type}": ${stderr}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`peer sent no "${type}" within ${timeoutMs} ms: ${stderr}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => { clearTimeout(timer); resolve(); });
        });
      }
    },
    async stop() {
      if (exited) return;
      const done = new Promise((r) => child.once('exit', r));
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await done;
      clearTimeout(timer);
    },
  };
}

/** A TCP proxy in front of PostgreSQL that the test can pull the plug on. */
export interface TcpProxy {
  /** `url` with host and port replaced by the proxy's. */
  url: string;
  /** Stops listening and cuts every open connection. Idempotent. */
  stop(): Promise<void>;
}

export async function startTcpProxy(target: URL): Promise<TcpProxy> {
  const { createServer, connect } = await import('node:net');
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => { client.destroy(); upstream.destroy(); });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  let stopped: Promise<void> | undefined;
  return {
    url: url.toString(),
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return stopped;
    },
  };
}

/** Engine whose decisions on "refund …" texts need approval (and tokenize e-mail addresses). */
export async function approvalEngine() {
  const { createPolicyEngine } = await import('../../../src/pdp/create-policy-engine.js');
  return createPolicyEngine({
    policies: {
      policies: [
        { id: 'refunds', kind: 'text', keywords: ['refund'], action: 'require_approval' },
        { id: 'emails', kind: 'detector', types: { email: { action: 'redact', style: 'tokenize' } } },
      ],
    },
  });
}
