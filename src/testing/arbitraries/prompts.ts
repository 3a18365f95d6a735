/**
 * Prompts that embed one value: a clause that names it as its detector expects (see
 * prompt-phrases.ts), inside a shape people actually send to a model: prose with other
 * sentences around it, a chat transcript, a form, or a JSON body.
 */
import fc from 'fast-check';
import type { DetectorType } from '../../detectors/types.js';
import { PHRASES, type TypePhrases } from './prompt-phrases.js';
import { td3MrzFor } from './travel.js';
import { validValue } from './values.js';

/** A prompt and where the embedded value sits in it: `text.slice(start, end) === value`. */
export interface EmbeddedValue {
  text: string;
  /** The value as written in `text` (inside a JSON string, with JSON escapes). */
  value: string;
  start: number;
  end: number;
}

/** The shapes of prompt {@link promptWith} produces. */
export const PROMPT_SHAPES = ['sentence', 'chat', 'form', 'json', 'chat_json'] as const;
export type PromptShape = (typeof PROMPT_SHAPES)[number];

export interface PromptWithOptions {
  /** Values to embed instead of `validValue(type)`, such as `nearMissValue(type)`. */
  values?: fc.Arbitrary<string>;
  /** Shapes to draw from. Default: all of {@link PROMPT_SHAPES}. */
  shapes?: readonly PromptShape[];
}

/** Sentences around the value. None holds a label, a number or a word that changes a detector's mind. */
const FILLERS = [
  'Hi there!', 'Quick question for you.', 'Please help me write a short reply.', 'Thanks so much!',
  'Can you summarise this for the team?', 'I need this sorted before Friday.', 'Let me know if anything looks wrong.',
  'Here are the details you asked for.', 'Could you double-check the formatting?', 'Keep the tone friendly and brief.',
  'Terima kasih banyak!', 'Danke schön!', 'See you tomorrow 🙂', 'Make it sound less formal.',
];

const WRAPS: readonly (readonly [string, string])[] = [['', ''], ['', ''], ['', ''], ['"', '"'], ["'", "'"], ['(', ')'], ['`', '`'], ['[', ']']];

/** What goes around the value in its clause: a label phrase, and perhaps quotes or brackets. */
interface Clause {
  before: string;
  value: string;
  after: string;
}

function phraseClause(phrases: TypePhrases, value: string): fc.Arbitrary<Clause> {
  const needsLabel = phrases.needsLabel ? phrases.needsLabel(value) : true;
  const templates = needsLabel || !phrases.plain ? phrases.labelled : [...phrases.labelled, ...phrases.plain];
  const wraps = phrases.wrap ? WRAPS : WRAPS.slice(0, 1);
  return fc.tuple(fc.constantFrom(...templates), fc.constantFrom(...wraps)).map(([template, [open, close]]) => {
    const [before, after] = template.split('{v}') as [string, string];
    return { before: before + open, value, after: close + after };
  });
}

/** A passport number inside a full TD3 machine-readable zone, as pasted from a scan. */
function mrzClause(value: string): fc.Arbitrary<Clause> {
  return fc.tuple(td3MrzFor(value), fc.constantFrom('MRZ:\n', 'Here is the MRZ from the scan of my passport:\n', '')).map(([mrz, intro]) => ({
    before: `${intro}${mrz.line1}\n`,
    value,
    after: mrz.line2.slice(value.length),
  }));
}

/** A clause for `value`; `lines` allows one that relies on real line breaks (a machine-readable zone). */
function clauseFor(type: DetectorType, value: string, lines: boolean): fc.Arbitrary<Clause> {
  const phrased = phraseClause(PHRASES[type], value);
  return type === 'passport' && lines ? fc.oneof(phrased, mrzClause(value)) : phrased;
}

const filler = fc.constantFrom(...FILLERS);
const fillers = (max: number): fc.Arbitrary<string[]> => fc.array(filler, { maxLength: max });

function closingFor(type: DetectorType): fc.Arbitrary<string> {
  return fc.constantFrom(...(PHRASES[type].closings ?? ['', '.', '!', '?', ',']));
}

/** Joins the parts and reports where the value landed. */
function assemble(head: string, clause: Clause, tail: string): EmbeddedValue {
  const start = head.length + clause.before.length;
  return { text: head + clause.before + clause.value + clause.after + tail, value: clause.value, start, end: start + clause.value.length };
}

function sentence(type: DetectorType, clause: Clause): fc.Arbitrary<EmbeddedValue> {
  return fc.tuple(fillers(2), closingFor(type), fillers(2)).map(([pre, closing, post]) => {
    const head = pre.length > 0 ? pre.join(' ') + ' ' : '';
    const tail = closing + (post.length > 0 ? (closing === '\n' ? '' : ' ') + post.join(' ') : '');
    return assemble(head, clause, tail);
  });
}

