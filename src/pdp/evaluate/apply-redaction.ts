import type { Message } from '../request-schema.js';
import type { DecisionRequest } from '../request-schema.js';
import { mapStringLeaves, replaceJsonLeaves, type JsonLeaf } from '../redaction/json-leaves.js';
import type { OrgRedactionKeys } from '../redaction/org-keys.js';
import { redactCheckedSpans, type RedactionSpan } from '../redaction/redact-string.js';
import type { UnitSpan } from './policy-outcome.js';
import type { ScanUnit } from './scan-units.js';

export interface RedactedPayload {
  text?: string;
  messages?: Message[];
  toolArgs?: unknown;
  /** replacement → original, for reversible styles. */
  tokens: Map<string, string>;
}

/** Rewrites every span (there is at least one), unit by unit, and puts each rewritten string back where it came from. */
export function applyRedaction(req: DecisionRequest, spans: readonly UnitSpan[], keys: () => OrgRedactionKeys): RedactedPayload {
  const tokens = new Map<string, string>();
  const out: RedactedPayload = { tokens };
  // The common case, every span in one string: no grouping needed. (The engine built these
  // spans from in-range findings and compiled styles: no need to re-check them.)
  const only = spans[0]!.unit;
  if (spans.every((s) => s.unit === only) && only.origin.kind === 'text') {
    out.text = redactCheckedSpans(only.value, spans, keys(), tokens);
    return out;
  }
  // A UnitSpan is a RedactionSpan with its unit: grouped as they are, not copied.
  const byUnit = new Map<ScanUnit, RedactionSpan[]>();
  for (const s of spans) {
    let list = byUnit.get(s.unit);
    if (!list) byUnit.set(s.unit, (list = []));
    list.push(s);
  }
  const jsonLeaves = new Map<JsonLeaf, string>();
  const messageEdits: Array<{ unit: ScanUnit; value: string }> = [];
  const argEdits = new Map<string, string>();
  for (const [unit, list] of byUnit) {
    const value = redactCheckedSpans(unit.value, list, keys(), tokens);
    const o = unit.origin;
    if (o.kind === 'text') out.text = value;
    else if (o.kind === 'text_json') jsonLeaves.set(o.leaf, value);
    else if (o.kind === 'message') messageEdits.push({ unit, value });
    else argEdits.set(o.path, value);
  }
  if (jsonLeaves.size > 0 && req.text !== undefined) out.text = replaceJsonLeaves(req.text, jsonLeaves);
  if (messageEdits.length > 0 && req.messages) {
    const messages = req.messages.map((m) => ({ ...m, content: Array.isArray(m.content) ? m.content.map((p) => ({ ...p })) : m.content }));
    for (const { unit, value } of messageEdits) {
      if (unit.origin.kind !== 'message') continue;
      const m = messages[unit.origin.message]!;
      if (unit.origin.part === null) m.content = value;
      else (m.content as Array<Record<string, unknown>>)[unit.origin.part]!.text = value;
    }
    out.messages = messages;
  }
  if (argEdits.size > 0 && req.tool) {
    out.toolArgs = mapStringLeaves(req.tool.args, (leaf) => argEdits.get(leaf.path) ?? leaf.value, { includeNumbers: true });
  }
  return out;
}
