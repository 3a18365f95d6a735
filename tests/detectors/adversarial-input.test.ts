import { describe, expect, it } from 'vitest';
import { detect, scanSql } from '../../src/index.js';

// Inputs built to trigger catastrophic backtracking in careless patterns. Each is 100 KB.
// Linear-time scanning handles one in a few milliseconds; the one-second bound only
// catches exponential or quadratic blow-ups, so it is not sensitive to machine noise.
const SIZE = 100_000;
const fill = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

const ADVERSARIAL: Record<string, string> = {
  'digit run': fill('1'),
  'digits with spaces': fill('1 '),
  'digits with dashes': fill('12-'),
  'digits with dots': fill('1.'),
  'grouped digits': fill('1234 '),
  'repeated separators': fill(' - '),
  'at signs': fill('@'),
  'local@ parts': fill('a@'),
  'dotted email-like': fill('a.'),
  'lower-case letters': fill('a'),
  'upper-case letters': fill('A'),
  'upper alphanumerics': fill('A1'),
  'plus signs and digits': fill('+1 '),
  'parentheses': fill('(1) '),
  'unclosed double quotes': fill('"a'),
  'unclosed single quotes': fill("'"),
  'unclosed block comments': fill('/*'),
  'line comments': fill('--'),
  'pem begin lines': fill('-----BEGIN PRIVATE KEY-----\n'),
  'jwt prefixes': fill('eyJ.'),
  'labels without values': fill('password= '),
  'iban-like': fill('GB82 '),
  'url-encoding': fill('%25'),
  'sql keywords': fill('UNION SELECT '),
  'open parentheses': fill('('),
  'birth labels': fill('date of birth 1/1/'),
  'passport labels': fill('passport A12 '),
};

describe('linear time on 100 KB adversarial strings', () => {
  for (const [name, text] of Object.entries(ADVERSARIAL)) {
    it(`detect and scanSql finish quickly on ${name}`, () => {
      const t0 = performance.now();
      const findings = detect(text, { minConfidence: 0 });
      const t1 = performance.now();
      scanSql(text);
      const t2 = performance.now();
      expect(Array.isArray(findings)).toBe(true);
      expect(t1 - t0, 'detect ms').toBeLessThan(1000);
      expect(t2 - t1, 'scanSql ms').toBeLessThan(1000);
    });
  }
});
