/** `label`: the value is replaced by its type, `[REDACTED:credit_card]`. */
import type { RedactionType } from '../redaction-type.js';

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
  return `[REDACTED:${type}]`;
}
