/** Assertions shared by the SQL scanner's tests. */
import { expect } from 'vitest';
import { scanSql, type SqlCategory } from '../../src/index.js';

/** Each payload is detected, and its top category is `category`. */
export function expectCategory(payloads: readonly string[], category: SqlCategory): void {
  for (const payload of payloads) {
    const result = scanSql(payload);
    expect({ payload, detected: result.detected, category: result.category }).toEqual({ payload, detected: true, category });
  }
}

/** None of the texts is reported. */
export function expectClean(texts: readonly string[]): void {
  const flagged = texts.filter((t) => scanSql(t).detected);
  expect(flagged).toEqual([]);
}
