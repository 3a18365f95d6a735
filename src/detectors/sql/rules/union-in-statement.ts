/**
 * UNION inside an input that is itself a complete query. `SELECT a FROM t UNION SELECT b FROM u`
 * is ordinary SQL, so a UNION there counts only with the marks of an extraction payload: the
 * query ends in a comment that cuts off whatever the application would have appended
 * (`… UNION SELECT 1 --`), or the added SELECT reads the server's identity or files
 * (`@@version`, `version()`, `user()`, `load_file(…)`).
 */
import { nextSignificant } from '../grammar-walker.js';
import { FILE_FUNCTIONS, FINGERPRINT_NAMES } from '../keywords.js';
import type { SqlToken } from '../token-types.js';
import { unionSelectLooksReal } from './context-break.js';
import { spanFinding, type RuleFinding } from './rule-finding.js';

/** A trailing line comment this short (`--`, `-- -`, `#a`) only exists to cut the query off. */
const MAX_TRUNCATING_COMMENT = 12;

/** Tokens searched after UNION SELECT for extraction marks. */
const SELECT_LIST_SCAN = 64;

/** Whether the input ends in a comment that only truncates. */
export function endsWithTruncatingComment(tokens: readonly SqlToken[]): boolean {
  const last = tokens[tokens.length - 1];
  if (last === undefined || last.kind !== 'comment') return false;
  if (last.delimiter === '/*') return !last.closed || last.upper.trim().length === 0;
  return last.upper.trim().length <= MAX_TRUNCATING_COMMENT;
}

/**
 * Index of a `SELECT` whose list starts with three or more counting integers (`SELECT 1,2,3,…`):
 * the padding a UNION payload uses to match the column count. -1 if there is none.
 */
function paddedSelect(tokens: readonly SqlToken[]): number {
  const s = nextSignificant(tokens, 0);
  if (tokens[s]?.upper !== 'SELECT') return -1;
  let expected = 1;
  let j = nextSignificant(tokens, s + 1);
  while (tokens[j]?.kind === 'number' && tokens[j]!.upper === String(expected)) {
    expected++;
    j = nextSignificant(tokens, j + 1);
    if (tokens[j]?.kind !== ',') break;
    j = nextSignificant(tokens, j + 1);
  }
  return expected > 3 ? s : -1;
}

/** Whether the select list from `s` concatenates hex-separated values or reads `@@` variables. */
function extractionMarks(tokens: readonly SqlToken[], s: number): boolean {
  const limit = Math.min(tokens.length, s + SELECT_LIST_SCAN * 4);
  for (let j = s + 1; j < limit; j++) {
    const x = tokens[j]!;
    if (x.kind === 'word' && x.upper === 'FROM') break;
    if (x.kind === 'variable' && x.upper.startsWith('@@')) return true;
    if (x.kind === 'word' && (x.upper === 'CONCAT_WS' || x.upper === 'GROUP_CONCAT' || x.upper === 'CONCAT') && tokens[j + 1]?.kind === '(') return true;
  }
  return false;
}

/**
 * Reports extraction-style UNIONs in a statement input.
 *
 * @example
 * ```ts
 * findUnionInStatement(tokenizeSql('SELECT a FROM t UNION SELECT @@version --').tokens, out) // union_based
 * findUnionInStatement(tokenizeSql('SELECT a FROM t UNION SELECT b FROM u').tokens, out)      // nothing
 * ```
 */
export function findUnionInStatement(tokens: readonly SqlToken[], out: RuleFinding[]): void {
  const truncated = endsWithTruncatingComment(tokens);
  const last = tokens[tokens.length - 1]!;
  if (last.kind === 'comment' && last.delimiter !== '/*' && last.upper.trim() === '' && tokens.length > 2) {
    // A query that ends in a bare `--` or `#` was cut off on purpose: nothing follows to comment on.
    out.push(spanFinding(tokens, tokens.length - 1, tokens.length - 1, 'comment_truncation', 0.55, 'query ends in an empty comment'));
  }
  const padded = paddedSelect(tokens);
  if (padded >= 0 && (truncated || extractionMarks(tokens, padded))) {
    out.push(spanFinding(tokens, padded, truncated ? tokens.length - 1 : padded, 'union_based', 0.7, 'SELECT padded with column numbers, as after a cut-off UNION'));
    return;
  }
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind !== 'word' || t.upper !== 'UNION') continue;
    let s = nextSignificant(tokens, k + 1);
    while (s < tokens.length && (tokens[s]!.kind === '(' || tokens[s]!.upper === 'ALL' || tokens[s]!.upper === 'DISTINCT')) s = nextSignificant(tokens, s + 1);
    if (tokens[s]?.upper !== 'SELECT' || !unionSelectLooksReal(tokens, k)) continue;
    let marked = false;
    const limit = Math.min(tokens.length, s + SELECT_LIST_SCAN);
    for (let j = s + 1; j < limit && !marked; j++) {
      const x = tokens[j]!;
      if (x.kind === 'word' && x.upper === 'FROM') break;
      if (x.kind === 'variable' && x.upper.startsWith('@@')) marked = true;
      else if (x.kind === 'word' && tokens[j + 1]?.kind === '(' && (FINGERPRINT_NAMES.has(x.upper) || FILE_FUNCTIONS.has(x.upper))) marked = true;
    }
    if (truncated || marked) {
      out.push(spanFinding(tokens, k, truncated ? tokens.length - 1 : s, 'union_based', truncated ? 0.75 : 0.8, 'UNION SELECT with extraction marks'));
      return;
    }
  }
}
