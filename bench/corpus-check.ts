/**
 * Cross-checks the generated corpus values against the project's own exported validators,
 * when they exist: the generator computes check digits itself (validators only say yes or no),
 * so agreement shows both sides implement the same algorithms. A missing export is skipped.
 */
import * as gatehouse from '../src/index.js';
import type { DetectorType } from '../src/index.js';
import type { Corpus } from './corpus.js';

type Validator = (value: string) => boolean;

const compact = (v: string): string => v.replace(/[\s-]/g, '');

/** Planted type → exported validator name, and how the value is presented to it. */
const VALIDATORS: Partial<Record<DetectorType, { name: string; prepare: (value: string) => string }>> = {
  credit_card: { name: 'isValidLuhn', prepare: compact },
  iban: { name: 'isValidIban', prepare: compact },
  aadhaar: { name: 'isValidVerhoeff', prepare: compact },
  nric: { name: 'isValidSgNric', prepare: (v) => v },
  fin: { name: 'isValidSgFin', prepare: (v) => v },
  pan: { name: 'isValidIndianPan', prepare: (v) => v },
  ssn: { name: 'isValidSsn', prepare: (v) => v },
  email: { name: 'isValidEmailAddress', prepare: (v) => v },
};

function exported(name: string): Validator | undefined {
  const candidate = (gatehouse as Record<string, unknown>)[name];
  return typeof candidate === 'function' ? (candidate as Validator) : undefined;
}

export interface CorpusCheck {
  checked: number;
  disagreements: string[];
  missing: string[];
}

export function checkCorpusAgainstValidators(corpus: Corpus): CorpusCheck {
  const result: CorpusCheck = { checked: 0, disagreements: [], missing: [] };
  const missing = new Set<string>();
  for (const p of corpus.planted) {
    const spec = VALIDATORS[p.type];
    if (!spec) continue;
    const validate = exported(spec.name);
    if (!validate) {
      missing.add(spec.name);
      continue;
    }
    const value = corpus.text.slice(p.start, p.end);
    result.checked++;
    let ok: boolean;
    try {
      ok = validate(spec.prepare(value));
    } catch {
      ok = false;
    }
    if (!ok) result.disagreements.push(`${p.type} ${JSON.stringify(value)} (${spec.name})`);
  }
  result.missing = [...missing];
  return result;
}
