/**
 * SQL for scanner and policy tests: injection payloads of each technique, with the variation
 * real payloads have (quote style, value, keyword case, spacing, comment style), and
 * legitimate statements an application or an agent's database tool would run.
 */
import fc from 'fast-check';
import { DIGITS, charsFrom } from './random.js';

/** The payload shapes {@link sqlInjection} draws from, one per injection technique. */
export const SQL_INJECTION_SHAPES = ['union', 'boolean', 'time', 'error', 'stacked', 'comment'] as const;
export type SqlInjectionShape = (typeof SQL_INJECTION_SHAPES)[number];

const TABLES = ['users', 'orders', 'accounts', 'customers', 'products', 'admins', 'payments', 'sessions'];
const COLUMNS = ['id', 'name', 'email', 'status', 'total', 'created_at', 'price', 'owner_id'];

/** SQL keywords as attackers write them: upper, lower or mixed case. */
function kw(word: string): fc.Arbitrary<string> {
  return fc.constantFrom(word.toUpperCase(), word.toLowerCase(), word[0]!.toUpperCase() + word.slice(1).toLowerCase());
}

/** Keywords in one case, and the gap between tokens: a space, two, a tab, or an inline comment. */
const style = fc.record({ upper: fc.boolean(), gap: fc.constantFrom(' ', ' ', '  ', '\t', '/**/') });
type Style = { upper: boolean; gap: string };
const K = (s: Style, sql: string): string => (s.upper ? sql : sql.toLowerCase()).replace(/ /g, s.gap);

/** What the injected text breaks out of: a quoted string (single or double quote) or a number. */
const breakout = fc.record({
  value: fc.oneof(charsFrom(DIGITS, 1, 4), fc.constantFrom('admin', 'ana', 'guest', 'test', '-1', '')),
  quote: fc.constantFrom("'", "'", '"', ''),
  paren: fc.constantFrom('', '', ')'),
});

const terminator = fc.constantFrom('--', '-- -', '#', '/*', '');
const smallInt = fc.integer({ min: 1, max: 15 });

function union(): fc.Arbitrary<string> {
  const columns = fc.oneof(
    fc.integer({ min: 1, max: 8 }).map((n) => Array.from({ length: n }, () => 'NULL').join(',')),
    fc.integer({ min: 1, max: 8 }).map((n) => Array.from({ length: n }, (_, i) => String(i + 1)).join(',')),
    fc.constantFrom('username, password', 'table_name', '@@version', 'user(), database()', 'concat(username,0x3a,password)'),
  );
  const from = fc.constantFrom(' FROM users', ' FROM information_schema.tables', ' FROM admins', '');
  return fc.tuple(breakout, style, fc.boolean(), columns, from, terminator).map(([b, s, all, cols, f, t]) =>
    `${b.value}${b.quote}${b.paren}${K(s, ` UNION${all ? ' ALL' : ''} SELECT `)}${cols}${K(s, f)}${t}`,
  );
}

function boolean(): fc.Arbitrary<string> {
  return fc.tuple(breakout, style, fc.constantFrom('OR', 'AND', '||', 'OR'), smallInt, fc.constantFrom('1', 'a', 'x'), terminator, fc.nat({ max: 3 })).map(
    ([b, s, op, n, c, t, form]) => {
      const q = b.quote;
      const conn = op === '||' ? '||' : K(s, op);
      if (q === '') return `${b.value || '1'}${b.paren} ${conn} ${n}=${n}${t}`;
      switch (form) {
        case 0: return `${b.value}${q}${b.paren} ${conn} ${q}${c}${q}=${q}${c}`; // 1' OR '1'='1
        case 1: return `${b.value}${q}${b.paren} ${conn} ${n}=${n}${t || '--'}`; // admin' OR 1=1--
        case 2: return `${b.value}${q}${b.paren} ${conn} ${q}${q}=${q}`; // ' OR ''='
        default: return `${b.value}${q}${b.paren} ${conn} ${n}>${n - 1}${t || '#'}`;
      }
    },
  );
}

function time(): fc.Arbitrary<string> {
  const delay = fc.oneof(
    smallInt.map((n) => `SLEEP(${n})`),
    smallInt.map((n) => `pg_sleep(${n})`),
    fc.integer({ min: 100_000, max: 9_000_000 }).map((n) => `BENCHMARK(${n},MD5(1))`),
  );
  return fc.tuple(breakout, style, delay, kw('and'), terminator, fc.boolean(), smallInt).map(([b, s, d, and, t, waitfor, n]) =>
    waitfor
      ? `${b.value}${b.quote}${b.paren}; ${K(s, 'WAITFOR DELAY')} '0:0:${n}'--`
      : `${b.value}${b.quote}${b.paren} ${and} ${d}${t}`,
  );
}

function error(): fc.Arbitrary<string> {
  const leak = fc.constantFrom('version()', 'user()', 'database()', '(SELECT password FROM users LIMIT 1)');
  return fc.tuple(breakout, style, leak, terminator, fc.nat({ max: 2 })).map(([b, s, what, t, form]) => {
    const head = `${b.value}${b.quote}${b.paren}`;
    if (form === 0) return `${head} ${K(s, 'AND')} EXTRACTVALUE(1, CONCAT(0x7e, ${what}))${t}`;
    if (form === 1) return `${head} ${K(s, 'AND')} UPDATEXML(1, CONCAT(0x7e, ${what}), 1)${t}`;
    return `${head} ${K(s, 'AND')} 1=CONVERT(int, @@version)${t}`;
  });
}

