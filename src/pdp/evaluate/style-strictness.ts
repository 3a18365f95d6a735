import type { RedactionStyle } from '../policy-schema.js';

/**
 * When two matched policies redact the same value in different styles, the one that reveals
 * least wins: a label shows nothing, a hash or token only links occurrences, a pseudonym looks
 * real, a mask shows the last four, partial shows more.
 */
const STRICTNESS: Readonly<Record<RedactionStyle, number>> = {
  label: 6, hash: 5, tokenize: 4, format_preserving: 3, mask: 2, partial: 1,
};

export function styleStrictness(style: RedactionStyle): number {
  return STRICTNESS[style];
}
