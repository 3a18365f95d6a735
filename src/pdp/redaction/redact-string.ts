/**
 * Rewrites the redacted spans of one string. Each span names its type and its style; the
 * styles live in `styles/`, one file each. The law: the output never contains any span's
 * original value, whatever the style.
 */
import { GatehouseTypeError, assertString } from '../../errors.js';
import { REDACTION_STYLES, type RedactionStyle } from '../policy-schema.js';
import { MASK_CHAR, codePointWidth } from './aligned-mask.js';
import { findOccurrences, type Range } from './find-occurrences.js';
import { InvalidRedactionInputError } from './errors.js';
import type { OrgRedactionKeys } from './org-keys.js';
import { isLayoutChar, isRedactionType, type RedactionType } from './redaction-type.js';
import { formatPreservingValue } from './styles/format-preserving.js';
import { hashValue } from './styles/hash.js';
import { labelFor } from './styles/label.js';
import { maskValue } from './styles/mask.js';
import { partialValue } from './styles/partial.js';
import { tokenizeValue } from './styles/tokenize.js';
import { sortStable } from '../../stable-sort.js';

/** One stretch of a string to rewrite. Offsets are UTF-16, `start` inclusive, `end` exclusive. */
export interface RedactionSpan {
  start: number;
  end: number;
  type: RedactionType;
  style: RedactionStyle;
}

const STYLES: ReadonlySet<string> = new Set(REDACTION_STYLES);

/** Overlapping spans merged into one rewritten stretch. */
interface Region {
  start: number;
  end: number;
  /** The span that decides the region's type and style: the earliest, then the longest. */
  primary: RedactionSpan;
  members: RedactionSpan[];
}

/**
 * `text` with every span rewritten in its style. For the reversible styles (`tokenize`,
 * `format_preserving`) each replacement → original pair is added to `tokens`, which
 * `restore()` takes to undo them.
 *
 * The law: the output never contains the original value of any span. Three rules keep it:
 * - Every other occurrence of a span's value in `text` is redacted too, with the same type
 *   and style, so a value that a detector found once does not survive elsewhere.
 * - Spans may overlap or nest. Overlapping spans (sharing at least one character; touching
 *   ones do not) merge into one region, rewritten as a whole in the style and type of its
 *   earliest span, the longest one when several start together. With `mask` and `partial`
 *   the characters that this primary span would show stay visible only where no other span
 *   of the region covers them; the rest of the region is masked.
 * - A replacement that would put a value back in the output (only tiny values can: a text
 *   rule for `text` labelled `[REDACTED:text_rule]`, a digit pseudonym that happens to join
 *   the digits after it) is replaced by a fill of `*`, or of a character that no value
 *   contains. Reversible styles first try other tokens or tweaks, so they stay reversible.
 *
 * @example
 * ```ts
 * const keys = deriveOrgKeys(master, 'acme');
 * const tokens = new Map<string, string>();
 * redactString('card 4111 1111 1111 1111', [{ start: 5, end: 24, type: 'credit_card', style: 'mask' }], keys, tokens);
 * // 'card **** **** **** 1111'
 * redactString('mail ana@example.com', [{ start: 5, end: 20, type: 'email', style: 'tokenize' }], keys, tokens);
 * // 'mail [[email_…]]', and tokens maps the token back to 'ana@example.com'
 * ```
 */
export function redactString(text: string, spans: readonly RedactionSpan[], keys: OrgRedactionKeys, tokens: Map<string, string>): string {
  assertString(text, 'text');
  if (!Array.isArray(spans)) throw new GatehouseTypeError('The "spans" argument must be an array of { start, end, type, style }.');
  assertKeys(keys);
  if (!(tokens instanceof Map)) throw new GatehouseTypeError('The "tokens" argument must be a Map (replacement → original).');
  return redactCheckedSpans(text, spans.map((span, i) => checkSpan(span, i, text.length)), keys, tokens);
}

/**
 * {@link redactString} for spans the caller built itself and already knows to be valid:
 * integer offsets within `text`, a redaction type and a style each, and keys from
 * `deriveOrgKeys`. The decision engine's path, which skips the argument checks.
 */
