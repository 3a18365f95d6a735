import { detect } from '../../detectors/detect.js';
import { scanSql, SQL_CATEGORIES, type SqlCategory } from '../../detectors/sql/scan-sql.js';
import { actionRank, type Reason } from '../decision.js';
import type { PolicyAction } from '../policy-schema.js';
import type { CompiledToolPolicy } from '../policy-set/compiled-policy.js';
import type { DecisionRequest } from '../request-schema.js';
import { matchedOutcome, noMatch, type PolicyOutcome, type UnitSpan } from './policy-outcome.js';
import type { ScanUnit } from './scan-units.js';

const INJECTION_CATEGORIES: readonly SqlCategory[] = SQL_CATEGORIES.filter((c) => c !== 'dangerous_query');

/** `name` matches `pattern` exactly, or by prefix when the pattern ends in `*`. */
export function nameMatches(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

function listed(list: readonly string[] | undefined, name: string | undefined): boolean {
  return name !== undefined && list !== undefined && list.some((p) => nameMatches(p, name));
}

/** Allow and deny lists of tools and servers, read-only tools, and argument scanning. */
export function evaluateToolPolicy(
  p: CompiledToolPolicy,
  req: DecisionRequest,
  units: readonly ScanUnit[],
  region: string,
): PolicyOutcome {
  const tool = req.tool;
  if (!tool) return noMatch(p);
  const t = p.tool;
  const id = p.policy.id;
  let action: PolicyAction = 'allow';
  const reasons: Reason[] = [];
  const spans: UnitSpan[] = [];
  const hit = (wanted: PolicyAction, reason: Reason) => {
    if (actionRank(wanted) > actionRank(action)) action = wanted;
    reasons.push(reason);
  };

  if (listed(t.denyTools, tool.name)) hit('block', { code: 'tool_denied', policyId: id, message: `tool ${tool.name} is on the deny list`, detail: { tool: tool.name } });
  if (t.allowTools && !listed(t.allowTools, tool.name)) hit('block', { code: 'tool_not_allowed', policyId: id, message: `tool ${tool.name} is not on the allow list`, detail: { tool: tool.name } });
  if (listed(t.denyServers, tool.server)) hit('block', { code: 'server_denied', policyId: id, message: `MCP server ${tool.server} is on the deny list`, detail: { server: tool.server } });
  if (t.allowServers && !listed(t.allowServers, tool.server)) {
    hit('block', { code: 'server_not_allowed', policyId: id, message: `MCP server ${tool.server ?? '(none)'} is not on the allow list`, detail: { server: tool.server ?? null } });
  }

  const argUnits = units.filter((u) => u.origin.kind === 'tool_arg');
  const categories = new Set<SqlCategory>();
  const sqlScans = new Map<ScanUnit, SqlCategory[]>();
  const sqlOf = (u: ScanUnit) => {
    let found = sqlScans.get(u);
    if (!found) {
      found = [...new Set(scanSql(u.value).findings.map((f) => f.category))];
      sqlScans.set(u, found);
    }
    return found;
  };

  for (const rule of t.args ?? []) {
    const path = `$.${rule.arg}`;
    const targets = argUnits.filter((u) => u.origin.kind === 'tool_arg' && (u.origin.path === path || u.origin.path.startsWith(`${path}.`) || u.origin.path.startsWith(`${path}[`)));
    for (const u of targets) {
      if (rule.scan === 'sql') {
        const wanted = rule.categories ?? INJECTION_CATEGORIES;
        const found = sqlOf(u).filter((c) => wanted.includes(c));
        for (const c of found) categories.add(c);
        if (found.length > 0) {
          hit(rule.action, {
            code: found.every((c) => c === 'dangerous_query') ? 'dangerous_query' : 'sql_injection',
            policyId: id,
            message: `argument ${rule.arg}: ${found.join(', ')} → ${rule.action}`,
            detail: { arg: rule.arg, categories: found },
          });
        }
      } else {
        const findings = detect(u.value, { types: rule.types, region });
        if (findings.length > 0) {
          const types = [...new Set(findings.map((f) => f.type))];
          hit(rule.action, { code: 'detector_finding', policyId: id, message: `argument ${rule.arg}: ${types.join(', ')} → ${rule.action}`, detail: { arg: rule.arg, types } });
          if (rule.action === 'redact') for (const f of findings) spans.push({ unit: u, start: f.start, end: f.end, type: f.type, style: 'label' });
        }
      }
    }
  }

  // A read-only tool never runs a destructive statement, whichever argument carries it.
  if (listed(t.readOnlyTools, tool.name)) {
    for (const u of argUnits) {
      if (sqlOf(u).includes('dangerous_query')) {
        categories.add('dangerous_query');
        hit('block', { code: 'dangerous_query', policyId: id, message: `read-only tool ${tool.name} received a destructive statement`, detail: { tool: tool.name, source: u.source } });
        break;
      }
    }
  }
  if (reasons.length === 0) return noMatch(p);
  const out = matchedOutcome(p, action, reasons, spans);
  return categories.size > 0 ? { ...out, sqlCategories: [...categories] } : out;
}
