/**
 * Shared emergency circuit breakers (issue 6): org, client, policy, model and tool scopes;
 * manual trips and resets that name an actor and a reason; automatic trips after N violations
 * in a window; state in the store under row-level security with an append-only history; every
 * process sees a trip within a second (PostgreSQL LISTEN/NOTIFY, polling as the fallback).
 * Unreadable or stale state fails closed.
 *
 * @example
 * ```ts
 * const breakers = createBreakerService(store, { autoTrip: { tool: { threshold: 5, windowMs: 60_000, durationMs: 600_000 } } });
 * await breakers.start();
 * const engine = createPolicyEngine({ policies, breakers: breakers.snapshot });
 *
 * await breakers.trip({ orgId: 'acme', scope: 'tool', key: 'db.query', actor: { id: 'ana', orgId: 'acme', roles: ['admin'] }, reason: 'runaway agent' });
 * await breakers.recordViolation({ orgId: 'acme', scope: 'tool', key: 'shell.exec' }); // the 5th in a minute trips it
 * await breakers.status('acme');   // [{ scope: 'tool', key: 'db.query', reason: 'runaway agent', trippedBy: 'ana', ... }]
 * ```
 *
 * @packageDocumentation
 */
export { createBreakerService, type BreakerService, type BreakerServiceOptions, type BreakerHealth } from './breaker-service.js';
export type { BreakerTarget, TripInput, ResetInput } from './breaker-input.js';
export type { TrippedBreaker, BreakerEvent, ViolationResult } from './breaker-repository.js';
export { AUTO_TRIP_ACTOR } from './breaker-repository.js';
export type { AutoTripRule, AutoTripRules } from './auto-trip.js';
export type { FailMode, SnapshotHealth } from './breaker-snapshot.js';
export { BREAKER_SCOPES, type BreakerScope, type BreakerEventKind } from './breaker-tables.js';
export { BreakerStateUnavailableError, InvalidBreakerRequestError, type BreakerUnavailableReason } from './breaker-errors.js';
export type { Actor } from '../access/actor.js';
export type { Authorize } from '../access/require-permission.js';
export type { Logger } from '../log/logger.js';