export function redactCheckedSpans(text: string, spans: readonly RedactionSpan[], keys: OrgRedactionKeys, tokens: Map<string, string>): string {
  const given = spans.every(isNonEmpty) ? spans : spans.filter(isNonEmpty);
  if (given.length === 0) return text;

  const { all, values } = withEveryOccurrence(text, given);
  // A stable sort: equal spans keep their order in `all`.
  const ordered = sortStable(all, byStartThenLongest);

  // pieces alternate: kept text, replacement, kept text, …, kept text.
  const pieces: string[] = [];
  const regions = mergeOverlapping(ordered);
  // Made on first use: most strings have no reversible region.
  let reversible: Set<number> | undefined;
  // One context for every region (no closure per region): `pieces` grows as regions render.
  const ctx: RenderContext = { pieces, values, prefixes: undefined };
  let last = 0;
  for (let k = 0; k < regions.length; k++) {
    const region = regions[k]!;
    pieces.push(text.slice(last, region.start));
    const rendered = renderRegion(text, region, keys, tokens, ctx);
    if (rendered.reversible) (reversible ??= new Set()).add(k);
    pieces.push(rendered.text);
    last = region.end;
  }
  pieces.push(text.slice(last));
  return enforceNoValue(pieces.join(''), pieces, regions, values, reversible ?? NONE_REVERSIBLE);
}

const NONE_REVERSIBLE: ReadonlySet<number> = new Set();

function isNonEmpty(span: RedactionSpan): boolean {
  return span.end > span.start;
}

function byStartThenLongest(a: RedactionSpan, b: RedactionSpan): number {
  return a.start - b.start || b.end - a.end;
}

/**
 * `spans` plus a span, of the same type and style, over every other occurrence of each value;
 * and the values, in the order they first appear among `spans` (the added spans repeat them).
 * The first span with a value gives its other occurrences their type and style.
 */
function withEveryOccurrence(text: string, spans: readonly RedactionSpan[]): { all: RedactionSpan[]; values: ReadonlySet<string> } {
  const all = spans.slice();
  const values = new Set<string>();
  // A place a given span already covers gets no second, identical span: two members of one
  // region would make mask and partial hide what they are meant to show. Only a given span can
  // sit where an occurrence is (two distinct values never share both ends), so only they are
  // checked: most strings carry one to three findings, scanned directly; with more, a set of
  // their places, keyed by number (start * (length + 1) + end is exact for any string length
  // V8 allows).
  const width = text.length + 1;
  const given = spans.length > FEW_SPANS ? new Set(spans.map((s) => s.start * width + s.end)) : undefined;
  for (const first of spans) {
    const value = text.slice(first.start, first.end);
    if (values.has(value)) continue;
    values.add(value);
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
      const end = at + value.length;
      const isGiven = given === undefined ? spans.some((s) => s.start === at && s.end === end) : given.has(at * width + end);
      if (!isGiven) all.push({ start: at, end, type: first.type, style: first.style });
    }
  }
  return { all, values };
}

/** Up to this many spans, scanning them beats building a set of their places. */
const FEW_SPANS = 4;

function mergeOverlapping(ordered: readonly RedactionSpan[]): Region[] {
  const regions: Region[] = [];
  let current: Region | undefined;
  for (const span of ordered) {
    if (current && span.start < current.end) {
      current.members.push(span);
      if (span.end > current.end) current.end = span.end;
    } else {
      current = { start: span.start, end: span.end, primary: span, members: [span] };
      regions.push(current);
    }
  }
  return regions;
}

interface RenderContext {
  /** The output so far, in pieces: the reversible styles' checks read only its tail. */
  pieces: readonly string[];
  /** Every value being redacted in this string. */
  values: ReadonlySet<string>;
  /** Does the text contain this two-character prefix? Saves a full search for most tokens, which start with `[[`. Made on first use. */
  prefixes: Map<string, boolean> | undefined;
}

function renderRegion(text: string, region: Region, keys: OrgRedactionKeys, tokens: Map<string, string>, ctx: RenderContext): { text: string; reversible: boolean } {
  const value = text.slice(region.start, region.end);
  const { type, style } = region.primary;
  switch (style) {
    case 'mask': return { text: aligned(text, region, maskValue), reversible: false };
    case 'partial': return { text: aligned(text, region, partialValue), reversible: false };
    case 'label': return { text: labelFor(type), reversible: false };
    case 'hash': return { text: hashValue(value, type, keys), reversible: false };
    case 'tokenize':
    case 'format_preserving': {
      const accept = acceptFor(text, region, tokens, value, ctx);
      const out = (style === 'format_preserving' ? formatPreservingValue(value, type, keys, accept) : undefined) ?? tokenizeValue(value, type, keys, accept);
      if (out === undefined) return { text: MASK_CHAR.repeat(value.length), reversible: false }; // enforceNoValue re-checks it
      tokens.set(out, value);
      return { text: out, reversible: true };
    }
  }
}

/**
 * A reversible replacement must not show any value being redacted, even joined with the
 * characters around it; must be absent from the text, or restore() would rewrite that
 * occurrence too; and must not already stand for a different value.
 */
