/**
 * Redaction: the six styles, the per-org keys they use, `restore()` for the reversible ones,
 * and the JSON helpers that redact leaf by leaf. Pure computation (no I/O).
 */
export {
  deriveOrgKeys, parseRedactionSecret, randomRedactionSecret, REDACTION_SECRET_MIN_BYTES, ORG_KEY_CACHE_SIZE,
  type OrgRedactionKeys,
} from './org-keys.js';
export { redactString, type RedactionSpan } from './redact-string.js';
export { restore, createRestorer, type RestoreSource } from './restore.js';
export {
  jsonLeaves, replaceJsonLeaves, MAX_JSON_DEPTH, type JsonLeaf,
  stringLeaves, mapStringLeaves, MAX_VALUE_DEPTH, type ValueLeaf, type ValueLeafOptions,
} from './json-leaves.js';
export { isRedactionType, type RedactionType } from './redaction-type.js';
export { maskValue, MASK_KEEPS_LAST_FOUR } from './styles/mask.js';
export { partialValue, partialBudget } from './styles/partial.js';
export { labelFor } from './styles/label.js';
export { hashValue, canonicalForm } from './styles/hash.js';
export { tokenFor, tokenizeValue, TOKEN_ATTEMPTS } from './styles/tokenize.js';
export { formatPreservingValue, FORMAT_PRESERVING_TYPES, FPE_ATTEMPTS, cardPrefixLength } from './styles/format-preserving.js';
export type { AcceptReplacement } from './styles/accept.js';
export {
  InvalidRedactionSecretError, InvalidRedactionInputError, CyclicValueError, ValueTooDeepError, InvalidJsonLeafError,
} from './errors.js';
