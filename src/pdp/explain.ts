import { formatIssuePath } from '../errors.js';
import type { Decision } from './decision.js';

/**
 * A readable trace of a decision: the verdict, the deciding policy, every policy that
 * matched and on what, and the findings by type. It never contains raw values (decisions
 * don't hold them).
 *
 * @example
 * ```ts
 * console.log(explain(engine.decide({ orgId: 'acme', stage: 'input', text })));
 * // verdict: redact (decided by pack:pci-dss/cards)
 * //   ✓ pack:pci-dss/cards → redact: 1 credit_card finding → redact
 * //   · no-secrets: no match
 * // findings: credit_card ×1 (text)
 * ```
 */
export function explain(decision: Decision): string {
  const lines: string[] = [];
  const deciding = decision.evaluatedPolicies.find((p) => p.matched);
  lines.push(`decision ${decision.decisionId} at ${decision.timestamp} (policy set ${decision.policySetVersion})`);
  const who = decision.identity;
  lines.push(`identity: org ${who.orgId ?? '-'}, client ${who.clientId ?? '-'}, user ${who.userId ?? '-'}; stage ${decision.stage ?? '-'}`);
  lines.push(`verdict: ${decision.verdict}${deciding ? ` (decided by ${deciding.id})` : decision.evaluatedPolicies.length ? ' (no policy matched: allow is the default)' : ''}`);
  if (decision.failedOpen) lines.push('  ! failMode "open" let an evaluation error through');
  const byPolicy = new Map<string | undefined, string[]>();
  for (const r of decision.reasons) {
    const list = byPolicy.get(r.policyId) ?? [];
    list.push(r.message);
    byPolicy.set(r.policyId, list);
  }
  for (const msg of byPolicy.get(undefined) ?? []) lines.push(`  ! ${msg}`);
  for (const p of decision.evaluatedPolicies) {
    const why = byPolicy.get(p.id);
    lines.push(p.matched ? `  ✓ ${p.id} → ${p.action}${why ? `: ${why.join('; ')}` : ''}` : `  · ${p.id}: no match`);
  }
  if (decision.findings.length > 0) {
    const counts = new Map<string, number>();
    for (const f of decision.findings) {
      const key = `${f.type} (${f.source.replace(/\[\d+\]/g, '[]')})`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    lines.push(`findings: ${[...counts].map(([k, n]) => `${k.replace(' (', ` ×${n} (`)}`).join(', ')}`);
  }
  if (decision.sqlCategories?.length) lines.push(`sql: ${decision.sqlCategories.join(', ')}`);
  const obligations = decision.obligations.filter((o) => o.type !== 'restore').map((o) => o.type);
  if (obligations.length) lines.push(`obligations: ${obligations.join(', ')}`);
  if (decision.issues?.length) {
    for (const i of decision.issues.slice(0, 10)) lines.push(`  ✗ ${formatIssuePath(i.path)}: ${i.message}`);
  }
  return lines.join('\n');
}