function acceptFor(text: string, region: Region, tokens: Map<string, string>, value: string, ctx: RenderContext): (candidate: string) => boolean {
  let reach = 0;
  for (const v of ctx.values) if (v.length - 1 > reach) reach = v.length - 1;
  const left = outputTail(ctx.pieces, reach);
  const right = text.slice(region.end, region.end + reach);
  return (candidate) => {
    const joined = left + candidate + right;
    for (const v of ctx.values) if (occursOverlapping(joined, v, left.length, left.length + candidate.length)) return false;
    if (inText(text, candidate, (ctx.prefixes ??= new Map()))) return false;
    const known = tokens.get(candidate);
    return known === undefined || known === value;
  };
}

/** The last `reach` characters of the output so far (all of it when shorter), without joining all of it. */
function outputTail(pieces: readonly string[], reach: number): string {
  let tail = '';
  for (let i = pieces.length - 1; i >= 0 && tail.length < reach; i--) tail = pieces[i]! + tail;
  return tail.slice(Math.max(0, tail.length - reach));
}

function inText(text: string, candidate: string, prefixes: Map<string, boolean>): boolean {
  const prefix = candidate.slice(0, 2);
  let present = prefixes.get(prefix);
  if (present === undefined) prefixes.set(prefix, (present = text.includes(prefix)));
  return present && text.includes(candidate);
}

/** Does `needle` occur in `haystack` at a position that overlaps [from, to)? */
function occursOverlapping(haystack: string, needle: string, from: number, to: number): boolean {
  for (let at = haystack.indexOf(needle, Math.max(0, from - needle.length + 1)); at >= 0 && at < to; at = haystack.indexOf(needle, at + 1)) {
    if (at + needle.length > from) return true;
  }
  return false;
}

/**
 * The last line of the law. Every value is searched for in the output; for each occurrence
 * that overlaps a replacement, one of the replacements it overlaps (a non-reversible one if
 * there is one, so that restore() keeps working) becomes a fill of a character that no value
 * contains, which breaks the occurrence. No occurrence can lie wholly in kept text: every
 * occurrence of every value was redacted.
 */
function enforceNoValue(out: string, pieces: string[], regions: readonly Region[], values: ReadonlySet<string>, reversible: ReadonlySet<number>): string {
  if (noValueCanOverlap(pieces, values)) return out;
  // Output offsets of each replacement (the odd pieces).
  const starts: number[] = [];
  let offset = 0;
  for (let i = 0; i < pieces.length; i++) {
    if (i % 2 === 1) starts.push(offset);
    offset += pieces[i]!.length;
  }
  const list = [...values];
  const spoiled = new Set<number>();
  findOccurrences(out, list, aroundReplacements(out.length, starts, pieces, list)).forEach((offsets, j) => {
    const v = list[j]!;
    for (const at of offsets) {
      const overlapping: number[] = [];
      for (let k = lastStartBefore(starts, at + v.length); k >= 0; k--) {
        if (starts[k]! + pieces[2 * k + 1]!.length <= at) break;
        overlapping.push(k);
      }
      if (overlapping.length === 0 || overlapping.some((k) => spoiled.has(k))) continue;
      spoiled.add(overlapping.find((k) => !reversible.has(k)) ?? overlapping[0]!);
    }
  });
  if (spoiled.size === 0) return out;
  const fillChar = charInNoValue(values);
  for (const k of spoiled) {
    const region = regions[k]!;
    pieces[2 * k + 1] = fillChar.repeat(region.end - region.start);
  }
  return pieces.join('');
}

// Scratch bitmaps for noValueCanOverlap, which runs to completion without re-entering itself.
const ASCII_BITS = new Uint32Array(4);
const FIRST_BITS = new Uint32Array(4);

/**
 * Can no occurrence of a value overlap a replacement? An occurrence that does either starts
 * inside the first replacement it overlaps, so the value's first code unit occurs in that
 * replacement, or covers that replacement's start, so the replacement's first code unit
 * occurs in the value. When neither can happen (a card's digits against
 * `[REDACTED:credit_card]`, an email against `**** 1111`: the common case), the search is
 * not needed. Beyond ASCII, any unit on both sides counts as a possible overlap.
 */
