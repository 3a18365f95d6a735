/**
 * Server-side JavaScript injection: code for a document store's JavaScript engine (MongoDB's
 * `$where`, `mapReduce`, `db.eval`) given as a value.
 * - After a quote breakout followed by `&&`, `||` or `;`: JavaScript that is always true
 *   (`' || 1==1//`, `'; return true; var a='`), a condition on the document
 *   (`' && this.password.match(/.*\/)//`), a busy-wait on the clock
 *   (`';it=new Date();do{…}while(pt-it<5000);`), or a shell call (`'; db.users.drop(); '`).
 * - A shell call that writes or runs code, written as a statement (at the start of the input
 *   or after `;`, and ending with `;` or the input): `db.injection.insert({success:1});`.
 *   Reads (`db.users.find({…})`) and calls inside a sentence (`run db.users.drop() to …`) are
 *   how people talk about MongoDB, and are not reported.
 */
import { nextSignificant, previousSignificant, tokensTouch } from '../grammar-walker.js';
import type { SqlToken } from '../token-types.js';
import { isJavaScriptTautology } from './mongo-operands.js';
import type { RuleFinding } from './rule-finding.js';

const CATEGORY = 'nosql_injection';

/** Collection methods that change data or run code, upper-cased (`db.<collection>.<method>(`). */
const WRITING_METHODS = new Set([
  'INSERT', 'INSERTONE', 'INSERTMANY', 'SAVE', 'UPDATE', 'UPDATEONE', 'UPDATEMANY', 'REPLACEONE', 'REMOVE',
  'DELETEONE', 'DELETEMANY', 'DROP', 'FINDANDMODIFY', 'FINDONEANDUPDATE', 'FINDONEANDREPLACE', 'FINDONEANDDELETE',
  'MAPREDUCE', 'BULKWRITE', 'RENAMECOLLECTION',
]);
/** Database methods that do the same (`db.<method>(`). */
const WRITING_DB_METHODS = new Set(['EVAL', 'DROPDATABASE', 'RUNCOMMAND', 'ADMINCOMMAND', 'SHUTDOWNSERVER']);

/** Tokens after a breakout searched for JavaScript. */
const LOOKAHEAD = 48;

const isWord = (t: SqlToken | undefined, upper?: string): boolean =>
  t !== undefined && t.kind === 'word' && t.delimiter === '' && (upper === undefined || t.upper === upper);
/** `a.b` with no space around the dot. */
const isMember = (tokens: readonly SqlToken[], k: number): boolean =>
  tokens[k + 1]?.kind === '.' && tokensTouch(tokens[k], tokens[k + 1]) && isWord(tokens[k + 2]) && tokensTouch(tokens[k + 1], tokens[k + 2]);

/**
 * The `db.<collection>.<method>(` or `db.<method>(` call starting at `k`: whether it writes or
 * runs code, and the index of its `(`; undefined if `k` does not start one (`db.<method>(`
 * counts only for the methods that write or run code).
 */
function shellCallAt(tokens: readonly SqlToken[], k: number): { writes: boolean; open: number } | undefined {
  if (!isWord(tokens[k], 'DB') || !isMember(tokens, k)) return undefined;
  if (tokens[k + 3]?.kind === '(') return WRITING_DB_METHODS.has(tokens[k + 2]!.upper) ? { writes: true, open: k + 3 } : undefined;
  if (!isMember(tokens, k + 2) || tokens[k + 5]?.kind !== '(') return undefined;
  return { writes: WRITING_METHODS.has(tokens[k + 4]!.upper), open: k + 5 };
}

/** What JavaScript-only construct starts at `k`, if any: `this.<field>`, `new Date(`, `Date.now(`, a shell call. */
function javascriptAt(tokens: readonly SqlToken[], k: number): 'document' | 'clock' | 'shell' | undefined {
  const t = tokens[k]!;
  if (t.kind !== 'word' || t.delimiter !== '') return undefined;
  if (t.upper === 'THIS' && isMember(tokens, k)) return 'document';
  if (t.upper === 'NEW' && isWord(tokens[nextSignificant(tokens, k + 1)], 'DATE')) return 'clock';
  if (t.upper === 'DATE' && isMember(tokens, k) && tokens[k + 2]!.upper === 'NOW') return 'clock';
  if (t.upper === 'DB' && shellCallAt(tokens, k) !== undefined) return 'shell';
  return undefined;
}

/** Tokens of an always-true expression read after a breakout. */
const MAX_TAUTOLOGY_TOKENS = 12;

/** `//` with nothing between the slashes: a JavaScript line comment. */
const isLineComment = (tokens: readonly SqlToken[], j: number): boolean =>
  tokens[j]?.upper === '/' && tokens[j + 1]?.upper === '/' && tokensTouch(tokens[j], tokens[j + 1]);

/**
 * `' || 1==1//`, `'; return true; var a='`: after the joint at `k`, an expression that is
 * always true and is JavaScript, not SQL: it compares with `==`, or is returned, or is followed
 * by a `//` comment. Returns the index of its last token, or -1.
 */
