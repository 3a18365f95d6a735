/**
 * One pass for the label words of the detectors that recognise a value by its label rather
 * than by its shape: passport numbers ("passport", "pasaporte", "travel document"), booking
 * references ("booking", "PNR", "record locator", "confirmation", "reservation"…) and dates of
 * birth ("birth", "born", "DOB", "lahir"). It finds short stems that every label of the type
 * contains; each detector then tries its full label pattern next to its own stems.
 *
 * Each type used to run its own case-insensitive regex over the whole text, 4.8 ms per MB of
 * chat prose for the three. One regex costs 2.0 ms, because of how it is written:
 *
 * - Its alternatives are grouped by the letter the search stops at (V8 tests the alternatives
 *   that share it together, and most positions fail on that letter), and it is one pass per
 *   `detect()` call instead of three, which counts on 4 KB inputs.
 * - The fewer the letters it stops at, the faster it runs, and t, r, c and d start a great
 *   many English words. So "travel d", "reserv", "confirm", "dob" and "d.o.b" are anchored on
 *   a later, rarer letter (v, f, b) and their start is checked by looking behind.
 *
 * When only some of these types are wanted, the pass is built for those alone, so
 * `detect(text, { types: ['dob'] })` does not pay for the others. Every place where a stem
 * matches is reported, overlapping ones included, so that each detector sees exactly the
 * matches its own regex would have found.
 *
 * The same pass also finds where a secret's value may follow its label (see
 * {@link SECRET_ANCHORS}). Searched for with `indexOf`, `is ` and the `:` and `=` after a label
 * cost about 1.2 ms per MB of chat prose (`i` and `:` are common); as two more alternatives of
 * this regex, about a third of that.
 */
import type { DetectorType, ScanContext, ScanPass } from '../types.js';

/** The types whose labels this pass finds. */
export type LabelledType = 'passport' | 'booking_ref' | 'dob';

const LABELLED_TYPES: readonly LabelledType[] = ['passport', 'booking_ref', 'dob'];

/**
 * Places where a secret may follow its label, found as alternatives of this pass's regex: each
 * stops on a character no stem starts with, so neither hides a stem. A place is reported when
 * the character before could end a secret label (secrets/label-end.ts lists the endings); the
 * detectors then check the whole ending.
 *
 * - `is` then a space, after a letter that ends a generic_secret label (passworD, phrasE,
 *   secreT, keY, tokeN) and one to four spaces or tabs: `password is …`.
 * - `:` or `=`, after the last letter of a label ending (those above, and the s of accesS) or
 *   after what may stand between a label and its separator (a space, a tab, a quote).
 */
const SECRET_ANCHORS = {
  is: { source: String.raw`(is )(?<=[detyn][ \t]{1,4}is )`, wanted: ['generic_secret'] },
  separator: { source: String.raw`([:=])(?<=[detyns"'\x60 \t][:=])`, wanted: ['generic_secret', 'aws_secret_access_key'] },
} as const;

type SecretAnchor = keyof typeof SECRET_ANCHORS;
const SECRET_ANCHOR_KINDS: readonly SecretAnchor[] = ['is', 'separator'];

/**
 * A stem, as a regex source matched case-insensitively, or a pair [before, rest]: the stem is
 * `before` then `rest`, the search stops at the first letter of `rest`, and `before` is
 * checked by looking behind. `before` must match a fixed number of characters (letters,
 * `[…]` classes, escaped characters).
 *
 * Every label a detector accepts contains one of its stems within a short reach of the
 * label's start (the detector says how far). A stem of a type may not start inside the
 * `before` of another stem of that type, so that each type's stems come out in order.
 */
type Stem = string | readonly [before: string, rest: string];

const STEMS: Readonly<Record<LabelledType, readonly Stem[]>> = {
  // passport, passeport, pasaporte, paspor, paszport, Reisepass, Pass-Nr., travel document
  passport: ['pas', ['tra', String.raw`vel\s*d`]],
  // booking, Buchungscode, PNR, prenotazione, pemesanan, record locator, localizador,
  // confirmation, reservation, réservation, reserva
  booking_ref: ['book', 'buchung', 'pnr', 'prenot', 'pemesan', 'locator', 'localiz', ['con', 'firm'], ['r[ée]ser', 'v']],
  // birth, birthday, born, DOB, D.O.B., lahir
  dob: ['birth', 'born', ['do', 'b'], [String.raw`d\.o\.`, 'b'], 'lahir'],
};