function noValueCanOverlap(pieces: readonly string[], values: ReadonlySet<string>): boolean {
  // Bitmaps of the ASCII units in the replacements, and of the replacements' first units.
  const inReplacements = ASCII_BITS.fill(0, 0, 4);
  const replacementFirsts = FIRST_BITS.fill(0, 0, 4);
  let wideIn = false;
  let wideFirst = false;
  for (let i = 1; i < pieces.length; i += 2) {
    const replacement = pieces[i]!;
    for (let j = 0; j < replacement.length; j++) {
      const c = replacement.charCodeAt(j);
      if (c < 0x80) {
        inReplacements[c >> 5]! |= 1 << (c & 31);
        if (j === 0) replacementFirsts[c >> 5]! |= 1 << (c & 31);
      } else {
        wideIn = true;
        if (j === 0) wideFirst = true;
      }
    }
  }
  for (const v of values) {
    const first = v.charCodeAt(0);
    if (first < 0x80 ? (inReplacements[first >> 5]! & (1 << (first & 31))) !== 0 : wideIn) return false;
    for (let j = 0; j < v.length; j++) {
      const c = v.charCodeAt(j);
      if (c < 0x80 ? (replacementFirsts[c >> 5]! & (1 << (c & 31))) !== 0 : wideFirst) return false;
    }
  }
  return true;
}

/**
 * Where an occurrence that overlaps a replacement can lie: around each replacement, as far
 * as the longest value reaches, merged where they touch. Occurrences elsewhere lie in kept
 * text, which enforceNoValue leaves alone, so they need not be found.
 */
function aroundReplacements(length: number, starts: readonly number[], pieces: readonly string[], values: readonly string[]): Range[] {
  let reach = 0;
  for (const v of values) if (v.length - 1 > reach) reach = v.length - 1;
  const ranges: Range[] = [];
  for (let k = 0; k < starts.length; k++) {
    const from = Math.max(0, starts[k]! - reach);
    const to = Math.min(length, starts[k]! + pieces[2 * k + 1]!.length + reach);
    const last = ranges[ranges.length - 1];
    if (last !== undefined && from <= last.to) last.to = Math.max(last.to, to);
    else ranges.push({ from, to });
  }
  return ranges;
}

function lastStartBefore(starts: readonly number[], end: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! < end) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function charInNoValue(values: ReadonlySet<string>): string {
  const candidates = [MASK_CHAR, '#', '~', '_', 'x', '.'];
  for (const c of candidates) if (![...values].some((v) => v.includes(c))) return c;
  for (let code = 0x21; ; code++) {
    const c = String.fromCharCode(code);
    if (![...values].some((v) => v.includes(c))) return c;
  }
}

/**
 * Applies a length-preserving style to the primary span, then masks every character of the
 * region that lies outside it or inside another span.
 */
function aligned(text: string, region: Region, styleFn: (value: string, type: RedactionType) => string): string {
  const p = region.primary;
  const styled = styleFn(text.slice(p.start, p.end), p.type);
  if (region.members.length === 1) return styled;
  const covered = new Uint8Array(region.end - region.start);
  for (const s of region.members) {
    if (s !== p) covered.fill(1, s.start - region.start, s.end - region.start);
  }
  let out = '';
  for (let i = region.start; i < region.end; ) {
    const width = Math.min(codePointWidth(text, i), region.end - i);
    const inPrimary = i + width <= p.end && covered[i - region.start] === 0 && covered[i + width - 1 - region.start] === 0;
    if (inPrimary) out += styled.slice(i - p.start, i - p.start + width);
    else out += isLayoutChar(p.type, text.charCodeAt(i)) ? text.slice(i, i + width) : MASK_CHAR.repeat(width);
    i += width;
  }
  return out;
}

function checkSpan(span: RedactionSpan, i: number, length: number): RedactionSpan {
  if (span === null || typeof span !== 'object') throw new InvalidRedactionInputError(`spans[${i}] must be an object { start, end, type, style }.`);
  const { start, end, type, style } = span;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > length) {
    throw new InvalidRedactionInputError(`spans[${i}] has start ${String(start)} and end ${String(end)}; they must be integers with 0 <= start <= end <= ${length} (the text's length).`);
  }
  if (!isRedactionType(type)) throw new InvalidRedactionInputError(`spans[${i}].type must be a detector type or 'text_rule'.`);
  if (typeof style !== 'string' || !STYLES.has(style)) {
    throw new InvalidRedactionInputError(`spans[${i}].style must be one of ${REDACTION_STYLES.join(', ')}.`);
  }
  return span;
}

function assertKeys(keys: OrgRedactionKeys): void {
  const ok = (k: unknown) => k instanceof Uint8Array && k.length === 32;
  if (keys === null || typeof keys !== 'object' || !ok(keys.hashKey) || !ok(keys.fpeKey)) {
    throw new InvalidRedactionInputError('The "keys" argument must be { hashKey, fpeKey }, two 32-byte Uint8Arrays; get them from deriveOrgKeys(master, orgId).');
  }
}