function javascriptTautologyAfter(tokens: readonly SqlToken[], k: number): number {
  const a = k + 1;
  let b = a;
  const limit = Math.min(tokens.length, a + MAX_TAUTOLOGY_TOKENS);
  while (b < limit && !isLineComment(tokens, b) && tokens[b]!.kind !== ';' && tokens[b]!.kind !== 'comment' &&
    !(tokens[b]!.kind === 'operator' && (tokens[b]!.upper === '&&' || tokens[b]!.upper === '||'))) b++;
  if (b === a || (b === limit && b < tokens.length)) return -1;
  const returned = tokens[a]!.kind === 'word' && tokens[a]!.upper === 'RETURN';
  let compares = false;
  for (let j = a; j < b; j++) if (tokens[j]!.kind === 'operator' && (tokens[j]!.upper === '==' || tokens[j]!.upper === '!=')) compares = true;
  if (!returned && !compares && !isLineComment(tokens, b)) return -1;
  return isJavaScriptTautology(tokens, a, b) ? b - 1 : -1;
}

/**
 * In a quote reading (`tokens[0]` is the string the quote closed): `&&`, `||` or `;` right after
 * the quote, then JavaScript that is always true, a condition on the document, a busy-wait on
 * the clock, or a shell call.
 */
function findJavaScriptAfterQuote(tokens: readonly SqlToken[], out: RuleFinding[]): void {
  const k = nextSignificant(tokens, 1);
  const joint = tokens[k];
  if (joint === undefined || !((joint.kind === 'operator' && (joint.upper === '&&' || joint.upper === '||')) || joint.kind === ';')) return;
  const tautology = javascriptTautologyAfter(tokens, k);
  if (tautology >= 0) {
    out.push({ category: CATEGORY, confidence: 0.85, start: tokens[0]!.start, end: tokens[tautology]!.end, reason: 'JavaScript that is always true after breaking out of a string' });
    return;
  }
  let clock = false;
  const limit = Math.min(tokens.length, k + 1 + LOOKAHEAD);
  for (let j = k + 1; j < limit; j++) {
    const what = javascriptAt(tokens, j);
    if (what === 'clock') clock = true;
    const busyWait = clock && isWord(tokens[j], 'WHILE') && tokens[nextSignificant(tokens, j + 1)]?.kind === '(';
    if (what === 'document' || what === 'shell' || busyWait) {
      const reason = busyWait ? 'JavaScript busy-wait on the clock after breaking out of a string (time-based)'
        : what === 'document' ? 'JavaScript condition on the document (this.…) after breaking out of a string'
          : 'MongoDB shell call after breaking out of a string';
      // The finding ends at the loop's `(`, the field name, or the call's `(`.
      const last = busyWait ? nextSignificant(tokens, j + 1) : what === 'document' ? j + 2 : shellCallAt(tokens, j)!.open;
      out.push({ category: CATEGORY, confidence: 0.9, start: tokens[0]!.start, end: tokens[last]!.end, reason });
      return;
    }
  }
}

/** Tokens searched for the `)` that closes a shell call's arguments. */
const MAX_CALL_TOKENS = 256;

/**
 * Whether the call whose `(` is at `open` ends a statement: its `)` is followed by `;` or by
 * nothing, or the arguments run to the end of the input. Returns false when the call goes on
 * into a sentence (`db.users.drop() removes the collection`).
 */
function endsStatement(tokens: readonly SqlToken[], open: number): boolean {
  let depth = 0;
  const limit = Math.min(tokens.length, open + MAX_CALL_TOKENS);
  for (let j = open; j < limit; j++) {
    const kind = tokens[j]!.kind;
    if (kind === '(') depth++;
    else if (kind === ')' && --depth === 0) {
      const after = tokens[nextSignificant(tokens, j + 1)];
      return after === undefined || after.kind === ';';
    }
  }
  return limit === tokens.length;
}

/**
 * A shell call that writes or runs code, written as a statement: it starts the input or
 * follows a `;`, and ends with `;` or the input.
 */
function findWritingShellStatements(tokens: readonly SqlToken[], first: number, out: RuleFinding[]): void {
  for (let k = first; k < tokens.length; k++) {
    if (tokens[k]!.upper !== 'DB') continue;
    const call = shellCallAt(tokens, k);
    if (call === undefined || !call.writes) continue;
    if (k !== first && tokens[previousSignificant(tokens, k - 1)]?.kind !== ';') continue;
    if (!endsStatement(tokens, call.open)) continue;
    out.push({ category: CATEGORY, confidence: 0.7, start: tokens[k]!.start, end: tokens[call.open]!.end, reason: 'MongoDB shell statement that writes data or runs code' });
  }
}

/**
 * Runs the server-side JavaScript rules over one reading: `first` is its first significant
 * token; `quoted` says the reading opened inside a string that `tokens[0]` closed.
 *
 * @example
 * ```ts
 * findServerSideJavaScript(tokenizeSql("' && this.password.match(/.*\/)//", 'single').tokens, 1, true, out) // nosql_injection
 * ```
 */
export function findServerSideJavaScript(tokens: readonly SqlToken[], first: number, quoted: boolean, out: RuleFinding[]): void {
  if (quoted) findJavaScriptAfterQuote(tokens, out);
  else findWritingShellStatements(tokens, first, out);
}
