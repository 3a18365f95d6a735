/**
 * Secrets that have no vendor format, recognised by their label: `password`, `passwd`, `pwd`,
 * `passphrase`, `secret`, `secret_key`, `api_key`/`apikey`/`api_secret`/`api_token`,
 * `access_key`, `access_token`, `auth_token`, `client_secret`, `private_key` and `token`, in any
 * case and with any prefix (`DB_PASSWORD`, `githubToken`), followed directly by `=`, `:`, `:=`,
 * `=>`, `==` or ` is `, quoted or not (`"password": "…"`, `PASSWORD=…`, `password is …`); and
 * `Bearer <token>`. Only the value is reported, never the label.
 *
 * A label followed by more identifier characters is a different field (`token_type`,
 * `max_tokens`, `secretary`), so it is not a label.
 *
 * Values are 8 to 512 characters, and are not reported when they are:
 * - placeholders or published examples (example-keys.ts): `<token>`, `YOUR_API_KEY`, `********`;
 * - references to a secret kept elsewhere: `${ENV_VAR}`, `{{ var }}`, and (unquoted) `$TOKEN`,
 *   `%TOKEN%`, `os.environ["X"]`, `getenv("X")`, `Optional[str]`, `(expr`, an upper-case
 *   constant name (`OPENAI_API_KEY`) or a variable name (`accessToken`, `db_password`);
 * - dotted names with the entropy of words (`process.env.X`, `settings.SECRET`);
 * - file paths and URLs (`/home/ana`, `https://…`);
 * - a handful of words that describe rather than hold a value (`undefined`, `required`…).
 *
 * Confidence then follows how random the value looks (Shannon entropy and the mix of lower,
 * upper, digit and other characters):
 * - 0.85: three or more character classes and ≥ 3 bits/char, or two and ≥ 3.5 bits/char over
 *   16+ characters;
 * - 0.75: two classes and ≥ 2.5 bits/char, or ≥ 3.5 bits/char over 16+ characters;
 * - a plain word such as `sunshine`: a password is still a secret when it is written as one
 *   (`password = "sunshine"`, quoted: 0.6), but an unquoted word after a colon is as likely
 *   prose (`Password: Incorrect`, 0.45), and a word is not a real token (0.3);
 * - 0.3 for values with spaces (prose such as "Password used to generate key" far outnumbers
 *   multi-word passphrases) and for code identifiers (`pageToken`, `very-secret-token`).
 * ` is ` as the separator (`the token is …`) is chattier and costs 0.1; example-like words
 * nearby ("example", "dummy", "fake"…) cost the usual 0.4.
 */
import { readContext, scoreConfidence, type ContextWords } from '../context.js';
import type { Candidate, Detector, ScanContext } from '../types.js';
import { countCharacterClasses, shannonEntropy } from '../validators/entropy.js';
import { EXAMPLE_CONTEXT, isExampleSecret } from './example-keys.js';
import { LABEL_STEMS } from '../scan/label-words.js';
import { GENERIC_SECRET_LABEL_ENDS, LABEL_SEPARATORS, labelSuffixAt } from './label-end.js';

const LABELS =
  'pass(?:word|wd|phrase)|pwd|secret(?:[ _-]?key)?|api[ _-]?(?:key|secret|token)|access[ _-]?(?:key|token)|auth[ _-]?token|client[ _-]?secret|private[ _-]?key|token';

/** The value: quoted (`"…"`, `'…'`, `` `…` ``, or JSON-escaped `\"…\"`) or a run of non-space characters. */
const VALUE = `(?:\\\\?"(?<dq>[^"\\n]*)"|'(?<sq>[^'\\n]*)'|\`(?<bt>[^\`\\n]*)\`|(?<bare>[^\\s"'\`,;]+))`;

/**
 * Read at a `:` or `=`: a label just before it (any prefix: `DB_PASSWORD`, `githubToken`), then
 * the value. The lookbehind is bounded, so each separator costs a constant. The unquoted value
 * is a maximal run, and the caller resumes after it, so a label repeated inside one long run
 * (`password=password=…`) is read once.
 */
const AT_SEPARATOR = new RegExp(`(?<=(?<label>${LABELS})(?:\\\\?["'\`])?[ \\t]{0,4})(?:=>|:=|==?|:)[ \\t]{0,4}${VALUE}`, 'iy');
/** Read at `is`: `password is …`, `the token is …`. */
const AT_IS = new RegExp(`(?<=(?<label>${LABELS})[ \\t]{1,4})is[ \\t]{1,4}${VALUE}`, 'iy');
/** Read at `Bearer`: the token of an `Authorization: Bearer …` header. */
const AT_BEARER = new RegExp(`Bearer[ \\t]{1,4}${VALUE}`, 'y');

