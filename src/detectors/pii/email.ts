import { readContext, scoreConfidence, type ContextWords } from '../context.js';
import type { Candidate, Detector, ScanContext } from '../types.js';
import {
  EMAIL_MAX_ADDRESS_LENGTH,
  EMAIL_MAX_LOCAL_LENGTH,
  isEmailAlnumChar,
  isEmailDomainChar,
  isEmailLocalChar,
  isValidEmailLocalPart,
  longestEmailDomain,
} from '../validators/email.js';

/** A syntactically valid address in prose is almost always a real one. */
const BASE_CONFIDENCE = 0.9;
/**
 * `icon@2x.png` and `bundle@1.2.js` are file names, not addresses: these "TLDs" are file
 * extensions that are not delegated top-level domains.
 */
const FILE_EXTENSION_TLD = /^(?:png|jpe?g|gif|svg|webp|ico|bmp|tiff?|avif|heic|js|mjs|cjs|jsx|tsx?|css|scss|less|json|ya?ml|html?|xml|txt|pdf|docx?|xlsx?|pptx?|csv|tar|gz|tgz|exe|dll|log|lock|map|wasm|mp[34]|mov|wav)$/i;
const FILE_NAME_CONFIDENCE = 0.3;

const CONTEXT: ContextWords = {
  positive: /e-?mail|\bmail\b|\bcontact|\breach\b|\bwrite to\b|\bsend\b/,
};

/**
 * E-mail addresses. Scans by finding each `@` and expanding outwards, so prose without `@`
 * costs one `indexOf`. Every expansion is bounded by the RFC length limits (64 to the left,
 * 254 to the right) and stops at the next `@`, so inputs such as `@@@@…` or `a@a@a@…` stay
 * linear. Trailing sentence punctuation (`.`, `)`, `,`, `;`, `>`, quotes) is never included,
 * and a leading wrapper such as `<`, `(` or a quote is left out.
 */
export const emailDetector: Detector = {
  name: 'email',
  types: ['email'],
  find(ctx: ScanContext, out: Candidate[]): void {
    const { text } = ctx;
    let from = 0;
    let floor = 0; // end of the last address found: the next one cannot start before it
    for (;;) {
      const at = text.indexOf('@', from);
      if (at === -1) return;
      from = at + 1;

      const domainEnd = scanDomain(text, at + 1);
      // Skip the rest of a domain-character run: it holds no '@'.
      if (domainEnd < 0) {
        from = Math.max(from, -domainEnd);
        continue;
      }
      const start = scanLocalPart(text, at, floor);
      if (start < 0) continue;
      if (domainEnd - start > EMAIL_MAX_ADDRESS_LENGTH) continue;

      const tldStart = text.lastIndexOf('.', domainEnd - 1) + 1;
      let confidence: number;
      if (FILE_EXTENSION_TLD.test(text.slice(tldStart, domainEnd))) {
        confidence = FILE_NAME_CONFIDENCE;
      } else {
        confidence = scoreConfidence(BASE_CONFIDENCE, readContext(text, start, domainEnd, CONTEXT));
      }
      out.push({ type: 'email', start, end: domainEnd, confidence });
      floor = domainEnd;
      from = domainEnd;
    }
  },
};

/**
 * Finds the domain after the `@` at `start - 1`. Returns its end, or a negative number -k
 * (no valid domain; the run of domain characters ends at k).
 */
function scanDomain(text: string, start: number): number {
  const limit = Math.min(text.length, start + EMAIL_MAX_ADDRESS_LENGTH);
  let runEnd = start;
  while (runEnd < limit && isEmailDomainChar(text.charCodeAt(runEnd))) runEnd++;
  if (runEnd === limit && limit < text.length && isEmailDomainChar(text.charCodeAt(limit))) return -runEnd;
  // Dots and hyphens at the end of the run are punctuation of the sentence ("…example.com.").
  let end = runEnd;
  while (end > start && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
  const domainEnd = longestEmailDomain(text, start, end);
  if (domainEnd < 0) return -runEnd;
  // "ana@example.com_x": the address would be part of a longer token.
  const next = text.charCodeAt(domainEnd);
  if (next === 95) return -runEnd;
  return domainEnd;
}

/** Finds the local part ending at the `@` at `at`. Returns its start, or -1. */
function scanLocalPart(text: string, at: number, floor: number): number {
  if (at <= floor) return -1;
  if (text.charCodeAt(at - 1) === 34) return scanQuotedLocalPart(text, at, floor);

  const lowest = Math.max(floor, at - EMAIL_MAX_LOCAL_LENGTH - 1);
  let start = at;
  while (start > lowest && isEmailLocalChar(text.charCodeAt(start - 1))) start--;
  // A run longer than any local part is some other token (a hash, a path): not an address.
  if (start === lowest && start > floor && isEmailLocalChar(text.charCodeAt(start - 1))) return -1;
  // In prose a local part starts with a letter or digit (or '_'); leading symbols such as
  // quotes, '<', '{', '/' or '=' wrap or precede the address rather than belong to it.
  while (start < at) {
    const c = text.charCodeAt(start);
    if (c === 95 || isEmailAlnumChar(c)) break;
    start++;
  }
  if (start === at || at - start > EMAIL_MAX_LOCAL_LENGTH) return -1;
  return isValidEmailLocalPart(text.slice(start, at)) ? start : -1;
}

/** A quoted local part `"…"@`: finds the opening quote (not escaped), at most 64 back. */
function scanQuotedLocalPart(text: string, at: number, floor: number): number {
  const lowest = Math.max(floor, at - EMAIL_MAX_LOCAL_LENGTH);
  for (let q = at - 2; q >= lowest; q--) {
    if (text.charCodeAt(q) !== 34) continue;
    let slashes = 0;
    while (q - 1 - slashes >= lowest && text.charCodeAt(q - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 1) continue; // an escaped quote inside the string
    // foo"bar"@x is not an address: the quoted string must stand alone.
    if (q > 0 && isEmailLocalChar(text.charCodeAt(q - 1))) return -1;
    return isValidEmailLocalPart(text.slice(q, at)) ? q : -1;
  }
  return -1;
}
