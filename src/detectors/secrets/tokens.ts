/**
 * Vendor tokens with a fixed prefix: GitHub, Slack, Stripe, and JSON Web Tokens.
 *
 * - `github_token`: classic `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` + 36 base62 characters, whose
 *   last six are a CRC-32 checksum (see validators/github-token.ts); fine-grained
 *   `github_pat_` + 22 + `_` + 59 base62 characters (no published checksum).
 * - `slack_token`: `xox[abposr]-` followed by one to four digit groups and an alphanumeric
 *   tail (bot, user, workspace, refresh and legacy tokens), app-level `xapp-` tokens, and
 *   incoming-webhook URLs `https://hooks.slack.com/services/T…/B…/…`: a webhook URL lets
 *   anyone post into the channel, so it is as sensitive as a token and reported as one.
 * - `stripe_secret_key`: secret and restricted keys `sk_live_`, `sk_test_`, `rk_live_`,
 *   `rk_test_` + 24 or more alphanumerics. Publishable `pk_` keys are meant to be public.
 * - `jwt`: `eyJ…` header, payload, and a (possibly empty) signature in base64url, whose
 *   header decodes to a JSON object with an `alg` field.
 *
 * A prefix this specific is never an accident, so findings start at 0.95 (0.99 with a label
 * nearby); a JWT at 0.9. A classic GitHub token with a wrong checksum: 0.4. Published
 * examples and placeholders (example-keys.ts) are skipped.
 *
 * How the text is scanned: V8 finds a single rare character with `indexOf` several times
 * faster than any regex scans (measured on 1 MB of chat prose: ~0.1 ms for `_`, `J`, `x` or
 * `k`, against 2.3 ms for one regex with these six alternatives, whose first letters `e`, `s`,
 * `r`, `h` are the commonest in English). So each format is found from a rare character it
 * always contains, and a sticky regex reads the token at that spot: `_` for GitHub and
 * Stripe, `x` for Slack tokens, `ks.s` for webhook URLs (`hooks.slack`: four characters that
 * `indexOf` checks in native code at each `k`, half the cost of checking them in a loop), `J`
 * for JWTs (`eyJ`). Every anchor loop resumes after the token it read, so each is linear.
 */
import { readContext, scoreConfidence, type ContextWords } from '../context.js';
import type { Candidate, Detector, DetectorType, ScanContext } from '../types.js';
import { EXAMPLE_CONTEXT, isExampleSecret, isPublishedExampleKey } from './example-keys.js';
import { isValidGithubTokenChecksum } from '../validators/github-token.js';
import { isAsciiAlnum as isAlnum } from '../char-codes.js';

