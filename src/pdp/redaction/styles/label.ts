/** `label`: the value is replaced by its type, `[REDACTED:credit_card]`. */
import { REDACTION_TYPE_LIST, type RedactionType } from '../redaction-type.js';

/**
 * Every label, built once. A label built per call is a rope of three strings that the
 * redaction's later character scans would flatten again on every decision.
 */
const LABELS: ReadonlyMap<string, string> = new Map(REDACTION_TYPE_LIST.map((type) => [type, flat(`[REDACTED:${type}]`)]));

/** `s` as one flat string (V8 keeps a concatenation as a rope until something reads it). */
function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}

/**
 * The `label` replacement for a value of `type`.
 *
 * @example
 * ```ts
 * labelFor('credit_card'); // '[REDACTED:credit_card]'
 * labelFor('text_rule');   // '[REDACTED:text_rule]'
 * ```
 */
export function labelFor(type: RedactionType): string {
  return LABELS.get(type) ?? `[REDACTED:${type}]`;
}
