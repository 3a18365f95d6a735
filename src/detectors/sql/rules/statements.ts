/**
 * Recognises the start of a SQL statement (`DROP TABLE x`, `EXEC master..xp_cmdshell`,
 * `DELETE FROM x`…) well enough to tell it from English ("drop me a line", "update the docs"),
 * and says whether it is a destructive one.
 */
import { nextSignificant, walkSql } from '../grammar-walker.js';
import { PRIVILEGE_WORDS, SCHEMA_OBJECT_WORDS, TYPE_WORDS } from '../keywords.js';
import type { SqlToken } from '../token-types.js';

/** A recognised statement. */
export interface StatementMatch {
  /** The statement keyword, upper-cased (`DROP`, `EXEC`…). */
  keyword: string;
  /** Index of the last token that belongs to the statement (up to the next `;` or the end). */
  last: number;
  /** Why the statement is destructive, or undefined if it is not. */
  dangerous?: string;
  /** Runs operating-system commands or dynamic SQL (xp_cmdshell, EXEC(@sql)). */
  executes?: boolean;
}

/** SQL Server procedures that run commands, create jobs or logins, or change configuration. */
const RISKY_PROCEDURE = /XP_|SP_EXECUTESQL|SP_OA|SP_ADD_?JOB|SP_START_JOB|SP_ADDLOGIN|SP_ADDSRVROLEMEMBER|SP_CONFIGURE|SP_MAKEWEBTASK|SP_PASSWORD|SP_ADDEXTENDEDPROC|SP_ADDUSER|SP_GRANTLOGIN/;

/** How far a statement's clauses are searched for `WHERE` or `TO` (a bound keeps scans linear). */
const STATEMENT_SCAN_LIMIT = 400;

const isName = (t: SqlToken | undefined): boolean =>
  t !== undefined && (t.kind === 'word' || (t.kind === 'string' && t.delimiter === '"'));

/** Reads `name[.name…]` (also `master..xp_cmdshell`) at `i`; returns the index after it, or -1. */
function readQualifiedName(tokens: readonly SqlToken[], i: number): number {
  i = nextSignificant(tokens, i);
  if (!isName(tokens[i])) return -1;
  i = nextSignificant(tokens, i + 1);
  while (tokens[i]?.kind === '.') {
    let j = nextSignificant(tokens, i + 1);
    while (tokens[j]?.kind === '.') j = nextSignificant(tokens, j + 1);
    if (!isName(tokens[j]) && !(tokens[j]?.kind === 'operator' && tokens[j]!.upper === '*')) return -1;
    i = nextSignificant(tokens, j + 1);
  }
  return i;
}

/** Whether the statement ends at `i`: end of input, `;`, or a comment that runs to the end. */
const endsAt = (tokens: readonly SqlToken[], i: number): boolean => {
  const j = nextSignificant(tokens, i);
  return j >= tokens.length || tokens[j]!.kind === ';';
};

/** Index of the `;` ending the statement that starts at `i` (depth 0), or the last token. */
function statementEnd(tokens: readonly SqlToken[], i: number): number {
  let depth = 0;
  const limit = Math.min(tokens.length, i + STATEMENT_SCAN_LIMIT);
  for (let k = i; k < limit; k++) {
    const t = tokens[k]!;
    if (t.kind === '(') depth++;
    else if (t.kind === ')') depth--;
    else if (t.kind === ';' && depth <= 0) return k - 1;
  }
  return limit - 1;
}

/** Whether a depth-0 `WHERE` occurs in tokens `from`..`to`. */
function hasWhere(tokens: readonly SqlToken[], from: number, to: number): boolean {
  let depth = 0;
  for (let k = from; k <= to; k++) {
    const t = tokens[k]!;
    if (t.kind === '(') depth++;
    else if (t.kind === ')') depth--;
    else if (depth <= 0 && t.kind === 'word' && t.delimiter === '' && (t.upper === 'WHERE' || t.upper === 'CURRENT')) return true;
  }
  return false;
}

/**
 * Recognises a statement whose keyword is at `i`, or returns undefined.
 *
 * @example
 * ```ts
 * matchStatement(tokenizeSql('DROP TABLE users').tokens, 0) // { keyword: 'DROP', dangerous: 'DROP TABLE', … }
 * matchStatement(tokenizeSql('drop me a line').tokens, 0)  // undefined
 * ```
 */