const GITHUB_CLASSIC = /gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9])/y;
const GITHUB_FINE_GRAINED = /github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9])/y;
const STRIPE = /[rs]k_(?:live|test)_[A-Za-z0-9]{24,247}(?![A-Za-z0-9])/y;
const SLACK = /(?:xox[abposr]-(?:[0-9]{1,13}-){1,4}[A-Za-z0-9]{8,255}|xapp-[0-9]-[A-Z0-9]{6,16}-[0-9]{6,16}-[a-f0-9]{32,128})(?![A-Za-z0-9-])/y;
const SLACK_WEBHOOK = /hooks\.slack\.com\/services\/T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{20,32}(?![A-Za-z0-9])/y;
/** Starts inside a run are excluded by the caller, so each base64url run is read a bounded number of times. */
const JWT = /eyJ[A-Za-z0-9_-]{2,}\.ey[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/y;

const CONTEXT: Partial<Record<DetectorType, ContextWords>> = {
  github_token: { positive: /github|\bgh\b|token|\bpat\b/, negative: EXAMPLE_CONTEXT },
  slack_token: { positive: /slack|token|webhook/, negative: EXAMPLE_CONTEXT },
  stripe_secret_key: { positive: /stripe|secret|api[ _-]?key/, negative: EXAMPLE_CONTEXT },
  jwt: { positive: /bearer|jwt|token|authori[sz]ation/, negative: EXAMPLE_CONTEXT },
};

/** Prefixed tokens: unambiguous, so high even without a label. */
const PREFIXED_BASE = 0.95;
const PREFIXED_LABELLED = 0.99;
const JWT_BASE = 0.9;
const JWT_LABELLED = 0.95;
/**
 * A classic GitHub token whose checksum fails is a typo or an invented sample. It stays
 * visible to callers who lower `minConfidence`, because GitHub describes the checksum but
 * does not publish its exact algorithm.
 */
const GITHUB_BAD_CHECKSUM = 0.4;

const isBase64Url = (c: number): boolean => isAlnum(c) || c === 45 || c === 95;

export const tokenDetector: Detector = {
  name: 'tokens',
  types: ['github_token', 'slack_token', 'stripe_secret_key', 'jwt'],
  find(ctx: ScanContext, out: Candidate[]): void {
    const { text } = ctx;
    findUnderscoreTokens(text, out);
    findSlackTokens(text, out);
    findSlackWebhooks(text, out);
    findJwts(text, out);
  },
};

/** Reads `re` at `at`; the matched text, or undefined. */
function readAt(re: RegExp, text: string, at: number): string | undefined {
  if (at < 0) return undefined;
  re.lastIndex = at;
  const m = re.exec(text);
  return m === null ? undefined : m[0];
}

/** GitHub and Stripe tokens, found from the `_` after their prefix. */
function findUnderscoreTokens(text: string, out: Candidate[]): void {
  let from = 0;
  for (let p = text.indexOf('_'); p !== -1; p = text.indexOf('_', from)) {
    from = p + 1;
    let start = -1;
    let type: DetectorType = 'github_token';
    let value: string | undefined;
    const c1 = text.charCodeAt(p - 1);
    if (text.charCodeAt(p - 3) === 103 /* g */ && text.charCodeAt(p - 2) === 104 /* h */) {
      start = p - 3;
      value = readAt(GITHUB_CLASSIC, text, start);
    } else if (c1 === 98 /* b */ && text.startsWith('github_pat_', p - 6)) {
      start = p - 6;
      value = readAt(GITHUB_FINE_GRAINED, text, start);
    } else if (c1 === 107 /* k */ && (text.charCodeAt(p - 2) === 115 /* s */ || text.charCodeAt(p - 2) === 114 /* r */)) {
      start = p - 2;
      type = 'stripe_secret_key';
      value = readAt(STRIPE, text, start);
    }
    if (value === undefined || isAlnum(text.charCodeAt(start - 1))) continue;
    const end = start + value.length;
    from = end;
    const confidence = type === 'github_token' && value.length === 40 && !isValidGithubTokenChecksum(value)
      ? (isExampleSecret(value.slice(4)) ? 0 : GITHUB_BAD_CHECKSUM)
      : scorePrefixed(text, type, value, value.slice(value.lastIndexOf('_') + 1), start, end);
    if (confidence > 0) out.push({ type, start, end, confidence });
  }
}

/** `xox?-` and `xapp-` tokens, found from their `x`. */
function findSlackTokens(text: string, out: Candidate[]): void {
  let from = 0;
  for (let p = text.indexOf('x'); p !== -1; p = text.indexOf('x', from)) {
    from = p + 1;
    const next = text.charCodeAt(p + 1);
    if ((next !== 111 /* o */ && next !== 97 /* a */) || isAlnum(text.charCodeAt(p - 1))) continue;
    const value = readAt(SLACK, text, p);
    if (value === undefined) continue;
    const end = p + value.length;
    from = end;
    const confidence = scorePrefixed(text, 'slack_token', value, value.slice(value.lastIndexOf('-') + 1), p, end);
    if (confidence > 0) out.push({ type: 'slack_token', start: p, end, confidence });
  }
}

/** Incoming-webhook URLs, found from the `ks.s` of `hooks.slack`; the span includes `https://`. */
function findSlackWebhooks(text: string, out: Candidate[]): void {
  let from = 0;
  for (let p = text.indexOf('ks.s'); p !== -1; p = text.indexOf('ks.s', from)) {
    from = p + 1;
    const hooks = p - 3;
    const url = readAt(SLACK_WEBHOOK, text, hooks);
    if (url === undefined) continue;
    const end = hooks + url.length;
    from = end;
    const start = text.startsWith('https://', hooks - 8) ? hooks - 8 : text.startsWith('http://', hooks - 7) ? hooks - 7 : hooks;
    if (start === hooks && isAlnum(text.charCodeAt(hooks - 1))) continue;
    const confidence = scorePrefixed(text, 'slack_token', text.slice(start, end), url.slice(url.lastIndexOf('/') + 1), start, end);
    if (confidence > 0) out.push({ type: 'slack_token', start, end, confidence });
  }
}

/** JSON Web Tokens, found from the `J` of `eyJ`. */
function findJwts(text: string, out: Candidate[]): void {
  let from = 0;
  for (let p = text.indexOf('J'); p !== -1; p = text.indexOf('J', from)) {
    from = p + 1;
    const start = p - 2;
    // A start inside a base64url run would rescan that run from each `eyJ` in it.
    if (text.charCodeAt(start) !== 101 /* e */ || text.charCodeAt(p - 1) !== 121 /* y */ || isBase64Url(text.charCodeAt(start - 1))) continue;
    const value = readAt(JWT, text, start);
    if (value === undefined) continue;
    const end = start + value.length;
    from = end;
    if (isPublishedExampleKey(value) || !hasJwtHeader(value)) continue;
    const words = CONTEXT.jwt!;
    out.push({ type: 'jwt', start, end, confidence: scoreConfidence(JWT_BASE, readContext(text, start, end, words), { labelled: JWT_LABELLED }) });
  }
}

/** Confidence of a prefixed token, or 0 for an example; `random` is the part after the prefix. */
function scorePrefixed(text: string, type: DetectorType, value: string, random: string, start: number, end: number): number {
  if (isPublishedExampleKey(value) || isExampleSecret(random)) return 0;
  const words = CONTEXT[type];
  return words ? scoreConfidence(PREFIXED_BASE, readContext(text, start, end, words), { labelled: PREFIXED_LABELLED }) : PREFIXED_BASE;
}

/** Longest JWT header decoded; real headers are well under 1 KB. */
const MAX_HEADER_LENGTH = 2048;
const ALG_FIELD = /"alg"\s*:/;

/**
 * Does the first segment decode to a JSON object with an `alg` field? Checked by shape (braces
 * and an `"alg":` member) rather than `JSON.parse`, so that a text full of JWT look-alikes
 * costs no exceptions. Never throws.
 */
function hasJwtHeader(token: string): boolean {
  const dot = token.indexOf('.');
  if (dot <= 0 || dot > MAX_HEADER_LENGTH) return false;
  const header = decodeBase64Url(token, dot).trim();
  return header.startsWith('{') && header.endsWith('}') && ALG_FIELD.test(header);
}

/** Value of each base64url character, -1 for others. */
const BASE64URL_VALUES: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

/** Decodes `s.slice(0, length)` from base64url to a Latin-1 string (one char per byte). */
function decodeBase64Url(s: string, length: number): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (let i = 0; i < length; i++) {
    const v = BASE64URL_VALUES[s.charCodeAt(i)] ?? -1;
    if (v < 0) return '';
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 0xff);
    }
  }
  return out;
}
