import type { BreakerState } from '../decision.js';
import type { DecisionRequest } from '../request-schema.js';

/** Is this breaker tripped at `now`? An unreadable expiry counts as tripped (fail closed). */
function isOpen(b: BreakerState, now: number): boolean {
  if (b.expiresAt === undefined) return true;
  const t = Date.parse(b.expiresAt);
  return Number.isNaN(t) || t > now;
}

/**
 * The first tripped breaker whose scope covers this request, or null. A `policy` breaker
 * covers a request when that policy applies to it.
 */
export function trippedBreaker(
  breakers: readonly BreakerState[],
  req: DecisionRequest,
  applicablePolicyIds: ReadonlySet<string>,
  now: number,
): BreakerState | null {
  for (const b of breakers) {
    if (b.orgId !== undefined && b.orgId !== req.orgId) continue;
    let covers: boolean;
    switch (b.scope) {
      case 'org': covers = b.key === req.orgId; break;
      case 'client': covers = b.key === req.clientId; break;
      case 'model': covers = b.key === req.model; break;
      case 'tool': covers = b.key === req.tool?.name; break;
      case 'policy': covers = applicablePolicyIds.has(b.key); break;
      default: covers = true; // an unknown scope is treated as covering everything: fail closed
    }
    if (covers && isOpen(b, now)) return b;
  }
  return null;
}
