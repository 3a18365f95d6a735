/**
 * Cloud provider keys.
 *
 * - `aws_access_key_id`: `AKIA` (long-term), `ASIA` (temporary), `ABIA`, `ACCA` or `A3T?` and
 *   16 characters of the base32 alphabet (`A-Z2-7`), 20 in all.
 * - `google_api_key`: `AIza` + 35 characters of `[0-9A-Za-z_-]`.
 * - `aws_secret_access_key`: 40 characters of base64 (`[A-Za-z0-9/+]`). Nothing in the value
 *   itself says "AWS", so it is reported only right after an AWS secret label and `:`, `=`,
 *   `:=` or `=>` (`aws_secret_access_key = …`, `"SecretAccessKey": "…"`, `AWS secret: …`,
 *   `Secret access key: …`), and only when its entropy is that of random bytes: 40 hex digits
 *   (a SHA-1) or a repeated word stay below the threshold. Prose forms ("the AWS secret key
 *   is …") are left to generic_secret.
 */
import { readContext, scoreConfidence, type ContextWords } from '../context.js';
import type { Candidate, Detector, ScanContext } from '../types.js';
import { shannonEntropy } from '../validators/entropy.js';
import { EXAMPLE_CONTEXT, isExampleSecret } from './example-keys.js';
import { AWS_SECRET_LABEL_ENDS, LABEL_SEPARATORS } from './label-end.js';
import { isAsciiAlnum as isAlnum } from '../char-codes.js';

const AWS_ACCESS_KEY_ID = /(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}(?![A-Za-z0-9])/y;
const GOOGLE_API_KEY = /AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/y;

/**
 * Read at a `:` or `=`: an AWS secret label just before it (`aws_secret_access_key`,
 * `AWS Secret`, `SecretAccessKey`, `secret access key`, then an optional closing quote), and
 * the key after it. The lookbehind is bounded, so each separator costs a constant.
 */
const AWS_SECRET_AT_SEPARATOR =
  /(?<=(?:aws[ _-]?secret(?:[ _-]?access)?(?:[ _-]?key)?|secret[ _-]?access[ _-]?key)(?:\\?["'`])?[ \t]{0,4})(?:=>|:=|==?|:)[ \t]{0,4}(?:\\?["'`])?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/iy;

/**
 * Random 40-character base64 has a median of 4.8 bits per character, and in 300,000 draws none
 * fell below 4.1; 40 hex digits (a SHA-1, a git commit id) cannot exceed log2(16) = 4.0.
 */
const MIN_AWS_SECRET_ENTROPY = 4.05;

const AWS_ID_WORDS: ContextWords = { positive: /\baws\b|amazon|access[ _-]?key|\biam\b/, negative: EXAMPLE_CONTEXT };
const GOOGLE_WORDS: ContextWords = { positive: /google|\bgcp\b|firebase|maps|youtube|api[ _-]?key|key=/, negative: EXAMPLE_CONTEXT };
const AWS_SECRET_WORDS: ContextWords = { negative: EXAMPLE_CONTEXT };

const PREFIXED_BASE = 0.95;
const LABELLED = 0.99;

/** The letter after `A` in AKIA, ASIA, ABIA, ACCA, A3T? and AIza: skips most capital As cheaply. */
const KEY_ID_SECOND_LETTERS: ReadonlySet<number> = new Set([...'KSBC3I'].map((c) => c.charCodeAt(0)));


/**
 * How the text is scanned: `indexOf` of one rare character is several times faster in V8 than
 * any regex pass over prose (about 0.1 ms per MB), so key ids are found from their leading
 * `A` and secret keys from the `:` or `=` after their label (LABEL_SEPARATORS, shared with
 * generic_secret); a sticky regex then reads the key at that spot. Each loop resumes after
 * what it read, so the scan is linear.
 */
export const cloudKeyDetector: Detector = {
  name: 'cloud_keys',
  types: ['aws_access_key_id', 'aws_secret_access_key', 'google_api_key'],
  find(ctx: ScanContext, out: Candidate[]): void {
    const { text } = ctx;
    findKeyIds(text, out);
    const separators = ctx.shared(LABEL_SEPARATORS);
    findAwsSecrets(text, separators.colons, out);
    findAwsSecrets(text, separators.equals, out);
  },
};

/** AWS access key ids and Google API keys, found from their leading `A`. */
function findKeyIds(text: string, out: Candidate[]): void {
  let from = 0;
  for (let p = text.indexOf('A'); p !== -1; p = text.indexOf('A', from)) {
    from = p + 1;
    const second = text.charCodeAt(p + 1);
    if (!KEY_ID_SECOND_LETTERS.has(second) || isAlnum(text.charCodeAt(p - 1))) continue;
    const google = second === 73 /* I */;
    const re = google ? GOOGLE_API_KEY : AWS_ACCESS_KEY_ID;
    re.lastIndex = p;
    const m = re.exec(text);
    if (m === null) continue;
    const value = m[0];
    const end = p + value.length;
    from = end;
    if (google ? (text.charCodeAt(p - 1) === 45 || text.charCodeAt(p - 1) === 95 || isExampleSecret(value.slice(4))) : isExampleSecret(value)) continue;
    const type = google ? 'google_api_key' : 'aws_access_key_id';
    const words = google ? GOOGLE_WORDS : AWS_ID_WORDS;
    out.push({ type, start: p, end, confidence: scoreConfidence(PREFIXED_BASE, readContext(text, p, end, words), { labelled: LABELLED }) });
  }
}

/** AWS secret access keys after their label, read at the separators (flat [offset, label ending] pairs). */
function findAwsSecrets(text: string, separators: readonly number[], out: Candidate[]): void {
  let from = 0;
  for (let k = 0; k < separators.length; k += 2) {
    const p = separators[k]!;
    if (p < from || !AWS_SECRET_LABEL_ENDS.has(separators[k + 1]!)) continue;
    AWS_SECRET_AT_SEPARATOR.lastIndex = p;
    const m = AWS_SECRET_AT_SEPARATOR.exec(text);
    if (m === null) continue;
    const end = p + m[0].length;
    from = end;
    const value = m[1]!;
    if (isExampleSecret(value) || shannonEntropy(value) < MIN_AWS_SECRET_ENTROPY) continue;
    const start = end - value.length;
    // The label is part of the match, so the base is already that of a labelled finding.
    out.push({ type: 'aws_secret_access_key', start, end, confidence: scoreConfidence(PREFIXED_BASE, readContext(text, start, end, AWS_SECRET_WORDS)) });
  }
}