function chat(type: DetectorType, clause: Clause): fc.Arbitrary<EmbeddedValue> {
  return fc.tuple(filler, filler, closingFor(type), fc.constantFrom('User', 'user', 'Human')).map(([first, reply, closing, role]) =>
    assemble(`${role}: ${first}\nAssistant: Sure, go ahead.\n${role}: `, clause, `${closing}\nAssistant: ${reply}`),
  );
}

function form(type: DetectorType, clause: Clause): fc.Arbitrary<EmbeddedValue> {
  return fc.tuple(fc.constantFrom('Ana Lima', 'Budi Santoso', 'Tan Wei Ling', 'Priya Sharma'), fc.constantFrom('Jakarta', 'Singapore', 'Pune', 'Lisbon'), closingFor(type)).map(
    ([name, city, closing]) => assemble(`Name: ${name}\n`, clause, `${closing === '\n' ? '' : closing}\nCity: ${city}`),
  );
}

/** JSON escaping of a string's contents, without the surrounding quotes. */
const escapeJson = (s: string): string => JSON.stringify(s).slice(1, -1);

/** `{"note": "…", "<key>": "<value>"}`, flat or nested, compact or indented. */
function keyedJson(type: DetectorType, value: string): fc.Arbitrary<EmbeddedValue> {
  return fc.tuple(fc.constantFrom(...PHRASES[type].keys), filler, fc.boolean(), fc.boolean()).map(([key, note, nested, pretty]) => {
    const nl = pretty ? '\n' : '';
    const ind = (depth: number): string => (pretty ? '  '.repeat(depth) : '');
    const sp = pretty ? ' ' : '';
    const pair = (depth: number): [string, string] => [`${ind(depth)}${JSON.stringify(key)}:${sp}"`, `"`];
    const noteField = (depth: number): string => `${ind(depth)}"note":${sp}${JSON.stringify(note)}`;
    let head: string;
    let tail: string;
    if (nested) {
      const [before, after] = pair(2);
      head = `{${nl}${ind(1)}"customer":${sp}{${nl}${ind(2)}"name":${sp}"Ana Lima",${nl}${before}`;
      tail = `${after}${nl}${ind(1)}},${nl}${noteField(1)}${nl}}`;
    } else {
      const [before, after] = pair(1);
      head = `{${nl}${noteField(1)},${nl}${before}`;
      tail = `${after}${nl}}`;
    }
    return assemble(head, { before: '', value: escapeJson(value), after: '' }, tail);
  });
}

/** A chat-completions body whose last user message holds the clause, JSON-escaped. */
function chatJson(type: DetectorType, clause: Clause): fc.Arbitrary<EmbeddedValue> {
  return fc.tuple(filler, closingFor(type), fc.constantFrom('gpt-4o', 'claude-sonnet', 'llama-3.1-70b')).map(([first, closing, model]) => {
    const head = `{"model":"${model}","messages":[{"role":"system","content":${JSON.stringify(first)}},{"role":"user","content":"`;
    const escaped: Clause = { before: escapeJson(clause.before), value: escapeJson(clause.value), after: escapeJson(clause.after + closing) };
    return assemble(head, escaped, '"}]}');
  });
}

/**
 * Prompts that embed one value of `type` (by default a `validValue(type)`), with the label the
 * type's detector needs to report it at the default confidence, in varied shapes: prose among
 * other sentences, a chat transcript, a form, a JSON body with the value under a telling key,
 * and a chat-completions request body. Values are written compact or grouped (cards, IBANs),
 * bare or wrapped in quotes or brackets, followed by varied punctuation; passport numbers also
 * appear inside a full machine-readable zone.
 *
 * `value`, `start` and `end` say exactly what a detector should report. Inside JSON the value
 * is as escaped in the text (a PEM block's newlines become `\n`).
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { detect } from 'gatehouse';
 * import { promptWith } from 'gatehouse/testing';
 *
 * fc.assert(fc.property(promptWith('aadhaar'), ({ text, start, end }) =>
 *   detect(text).some((f) => f.type === 'aadhaar' && f.start === start && f.end === end)));
 * ```
 */
export function promptWith(type: DetectorType, options: PromptWithOptions = {}): fc.Arbitrary<EmbeddedValue> {
  const values = options.values ?? validValue(type);
  const shapes = options.shapes ?? PROMPT_SHAPES;
  return fc.tuple(values, fc.constantFrom(...shapes)).chain(([value, shape]) => {
    if (shape === 'json') return keyedJson(type, value);
    return clauseFor(type, value, shape !== 'chat_json').chain((clause) => {
      if (shape === 'chat') return chat(type, clause);
      if (shape === 'form') return form(type, clause);
      if (shape === 'chat_json') return chatJson(type, clause);
      return sentence(type, clause);
    });
  });
}
