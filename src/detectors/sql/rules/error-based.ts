/**
 * Error-based injection: expressions built to fail with an error message that contains the
 * data the attacker wants. `EXTRACTVALUE(1, CONCAT(0x7e, VERSION()))`, `UPDATEXML(…)`,
 * `CONVERT(INT, @@version)`, `CAST(user AS INT)`, `1=CONVERT(INT, (SELECT …))`,
 * `EXP(~(SELECT …))`, `FLOOR(RAND(0)*2)` duplicate-key errors, Oracle's
 * `UTL_INADDR.GET_HOST_ADDRESS((SELECT …))` and friends.
 *
 * `CONVERT`/`CAST` to a number are everyday SQL, so they count only when what is converted
 * reveals the server (version, user, database name), is a subquery, or is built from
 * `CHAR()`/hex pieces; or when the call is compared with a constant (`AND 1=CONVERT(…)`).
 */
import { nextSignificant, previousSignificant } from '../grammar-walker.js';
import { ERROR_FUNCTIONS, FINGERPRINT_NAMES, NUMERIC_TYPE_WORDS } from '../keywords.js';
import type { SqlToken } from '../token-types.js';
import { isSqlCallPosition, readCall, someToken } from './call-shape.js';
import { spanFinding, type RuleFinding } from './rule-finding.js';

/** First words of everything this rule looks at, so other words cost one set lookup. */
export const ERROR_CANDIDATES = new Set([...[...ERROR_FUNCTIONS].map((name) => name.split('.')[0]!), 'EXP', 'FLOOR', 'CONVERT', 'CAST', 'UTL_HTTP', 'UTL_INADDR', 'CTXSYS']);

/** Whether tokens `first..last` contain something only an extraction payload converts. */
function revealsServer(tokens: readonly SqlToken[], first: number, last: number): boolean {
  return someToken(tokens, first, last, (t) =>
    (t.kind === 'word' && t.delimiter === '' && (t.upper === 'SELECT' || FINGERPRINT_NAMES.has(t.upper))) ||
    (t.kind === 'variable' && t.upper.startsWith('@@')) ||
    (t.kind === 'number' && t.upper.length >= 6 && (t.upper[1] === 'x' || t.upper[1] === 'X')));
}

/**
 * Finds error-based extraction expressions in `tokens`.
 *
 * @example
 * ```ts
 * findErrorBased(tokenizeSql("1 AND EXTRACTVALUE(1, CONCAT(0x7e, VERSION()))").tokens) // error_based
 * findErrorBased(tokenizeSql("SELECT CAST(price AS INT) FROM items").tokens)              // nothing
 * ```
 */
export function findErrorBased(tokens: readonly SqlToken[], out: RuleFinding[]): void {
  for (let k = 0; k < tokens.length; k++) findErrorBasedAt(tokens, k, out);
}

/**
 * The check of {@link findErrorBased} at token `k`; the scanner's single pass calls it only for
 * tokens that can start a match.
 *
 * @example
 * ```ts
 * findErrorBasedAt(tokenizeSql('AND EXTRACTVALUE(1, CONCAT(0x7e, VERSION()))').tokens, 1, out) // error_based
 * ```
 */
export function findErrorBasedAt(tokens: readonly SqlToken[], k: number, out: RuleFinding[]): void {
  const t = tokens[k]!;
  if (t.kind !== 'word' || t.delimiter !== '' || !ERROR_CANDIDATES.has(t.upper)) return;
  const call = readCall(tokens, k);
  if (call === undefined) {
    // UTL_HTTP.REQUEST / UTL_INADDR.GET_HOST_ADDRESS named without a call still only ever
    // appear in payloads that make Oracle reach out or fail with data in the message.
    if ((t.upper === 'UTL_HTTP' || t.upper === 'UTL_INADDR' || t.upper === 'CTXSYS') && tokens[k + 1]?.kind === '.' && tokens[k + 2]?.kind === 'word') {
      out.push(spanFinding(tokens, k, k + 2, 'error_based', 0.75, `${t.upper} package`));
    }
    return;
  }
  const name = call.name;
  if (ERROR_FUNCTIONS.has(name)) {
    if (!isSqlCallPosition(tokens, k)) return;
    const strong = name.includes('.') || revealsServer(tokens, call.open + 1, call.close);
    if (strong) out.push(spanFinding(tokens, k, call.close, 'error_based', 0.9, `${name}()`));
    return;
  }
  if (name === 'EXP') {
    const a = tokens[nextSignificant(tokens, call.open + 1)];
    if (a?.kind === 'operator' && a.upper === '~') out.push(spanFinding(tokens, k, call.close, 'error_based', 0.9, 'EXP(~…) overflow'));
    return;
  }
  if (name === 'FLOOR') {
    const r = nextSignificant(tokens, call.open + 1);
    if (tokens[r]?.upper === 'RAND' && tokens[nextSignificant(tokens, r + 1)]?.kind === '(' && someToken(tokens, r, call.close, (x) => x.kind === 'operator' && x.upper === '*')) {
      out.push(spanFinding(tokens, k, call.close, 'error_based', 0.85, 'FLOOR(RAND(0)*2) duplicate key'));
    }
    return;
  }
  if (name === 'CONVERT' || name === 'CAST') {
    const p = previousSignificant(tokens, k - 1);
    const compared = p >= 1 && tokens[p]!.kind === 'operator' && tokens[p]!.upper === '=' && tokens[previousSignificant(tokens, p - 1)]?.kind === 'number';
    let numeric = false;
    if (name === 'CONVERT') {
      const type = tokens[nextSignificant(tokens, call.open + 1)];
      numeric = type?.kind === 'word' && NUMERIC_TYPE_WORDS.has(type.upper);
    } else {
      numeric = someToken(tokens, call.open + 1, call.close, (x, j) => x.upper === 'AS' && NUMERIC_TYPE_WORDS.has(tokens[nextSignificant(tokens, j + 1)]?.upper ?? ''));
    }
    if (numeric && (compared || revealsServer(tokens, call.open + 1, call.close))) {
      out.push(spanFinding(tokens, k, call.close, 'error_based', compared ? 0.9 : 0.8, `${name} to a number`));
    }
  }
}
