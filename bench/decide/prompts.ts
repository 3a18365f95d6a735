/**
 * Chat prompts of an exact length, cut from the seeded bench corpus. Some keep the PII and
 * secrets the corpus plants (so policies redact or block), the others have them replaced by a
 * harmless phrase (so the common "nothing to do" path is measured too).
 */
import { buildCorpus, type PlantedValue } from '../corpus.js';
import { createRng } from '../prng.js';

export interface BenchPrompt {
  text: string;
  /** Planted values left in the prompt, offsets relative to `text`. Empty for a clean prompt. */
  planted: PlantedValue[];
}

const PADDING = ' Thanks in advance for your help. Please keep the answer short and use bullet points where it makes sense.';
const REPLACEMENT = '(on file)';

function padTo(text: string, length: number): string {
  let out = text;
  while (out.length < length) out += PADDING;
  return out.slice(0, length);
}

/** Removes every planted value, rebuilding the text around them. */
function withoutPlanted(text: string, planted: readonly PlantedValue[]): string {
  let out = '';
  let at = 0;
  for (const p of planted) {
    out += text.slice(at, p.start) + REPLACEMENT;
    at = p.end;
  }
  return out + text.slice(at);
}

/**
 * `count` prompts of exactly `length` characters. Windows end on whitespace and never cut a
 * planted value; the short tail is padded with filler prose. `piiShare` of them keep their
 * planted values.
 */
export function buildPrompts(length: number, count: number, piiShare: number, seed: number): BenchPrompt[] {
  const corpus = buildCorpus(Math.ceil(length * count * 1.25) + 4096, seed);
  const { text } = corpus;
  const planted = [...corpus.planted].sort((a, b) => a.start - b.start);
  const rng = createRng(seed ^ 0x5eed);
  const prompts: BenchPrompt[] = [];
  let start = 0;
  while (prompts.length < count) {
    let end = Math.min(text.length, start + length);
    // Never split a planted value; otherwise end on whitespace.
    const straddling = planted.find((p) => p.start < end && p.end > end);
    if (straddling) end = straddling.start;
    else if (end < text.length) end = Math.max(text.lastIndexOf(' ', end), text.lastIndexOf('\n', end), start + 1);
    const inside = planted.filter((p) => p.start >= start && p.end <= end).map((p) => ({ ...p, start: p.start - start, end: p.end - start }));
    const window = text.slice(start, end);
    const keep = rng.chance(piiShare);
    prompts.push(keep
      ? { text: padTo(window, length), planted: inside }
      : { text: padTo(withoutPlanted(window, inside), length), planted: [] });
    start = end;
    if (start >= text.length - length) throw new Error('bench corpus too short for the prompts requested');
  }
  return prompts;
}
