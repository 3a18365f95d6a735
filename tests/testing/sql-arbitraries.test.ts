import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanSql } from '../../src/index.js';
import { benignSql, SQL_INJECTION_SHAPES, sqlInjection } from '../../src/testing/index.js';

/** The technique each shape is, by the scanner's category names (a stacked DROP may also be dangerous_query). */
const EXPECTED_CATEGORY = {
  union: ['union_based'],
  boolean: ['boolean_blind', 'comment_truncation'],
  time: ['time_based'],
  error: ['error_based'],
  stacked: ['stacked_queries'],
  comment: ['comment_truncation'],
} as const;

describe('sqlInjection()', () => {
  for (const shape of SQL_INJECTION_SHAPES) {
    it(`${shape} payloads are all detected by scanSql, as an injection of that kind`, () => {
      fc.assert(fc.property(sqlInjection([shape]), (payload) => {
        const result = scanSql(payload);
        expect(result.detected, payload).toBe(true);
        expect(EXPECTED_CATEGORY[shape], payload).toContain(result.category);
      }), { numRuns: 300 });
    });
  }

  it('varies the payloads: quotes, numbers, case and spacing all occur', () => {
    const samples = fc.sample(sqlInjection(), { numRuns: 400, seed: 4 });
    expect(new Set(samples).size).toBeGreaterThan(300);
    expect(samples.some((s) => s.includes("'"))).toBe(true);
    expect(samples.some((s) => s.includes('"'))).toBe(true);
    expect(samples.some((s) => /^\d/.test(s) && !/['"]/.test(s))).toBe(true);
    expect(samples.some((s) => s.includes('/**/'))).toBe(true);
    expect(samples.some((s) => /\bunion\b/.test(s)) && samples.some((s) => /\bUNION\b/.test(s))).toBe(true);
  });
});

describe('benignSql()', () => {
  it('is never detected by scanSql', () => {
    fc.assert(fc.property(benignSql(), (sql) => {
      const result = scanSql(sql);
      expect(result.findings.map((f) => `${f.category}: ${f.reason}`), sql).toEqual([]);
    }), { numRuns: 1000 });
  });

  it('covers SELECT, JOIN, GROUP BY, INSERT, UPDATE … WHERE and DELETE … WHERE', () => {
    const samples = fc.sample(benignSql(), { numRuns: 400, seed: 6 }).map((s) => s.toUpperCase());
    for (const keyword of ['SELECT ', ' JOIN ', 'GROUP BY', 'INSERT INTO', 'UPDATE ', 'DELETE FROM']) {
      expect(samples.some((s) => s.includes(keyword)), keyword).toBe(true);
    }
    expect(samples.filter((s) => s.startsWith('UPDATE') || s.startsWith('DELETE')).every((s) => s.includes(' WHERE '))).toBe(true);
  });

  it('a doubled quote in an UPDATE … SET value does not hide the WHERE (a false positive these generators found)', () => {
    expect(scanSql("UPDATE users SET status = 'O''Brien' WHERE id = 1").detected).toBe(false);
  });

  it('the same doubled quote elsewhere is clean too', () => {
    expect(scanSql("SELECT * FROM users WHERE name = 'O''Brien'").detected).toBe(false);
    expect(scanSql("INSERT INTO users (name) VALUES ('O''Brien')").detected).toBe(false);
    expect(scanSql("UPDATE users SET status = 'x' WHERE name = 'O''Brien'").detected).toBe(false);
  });
});