const LOWER_I = 105;
const LOWER_S = 115;

const MIN_LENGTH = 8;
const MAX_LENGTH = 512;

const STRONG = 0.85;
const MEDIUM = 0.75;
const WEAK_QUOTED_PASSWORD = 0.6;
const WEAK_UNQUOTED_PASSWORD = 0.45;
const WEAK = 0.3;
const CHATTY_SEPARATOR_PENALTY = 0.1;

const WORDS: ContextWords = { negative: EXAMPLE_CONTEXT };

/** Words that stand where a value would, in schemas and docs. */
const DESCRIPTIVE = new Set([
  'undefined', 'required', 'optional', 'password', 'passphrase', 'username', 'nullable', 'disabled', 'enabled',
  'generated', 'provided', 'incorrect', 'invalid', 'expired', 'sensitive', 'encrypted', 'plaintext', 'anonymous',
  'not_set', 'notset', 'unset', 'secret_key', 'api_key', 'access_token',
]);

/** A value that names where the secret lives instead of holding it. Unquoted values only. */
const REFERENCE = new RegExp(
  [
    /^[$%]/.source, // $TOKEN, ${TOKEN}, %TOKEN%
    /^[([{<]/.source, // an expression or a <placeholder, not a literal
    /^[A-Za-z_][\w$]*(?:\.[A-Za-z_$][\w$]*)*[[(<]/.source, // getenv("X"), os.environ["X"], Optional[str], List<String>
    /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.source, // OPENAI_API_KEY (a bare constant name; dotted ones below)
  ].join('|'),
);

/**
 * `process.env.GITHUB_TOKEN`, `settings.SECRET`, `HEADER.PAYLOAD.SIGNATURE`: a dotted name is
 * code when each part is a word, identifier or constant name, or when it has the entropy of
 * words; a random token that happens to contain a dot has neither.
 */
const DOTTED_NAME = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
const DOTTED_NAME_MAX_ENTROPY = 4.2;
const CONSTANT_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

function isDottedName(value: string, entropy: number): boolean {
  if (!DOTTED_NAME.test(value)) return false;
  if (entropy < DOTTED_NAME_MAX_ENTROPY) return true;
  return value.split('.').every((part) => WORD_LIKE.test(part) || CONSTANT_NAME.test(part) || isIdentifierLike(part));
}

/** File paths and URLs (`/home/ana`, `C:\\keys`, `https://…`) name a place, not a secret. */
const PATH_OR_URL = /^(?:\/|~\/|\.\.?\/|[A-Za-z]:\\|[a-z][a-z0-9+.-]*:\/\/)/;

/** Lower-case words joined by `-` or `_`: `very-secret-token`, `user_password`. */
const JOINED_WORDS = /^[a-z]+(?:[-_][a-z]+)+$/;
/** Share of lower-case letters above which a mixed-case, letters-only value reads as camel case. */
const CAMEL_CASE_LOWER_SHARE = 0.65;

/**
 * Code identifiers and joined words: `pageToken`, `NoSubstitutionTemplateLiteral`,
 * `?InterpolationInJSX`, `very-secret-token`. Camel case is letters only and mostly lower-case;
 * random letters are half upper-case, and generated tokens nearly always contain digits.
 */
function isIdentifierLike(value: string): boolean {
  const name = value.replace(/^[^A-Za-z0-9]+/, '');
  if (JOINED_WORDS.test(name)) return true;
  if (!/^[A-Za-z]+$/.test(name)) return false;
  let lower = 0;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) >= 97) lower++;
  return lower < name.length && lower >= name.length * CAMEL_CASE_LOWER_SHARE;
}
const WORD_LIKE = /^(?:[A-Z]?[a-z]+|[A-Z]+)$/;
const PASSWORD_LABEL = /^(?:pass|pwd)/i;

/**
 * How the text is scanned: V8's `indexOf` finds one rare character about ten times faster than
 * a case-insensitive regex scans for the labels (0.1–0.3 ms per MB of chat prose against 2.5),
 * so values are found from their separator (`:` and `=`, found by LABEL_SEPARATORS together
 * with the AWS secret key's; then `is ` and `Bearer`), and the label is checked by looking
 * behind it. `is ` has too common a first letter for a fast search of its own (it was half of
 * this detector's time): LABEL_STEMS finds it in its pass over the text, where a label could
 * end just before it.
 */
export const genericSecretDetector: Detector = {
  name: 'generic_secret',
  types: ['generic_secret'],
  find(ctx: ScanContext, out: Candidate[]): void {
    const { text } = ctx;
    const separators = ctx.shared(LABEL_SEPARATORS);
    readAtSeparators(text, separators.colons, out);
    readAtSeparators(text, separators.equals, out);
    let from = 0;
    for (const p of ctx.shared(LABEL_STEMS).isAfterLabel) {
      // The pass matches `is ` in any case; `is` is read only as it is written in prose.
      if (p < from || text.charCodeAt(p) !== LOWER_I || text.charCodeAt(p + 1) !== LOWER_S) continue;
      from = p + 1;
      if (GENERIC_SECRET_LABEL_ENDS.has(labelSuffixAt(text, p))) from = Math.max(from, readValue(text, p, AT_IS, out));
    }
    from = 0;
    for (let p = text.indexOf('Bearer'); p !== -1; p = text.indexOf('Bearer', from)) {
      from = Math.max(p + 1, readValue(text, p, AT_BEARER, out));
    }
  },
};

/** Reads a value at each separator (flat [offset, label ending] pairs) that ends one of our labels. */
function readAtSeparators(text: string, separators: readonly number[], out: Candidate[]): void {
  let from = 0;
  for (let k = 0; k < separators.length; k += 2) {
    const p = separators[k]!;
    if (p < from || !GENERIC_SECRET_LABEL_ENDS.has(separators[k + 1]!)) continue;
    from = readValue(text, p, AT_SEPARATOR, out);
  }
}

/**
 * Reads `re` at `p` and reports the value it holds, if it is a secret. Returns where the
 * search should resume: after the match (each value is read once), or just after `p`.
 */
function readValue(text: string, p: number, re: RegExp, out: Candidate[]): number {
  re.lastIndex = p;
  const m = re.exec(text);
  if (m === null) return p + 1;
  const matchEnd = p + m[0].length;
  const g = m.groups ?? {};
  const quoted = g.bare === undefined;
  let value = g.dq ?? g.sq ?? g.bt ?? g.bare ?? '';
  let end = matchEnd - (quoted ? 1 : 0);
  // A JSON-escaped closing quote (`\"`) leaves its backslash on the value.
  if (quoted && value.endsWith('\\')) {
    value = value.slice(0, -1);
    end--;
  }
  if (!quoted) {
    const trimmed = trimTrailingPunctuation(cutAtNextParameter(value));
    end -= value.length - trimmed.length;
    value = trimmed;
  }
  const start = end - value.length;
  const label = g.label ?? 'bearer';
  const confidence = scoreValue(value, quoted, label, re === AT_IS);
  if (confidence > 0) {
    out.push({ type: 'generic_secret', start, end, confidence: scoreConfidence(confidence, readContext(text, start, end, WORDS)) });
  }
  return matchEnd;
}

/** In a query string (`token=abc123&user=ana`) the value stops at the next `&name=`. */
const NEXT_PARAMETER = /&[A-Za-z_][\w.-]*=/;

function cutAtNextParameter(value: string): string {
  const m = NEXT_PARAMETER.exec(value);
  return m === null ? value : value.slice(0, m.index);
}

/** Sentence punctuation after an unquoted value (`password: Tr0ub4dor&3.`) is not part of it. */
function trimTrailingPunctuation(value: string): string {
  let n = value.length;
  while (n > 0 && ').:]}>'.includes(value[n - 1]!)) n--;
  return value.slice(0, n);
}

/** Confidence before context words, or 0 when the value is not a secret. */
function scoreValue(value: string, quoted: boolean, label: string, chatty: boolean): number {
  if (value.length < MIN_LENGTH || value.length > MAX_LENGTH) return 0;
  if (isExampleSecret(value) || value.includes('${') || value.includes('{{')) return 0;
  if (DESCRIPTIVE.has(value.toLowerCase()) || PATH_OR_URL.test(value)) return 0;
  // Unquoted, a name is a reference to a variable; quoted, it is at most a weak value.
  if (!quoted && (REFERENCE.test(value) || isIdentifierLike(value))) return 0;

  const entropy = shannonEntropy(value);
  if (isDottedName(value, entropy)) return 0;
  let score: number;
  // Words with spaces are prose ("Password used to generate key") far more often than a
  // passphrase; identifiers are code. Both stay visible below the default threshold.
  if (/\s/.test(value) || isIdentifierLike(value)) score = WEAK;
  else {
    const classes = WORD_LIKE.test(value) ? 1 : countCharacterClasses(value);
    const long = value.length >= 16 && entropy >= 3.5;
    if ((classes >= 3 && entropy >= 3) || (classes >= 2 && long)) score = STRONG;
    else if ((classes >= 2 && entropy >= 2.5) || long) score = MEDIUM;
    else if (PASSWORD_LABEL.test(label)) score = quoted ? WEAK_QUOTED_PASSWORD : WEAK_UNQUOTED_PASSWORD;
    else score = WEAK;
  }
  return chatty ? score - CHATTY_SEPARATOR_PENALTY : score;
}
