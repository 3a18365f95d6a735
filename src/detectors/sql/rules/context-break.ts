/**
 * Judges the input as a fragment that an application pastes into a query, which is how an
 * injection works: it closes the value it was given (a string, a number, parentheses) and
 * carries on in SQL. The grammar walker reads as far as the text stays SQL; this rule decides
 * what that stretch did.
 *
 * Three placements, libinjection-style:
 * - `quote`: the text was read as if inside a '…' or "…" string, and broke out of it
 *   (`admin' OR '1'='1`). The rest must read as SQL, and must end the way a working payload
 *   does: with the application's own closing quote (an unclosed string at the end), a
 *   comment, or a `;` and a new statement.
 * - `value`: the text starts with an operand, as a numeric parameter would (`1 OR 1=1`).
 * - `continuation`: the text starts with an operator or clause, as if appended after a value
 *   (` UNION SELECT …`, ` OR 1=1`, ` ORDER BY 5`).
 */
import { Clause, nextSignificant, walkSql, type WalkSummary } from '../grammar-walker.js';
import { FINGERPRINT_NAMES } from '../keywords.js';
import type { SqlToken } from '../token-types.js';
import type { SqlTokenStream } from '../tokenizer.js';
import { spanFinding, type RuleCategory, type RuleFinding } from './rule-finding.js';
import { matchStatement } from './statements.js';

/** How the input is placed in the application's query. */
export type Placement = 'quote' | 'value' | 'continuation';

/** A trailing comment longer than this is text, not a cut (sqlmap adds up to ~10 random characters). */
const MAX_TRUNCATING_COMMENT = 16;

/** A string the input broke out of is "short" (a username, an id) up to this many characters. */
const MAX_BROKEN_VALUE_LENGTH = 64;

/** Whether the first item after `UNION [ALL] SELECT` looks like a select list, not English. */
export function unionSelectLooksReal(tokens: readonly SqlToken[], unionAt: number): boolean {
  let j = nextSignificant(tokens, unionAt + 1);
  while (j < tokens.length && (tokens[j]!.kind === '(' || ['ALL', 'DISTINCT', 'SELECT'].includes(tokens[j]!.upper))) j = nextSignificant(tokens, j + 1);
  if (tokens[j]?.upper === 'TOP' && tokens[nextSignificant(tokens, j + 1)]?.kind === 'number') j = nextSignificant(tokens, nextSignificant(tokens, j + 1) + 1);
  const item = tokens[j];
  if (item === undefined) return true;
  if (item.kind === 'number' || item.kind === 'string' || item.kind === 'variable' || item.kind === 'operator') return true;
  if (item.kind !== 'word') return false;
  if (item.delimiter !== '' || item.upper === 'NULL' || item.upper === 'FROM') return true;
  let k = nextSignificant(tokens, j + 1);
  // `table_name asda FROM …`, `table_name AS x, …`: one alias is fine.
  if (tokens[k]?.upper === 'AS') k = nextSignificant(tokens, k + 1);
  if (tokens[k]?.kind === 'word' || tokens[k]?.kind === 'string') {
    const after = tokens[nextSignificant(tokens, k + 1)];
    if (after !== undefined && (after.kind === ',' || after.upper === 'FROM' || (after.kind === '(' && tokens[k]!.kind === 'word'))) return true;
  }
  const next = tokens[k];
  return next === undefined || next.kind === '(' || next.kind === ',' || next.kind === '.' || next.kind === ')' ||
    (next.kind === 'word' && (next.upper === 'FROM' || next.upper === 'INTO')) || (next.kind === 'operator' && next.upper === '||');
}

/**
 * Walks `stream` in the given placement from `first` and reports what the walk reveals.
 * Returns the walk so the caller can continue after it.
 *
 * @example
 * ```ts
 * const stream = tokenizeSql("admin' OR '1'='1", 'single');
 * judgePlacement(stream, 'quote', 1, out) // out: boolean_blind
 * ```
 */
