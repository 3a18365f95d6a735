/**
 * Published example keys and placeholders. Documentation, tutorials and READMEs are full of
 * key-shaped strings that are public on purpose; reporting them would train users to ignore
 * secret findings. Every secret detector asks {@link isExampleSecret} before reporting.
 *
 * What counts as an example (decided here, one place for every detector):
 * - the exact keys vendors publish in their docs: AWS's `AKIAIOSFODNN7EXAMPLE` and
 *   `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`, Stripe's docs test keys
 *   `sk_test_4eC39HqLyjWDarjtT1zdp7dc` and `sk_test_BQokikJOvBiI2HlWgH4olfQ2` (shown to
 *   every reader of the API reference, so not a secret), and jwt.io's default token;
 * - any value containing `example`, `placeholder`, `changeme`, `redacted`, `dummy`, or
 *   `your_`/`your-` (as in `your_api_key_here`), in any case;
 * - template and mask syntax: `<token>`, `[REDACTED]`, `{{…}}`, `${…}`, `%VAR%`, and runs of
 *   mask characters (`xxxxxx` or `XXXXXX`, `****`, `••••`, `####`);
 * - a single repeated character (`aaaaaaaa`, `00000000`);
 * - a run of eight or more consecutive characters of an alphabet sequence (`12345678`,
 *   `abcdefgh`, `0123456789abcdef`): the filler of documentation, and about a 1 in 10^12
 *   event per position in a random token, so real keys are not lost to this rule.
 */
import { isAsciiAlnum as isAlnum } from '../char-codes.js';

/**
 * Words near a finding that say it is an illustration, not a leak; they lower its confidence
 * (by the usual 0.4) in every secret detector. `example.com`-style domains are not such a word:
 * they are everywhere in real configuration and prompts.
 */
export const EXAMPLE_CONTEXT = /\b(?:example(?!\.(?:com|org|net)\b)|sample|dummy|placeholder|fake|mock)\b/;

const PUBLISHED_EXAMPLES: ReadonlySet<string> = new Set([
  // AWS IAM documentation, "Understanding and getting your security credentials".
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  // Stripe API reference sample test-mode keys (shown in its curl examples).
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'sk_test_BQokikJOvBiI2HlWgH4olfQ2',
  // jwt.io's default HS256 token (secret "your-256-bit-secret").
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
]);

/**
 * Placeholder words as people write them: lower case, upper case or capitalised (`dummy`,
 * `DUMMY`, `Dummy`, `changeMe`), never any mix. A case-blind match would also hit random
 * base62 tokens that spell one by chance (`…DUMmy…`), and drop a real secret.
 */
const PLACEHOLDER_WORDS = new RegExp(
  [...['example', 'placeholder', 'changeme', 'change_me', 'replaceme', 'replace_me', 'redacted', 'dummy', 'your_', 'your-'].flatMap(caseForms), 'change[Mm]e', 'replace[Mm]e', '\\*{4}', '••••', '####', '●●●●'].join('|'),
);

function caseForms(word: string): string[] {
  return [word, word.toUpperCase(), word[0]!.toUpperCase() + word.slice(1)];
}
// Case-sensitive and six long: `XxXx` turns up in about 1 random base62 token in 25,000.
const MASK_X = /x{6}|X{6}/;
const TEMPLATE = /^(?:<[^<>]*>|\[[^[\]]*\]|\{\{.*\}\}|\$\{.*\}|%[A-Za-z_][A-Za-z0-9_]*%)$/s;

/** Longest ascending run that counts as a documentation sequence. */
const SEQUENCE_RUN = 8;

/**
 * True when `value` is exactly one of the keys vendors publish in their documentation. For long
 * structured values (JWTs) where the placeholder rules of {@link isExampleSecret} do not apply.
 *
 * @example
 * ```ts
 * isPublishedExampleKey('AKIAIOSFODNN7EXAMPLE'); // true
 * ```
 */
export function isPublishedExampleKey(value: string): boolean {
  return PUBLISHED_EXAMPLES.has(value);
}

/**
 * True when `value` is a published example key or an obvious placeholder, which no secret
 * detector should report. Examined only on matches, so its cost does not grow with the text.
 *
 * @example
 * ```ts
 * isExampleSecret('AKIAIOSFODNN7EXAMPLE');   // true
 * isExampleSecret('<your-token>');           // true
 * isExampleSecret('ghp_1234567890abcdefghijklmnopqrstuvwxyz'.slice(4)); // true (sequence)
 * isExampleSecret('q8VtZ3mR1pLx9WcN');       // false
 * ```
 */
export function isExampleSecret(value: string): boolean {
  if (value.length === 0) return true;
  if (PUBLISHED_EXAMPLES.has(value)) return true;
  if (PLACEHOLDER_WORDS.test(value) || MASK_X.test(value)) return true;
  if (TEMPLATE.test(value)) return true;
  return isSingleCharacter(value) || longestSequenceRun(value) >= SEQUENCE_RUN;
}

function isSingleCharacter(value: string): boolean {
  const first = value.charCodeAt(0);
  for (let i = 1; i < value.length; i++) if (value.charCodeAt(i) !== first) return false;
  return true;
}

/**
 * Length of the longest run where each character follows the previous one in `0-9`, `a-z` or
 * `A-Z`, also letting `9` wrap to `0` (`1234567890`) or continue into letters
 * (`0123456789abcdef`, as in hex). Codes between those ranges are not alphanumeric, so "next
 * code, and both alphanumeric" is "next in its range".
 */
function longestSequenceRun(value: string): number {
  let best = 1;
  let run = 1;
  let prev = value.charCodeAt(0);
  for (let i = 1; i < value.length; i++) {
    const next = value.charCodeAt(i);
    const follows = isAlnum(next) && (next === prev + 1 || (prev === 57 /* 9 */ && (next === 48 || next === 65 || next === 97)));
    run = follows ? run + 1 : 1;
    if (run > best) best = run;
    prev = next;
  }
  return best;
}

