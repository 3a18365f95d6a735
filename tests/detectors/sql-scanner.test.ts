import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_SQL_INPUT_LENGTH, GatehouseTypeError, InputTooLargeError, InvalidOptionError, SQL_CATEGORIES, scanSql,
  type SqlCategory, type SqlScanResult,
} from '../../src/index.js';
import { expectCategory } from './sql-expectations.js';

const categories = (r: SqlScanResult): SqlCategory[] => r.findings.map((f) => f.category);


describe('scanSql: injection categories', () => {
  it('reports UNION-based injection after a closed string or number', () => {
    expectCategory([
      "1' UNION SELECT username, password FROM users--",
      '-1 UNION ALL SELECT 1,2,3,4--',
      "x' union (select null, @@version) -- ",
      ' UNION ALL SELECT NULL,NULL,NULL#',
      '0 union select concat(user(),0x3a,database()),2',
      "abc') UNION SELECT table_name FROM information_schema.tables WHERE '1'='1",
    ], 'union_based');
  });

  it('reports boolean-blind tautologies and contradictions', () => {
    expectCategory([
      "' OR 1=1--",
      "admin' OR '1'='1",
      '" or "a"="a',
      "x') OR ('x'='x",
      '1 AND 1=2',
      '1 OR 1=1',
      "' OR true--",
      "') or ('1'='1'--",
      "1' AND ASCII(SUBSTRING((SELECT password FROM users LIMIT 1),1,1))>64--",
    ], 'boolean_blind');
  });

  it('reports time-based payloads', () => {
    expectCategory([
      "1' AND SLEEP(5)#",
      '1 OR pg_sleep(10)--',
      "'; WAITFOR DELAY '0:0:5'--",
      '1 AND BENCHMARK(5000000,MD5(1))',
      "1' AND 1=DBMS_PIPE.RECEIVE_MESSAGE('a',5)--",
      '(SELECT * FROM (SELECT(SLEEP(5)))abc)',
    ], 'time_based');
  });

  it('reports error-based extraction', () => {
    expectCategory([
      "1' AND EXTRACTVALUE(1, CONCAT(0x7e, version()))--",
      '1 AND UPDATEXML(1, CONCAT(0x7e, (SELECT user())), 1)',
      "' AND 1=CONVERT(int, @@version)--",
      '1 AND CAST((SELECT password FROM users LIMIT 1) AS INT)',
      "' AND 1=utl_inaddr.get_host_address((SELECT banner FROM v$version WHERE rownum=1))--",
    ], 'error_based');
  });

  it('reports statements stacked after a value, with the destructive one as dangerous_query too', () => {
    const result = scanSql("'; DROP TABLE users--");
    expect(result.category).toBe('stacked_queries');
    expect(categories(result)).toEqual(expect.arrayContaining(['stacked_queries', 'dangerous_query']));
    expectCategory([
      '1; DROP TABLE users',
      "x'; INSERT INTO admins (name) VALUES ('eve')--",
      "1'; EXEC master..xp_cmdshell 'whoami'--",
      '10; SHUTDOWN--',
      "'; UPDATE users SET role = 'admin' WHERE name = 'eve'--",
    ], 'stacked_queries');
  });

  it('reports quotes closed and the rest of the query commented out', () => {
    expectCategory(["admin'--", "admin' #", "admin'/*", "bob')--"], 'comment_truncation');
  });

  it('reports SQL hidden in hex literals and dynamic EXEC', () => {
    expectCategory([
      'DECLARE @s VARCHAR(200) SELECT @s = 0x73656c65637420404076657273696f6e EXEC(@s)',
      "1; DECLARE @q NVARCHAR(4000); SET @q = 0x770061006900740066006f0072002000640065006c00610079002000270030003a0030003a0035002700; EXEC(@q)--",
    ], 'stacked_queries');
  });

  it('reports file reads and writes through SQL', () => {
    expectCategory(["1 UNION SELECT LOAD_FILE('/etc/passwd')--", "' INTO OUTFILE '/var/www/shell.php'--", "1; COPY t FROM '/etc/passwd'"], 'union_based');
  });

  it('reports comments that hide the query from SQL Server logs', () => {
    expect(scanSql('1--sp_password').category).toBe('comment_truncation');
  });

  it('reports reads of password and permission tables as dangerous_query', () => {
    expect(scanSql('SELECT usename, passwd FROM pg_shadow;').category).toBe('dangerous_query');
    expect(scanSql('SELECT user, authentication_string FROM mysql.user').category).toBe('dangerous_query');
    expect(scanSql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").detected).toBe(false);
  });

  it('reports destructive statements as dangerous_query even when they are plain SQL', () => {
    for (const q of [
      'DELETE FROM cart', 'DROP TABLE users;', 'TRUNCATE TABLE logs', 'ALTER TABLE users ADD COLUMN age INT',
      'GRANT SELECT ON orders TO analyst', 'REVOKE ALL PRIVILEGES ON db.* FROM bob', 'UPDATE users SET active = false',
      'DROP DATABASE IF EXISTS staging',
    ]) {
      const r = scanSql(q);
      expect({ q, detected: r.detected, category: r.category }).toEqual({ q, detected: true, category: 'dangerous_query' });
    }
  });

  it('does not call a DELETE or UPDATE with a WHERE clause dangerous', () => {
    expect(scanSql('DELETE FROM sessions WHERE expires_at < NOW()').detected).toBe(false);
    expect(scanSql("UPDATE users SET name = 'Sam' WHERE id = 1").detected).toBe(false);
  });

  it('reads a doubled quote in a SET value as an escape, not as a string that hides the WHERE', () => {
    for (const q of [
      "UPDATE users SET status = 'O''Brien' WHERE id = 1",
      "UPDATE users SET a = 'O''B', b = 'it''s' WHERE id = 1",
      "UPDATE users SET note = 'say ''hi''' WHERE id = 1",
      "DELETE FROM users WHERE name = 'O''Brien'",
    ]) expect(scanSql(q).findings, q).toEqual([]);
  });

  it('still calls an UPDATE with an escaped quote but no WHERE dangerous', () => {
    const r = scanSql("UPDATE users SET status = 'O''Brien'");
    expect(r.category).toBe('dangerous_query');
    expect(r.findings[0]!.reason).toBe('UPDATE without WHERE');
  });

  it('still reads a doubled-throughout payload wrapped in its copy\'s own quotes', () => {
    expect(scanSql('"hi"") or (""a""=""a"').category).toBe('boolean_blind');
    expect(scanSql("  'x'' or ''1''=''1'  ").category).toBe('boolean_blind');
  });

  it('only ever reports the published categories', () => {
    const r = scanSql("1' UNION SELECT 1--; DROP TABLE x; ' OR SLEEP(5)#");
    for (const f of r.findings) expect(SQL_CATEGORIES).toContain(f.category);
  });
});

/** Ordinary queries an assistant or a database tool would run. */
const LEGITIMATE_SQL = [
  'SELECT name FROM users WHERE id = 42 AND active = true',
  'SELECT * FROM a UNION SELECT * FROM b',
  "SELECT id, email FROM customers WHERE created_at >= '2024-01-01' ORDER BY created_at DESC LIMIT 50;",
  "SELECT COUNT(*) FROM orders WHERE status = 'shipped'",
  'SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.total > 100',
  'SELECT department, AVG(salary) AS avg_salary FROM employees GROUP BY department HAVING AVG(salary) > 50000',
  "SELECT name FROM products WHERE name LIKE '%phone%' OR description LIKE '%phone%'",
  "SELECT * FROM users WHERE email = 'o''brien@example.com'",
  "WITH recent AS (SELECT * FROM orders WHERE created_at > NOW() - INTERVAL '7 days') SELECT customer_id, COUNT(*) FROM recent GROUP BY customer_id",
  "SELECT id FROM events WHERE type IN ('click', 'view') AND user_id IS NOT NULL",
  "SELECT CASE WHEN score >= 90 THEN 'A' WHEN score >= 80 THEN 'B' ELSE 'C' END AS grade FROM results",
  'SELECT u.name, p.title FROM users u LEFT JOIN posts p ON p.user_id = u.id WHERE p.published = 1',
  'SELECT TOP 10 * FROM Products ORDER BY Id DESC',
  'SELECT DISTINCT country FROM customers ORDER BY country',
  "SELECT id, name FROM users WHERE name = 'Robert' OR name = 'Bob'",
  'SELECT CAST(price AS INT) FROM items',
  "SELECT CONVERT(INT, quantity) FROM stock WHERE sku = 'A-100'",
  "SELECT * FROM logs WHERE message LIKE '%timeout%' AND level = 'error' ORDER BY ts DESC LIMIT 100",
  'SELECT a.id FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.a_id = a.id)',
  'SELECT name FROM users WHERE age BETWEEN 18 AND 65',
  'SELECT 1',
  "SELECT id FROM t WHERE 1=1 AND status = 'open'",
  'SELECT * FROM orders WHERE customer_id = 7 UNION ALL SELECT * FROM archived_orders WHERE customer_id = 7',
  "SELECT title FROM books WHERE author = 'O''Reilly' AND year > 2000 -- newest first",
  'select count(distinct user_id) from sessions where started_at::date = current_date',
  'SELECT json_agg(t) FROM (SELECT id, name FROM tags) t',
  `SELECT * FROM "Users" WHERE "Email" = 'a@b.com'`,
  'SELECT `id`, `name` FROM `users` WHERE `id` = 5',
  'SELECT [Name] FROM [dbo].[Customers] WHERE [Id] = 3',
  "INSERT INTO users (name, email) VALUES ('Ann', 'ann@example.com')",
  'UPDATE users SET last_login = NOW() WHERE id = 42',
  "INSERT INTO audit_log (event, at) VALUES ('login', CURRENT_TIMESTAMP);",
  "UPDATE products SET price = price * 1.1 WHERE category = 'books';",
  'CREATE TABLE notes (id SERIAL PRIMARY KEY, body TEXT NOT NULL);',
  'CREATE INDEX idx_users_email ON users (email);',
  'BEGIN; UPDATE accounts SET balance = balance - 100 WHERE id = 1; UPDATE accounts SET balance = balance + 100 WHERE id = 2; COMMIT;',
  'INSERT INTO t (a) SELECT a FROM s WHERE a > 0',
  'EXPLAIN SELECT * FROM orders WHERE id = 5',
  'SELECT * FROM users; SELECT * FROM orders;',
  'SELECT name, email FROM users WHERE id IN (SELECT user_id FROM orders WHERE total > 500)',
  'SELECT * FROM t WHERE a = 1 OR b = 2',
  "SELECT price FROM items WHERE name = 'O''Neil''s'",
  'SELECT COALESCE(nickname, name) FROM users',
  'SELECT SUBSTRING(name, 1, 3) FROM users WHERE LENGTH(name) > 3',
  "SELECT * FROM users WHERE name = 'x' AND (role = 'admin' OR role = 'owner')",
  "SELECT date_trunc('month', created_at) AS m, sum(total) FROM orders GROUP BY 1 ORDER BY 1",
  'SELECT * FROM products ORDER BY price ASC LIMIT 10 OFFSET 20',
  "UPDATE users SET name = 'Sam' WHERE id = 1 RETURNING *",
  "SELECT 'a' || 'b' AS joined",
  'SELECT * FROM t1 WHERE a IN (1, 2, 3) ORDER BY b',
  "SELECT MAX(total) FROM orders WHERE created_at BETWEEN '2024-01-01' AND '2024-12-31'",
  '(SELECT a FROM t) UNION (SELECT b FROM u)',
  // What an analyst or a read-only database tool runs: CTEs, window functions, schema discovery.
  "WITH monthly AS (SELECT date_trunc('month', created_at) AS month, SUM(total) AS revenue FROM orders GROUP BY 1) SELECT month, revenue, revenue - LAG(revenue) OVER (ORDER BY month) AS change FROM monthly ORDER BY month",
  'SELECT customer_id, total, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY created_at DESC) AS rn FROM orders',
  'SELECT region, product, SUM(amount) AS sales, RANK() OVER (PARTITION BY region ORDER BY SUM(amount) DESC) AS sales_rank FROM sales GROUP BY region, product',
  "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
  "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'orders'",
  'WITH RECURSIVE tree AS (SELECT id, parent_id, name FROM categories WHERE parent_id IS NULL UNION ALL SELECT c.id, c.parent_id, c.name FROM categories c JOIN tree t ON c.parent_id = t.id) SELECT * FROM tree',
  "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY total) AS median_total FROM orders WHERE created_at >= now() - interval '30 days'",
  "SELECT user_id, COUNT(*) FILTER (WHERE status = 'failed') AS failures FROM logins GROUP BY user_id HAVING COUNT(*) FILTER (WHERE status = 'failed') > 5",
  'EXPLAIN ANALYZE SELECT * FROM orders WHERE customer_id = 42',
  'SELECT o.id, o.total, SUM(o.total) OVER (ORDER BY o.created_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running_total FROM orders o',
  'SELECT now()',
  'SELECT current_date',
  'SELECT count(*) FROM orders',
  "SELECT email FROM users WHERE lower(email) = lower('Ann@Example.com') LIMIT 1",
  'SELECT p.name, COALESCE(SUM(oi.quantity), 0) AS units FROM products p LEFT JOIN order_items oi ON oi.product_id = p.id GROUP BY p.name ORDER BY units DESC LIMIT 20',
  "SELECT DATE(created_at) AS day, COUNT(DISTINCT user_id) AS dau FROM events WHERE created_at >= CURRENT_DATE - INTERVAL '14 days' GROUP BY day ORDER BY day",
  "SELECT id, payload->>'type' AS type FROM webhooks WHERE payload->>'status' = 'failed'",
  "SELECT * FROM orders WHERE created_at BETWEEN '2024-01-01' AND '2024-01-31' AND (status = 'refunded' OR status = 'disputed')",
  'INSERT INTO daily_stats (day, signups) SELECT CURRENT_DATE, COUNT(*) FROM users WHERE created_at::date = CURRENT_DATE ON CONFLICT (day) DO UPDATE SET signups = EXCLUDED.signups',
  "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
  'SELECT id, name FROM users ORDER BY created_at DESC FETCH FIRST 10 ROWS ONLY',
  "SELECT department, STRING_AGG(name, ', ' ORDER BY name) AS members FROM employees GROUP BY department",
  'SELECT CAST(created_at AS DATE) AS day, AVG(response_ms) FROM requests GROUP BY CAST(created_at AS DATE)',
  'SELECT TOP 5 CustomerName, SUM(Amount) AS Total FROM Sales GROUP BY CustomerName ORDER BY Total DESC',
  "DECLARE @since date = '2024-01-01'; SELECT COUNT(*) FROM Orders WHERE OrderDate >= @since;",
  'DECLARE @count int; SELECT @count = COUNT(*) FROM orders;',
  'SELECT a.id FROM accounts a WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.account_id = a.id)',
  "SELECT * FROM orders WHERE status IN ('new', 'paid') AND total > 0 ORDER BY id LIMIT 100 OFFSET 200",
  "SELECT json_extract(data, '$.name') FROM docs WHERE id = 3",
  // Server values used as row filters or columns, not read for their own sake.
  'SELECT user, total FROM orders WHERE owner = current_user',
  "SELECT * FROM documents WHERE tenant_id = current_setting('app.tenant_id')::int",
  'SELECT @@ROWCOUNT',
];

/** English (and product text) that uses SQL words and punctuation. */
const ENGLISH_WITH_SQL_WORDS = [
  'Please drop me a line when you arrive.',
  'The union members will vote on Friday.',
  'Select the best option from the list below.',
  'or 1 = 1 in boolean logic?',
  '3 TO 6 MONTHS',
  'NOT ALL WHO WANDER ARE LOST',
  'I want to update the table with new data tomorrow.',
  'Delete the old files and insert new ones.',
  'Can you order by date and group by customer in Excel?',
  "He said 'yes' or 'no' -- I can't remember which.",
  "Don't forget: the meeting's at 5; drop by if you can.",
  'Sleep (at least 8 hours) is important.',
  'We need to truncate the report to two pages.',
  "Let's grant them access to the shared drive.",
  "It's 5 o'clock -- time to go home.",
  "Rock 'n' roll will never die.",
  'Drop table tennis for now and join the union.',
  "I'd like to select all items where the price is under $5 or the rating is above 4.",
  'Update: the server is back up; delete your cache.',
  'Use time.sleep(5) in Python to wait.',
  'The 1950s or 1960s were different.',
  'Alter the dress and drop the hem by 2 inches.',
  'Having said that, I join the others in their union.',
  "The value must be 'true' or 'false' -- nothing else.",
  `He's 6' or 6'1" at most`,
  'necklace length 16" or 18"',
  '7" #2 CIRCULAR NEEDLE',
  '1950 or 1960',
  'DO OR NOT DO',
  '"foo" AND "bar"',
];

describe('scanSql: what it must not report', () => {
  it('does not flag plain legitimate SQL', () => {
    const flagged = LEGITIMATE_SQL.filter((q) => scanSql(q).detected);
    expect(flagged).toEqual([]);
  });

  it('does not flag English that uses SQL words', () => {
    const flagged = ENGLISH_WITH_SQL_WORDS.filter((q) => scanSql(q).detected);
    expect(flagged).toEqual([]);
  });

  it('does not flag a prompt that contains a read-only SQL snippet', () => {
    const prompt = "Why is this slow?\n```sql\nSELECT id, created_at FROM orders WHERE total > 100 AND created_at >= '2024-05-01' LIMIT 50;\n```\nIt's on Postgres 16.";
    expect(scanSql(prompt).detected).toBe(false);
  });

  it('returns an empty verdict for empty and whitespace-only input', () => {
    expect(scanSql('')).toEqual({ detected: false, confidence: 0, findings: [] });
    expect(scanSql(' \n\t ')).toEqual({ detected: false, confidence: 0, findings: [] });
  });
});

describe('scanSql: normalisation', () => {
  it('decodes URL encoding, repeatedly', () => {
    expect(scanSql('1%27%20OR%201%3D1--').category).toBe('boolean_blind');
    expect(scanSql('1%2527%2520OR%25201%253D1--').category).toBe('boolean_blind');
    expect(scanSql("1'+UNION+SELECT+1,2--").category).toBe('union_based');
  });

  it('reads /**/ as a space and MySQL versioned comments as SQL', () => {
    expect(scanSql('1/**/UNION/**/SELECT/**/1,2,3--').category).toBe('union_based');
    expect(scanSql("1' /*!50000UNION*/ /*!50000SELECT*/ 1,2--").category).toBe('union_based');
  });

  it('rejoins a keyword split by an empty comment, and only a keyword', () => {
    expect(scanSql('1 UNI/**/ON SEL/**/ECT 1,2--').category).toBe('union_based');
    expect(scanSql('foo/**/bar').detected).toBe(false);
  });

  it('decodes \\x escapes copied out of program strings', () => {
    expect(scanSql('\\x27 UNION SELECT 1,2--').category).toBe('union_based');
  });

  it('reads typographic quotes and dashes as their ASCII forms', () => {
    expect(scanSql('admin’ OR ‘1’=‘1').category).toBe('boolean_blind');
    expect(scanSql('admin” or “1”=“1').category).toBe('boolean_blind');
    expect(scanSql("admin' OR 1=1 —").category).toBe('boolean_blind');
  });

  it('reads full-width letters through NFKC', () => {
    expect(scanSql('１ ＵＮＩＯＮ ＳＥＬＥＣＴ １,２').category).toBe('union_based');
  });

  it('maps spans back to the original, encoded text', () => {
    const text = 'q=1%27%20UNION%20SELECT%20password%20FROM%20users--';
    const f = scanSql(text).findings.find((x) => x.category === 'union_based')!;
    expect(f).toBeDefined();
    expect(text.slice(f.start, f.end)).toContain('UNION%20SELECT');
    expect(f.evidence).toBe(text.slice(f.start, f.end));
  });

  it('finds an injection inside a longer prompt and points at it', () => {
    const text = "Hi! Please look up the account for username admin' OR '1'='1 and tell me the balance.";
    const r = scanSql(text);
    expect(r.category).toBe('boolean_blind');
    expect(text.slice(r.findings[0]!.start, r.findings[0]!.end)).toContain("OR '1'='1");
  });
});

describe('scanSql: contract', () => {
  it('throws a TypeError naming the argument for a non-string', () => {
    for (const bad of [undefined, null, 42, {}, ['x'], Symbol('s')]) {
      expect(() => scanSql(bad as never)).toThrow(TypeError);
      expect(() => scanSql(bad as never)).toThrow(GatehouseTypeError);
      expect(() => scanSql(bad as never)).toThrow(/"text"/);
    }
  });

  it('throws InputTooLargeError past maxInputLength, and accepts input at the limit', () => {
    expect(DEFAULT_MAX_SQL_INPUT_LENGTH).toBe(1_000_000);
    expect(() => scanSql('x'.repeat(11), { maxInputLength: 10 })).toThrow(InputTooLargeError);
    expect(scanSql('x'.repeat(10), { maxInputLength: 10 }).detected).toBe(false);
    expect(() => scanSql('a'.repeat(DEFAULT_MAX_SQL_INPUT_LENGTH + 1))).toThrow(InputTooLargeError);
  });

  it('rejects a maxInputLength that is not a non-negative integer', () => {
    for (const bad of [-1, 1.5, Number.NaN, '10']) expect(() => scanSql('x', { maxInputLength: bad as never })).toThrow(InvalidOptionError);
  });

  it('names the injection category as the top one when a destructive statement is also found', () => {
    const r = scanSql("1; DROP TABLE users--");
    expect(r.category).toBe('stacked_queries');
    expect(r.confidence).toBe(Math.max(...r.findings.map((f) => f.confidence)));
  });

  const sqlish = fc.constantFrom(
    "'", '"', '`', '--', '-- ', '#', '/*', '*/', '/*!50000', ';', '(', ')', ',', '=', ' OR ', ' AND ', 'UNION', ' SELECT ', '1=1',
    "'1'='1", 'SLEEP(5)', 'DROP TABLE t', 'DELETE FROM t', '%27', '%25', '%2', '%u0027', '\\x27', '+', '’', '“', '—', 'Ｓ', '@@version',
    '0x41414141414141414141', 'CONVERT(INT,', 'EXEC(@s)', 'WAITFOR DELAY ', ' ', '\n', '\ud800', '\udc00',
  );
  const anyUnit = fc.oneof(
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    fc.string({ unit: 'binary', maxLength: 3 }),
    sqlish,
  );
  const arbitraryText = fc.array(anyUnit, { maxLength: 60 }).map((parts) => parts.join(''));

  it('never throws on arbitrary strings and always returns a well-formed verdict', () => {
    fc.assert(
      fc.property(fc.oneof(arbitraryText, fc.string({ unit: 'binary' }), fc.string()), (text) => {
        const r = scanSql(text);
        expect(r.detected).toBe(r.findings.length > 0);
        expect(r.category === undefined).toBe(!r.detected);
        let previous = 0;
        for (const f of r.findings) {
          expect(f.start).toBeGreaterThanOrEqual(0);
          expect(f.end).toBeLessThanOrEqual(text.length);
          expect(f.start).toBeLessThan(f.end);
          expect(f.start).toBeGreaterThanOrEqual(previous);
          previous = f.start;
          expect(f.evidence).toBe(text.slice(f.start, Math.min(f.end, f.start + 200)));
          expect(f.confidence).toBeGreaterThan(0);
          expect(f.confidence).toBeLessThanOrEqual(1);
          expect(SQL_CATEGORIES).toContain(f.category);
        }
        expect(r.confidence).toBe(r.detected ? Math.max(...r.findings.map((f) => f.confidence)) : 0);
      }),
      { numRuns: 1500 },
    );
  });

  it('finds a classic payload wherever it sits in surrounding prose', () => {
    const words = fc.array(fc.constantFrom('please', 'check', 'the', 'account', 'for', 'user', 'thanks', 'Hello,', 'name:', 'is'), { maxLength: 8 });
    fc.assert(
      fc.property(words, words, (before, after) => {
        const text = `${before.join(' ')} x' UNION SELECT password FROM users-- ${after.join(' ')}`;
        expect(scanSql(text).findings.some((f) => f.category === 'union_based')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('scanSql: linear time on adversarial input', () => {
  const N = 100_000;
  const cases: Record<string, string> = {
    quotes: "'".repeat(N), mixedQuotes: `'"`.repeat(N / 2), openComments: '/*'.repeat(N / 2), parens: '('.repeat(N),
    percent: '%25'.repeat(Math.floor(N / 3)), unions: 'UNION '.repeat(N / 6), letters: 'a'.repeat(N), tautologies: ' OR 1=1'.repeat(Math.floor(N / 7)),
    versioned: '/*!'.repeat(Math.floor(N / 3)), semicolons: '; DROP TABLE x'.repeat(Math.floor(N / 14)), fullWidth: 'Ｕ'.repeat(N), loneSurrogates: '\ud800'.repeat(N),
    gluedConnectives: '1or'.repeat(Math.floor(N / 3)), doubledQuotes: '"" '.repeat(Math.floor(N / 3)), strayCommentClosers: '*/'.repeat(N / 2),
    serverReads: 'select @@version; '.repeat(Math.floor(N / 18)), dottedNames: 'FROM sys.'.repeat(Math.floor(N / 9)), openSubqueries: '(select top 1 '.repeat(Math.floor(N / 14)),
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`scans 100 KB of ${name} quickly`, () => {
      scanSql(text);
      const started = performance.now();
      scanSql(text);
      // Generous bound for loaded CI machines; typical runs take a few tens of milliseconds.
      expect(performance.now() - started).toBeLessThan(500);
    });
  }

  it('caps the number of findings returned', () => {
    const r = scanSql(' OR 1=1'.repeat(2000));
    expect(r.detected).toBe(true);
    expect(r.findings.length).toBeLessThanOrEqual(100);
  });
});
