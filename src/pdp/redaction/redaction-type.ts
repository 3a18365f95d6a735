/**
 * What a span is (a detector type, or a text rule's match) and which of its characters are
 * layout rather than content.
 */
import { DETECTOR_TYPES, type DetectorType } from '../../detectors/types.js';

/** The type of a redacted span: a detector type, or `text_rule` for keyword and pattern matches. */
export type RedactionType = DetectorType | 'text_rule';

/** Every redaction type: the detector types, then `text_rule`. */
export const REDACTION_TYPE_LIST: readonly RedactionType[] = [...DETECTOR_TYPES, 'text_rule'];

const REDACTION_TYPES: ReadonlySet<string> = new Set<string>(REDACTION_TYPE_LIST);

/** Is `type` a detector type or `text_rule`? */
export function isRedactionType(type: unknown): type is RedactionType {
  return typeof type === 'string' && REDACTION_TYPES.has(type);
}

/**
 * Types written as digits (or IBAN's letters and digits) in groups. Their grouping
 * characters are layout: `mask` and `partial` keep them, and `hash` ignores them.
 */
const GROUPED_TYPES: ReadonlySet<RedactionType> = new Set<RedactionType>([
  'credit_card', 'iban', 'aadhaar', 'ssn', 'phone', 'nik', 'npwp', 'dob',
]);

/**
 * Is the character with code `c` layout for this type? Whitespace always is. Dashes, dots,
 * slashes, brackets and `+` are layout only for the grouped number types: in a secret or a
 * free-text match they can be content (base64 uses `/` and `+`, base64url uses `-`), and
 * keeping them would reveal where they are.
 */
export function isLayoutChar(type: RedactionType, c: number): boolean {
  if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || c === 0xa0) return true;
  if (!GROUPED_TYPES.has(type)) return false;
  return c === 0x2d /* - */ || c === 0x2e /* . */ || c === 0x2f /* / */ || c === 0x28 /* ( */ || c === 0x29 /* ) */ || c === 0x2b /* + */;
}

/** Is `type` one of the grouped number types whose layout `hash` ignores? */
export function isGroupedType(type: RedactionType): boolean {
  return GROUPED_TYPES.has(type);
}