export function judgePlacement(stream: SqlTokenStream, placement: Placement, first: number, out: RuleFinding[]): WalkSummary {
  const tokens = stream.tokens;
  const walk = walkSql(tokens, first, placement === 'value' ? 'operand' : 'after');
  const complete = walk.stop !== 'invalid';
  const lastIndex = walk.stop === 'end' ? tokens.length - 1 : Math.max(first, walk.end - 1);
  // In the quote placement the finding starts at the quote that breaks out of the string.
  const startOffset = placement === 'quote' ? tokens[0]!.end - 1 : tokens[first]?.start ?? 0;
  const report = (category: RuleCategory, confidence: number, reason: string, last = lastIndex): void => {
    const f = spanFinding(tokens, first, last, category, confidence, reason);
    f.start = Math.min(f.start, startOffset);
    out.push(f);
  };

  const finalToken = tokens[tokens.length - 1];
  const closesWithAppQuote = placement === 'quote' && walk.stop === 'end' && finalToken !== undefined &&
    finalToken.kind === 'string' && !finalToken.closed && finalToken.delimiter === (stream.context === 'single' ? "'" : '"');
  const onlyClosers = walk.tokens === walk.closers;

  if (walk.unionAt >= 0 && (placement !== 'value' || walk.aliasesBeforeUnion === 0) && unionSelectLooksReal(tokens, walk.unionAt)) {
    report('union_based', placement === 'quote' ? 0.95 : 0.9, 'UNION SELECT after the input value');
  }

  if (walk.stop === 'semicolon') {
    const next = nextSignificant(tokens, walk.end + 1);
    const statement = matchStatement(tokens, next);
    if (statement !== undefined) report('stacked_queries', placement === 'quote' ? 0.9 : 0.85, `; ${statement.keyword} after the input value`, statement.last);
    else if (placement === 'quote' && onlyClosers && next >= tokens.length) report('comment_truncation', 0.7, 'quote closed and the statement ended');
    // `; --`, `); --`: end the statement, cut off the rest. A bare `;` or `--` alone is not enough.
    else if (placement === 'continuation' && onlyClosers && next >= tokens.length && tokens[tokens.length - 1]!.kind === 'comment' && truncatingComment(tokens, walk.end + 1, true)) {
      report('comment_truncation', 0.6, 'statement ended and the rest commented out', tokens.length - 1);
    }
  } else if (walk.stop === 'statement' && ((placement === 'quote' && onlyClosers && shortBreakOf(tokens)) || (placement === 'value' && walk.tokens <= 2 && walk.names === 0))) {
    // SQL Server runs statements written one after another without `;`.
    const statement = matchStatement(tokens, walk.end);
    if (statement !== undefined) report('stacked_queries', placement === 'quote' ? 0.85 : 0.75, `${statement.keyword} appended after the input value`, statement.last);
  }

  if (walk.clauses & Clause.IntoFile) report('union_based', 0.85, 'INTO OUTFILE after the input value');

  if (!complete) return walk;

  // Weak evidence only counts when what the input broke out of looks like a value (a
  // username, an id), not like a paragraph of prose with an apostrophe in it.
  const shortBreak = placement !== 'quote' || shortBreakOf(tokens);
  const evidence = walk.comparisons + walk.knownCalls + walk.selects;
  if (walk.logic > 0) {
    const strong = walk.constantComparisons > 0 || walk.logicConstants > 0 || walk.knownCalls > 0 || walk.selects > 0;
    if (placement === 'quote' && (evidence + walk.calls + walk.variables > 0 || (shortBreak && (walk.endsWithComment || walk.stop === 'semicolon' || walk.arithmetic > 0)))) {
      report('boolean_blind', strong ? 0.9 : 0.75, 'boolean condition after breaking out of a string');
      return walk;
    }
    // `total > 61 AND created_at >= '…'` is an ordinary condition (a query cut mid-way); an
    // injected one compares constants, calls functions, runs a subquery or cuts the query off.
    const valueEvidence = walk.constantComparisons + walk.constantLedComparisons + walk.knownCalls + walk.selects;
    if (placement === 'value' && walk.aliases <= walk.selects && (valueEvidence > 0 || walk.endsWithComment)) {
      report('boolean_blind', walk.constantComparisons > 0 ? 0.85 : 0.7, 'boolean condition appended to a value');
      return walk;
    }
    if (placement === 'continuation' && walk.aliases <= walk.selects && (evidence > 0 || (walk.logicConstants > 0 && walk.tokens <= 3) || walk.variables > 0 || walk.endsWithComment)) {
      report('boolean_blind', strong ? 0.85 : 0.7, 'boolean condition appended to the query');
      return walk;
    }
  }

  const probing = (walk.clauses & (Clause.OrderBy | Clause.GroupBy)) !== 0 && (walk.literals > 0 || walk.calls > 0) && walk.aliases === 0;
  if (probing && (placement !== 'value' || walk.names === 0 || tokens[first]!.kind === 'number')) {
    report('union_based', 0.75, 'ORDER BY / GROUP BY column probing');
    return walk;
  }
  if ((walk.clauses & Clause.Having) !== 0 && walk.comparisons + walk.logic > 0 && walk.aliases === 0) {
    report('error_based', 0.75, 'HAVING condition appended to the query');
    return walk;
  }
  // An expression with no connective is weaker evidence: code concatenates strings too
  // (`add(" + ")`). Only in the '…' reading, ending the way a payload does.
  const shortComment = walk.endsWithComment && truncatingComment(tokens, walk.last + 1, true);
  const shortAppQuote = closesWithAppQuote && finalToken!.upper.length <= 16 && !finalToken!.upper.includes('\n');
  if (placement === 'quote' && stream.context === 'single' && shortBreak && walk.aliases === 0 && !/=\s*$/.test(tokens[0]!.upper) &&
    (walk.comparisons > 0 ? closesWithAppQuote || shortComment : walk.arithmetic > 0 && (shortComment || shortAppQuote)) && (walk.tokens > 2 || walk.endsWithComment)) {
    report('boolean_blind', 0.7, 'expression after breaking out of a string');
    return walk;
  }
  // A'&&'B, '=', A' >= 'B: one operator between the broken string and the application's own
  // closing quote. Only for '…': in standard SQL "…" quotes names, and in product text inches.
  // Both quoted values are single short tokens: "Type 'or' to continue" quotes a word in a sentence.
  const operatorOnly = walk.tokens === 2 && (tokens[first]?.kind === 'operator' || tokens[first]?.kind === 'word') &&
    finalToken!.upper.length <= 16 && !/['\n]/.test(finalToken!.upper) && !/\s/.test(finalToken!.upper.trim()) && !/\s/.test(tokens[0]!.upper.trim());
  if (placement === 'quote' && stream.context === 'single' && shortBreak && closesWithAppQuote && operatorOnly && walk.comparisons + walk.arithmetic + walk.logic > 0) {
    report('boolean_blind', 0.65, 'operator between two quoted values');
    return walk;
  }
  if (placement === 'value' && walk.aliases === 0 && readsServerIdentity(tokens, first, walk.end)) {
    report('boolean_blind', 0.6, 'expression that reads the server identity');
    return walk;
  }
  if (placement === 'value' && walk.aliases === 0 && walk.constantComparisons > 0 && walk.tautologies + walk.calls > 0) {
    report('boolean_blind', 0.7, 'comparison of constants in the input value');
    return walk;
  }
  // "1 UNION" alone could be anything; a sign or comments around it are payload habits.
  const decorated = tokens[first]!.kind === 'operator' || tokens.some((t) => t.kind === 'comment');
  if (placement === 'value' && walk.finalState === 'union' && walk.stop === 'end' && walk.names === 0 && decorated) {
    report('union_based', 0.6, 'UNION after a number, its SELECT cut off');
    return walk;
  }
  if (placement === 'value' && walk.names === 0 && walk.aliases === 0 && walk.literals > 0 && walk.endsWithComment && walk.literals === walk.tokens - walk.arithmetic && emptyTrailingComment(tokens)) {
    report('comment_truncation', 0.55, 'number followed by a comment that cuts the query off');
    return walk;
  }
  if (placement === 'quote' && onlyClosers && walk.stop === 'end' && shortBreak && truncatingComment(tokens, walk.last + 1)) {
    report('comment_truncation', 0.8, 'quote closed and the rest of the query commented out');
    return walk;
  }
  if (placement !== 'quote' && walk.endsWithComment && walk.aliases === 0 &&
    (walk.minDepth < 0 || walk.selects + walk.variables + walk.knownCalls + walk.logic > 0 || walk.prefixes > 0)) {
    report('comment_truncation', 0.6, 'SQL expression with the rest of the query commented out');
  }
  return walk;
}

/** Whether tokens `first..end-1` call a fingerprint function inside another call, or read a `@@` variable. */
function readsServerIdentity(tokens: readonly SqlToken[], first: number, end: number): boolean {
  let depth = 0;
  for (let k = first; k < end; k++) {
    const t = tokens[k]!;
    if (t.kind === '(') depth++;
    else if (t.kind === ')') depth--;
    else if (t.kind === 'variable' && t.upper.startsWith('@@')) return true;
    else if (depth > 0 && t.kind === 'word' && FINGERPRINT_NAMES.has(t.upper) && tokens[k + 1]?.kind === '(') return true;
  }
  return false;
}

/** Whether the input ends in a comment with nothing in it (`--`, `/*`), or MSSQL's `--sp_password` log-hiding trick. */
function emptyTrailingComment(tokens: readonly SqlToken[]): boolean {
  const last = tokens[tokens.length - 1];
  if (last === undefined || last.kind !== 'comment') return false;
  const body = last.upper.trim();
  return body.length === 0 || /sp_password/i.test(body);
}

/**
 * Whether the string the input broke out of (the first token) is short enough to be a value.
 *
 * @example
 * ```ts
 * shortBreakOf(tokenizeSql("admin' OR 1=1", 'single').tokens) // true
 * ```
 */
export function shortBreakOf(tokens: readonly SqlToken[]): boolean {
  const broken = tokens[0]!.upper;
  return broken.length <= MAX_BROKEN_VALUE_LENGTH && broken.trim().split(/\s+/).length <= 3;
}

/**
 * Whether the comment at or after `i` reads as cutting a query off (`--`, `-- -`, `#`, `/*`)
 * rather than as text that happens to follow a quote (`7" #2 NEEDLE`, `foo'--'bar'`).
 */
function truncatingComment(tokens: readonly SqlToken[], i: number, short = false): boolean {
  let k = i;
  while (k < tokens.length && tokens[k]!.kind !== 'comment') k++;
  const comment = tokens[k];
  if (comment === undefined) return false;
  const body = comment.upper;
  // With `short`, any brief comment counts (`#aa`, `-- -a`); a long one is text that happens
  // to follow (`--cheese <type>', 'add cheese'`), not a cut.
  if (short) return body.trim().length <= MAX_TRUNCATING_COMMENT;
  const first = body.charCodeAt(0);
  if (comment.delimiter === '#') return body.length === 0 || !((first >= 48 && first <= 57) || (first | 0x20) >= 97 && (first | 0x20) <= 122);
  if (comment.delimiter === '--') return first !== 39 && first !== 34;
  return true;
}
