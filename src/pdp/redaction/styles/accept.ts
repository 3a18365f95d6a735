/**
 * Reversible styles propose replacements until one is acceptable: it must not contain any
 * of the values it hides, must not already occur in the text (or `restore` would rewrite
 * that occurrence too), and must not already stand for a different value.
 */
export type AcceptReplacement = (candidate: string) => boolean;