/**
 * Stems of each type, as a flat list of [start, end) pairs sorted by start, and the places
 * where a secret may follow its label (see {@link SECRET_ANCHORS}), in order.
 */
export interface LabelStems extends Readonly<Record<LabelledType, readonly number[]>> {
  /** Offsets of `is ` (in any case) after a possible generic_secret label ending and white space. */
  readonly isAfterLabel: readonly number[];
  /** Offsets of `:` and `=` after a possible secret label ending, white space or a quote. */
  readonly separatorsAfterLabel: readonly number[];
}

/** What a capture group of the pattern stands for: stems of one type with one `before`. */
interface StemGroup {
  readonly type: LabelledType;
  /** Characters of the stem before the anchor. */
  readonly before: number;
  /** This group's stems alone, from the anchor on. Sticky. */
  readonly alone: RegExp;
  /**
   * The groups anchored on the same letter, this one included, by decreasing `before`: a
   * stem of each may match at the same place.
   */
  readonly siblings: StemGroup[];
}

/** A regex over the stems of some types, and what each of its capture groups stands for. */
interface StemPattern {
  readonly regex: RegExp;
  /** `groups[i]` describes capture group `i` (index 0 is unused): a stem group or a secret anchor. */
  readonly groups: readonly (StemGroup | SecretAnchor)[];
}

/**
 * Builds `b(?:(ook|uchung)|(irth|orn)|(?<=dob)())|p(?:(as)|(nr|renot|emesan))|v(?:(?<=trav)(el\s*d)|…)|…`:
 * the stems grouped by anchor letter, and within a letter one capture group per type and
 * `before`. A match is the stem from its anchor on; the group that matched says where the
 * stem starts and whose it is.
 */
function buildStemPattern(types: readonly LabelledType[], anchors: readonly SecretAnchor[]): StemPattern {
  // anchor letter → "type before" → the group's lookbehind and its alternatives after the anchor
  const byAnchor = new Map<string, Map<string, { type: LabelledType; before: string; rests: string[] }>>();
  for (const type of types) {
    for (const stem of STEMS[type]) {
      const [before, rest] = typeof stem === 'string' ? ['', stem] : stem;
      const anchor = rest[0]!;
      const alternatives = byAnchor.get(anchor) ?? new Map();
      const key = `${type} ${before}`;
      const entry = alternatives.get(key) ?? { type, before, rests: [] };
      entry.rests.push(rest.slice(1));
      alternatives.set(key, entry);
      byAnchor.set(anchor, alternatives);
    }
  }
  const groups: (StemGroup | SecretAnchor)[] = [];
  let groupCount = 0;
  const branches: string[] = [];
  for (const [anchor, alternatives] of byAnchor) {
    const inner: string[] = [];
    const siblings: StemGroup[] = [];
    for (const { type, before, rests } of alternatives.values()) {
      const source = `${before ? `(?<=${before}${anchor})` : ''}(${rests.join('|')})`;
      const group: StemGroup = { type, before: sourceLength(before), alone: new RegExp(anchor + source, 'iy'), siblings };
      siblings.push(group);
      groups[++groupCount] = group;
      inner.push(source);
    }
    siblings.sort((a, b) => b.before - a.before); // by start, where they match at one place
    branches.push(inner.length === 1 ? `${anchor}${inner[0]}` : `${anchor}(?:${inner.join('|')})`);
  }
  for (const kind of anchors) {
    groups[++groupCount] = kind;
    branches.push(SECRET_ANCHORS[kind].source);
  }
  return { regex: new RegExp(branches.join('|'), 'gi'), groups };
}

/** Characters matched by a fixed-length source made of letters, `[…]` classes and `\x` escapes. */
function sourceLength(source: string): number {
  let n = 0;
  for (let i = 0; i < source.length; i++, n++) {
    if (source[i] === '\\') i++;
    else if (source[i] === '[') i = source.indexOf(']', i);
  }
  return n;
}