export function matchStatement(tokens: readonly SqlToken[], i: number): StatementMatch | undefined {
  const t = tokens[i];
  if (t === undefined || t.kind !== 'word' || t.delimiter !== '') return undefined;
  const at = (k: number): SqlToken | undefined => tokens[nextSignificant(tokens, k)];
  const n1 = nextSignificant(tokens, i + 1);
  const t1 = tokens[n1];
  const up1 = t1?.kind === 'word' && t1.delimiter === '' ? t1.upper : '';
  const last = (): number => statementEnd(tokens, i);
  const keyword = t.upper;

  switch (keyword) {
    case 'SELECT': {
      const walk = walkSql(tokens, i + 1, 'operand');
      if (walk.tokens === 0) return undefined;
      if (walk.stop === 'invalid' && (walk.clauses & 64) === 0) return undefined;
      return { keyword, last: Math.max(i, walk.end - 1) };
    }
    case 'INSERT': {
      const j = up1 === 'INTO' || up1 === 'IGNORE' ? readQualifiedName(tokens, n1 + 1) : readQualifiedName(tokens, n1);
      if (j < 0) return undefined;
      const follow = tokens[j];
      if (follow === undefined || follow.kind === '(' || (follow.kind === 'word' && ['VALUES', 'VALUE', 'SELECT', 'SET', 'DEFAULT', 'FROM'].includes(follow.upper))) return { keyword, last: last() };
      return undefined;
    }
    case 'UPDATE': {
      let k = n1;
      while (tokens[k]?.kind === 'word' && (tokens[k]!.upper === 'LOW_PRIORITY' || tokens[k]!.upper === 'IGNORE')) k = nextSignificant(tokens, k + 1);
      let j = readQualifiedName(tokens, k);
      if (j < 0) return undefined;
      if (tokens[j]?.kind === 'word' && tokens[j]!.upper === 'AS') j = nextSignificant(tokens, j + 1);
      if (tokens[j]?.kind === 'word' && tokens[j]!.upper !== 'SET') j = nextSignificant(tokens, j + 1);
      if (!(tokens[j]?.kind === 'word' && tokens[j]!.upper === 'SET')) return undefined;
      const col = readQualifiedName(tokens, j + 1);
      if (col < 0 || !(tokens[col]?.kind === 'operator' && tokens[col]!.upper === '=')) return undefined;
      const end = last();
      return { keyword, last: end, dangerous: hasWhere(tokens, col, end) ? undefined : 'UPDATE without WHERE' };
    }
    case 'DELETE': {
      let k = n1;
      while (tokens[k]?.kind === 'word' && ['LOW_PRIORITY', 'QUICK', 'IGNORE'].includes(tokens[k]!.upper)) k = nextSignificant(tokens, k + 1);
      const hasFrom = tokens[k]?.kind === 'word' && tokens[k]!.upper === 'FROM';
      const j = readQualifiedName(tokens, hasFrom ? k + 1 : k);
      if (j < 0) return undefined;
      const follow = at(j);
      const clauseFollows = follow !== undefined && follow.kind === 'word' && ['WHERE', 'USING', 'LIMIT', 'ORDER', 'RETURNING', 'OUTPUT', 'AS'].includes(follow.upper);
      if (!endsAt(tokens, j) && !clauseFollows && !(hasFrom && follow?.kind === 'word' && endsAt(tokens, j + 1))) return undefined;
      const end = last();
      // `delete obj.prop;` is JavaScript: without FROM, only a DELETE that ends the input counts.
      if (!hasFrom && nextSignificant(tokens, end + 2) < tokens.length) return undefined;
      return { keyword, last: end, dangerous: hasWhere(tokens, j, end) ? undefined : 'DELETE without WHERE' };
    }
    case 'DROP':
    case 'ALTER': {
      let k = n1;
      if (up1 === 'TEMPORARY' || up1 === 'MATERIALIZED') k = nextSignificant(tokens, k + 1);
      const object = tokens[k];
      if (object?.kind !== 'word' || !SCHEMA_OBJECT_WORDS.has(object.upper)) return undefined;
      let j = nextSignificant(tokens, k + 1);
      if (tokens[j]?.kind === 'word' && tokens[j]!.upper === 'IF') {
        j = nextSignificant(tokens, j + 1);
        if (tokens[j]?.upper === 'NOT') j = nextSignificant(tokens, j + 1);
        if (tokens[j]?.upper !== 'EXISTS') return undefined;
        j = nextSignificant(tokens, j + 1);
      }
      const after = readQualifiedName(tokens, j);
      if (after < 0) return undefined;
      // "drop table 5 from the list" is English: the name must end the statement or be followed by SQL.
      if (keyword === 'DROP' && !endsAt(tokens, after)) {
        const follow = tokens[after]!;
        if (!(follow.kind === ',' || (follow.kind === 'word' && ['CASCADE', 'RESTRICT', 'PURGE', 'ON'].includes(follow.upper)))) return undefined;
      }
      return { keyword, last: last(), dangerous: `${keyword} ${object.upper}` };
    }
    case 'TRUNCATE': {
      const withTable = up1 === 'TABLE';
      const j = readQualifiedName(tokens, withTable ? n1 + 1 : n1);
      if (j < 0 || (!withTable && !endsAt(tokens, j))) return undefined;
      return { keyword, last: last(), dangerous: 'TRUNCATE' };
    }
    case 'GRANT':
    case 'REVOKE': {
      if (t1?.kind !== 'word' || !PRIVILEGE_WORDS.has(t1.upper)) return undefined;
      const end = last();
      const target = keyword === 'GRANT' ? 'TO' : 'FROM';
      for (let k = n1 + 1; k <= end; k++) {
        const w = tokens[k]!;
        if (w.kind === 'word' && w.upper === target && readQualifiedName(tokens, k + 1) > 0) return { keyword, last: end, dangerous: keyword };
        if (w.kind !== 'word' && w.kind !== ',' && w.kind !== '.' && w.kind !== 'comment' && !(w.kind === 'operator' && w.upper === '*')) return undefined;
      }
      return undefined;
    }
    case 'EXEC':
    case 'EXECUTE': {
      if (t1 === undefined) return undefined;
      if (t1.kind === 'variable') return { keyword, last: last(), executes: true };
      if (t1.kind === '(') {
        // EXEC(@sql) or EXEC('SELECT …') is dynamic SQL; exec('node --version') is JavaScript.
        const a = nextSignificant(tokens, n1 + 1);
        const arg = tokens[a];
        const joined = tokens[nextSignificant(tokens, a + 1)];
        const dynamic = arg?.kind === 'variable' || (arg?.kind === 'string' &&
          (/^\s*(?:SELECT|INSERT|UPDATE|DELETE|DROP|EXEC|DECLARE|CREATE|ALTER|TRUNCATE|WAITFOR|SHUTDOWN)\b/i.test(arg.upper) ||
            (joined?.kind === 'operator' && (joined.upper === '+' || joined.upper === '||'))));
        return dynamic ? { keyword, last: last(), executes: true } : undefined;
      }
      const j = readQualifiedName(tokens, n1);
      if (j < 0) return undefined;
      const name = t1.upper;
      const qualified = tokens[n1 + 1]?.kind === '.';
      const follow = tokens[j];
      const argsLookRight = follow === undefined || follow.kind === ';' || follow.kind === 'string' || follow.kind === 'variable' || follow.kind === 'number' || follow.kind === '(';
      if (!(name.startsWith('XP_') || name.startsWith('SP_') || qualified || argsLookRight)) return undefined;
      const procedure = tokens.slice(n1, j).map((x) => x.upper).join('.');
      const executes = name.startsWith('XP_') || RISKY_PROCEDURE.test(procedure);
      // `exec xp` / `exec sp`: the system-procedure prefix alone, probing which ones run.
      const stub = (name === 'XP' || name === 'SP') && !qualified && j >= tokens.length;
      return { keyword, last: last(), executes, dangerous: stub ? 'EXEC of a system procedure prefix' : undefined };
    }
    case 'DECLARE': {
      const v = tokens[n1];
      if (v?.kind !== 'variable' && v?.kind !== 'word') return undefined;
      const type = at(n1 + 1);
      if (type?.kind !== 'word' || !(TYPE_WORDS.has(type.upper) || (v.kind === 'variable' && type.upper !== ''))) return undefined;
      return { keyword, last: last() };
    }
    case 'SET': {
      const j = t1?.kind === 'variable' ? nextSignificant(tokens, n1 + 1) : readQualifiedName(tokens, n1);
      if (j < 0) return undefined;
      const op = tokens[j];
      if (op?.kind === 'operator' && (op.upper === '=' || op.upper === ':=')) return { keyword, last: last() };
      return undefined;
    }
    case 'SHUTDOWN':
      return endsAt(tokens, i + 1) || up1 === 'WITH' ? { keyword, last: last(), dangerous: 'SHUTDOWN', executes: true } : undefined;
    case 'WAITFOR':
      return (up1 === 'DELAY' || up1 === 'TIME') && at(n1 + 1)?.kind === 'string' ? { keyword, last: last() } : undefined;
    case 'BEGIN':
      return endsAt(tokens, i + 1) || ['DECLARE', 'TRY', 'TRAN', 'TRANSACTION', 'SHUTDOWN', 'EXEC', 'SELECT'].includes(up1) ? { keyword, last: last() } : undefined;
    case 'IF': {
      const walk = walkSql(tokens, n1, 'operand');
      return walk.stop === 'statement' && walk.tokens > 0 && matchStatement(tokens, walk.end) !== undefined ? { keyword, last: last() } : undefined;
    }
    case 'USE':
    case 'DESC':
    case 'DESCRIBE': {
      const j = readQualifiedName(tokens, n1);
      return j > 0 && endsAt(tokens, j) ? { keyword, last: last() } : undefined;
    }
    case 'CALL': {
      const j = readQualifiedName(tokens, n1);
      return j > 0 && tokens[j]?.kind === '(' ? { keyword, last: last() } : undefined;
    }
    case 'LOAD':
      return up1 === 'DATA' || up1 === 'XML' ? { keyword, last: last() } : undefined;
    case 'COPY': {
      const j = readQualifiedName(tokens, n1);
      return j > 0 && (tokens[j]?.upper === 'FROM' || tokens[j]?.upper === 'TO') ? { keyword, last: last() } : undefined;
    }
    case 'CREATE': {
      let k = n1;
      while (tokens[k]?.kind === 'word' && ['OR', 'REPLACE', 'TEMPORARY', 'TEMP', 'UNIQUE', 'GLOBAL', 'LOCAL'].includes(tokens[k]!.upper)) k = nextSignificant(tokens, k + 1);
      return tokens[k]?.kind === 'word' && SCHEMA_OBJECT_WORDS.has(tokens[k]!.upper) && readQualifiedName(tokens, k + 1) > 0 ? { keyword, last: last() } : undefined;
    }
    case 'BACKUP':
    case 'RESTORE':
      // BACKUP writes the whole database to a file or share (`TO DISK='\\attacker\share'`).
      return (up1 === 'DATABASE' || up1 === 'LOG') && readQualifiedName(tokens, n1 + 1) > 0 ? { keyword, last: last(), dangerous: `${keyword} ${up1}` } : undefined;
    case 'PRINT': {
      const v = t1?.kind;
      return v === 'variable' || v === 'string' || v === 'number' || (v === 'word' && tokens[nextSignificant(tokens, n1 + 1)]?.kind === '(') ? { keyword, last: last() } : undefined;
    }
    case 'BULK':
      return up1 === 'INSERT' ? { keyword, last: last() } : undefined;
    case 'SHOW':
      return ['TABLES', 'DATABASES', 'GRANTS', 'VARIABLES', 'COLUMNS', 'PROCESSLIST', 'SCHEMAS', 'USERS', 'STATUS'].includes(up1) ? { keyword, last: last() } : undefined;
    case 'GOTO':
      return t1?.kind === 'word' ? { keyword, last: last() } : undefined;
    case 'KILL':
      return t1?.kind === 'number' ? { keyword, last: last() } : undefined;
    default:
      return undefined;
  }
}
