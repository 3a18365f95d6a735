import { scoreConfidence } from '../context.js';
import { LABEL_STEMS } from '../scan/label-words.js';
import type { Candidate, Detector, ScanContext } from '../types.js';
import { expandTwoDigitBirthYear, isPlausibleBirthDate, parseMonthName } from '../validators/date.js';
import { isAsciiLetter } from '../char-codes.js';

// The core of a birth label ("date of birth", "birth date", "birthday", "born", "DOB",
// "D.O.B.", "tanggal lahir" / "tgl. lahir" (Indonesian), "tarikh lahir" (Malay)) is found by
// LABEL_STEMS: dates are everywhere in prose; a date of birth is a date next to one of these
// words, so the scan looks for the (rare) word first and only then for a date just after it.
// Word boundaries are checked in code.

/**
 * A date found after a birth label. The label is the evidence (no checksum), so this is the
 * shared "labelled" level; an unlabelled date would rate about 0.3 and is not reported at all.
 */
const LABELLED_CONFIDENCE = scoreConfidence(0.3, { positive: true, negative: false });

/** How far after the label the date may start ("Date of birth (DD/MM/YYYY): …"). */
const MAX_GAP = 32;
/** Room for the longest date form, "14th of September, 1985". */
const WINDOW = MAX_GAP + 28;

/**
 * The date forms people write: ISO `1985-03-14`; numeric day, month and year in either order
 * with `/`, `-` or `.` (`14/03/1985`, `03-14-85`); `14 March 1985`, `14th of Mar. 1985`,
 * `14-Mar-1985`; and `March 14, 1985`. Month words are checked in code against
 * {@link parseMonthName}. Applied only to the short window after a label.
 */
const DATE_FORMS = [
  String.raw`(?<iy>\d{4})(?<is>[-/.])(?<im>\d{1,2})\k<is>(?<id>\d{1,2})`,
  String.raw`(?<na>\d{1,2})(?<ns>[-/.])(?<nb>\d{1,2})\k<ns>(?<ny>\d{4}|\d{2})`,
  String.raw`(?<dd>\d{1,2})(?:st|nd|rd|th)?(?: of)?[ \-](?<dm>[a-z]{3,9}\.?)(?:,? |-)(?<dy>\d{4})`,
  String.raw`(?<mm>[a-z]{3,9}\.?) (?<md>\d{1,2})(?:st|nd|rd|th)?,? (?<my>\d{4})`,
];
// The date must not run on into a longer token, except into an ISO time ("1985-03-14T00:00Z").
const DATE_IN_WINDOW = new RegExp(String.raw`(?<!\w)(?:${DATE_FORMS.join('|')})(?!(?!T\d)\w)`, 'gi');

/**
 * Dates of birth: a real, plausible calendar date (age 0–130, not in the future) shortly after
 * a birth label ("date of birth", "DOB", "D.O.B.", "born", "birthday", "birth date",
 * "tanggal lahir"). Without a label nothing is reported. When a numeric date reads both as
 * day/month and month/day, it is accepted if either reading is a real date.
 */
export const dobDetector: Detector = {
  name: 'dob',
  types: ['dob'],
  find(ctx: ScanContext, out: Candidate[]): void {
    const { text } = ctx;
    const labels = ctx.shared(LABEL_STEMS).dob;
    let today: Date | undefined;
    let from = 0; // a stem starting before this overlaps the label or date last read
    for (let k = 0; k < labels.length; k += 2) {
      const labelStart = labels[k]!;
      const labelEnd = labels[k + 1]!;
      if (labelStart < from) continue;
      from = labelEnd;
      if (!isLabelWord(text, labelStart, labelEnd)) continue;
      today ??= new Date();
      const found = findDateAfter(text, labelEnd, today);
      if (found) {
        out.push({ type: 'dob', start: found.start, end: found.end, confidence: LABELLED_CONFIDENCE });
        from = found.end;
      }
    }
  },
};


/**
 * Is the hit a word of its own? "born" and "dob" must be whole words ("stubborn", "adobe");
 * "birth" may start "birthday" or "birthdate" but not end "rebirth".
 */
function isLabelWord(text: string, start: number, end: number): boolean {
  if (start > 0 && isAsciiLetter(text.charCodeAt(start - 1))) return false;
  const first = text.charCodeAt(start) | 0x20;
  if (first === 0x62 /* b */ && (text.charCodeAt(start + 1) | 0x20) === 0x69 /* i */) return true; // birth…
  return end >= text.length || !isAsciiLetter(text.charCodeAt(end));
}

/** The first plausible birth date starting within {@link MAX_GAP} characters of `from`. */
function findDateAfter(text: string, from: number, today: Date): { start: number; end: number } | undefined {
  // One character of look-behind context so that (?<!\w) sees what precedes the window.
  const base = from > 0 ? from - 1 : from;
  const window = text.slice(base, Math.min(text.length, from + WINDOW + 1));
  DATE_IN_WINDOW.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DATE_IN_WINDOW.exec(window)) !== null) {
    const start = base + m.index;
    if (start - from > MAX_GAP) return undefined;
    // Do not skip over other numbers: "DOB of patient 42: 1985-03-14" is ambiguous enough.
    if (/\d/.test(text.slice(from, start))) return undefined;
    const end = start + m[0].length;
    // The window may have cut a longer token (e.g. a year followed by more digits).
    if (end < text.length && /\w/.test(text.charAt(end)) && !/^T\d/i.test(text.slice(end, end + 2))) continue;
    if (isBirthDateMatch(m.groups!, today)) return { start, end };
  }
  return undefined;
}

function isBirthDateMatch(g: Record<string, string | undefined>, today: Date): boolean {
  if (g.iy !== undefined) return isPlausibleBirthDate(+g.iy, +g.im!, +g.id!, today);
  if (g.na !== undefined) {
    const a = +g.na;
    const b = +g.nb!;
    const y = g.ny!.length === 2 ? expandTwoDigitBirthYear(+g.ny!, today) : +g.ny!;
    return isPlausibleBirthDate(y, b, a, today) || isPlausibleBirthDate(y, a, b, today);
  }
  if (g.dd !== undefined) return isPlausibleBirthDate(+g.dy!, parseMonthName(g.dm!), +g.dd, today);
  if (g.mm !== undefined) return isPlausibleBirthDate(+g.my!, parseMonthName(g.mm), +g.md!, today);
  return false;
}
