/**
 * Statements that change or destroy things (`dangerous_query`), and statements stacked after
 * the end of another (`stacked_queries`).
 *
 * A destructive statement is reported wherever a statement can start: at the start of the
 * input and after each `;`. That includes legitimate SQL (`DELETE FROM cart` has no WHERE, so
 * it empties the table): policies treat it differently from an injection, for instance for a
 * database tool that should only read.
 */
import { nextSignificant } from '../grammar-walker.js';
import type { SqlToken } from '../token-types.js';
import { spanFinding, type RuleFinding } from './rule-finding.js';
import { matchStatement, type StatementMatch } from './statements.js';

/** `EXEC(@sql)`, `EXEC (@s)`, `EXECUTE @cmd`: running SQL text built at run time. */
function isDynamicExec(tokens: readonly SqlToken[], k: number): boolean {
  let j = nextSignificant(tokens, k + 1);
  if (tokens[j]?.kind === '(') j = nextSignificant(tokens, j + 1);
  return tokens[j]?.kind === 'variable';
}

/** Confidence of a destructive statement: schema and permission changes are the surest. */
const dangerConfidence = (m: StatementMatch): number => (m.keyword === 'DELETE' || m.keyword === 'UPDATE' ? 0.75 : 0.85);

/**
 * Reports destructive statements starting at `first` and after every `;` in `tokens`, and,
 * when `statementInput` is true (the input itself is a statement), later statements that
 * a read-only query should never be followed by.
 *
 * @example
 * ```ts
 * findStatementRisks(tokenizeSql('SELECT 1; DROP TABLE users').tokens, 0, true, out)
 * // out: dangerous_query (DROP TABLE) and stacked_queries
 * ```
 */
export function findStatementRisks(tokens: readonly SqlToken[], first: number, statementInput: boolean, out: RuleFinding[]): void {
  const head = first < tokens.length ? matchStatement(tokens, first) : undefined;
  if (head?.dangerous !== undefined) out.push(spanFinding(tokens, first, head.last, 'dangerous_query', dangerConfidence(head), head.dangerous));
  if (head?.executes) out.push(spanFinding(tokens, first, head.last, 'dangerous_query', 0.85, 'runs operating-system commands or dynamic SQL'));
  const readOnlyHead = head?.keyword === 'SELECT';

  for (let k = first; k < tokens.length; k++) {
    const sep = tokens[k]!;
    // Statements start after `;`, and inside T-SQL control flow (`IF … ELSE DROP …`, `BEGIN …`).
    if (sep.kind !== ';' && !(sep.kind === 'word' && (sep.upper === 'ELSE' || sep.upper === 'THEN' || sep.upper === 'BEGIN'))) {
      if (sep.kind === 'word' && (sep.upper === 'EXEC' || sep.upper === 'EXECUTE') && isDynamicExec(tokens, k)) {
        out.push(spanFinding(tokens, k, Math.min(tokens.length - 1, k + 3), 'stacked_queries', 0.85, 'EXEC of dynamic SQL held in a variable'));
      }
      continue;
    }
    const s = nextSignificant(tokens, k + 1);
    if (sep.kind !== ';' && !(tokens[s]?.kind === 'word' && (tokens[s]!.upper === 'DROP' || tokens[s]!.upper === 'TRUNCATE' || tokens[s]!.upper === 'ALTER' || tokens[s]!.upper === 'SHUTDOWN' || tokens[s]!.upper === 'EXEC'))) continue;
    const m = matchStatement(tokens, s);
    if (m === undefined) continue;
    if (m.dangerous !== undefined) out.push(spanFinding(tokens, s, m.last, 'dangerous_query', dangerConfidence(m), m.dangerous));
    if (statementInput && readOnlyHead && (m.dangerous !== undefined || m.executes || m.keyword === 'EXEC' || m.keyword === 'EXECUTE' || m.keyword === 'SHUTDOWN')) {
      out.push(spanFinding(tokens, k, m.last, 'stacked_queries', 0.75, `${m.keyword} stacked after a query`));
    }
    if (m.executes) out.push(spanFinding(tokens, s, m.last, 'stacked_queries', 0.85, 'runs operating-system commands or dynamic SQL'));
  }
}
