import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenizeSql } from '../../src/detectors/sql/tokenizer.js';
import { walkSql } from '../../src/detectors/sql/grammar-walker.js';

const kinds = (text: string, context?: 'none' | 'single' | 'double'): string[] => tokenizeSql(text, context).tokens.map((t) => t.kind);
const uppers = (text: string): string[] => tokenizeSql(text).tokens.map((t) => t.upper);

describe('tokenizeSql', () => {
  it('reads strings in each quote style, with doubled quotes as escapes', () => {
    const [a, b] = tokenizeSql(`'it''s' "say ""hi"""`).tokens;
    expect(a).toMatchObject({ kind: 'string', upper: "it''s", delimiter: "'", closed: true });
    expect(b).toMatchObject({ kind: 'string', upper: 'say ""hi""', delimiter: '"', closed: true });
  });

  it('runs an unclosed string to the end and says so', () => {
    const t = tokenizeSql("x = 'abc").tokens.at(-1)!;
    expect(t).toMatchObject({ kind: 'string', closed: false, upper: 'abc', end: 8 });
  });

  it('reads the text as if inside a string in the single and double contexts', () => {
    expect(kinds("admin' OR '1'='1", 'single')).toEqual(['string', 'word', 'string', 'operator', 'string']);
    expect(tokenizeSql("admin' OR '1'='1", 'single').tokens[0]).toMatchObject({ start: 0, end: 6, upper: 'admin', closed: true });
    expect(kinds('x" AND 1=1', 'double')).toEqual(['string', 'word', 'number', 'operator', 'number']);
    // With no closing quote the whole text stays one unclosed string.
    expect(tokenizeSql('no quote here', 'single').tokens).toHaveLength(1);
  });

  it('reads numbers, hex and binary literals, and splits a keyword glued to a number', () => {
    expect(kinds('42 3.14 .5 1e3 0x4142 0b101')).toEqual(['number', 'number', 'number', 'number', 'number', 'number']);
    expect(uppers('1UNION')).toEqual(['1', 'UNION']);
    expect(tokenizeSql('3rd').tokens).toMatchObject([{ kind: 'word', upper: '3RD' }]);
  });

  it('splits a connective glued between numbers (1or1, 1 or1) but not other glued words', () => {
    expect(uppers('1or1=1')).toEqual(['1', 'OR', '1', '=', '1']);
    expect(uppers('1 or1=1')).toEqual(['1', 'OR', '1', '=', '1']);
    expect(uppers('2and3')).toEqual(['2', 'AND', '3']);
    expect(uppers('3in1 or2')).toEqual(['3IN1', 'OR2']);
  });

  it('upper-cases words and reads backtick names, variables and \\N', () => {
    expect(tokenizeSql('select `my col` @x @@version \\N').tokens.map((t) => [t.kind, t.upper])).toEqual([
      ['word', 'SELECT'], ['word', 'MY COL'], ['variable', '@X'], ['variable', '@@VERSION'], ['word', 'NULL'],
    ]);
  });

  it('reads -- and # line comments and /* */ block comments', () => {
    expect(tokenizeSql("1 -- rest\n2 # more\n3 /* c */ 4").tokens.map((t) => [t.kind, t.delimiter])).toEqual([
      ['number', ''], ['comment', '--'], ['number', ''], ['comment', '#'], ['number', ''], ['comment', '/*'], ['number', ''],
    ]);
    expect(tokenizeSql('1 /* never closed').tokens[1]).toMatchObject({ kind: 'comment', closed: false });
  });

  it('reads the inside of MySQL versioned comments as SQL', () => {
    expect(uppers('1 /*!50000UNION*/ /*!SELECT*/ 2')).toEqual(['1', 'UNION', 'SELECT', '2']);
    expect(tokenizeSql('/*!UNION*/').versionedComments).toBe(1);
  });

  it('keeps a license banner (/*! followed by a space or line break) as a comment', () => {
    expect(tokenizeSql('/*! jQuery v3 */ x').tokens.map((t) => t.kind)).toEqual(['comment', 'word']);
    expect(tokenizeSql('/*!\n * @license MIT\n */').versionedComments).toBe(0);
  });

  it('does not take a Markdown rule line for a comment', () => {
    expect(kinds('Title\n-----\ntext')).toEqual(['word', 'word']);
  });

  it('reads multi-character operators and punctuation', () => {
    expect(uppers('a<=>b != c <> d || e && f :: g ; ( ) , .')).toEqual([
      'A', '<=>', 'B', '!=', 'C', '<>', 'D', '||', 'E', '&&', 'F', '::', 'G', ';', '(', ')', ',', '.',
    ]);
  });

  it('keeps every token in bounds, ordered and non-overlapping, for any string', () => {
    const unit = fc.oneof(fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), fc.constantFrom("'", '"', '`', '--', '#', '/*', '*/', '/*!', '@@', '0x', '\\N'));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 80 }).map((p) => p.join('')), fc.constantFrom('none', 'single', 'double'), (text, context) => {
        let end = 0;
        for (const t of tokenizeSql(text, context as 'none').tokens) {
          expect(t.start).toBeGreaterThanOrEqual(end);
          expect(t.end).toBeGreaterThanOrEqual(t.start);
          expect(t.end).toBeLessThanOrEqual(text.length);
          end = t.end;
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('walkSql', () => {
  it('reads a whole injection tail as SQL and counts what it contains', () => {
    const { tokens } = tokenizeSql("x' OR 1=1 --", 'single');
    const walk = walkSql(tokens, 1, 'after');
    expect(walk).toMatchObject({ stop: 'end', logic: 1, comparisons: 1, constantComparisons: 1, tautologies: 1, endsWithComment: true });
  });

  it('finds UNION SELECT and where it starts', () => {
    const { tokens } = tokenizeSql('-1 UNION ALL SELECT 1,2');
    expect(walkSql(tokens, 0, 'operand').unionAt).toBe(2);
  });

  it('stops at English: a third plain word in a row is not SQL', () => {
    const { tokens } = tokenizeSql('drop me a line');
    expect(walkSql(tokens, 1, 'operand').stop).toBe('invalid');
  });

  it('reports a semicolon and a statement keyword as the end of the expression', () => {
    expect(walkSql(tokenizeSql('1; DROP TABLE t').tokens, 0, 'operand')).toMatchObject({ stop: 'semicolon', end: 1 });
    expect(walkSql(tokenizeSql("1 EXEC xp_cmdshell 'dir'").tokens, 0, 'operand')).toMatchObject({ stop: 'statement', end: 1 });
  });

  it('does not count a comparison between a column and a value as constant', () => {
    const walk = walkSql(tokenizeSql("total > 61 AND created_at >= '2021-06-20'").tokens, 0, 'operand');
    expect(walk).toMatchObject({ comparisons: 2, constantComparisons: 0, constantLedComparisons: 0 });
  });
});