/**
 * One pattern per set of wanted types and secret anchors (indexed by a bit for each), built on
 * first use.
 */
const patterns: (StemPattern | undefined)[] = [];

/** The pattern for the wanted types, or undefined when none is wanted. */
function stemPatternFor(ctx: ScanContext): StemPattern | undefined {
  let set = 0;
  for (let i = 0; i < LABELLED_TYPES.length; i++) if (ctx.wants(LABELLED_TYPES[i]!)) set |= 1 << i;
  for (let i = 0; i < SECRET_ANCHOR_KINDS.length; i++) {
    if (wantsAny(ctx, SECRET_ANCHORS[SECRET_ANCHOR_KINDS[i]!].wanted)) set |= 1 << (LABELLED_TYPES.length + i);
  }
  if (set === 0) return undefined;
  return (patterns[set] ??= buildStemPattern(
    LABELLED_TYPES.filter((_, i) => (set & (1 << i)) !== 0),
    SECRET_ANCHOR_KINDS.filter((_, i) => (set & (1 << (LABELLED_TYPES.length + i))) !== 0),
  ));
}

function wantsAny(ctx: ScanContext, types: readonly DetectorType[]): boolean {
  for (let i = 0; i < types.length; i++) if (ctx.wants(types[i]!)) return true;
  return false;
}

const SPACE = 32;
const COLON = 58;
const EQUALS = 61;

function findLabelStems(ctx: ScanContext): LabelStems {
  const stems: { -readonly [K in keyof LabelStems]: number[] } = { passport: [], booking_ref: [], dob: [], isAfterLabel: [], separatorsAfterLabel: [] };
  const pattern = stemPatternFor(ctx);
  if (pattern === undefined) return stems;
  const { text } = ctx;
  const { regex, groups } = pattern;
  regex.lastIndex = 0;
  for (;;) {
    // `test` rather than `exec`: nearly every match is a secret anchor, which its last
    // character names (no stem ends in a space, `:` or `=`), so no match array is built for
    // it. A stem, which is rare, is matched again with `exec` to learn which group it is.
    const from = regex.lastIndex;
    if (!regex.test(text)) break;
    const end = regex.lastIndex;
    const last = text.charCodeAt(end - 1);
    let anchor: number;
    if (last === COLON || last === EQUALS) {
      anchor = end - 1;
      stems.separatorsAfterLabel.push(anchor);
    } else if (last === SPACE) {
      anchor = end - 3; // `is `
      stems.isAfterLabel.push(anchor);
    } else {
      regex.lastIndex = from;
      const m = regex.exec(text)!;
      anchor = m.index;
      pushStems(text, m, groups, stems);
    }
    // Resume just after the anchor, not after the stem: a stem may start inside another
    // ("pnreserv"), and the detectors must see both. Stems are short, so this stays linear.
    regex.lastIndex = anchor + 1;
  }
  return stems;
}

/** Records the stems of the match `m` of a stem group, and those of its siblings at the same place. */
function pushStems(
  text: string, m: RegExpExecArray, groups: StemPattern['groups'], stems: Record<LabelledType, number[]>,
): void {
  const anchor = m.index;
  let g = 1;
  while (m[g] === undefined) g++;
  const group = groups[g] as StemGroup;
  if (group.siblings.length === 1) {
    stems[group.type].push(anchor - group.before, anchor + m[0].length);
    return;
  }
  // The regex reports one stem per place; others anchored on the same letter may match
  // there too ("doborn": dob and born). Those of a type are recorded by their start.
  for (const sibling of group.siblings) {
    sibling.alone.lastIndex = anchor;
    if (sibling === group) stems[group.type].push(anchor - group.before, anchor + m[0].length);
    else if (sibling.alone.test(text)) stems[sibling.type].push(anchor - sibling.before, sibling.alone.lastIndex);
  }
}

/** The label stems of the scanned text, for the wanted label-first types; see the top of this file. */
export const LABEL_STEMS: ScanPass<LabelStems> = {
  name: 'label-stems',
  run: findLabelStems,
};
