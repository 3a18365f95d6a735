/**
 * Undoes reversible redaction (`tokenize`, `format_preserving`) in text that came back,
 * typically the model's reply: every token or pseudonym it contains is replaced by the
 * original value, using the map the decision carried in its `restore` obligation.
 */
import { GatehouseTypeError, assertString } from '../../errors.js';
import type { Obligation } from '../decision.js';

/** Where the token map comes from: a decision, a plain record, or the Map `redactString` filled. */
export type RestoreSource =
  | { readonly obligations: readonly Obligation[] }
  | Readonly<Record<string, string>>
  | ReadonlyMap<string, string>;

/**
 * `text` with every token or pseudonym of `source` replaced by its original value.
 *
 * One left-to-right pass: at each position the longest matching token wins, and a restored
 * value is never searched again, so values that happen to look like tokens are left alone.
 * When several `restore` obligations list the same token, the first one wins.
 *
 * @example
 * ```ts
 * const d = engine.decide({ orgId: 'acme', stage: 'input', text: 'Mail ana@example.com' });
 * const reply = await callModel(d.redactedText);   // '... I wrote to [[email_5be0c1d2]] ...'
 * restore(reply, d);                               // '... I wrote to ana@example.com ...'
 * ```
 */
export function restore(text: string, source: RestoreSource): string {
  return createRestorer(source)(text);
}

/**
 * A function that restores text with `source`'s tokens, compiled once; for a stream of
 * chunks or many replies under the same decision.
 *
 * @example
 * ```ts
 * const restoreReply = createRestorer(decision);
 * restoreReply('[[email_5be0c1d2]] confirmed'); // 'ana@example.com confirmed'
 * ```
 */
export function createRestorer(source: RestoreSource): (text: string) => string {
  const map = tokenMap(source);
  if (map.size === 0) {
    return (text) => {
      assertString(text, 'text');
      return text;
    };
  }
  // Longest first, so that at any position the alternation tries the longest token first.
  const keys = [...map.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(keys.map(escapeRegExp).join('|'), 'g');
  return (text) => {
    assertString(text, 'text');
    return text.replace(pattern, (token) => map.get(token) ?? token);
  };
}

function tokenMap(source: RestoreSource): Map<string, string> {
  const map = new Map<string, string>();
  const add = (token: unknown, original: unknown, where: string) => {
    if (typeof token !== 'string' || typeof original !== 'string') {
      throw new GatehouseTypeError(`Every token and value in ${where} must be a string.`);
    }
    // An empty token would match everywhere; no style produces one.
    if (token.length > 0 && !map.has(token)) map.set(token, original);
  };
  if (source instanceof Map) {
    for (const [token, original] of source) add(token, original, 'the token map');
    return map;
  }
  if (source === null || typeof source !== 'object') {
    throw new GatehouseTypeError('restore() needs a decision, a token record or a Map as its second argument.');
  }
  const obligations = (source as { obligations?: unknown }).obligations;
  if (Array.isArray(obligations)) {
    for (const o of obligations as Obligation[]) {
      if (o !== null && typeof o === 'object' && o.type === 'restore' && o.tokens !== null && typeof o.tokens === 'object') {
        for (const [token, original] of Object.entries(o.tokens)) add(token, original, 'the restore obligation');
      }
    }
    return map;
  }
  for (const [token, original] of Object.entries(source)) add(token, original, 'the token record');
  return map;
}

/** `s` as a regular expression that matches exactly it. */
function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
