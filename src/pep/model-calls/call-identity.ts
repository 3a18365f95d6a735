import { randomBytes } from 'node:crypto';
import { InvalidOptionError } from '../../errors.js';
import type { Identity } from '../guard/gatehouse-core.js';
import { newTraceId, traceIdFromTraceparent } from '../guard/trace-context.js';

/** Who makes a model call: a fixed identity, or one resolved per call (from a request context, say). */
export type IdentitySource<C> =
  | { identity: Identity; resolveIdentity?: undefined }
  | { identity?: undefined; resolveIdentity: (context: C) => Identity | Promise<Identity> };

/** Checks that exactly one of `identity` and `resolveIdentity` is given. */
export function assertIdentitySource(options: unknown, adapter: string): void {
  const o = (options ?? {}) as { identity?: unknown; resolveIdentity?: unknown };
  const hasIdentity = o.identity !== undefined;
  const hasResolver = o.resolveIdentity !== undefined;
  if (hasIdentity === hasResolver) {
    throw new InvalidOptionError(`${adapter} needs exactly one of { identity: { orgId, userId? } } or { resolveIdentity: (ctx) => identity }.`);
  }
  if (hasResolver && typeof o.resolveIdentity !== 'function') {
    throw new InvalidOptionError(`${adapter}: resolveIdentity must be a function returning { orgId, userId? }.`);
  }
  if (hasIdentity && (typeof o.identity !== 'object' || o.identity === null)) {
    throw new InvalidOptionError(`${adapter}: identity must be an object such as { orgId: 'acme', userId: 'u1' }.`);
  }
}

/** The identity for one call. */
export async function resolveCallIdentity<C>(source: IdentitySource<C>, context: C): Promise<Identity> {
  return source.identity ?? (await source.resolveIdentity!(context));
}

/**
 * The identity with a W3C `traceparent`: the caller's own when valid, otherwise a new one. The
 * input and output decisions of a call are then recorded under one trace id, even when the
 * output is checked long after `guard()` returned (a stream).
 */
export function withTraceparent(identity: Identity): Identity {
  if (traceIdFromTraceparent(identity.traceparent) !== null) return identity;
  return { ...identity, traceparent: `00-${newTraceId()}-${randomBytes(8).toString('hex')}-01` };
}
