import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect, DETECTOR_TYPES, type DetectorType } from '../../src/index.js';
import { PROMPT_SHAPES, promptWith, type EmbeddedValue } from '../../src/testing/index.js';

const foundExactly = (type: DetectorType, p: EmbeddedValue): boolean =>
  detect(p.text).some((f) => f.type === type && f.start === p.start && f.end === p.end && f.value === p.value);

describe('generated valid values are always found (default minConfidence)', () => {
  it('promptWith reports where the value is', () => {
    fc.assert(fc.property(fc.constantFrom(...DETECTOR_TYPES).chain((t) => promptWith(t)), (p) => {
      expect(p.text.slice(p.start, p.end)).toBe(p.value);
    }), { numRuns: 500 });
  });

  for (const type of DETECTOR_TYPES) {
    it(`${type}: detect() reports the exact value in every prompt shape`, () => {
      fc.assert(fc.property(promptWith(type), (p) => {
        expect(foundExactly(type, p), JSON.stringify(p)).toBe(true);
      }), { numRuns: 250 });
    });
  }

  it('every prompt shape occurs', () => {
    const shapes = new Set<string>();
    for (const p of fc.sample(promptWith('email'), { numRuns: 300, seed: 2 })) {
      shapes.add(p.text.startsWith('{"model"') ? 'chat_json' : p.text.startsWith('{') ? 'json' : p.text.startsWith('Name:') ? 'form' : /^(?:User|user|Human): /.test(p.text) ? 'chat' : 'sentence');
    }
    expect([...shapes].sort()).toEqual([...PROMPT_SHAPES].sort());
  });
});

describe('gaps these generators found, now fixed', () => {
  it('phone: finds a number written in parentheses', () => {
    const text = 'call me on (+44 7400 123456) after lunch';
    expect(detect(text).map((f) => f.value)).toContain('+44 7400 123456');
  });

  it('passport: finds a number quoted after "Passport No."', () => {
    expect(detect('Passport No. "K1234567"').map((f) => f.value)).toContain('K1234567');
  });

  it('the same values are found without the parenthesis or quote', () => {
    expect(detect('call me on +44 7400 123456 after lunch').map((f) => f.type)).toContain('phone');
    expect(detect('Passport No. K1234567').map((f) => f.type)).toContain('passport');
  });
});
