/**
 * The rules that look for attack-only expressions wherever they are (delays, error-based
 * extraction, file access, constant conditions, encoded SQL, system catalog reads), run as one
 * pass over the tokens. Each rule is asked only about the tokens that can start its match,
 * found with one map lookup per word, so prose costs one loop instead of six.
 */
import { LOGIC_OPERATORS } from '../keywords.js';
import type { SqlToken } from '../token-types.js';
import { findEncodedSqlAt } from './encoded-sql.js';
import { ERROR_CANDIDATES, findErrorBasedAt } from './error-based.js';
import { FILE_CANDIDATES, findFileAccessAt } from './file-access.js';
import type { RuleFinding } from './rule-finding.js';
import { findSystemCatalogReadsAt } from './system-catalogs.js';
import { findTautologiesAt } from './tautology.js';
import { findTimeBasedAt } from './time-based.js';

const TIME = 1;
const ERROR = 2;
const FILE = 4;
const TAUTOLOGY = 8;
const ENCODED = 16;
const CATALOG = 32;

/** Bare words that can start a match, and the rules to ask about them. */
const WORD_RULES = new Map<string, number>();
const add = (words: Iterable<string>, rule: number): void => {
  for (const w of words) WORD_RULES.set(w, (WORD_RULES.get(w) ?? 0) | rule);
};
add(['COUNT', 'DELAY', 'WAITFOR', 'SLEEP', 'PG_SLEEP', 'BENCHMARK', 'RANDOMBLOB', 'DBMS_LOCK', 'DBMS_PIPE', 'SYS', 'DBMS_SESSION'], TIME);
add(ERROR_CANDIDATES, ERROR);
add(FILE_CANDIDATES, FILE);
add(['AND', 'OR', 'XOR', 'WHEN'], TAUTOLOGY);
add(['CHAR', 'CHR', 'NCHAR', 'DECLARE'], ENCODED);
add(['FROM', 'JOIN'], CATALOG);

/**
 * Runs the anywhere-rules over `tokens`; the same findings as calling each rule's own loop.
 *
 * @example
 * ```ts
 * findAnywhere(tokenizeSql("1 AND SLEEP(5)").tokens, out) // time_based
 * ```
 */
export function findAnywhere(tokens: readonly SqlToken[], out: RuleFinding[]): void {
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    switch (t.kind) {
      case 'word': {
        if (t.delimiter !== '') break;
        const rules = WORD_RULES.get(t.upper);
        if (rules === undefined) break;
        if (rules & TIME) findTimeBasedAt(tokens, k, out);
        if (rules & ERROR) findErrorBasedAt(tokens, k, out);
        if (rules & FILE) findFileAccessAt(tokens, k, out);
        if (rules & TAUTOLOGY) findTautologiesAt(tokens, k, out);
        if (rules & ENCODED) findEncodedSqlAt(tokens, k, out);
        if (rules & CATALOG) findSystemCatalogReadsAt(tokens, k, out);
        break;
      }
      case 'operator':
        if (LOGIC_OPERATORS.has(t.upper)) findTautologiesAt(tokens, k, out);
        else if (t.upper === '=') findEncodedSqlAt(tokens, k, out);
        break;
      case 'number':
        // Hex literals (`0x…`) that may spell SQL.
        if (t.upper.length > 2 && (t.upper.charCodeAt(1) | 0x20) === 120) findEncodedSqlAt(tokens, k, out);
        break;
      default:
        break;
    }
  }
}