function stacked(): fc.Arbitrary<string> {
  const second = fc.oneof(
    fc.constantFrom(...TABLES).map((t) => `DROP TABLE ${t}`),
    fc.constantFrom(...TABLES).map((t) => `DELETE FROM ${t}`),
    fc.constantFrom(...TABLES).map((t) => `TRUNCATE TABLE ${t}`),
    fc.constant("UPDATE users SET role='admin'"),
    fc.constant("INSERT INTO admins (name, password) VALUES ('eve', 'pwned')"),
    fc.constant("EXEC xp_cmdshell('whoami')"),
  );
  return fc.tuple(breakout, style, second, fc.constantFrom('--', '-- -', '#', ';--', '')).map(([b, s, stmt, t]) =>
    `${b.value}${b.quote}${b.paren}; ${K(s, stmt)}${t}`,
  );
}

function comment(): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom('admin', 'root', 'administrator', 'ana@example.com', 'guest'), fc.constantFrom("'", '"', "')"), fc.constantFrom('--', '-- -', '#', '/*', ';--')).map(
    ([user, q, t]) => `${user}${q}${t}`,
  );
}

const SHAPES: Readonly<Record<SqlInjectionShape, () => fc.Arbitrary<string>>> = { union, boolean, time, error, stacked, comment };

/**
 * SQL-injection payloads of the given shapes (default: all): UNION extraction, boolean
 * tautologies, time delays, error-based leaks, stacked statements and comment truncation, each
 * breaking out of a quoted string or a number, with varied case, spacing and comments.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(sqlInjection(), (payload) => scanSql(payload).detected));
 * ```
 */
export function sqlInjection(shapes: readonly SqlInjectionShape[] = SQL_INJECTION_SHAPES): fc.Arbitrary<string> {
  return fc.oneof(...shapes.map((shape) => SHAPES[shape]()));
}

// ---------------------------------------------------------------------------------------
// Legitimate SQL

const literal = fc.oneof(
  fc.integer({ min: 1, max: 99_999 }).map(String),
  fc.constantFrom("'active'", "'shipped'", "'ana@example.com'", "'2024-06-01'", "'Jakarta'", "'O''Brien'"),
);
const condition = fc.tuple(fc.constantFrom(...COLUMNS), fc.constantFrom('=', '<', '>', '>=', '<>'), literal).map(([c, op, v]) => `${c} ${op} ${v}`);
const where = fc.array(condition, { minLength: 1, maxLength: 3 }).chain((conds) =>
  fc.constantFrom('AND', 'OR').map((join) => `WHERE ${conds.join(` ${join} `)}`),
);
const columnList = fc.uniqueArray(fc.constantFrom(...COLUMNS), { minLength: 1, maxLength: 4 }).map((cs) => cs.join(', '));

/**
 * Legitimate statements: `SELECT` (with `WHERE`, `JOIN`, `GROUP BY`, `ORDER BY`, `LIMIT`),
 * `INSERT … VALUES`, and `UPDATE` / `DELETE` with a `WHERE` clause. None is an injection, and
 * none is destructive.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(benignSql(), (sql) => !scanSql(sql).detected));
 * ```
 */
export function benignSql(): fc.Arbitrary<string> {
  const select = fc.tuple(fc.oneof(columnList, fc.constant('*'), fc.constant('count(*)')), fc.constantFrom(...TABLES), fc.option(where, { nil: '' }), fc.option(fc.constantFrom(...COLUMNS).map((c) => `ORDER BY ${c} DESC`), { nil: '' }), fc.option(fc.integer({ min: 1, max: 500 }).map((n) => `LIMIT ${n}`), { nil: '' }))
    .map(([cols, table, w, order, limit]) => [`SELECT ${cols} FROM ${table}`, w, order, limit].filter(Boolean).join(' '));
  const join = fc.tuple(fc.constantFrom(...TABLES), fc.constantFrom(...TABLES), where)
    .map(([a, b, w]) => `SELECT a.id, b.name FROM ${a} a JOIN ${b} b ON b.owner_id = a.id ${w.replace(/WHERE (\w)/, 'WHERE a.$1')}`);
  const grouped = fc.tuple(fc.constantFrom(...COLUMNS), fc.constantFrom(...TABLES), fc.integer({ min: 1, max: 50 }))
    .map(([c, t, n]) => `SELECT ${c}, count(*) AS n FROM ${t} GROUP BY ${c} HAVING count(*) > ${n}`);
  const insert = fc.tuple(fc.constantFrom(...TABLES), fc.uniqueArray(fc.constantFrom(...COLUMNS), { minLength: 1, maxLength: 4 }), fc.array(literal, { minLength: 4, maxLength: 4 }))
    .map(([t, cols, values]) => `INSERT INTO ${t} (${cols.join(', ')}) VALUES (${values.slice(0, cols.length).join(', ')})`);
  const update = fc.tuple(fc.constantFrom(...TABLES), fc.constantFrom(...COLUMNS), literal, where)
    .map(([t, c, v, w]) => `UPDATE ${t} SET ${c} = ${v} ${w}`);
  const remove = fc.tuple(fc.constantFrom(...TABLES), where).map(([t, w]) => `DELETE FROM ${t} ${w}`);
  return fc.tuple(fc.oneof(select, join, grouped, insert, update, remove), fc.boolean(), fc.constantFrom('', ';')).map(([sql, lower, end]) => {
    const cased = lower ? sql.replace(/\b(SELECT|FROM|WHERE|AND|OR|ORDER BY|DESC|LIMIT|JOIN|ON|GROUP BY|HAVING|AS|INSERT INTO|VALUES|UPDATE|SET|DELETE)\b/g, (m) => m.toLowerCase()) : sql;
    return cased + end;
  });
}

