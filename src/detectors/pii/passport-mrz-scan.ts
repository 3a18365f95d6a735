/**
 * Finds ICAO 9303 machine-readable zones (TD3 passports, TD2, TD1 ID cards) in free text and
 * returns where their document numbers are. Only zones whose check digits all agree count.
 */
import { parseTd1Mrz, parseTd2Mrz, parseTd3Mrz, type MrzFields } from '../validators/mrz.js';
import { isAsciiDigit as isDigit } from '../char-codes.js';

/** The document number of a valid zone, as offsets into the scanned text. */
export interface MrzDocumentNumberSpan {
  start: number;
  end: number;
  fields: MrzFields;
}

interface Layout {
  readonly width: number;
  readonly lines: number;
  /** Line and offsets that must hold digits (dates and check digits): a cheap test before parsing. */
  readonly digitLine: number;
  readonly digits: readonly number[];
  parse(lines: string[]): MrzFields | null;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const TD3: Layout = {
  width: 44, lines: 2, digitLine: 1, digits: [...range(13, 19), ...range(21, 27), 43],
  parse: ([a, b]) => parseTd3Mrz(a!, b!),
};
const TD2: Layout = {
  width: 36, lines: 2, digitLine: 1, digits: [...range(13, 19), ...range(21, 27), 35],
  parse: ([a, b]) => parseTd2Mrz(a!, b!),
};
const TD1: Layout = {
  width: 30, lines: 3, digitLine: 1, digits: [...range(0, 6), ...range(8, 14), 29],
  parse: ([a, b, c]) => parseTd1Mrz(a!, b!, c!),
};

/**
 * Every zone holds a `<` (the filler: after the document code `P<`, between and after the
 * names, in short numbers and empty fields), and `<` is rare in prose, so the scan jumps from
 * one `<` to the next with `indexOf` and reads the zone around it: its first line is the one
 * holding the `<` or one or two lines up. Each line start is tried once, so the scan is linear.
 */
export function findMachineReadableZones(text: string): MrzDocumentNumberSpan[] {
  const found: MrzDocumentNumberSpan[] = [];
  let from = 0;
  let floor = 0; // nothing before this can start a new zone
  let lastTried = -1; // line starts up to here have been tried
  for (;;) {
    const hit = text.indexOf('<', from);
    if (hit === -1) return found;
    let runStart = hit;
    const low = Math.max(floor, hit - 90);
    while (runStart > low && isMrzChar(text.charCodeAt(runStart - 1))) runStart--;
    let runEnd = hit + 1;
    const high = Math.min(text.length, hit + 90);
    while (runEnd < high && isMrzChar(text.charCodeAt(runEnd))) runEnd++;

    let zone: Zone | null = null;
    let start = runStart;
    for (let up = 0; up < 3 && start >= floor && start > lastTried; up++) {
      if (!isMrzChar(text.charCodeAt(start - 1))) zone = readZone(text, start);
      if (zone) break;
      start = previousLineStart(text, start);
      if (start < 0) break;
    }
    lastTried = Math.max(lastTried, runStart);
    if (zone) {
      const lineStart = zone.starts[zone.fields.documentNumberLine]!;
      const [a, b] = zone.fields.documentNumberSpan;
      found.push({ start: lineStart + a, end: lineStart + b, fields: zone.fields });
      from = floor = lastTried = Math.max(zone.end, runEnd);
    } else {
      from = runEnd;
    }
  }
}

interface Zone {
  fields: MrzFields;
  starts: number[];
  end: number;
}

function isMrzChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 60;
}

/** Length of the run of MRZ characters starting at `at`, counting at most `max`. */
function mrzRunLength(text: string, at: number, max: number): number {
  let i = at;
  const limit = Math.min(text.length, at + max);
  while (i < limit && isMrzChar(text.charCodeAt(i))) i++;
  return i - at;
}

/** Start of the MRZ line that ends just before the line break preceding `lineStart`, or -1. */
function previousLineStart(text: string, lineStart: number): number {
  let i = lineStart;
  while (i > 0 && lineStart - i < 8 && isLineSeparator(text.charCodeAt(i - 1))) i--;
  if (i === lineStart) return -1;
  let j = i;
  while (j > 0 && i - j < 44 && isMrzChar(text.charCodeAt(j - 1))) j--;
  if (j === i || isMrzChar(text.charCodeAt(j - 1))) return -1;
  return j;
}

function isLineSeparator(c: number): boolean {
  return c === 10 || c === 13 || c === 32 || c === 9;
}

/**
 * Start offsets of `layout.lines` lines of exactly `layout.width` MRZ characters from `at`:
 * separated by a line break or spaces (at most 8 characters), or run together.
 */
function lineStarts(text: string, at: number, layout: Layout): number[] | null {
  const { width, lines } = layout;
  const starts: number[] = [];
  if (mrzRunLength(text, at, width * lines + 1) === width * lines) {
    for (let k = 0; k < lines; k++) starts.push(at + k * width);
    return starts;
  }
  let pos = at;
  for (let k = 0; k < lines; k++) {
    if (k > 0) {
      const next = pos;
      while (pos < text.length && pos - next < 8 && isLineSeparator(text.charCodeAt(pos))) pos++;
      if (pos === next) return null;
    }
    if (mrzRunLength(text, pos, width + 1) !== width) return null;
    starts.push(pos);
    pos += width;
  }
  return starts;
}

function readZone(text: string, at: number): Zone | null {
  const first = text.charCodeAt(at);
  // TD3 is a passport (P); TD2 and TD1 also carry ID cards (I, A, C) and visas (V).
  const layouts = first === 80 /* P */ ? [TD3, TD2] : first === 65 || first === 67 || first === 73 || first === 86 ? [TD2, TD1] : [];
  for (const layout of layouts) {
    const starts = lineStarts(text, at, layout);
    if (!starts) continue;
    const digitLineStart = starts[layout.digitLine]!;
    if (!layout.digits.every((d) => isDigit(text.charCodeAt(digitLineStart + d)))) continue;
    const fields = layout.parse(starts.map((s) => text.slice(s, s + layout.width)));
    if (fields) return { fields, starts, end: starts[starts.length - 1]! + layout.width };
  }
  return null;
}
