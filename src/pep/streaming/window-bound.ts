/**
 * How much text the stream redactor holds back, and why.
 *
 * The redactor cuts a stream into segments and redacts each one with the engine. A cut at `c`
 * is taken only when the engine, run on the text from the segment start to `c + lookahead`,
 * redacts it exactly as it redacts the two sides on their own (see stream-redactor.ts). For
 * that test to see everything that could make the two differ, the lookahead must cover:
 *
 * - the longest value a detector reports that can sit across `c`, plus
 * - the context read on each side of it.
 *
 * Cuts are only made at the start of a word (after white space), so values without white space
 * are never split by such a cut, whatever their length. Values that cannot hold white space
 * still matter, because a value that starts just after `c` must be seen whole: a truncated
 * value can score differently from the full one. The longest bounded values are:
 *
 * | type | longest span | why |
 * |---|---|---|
 * | `generic_secret` | 512 + ~40 | `MAX_LENGTH` (512) of the value, read in one match with its label and separator |
 * | `slack_token` | ~320 | `xox?-` + up to four 13-digit groups + 255 |
 * | `stripe_secret_key` | 255 | `sk_live_` + up to 247 |
 * | `email` | 254 | `EMAIL_MAX_ADDRESS_LENGTH` |
 * | passport MRZ | 89 | two 44-character lines |
 * | `iban`, `phone`, cards | ≤ 42 | grouped digits with spaces |
 * | text-rule keywords | 500 | the policy schema's maximum keyword length |
 *
 * Context is read at most 64 characters before a value (`uen`) and 48 after (`passport`); the
 * label scans reach 24 characters before a label and 60 after it (`dob`). Taking 128 on each
 * side: 552 + 2 × 128 = 808, rounded up to 1024 to leave room for new detectors.
 *
 * **The window.** The redactor never holds more than `window` characters: after every `push`,
 * `pending ≤ window`, so each character is released (or dropped inside a redacted value) by the
 * time `window` more characters have arrived after it, or at `end()`. Cuts are looked for in
 * `[minSegment, window − lookahead]` of a segment, so that each one can be tested with its full
 * lookahead inside the window. When none passes and the segment reaches `window + 1` characters,
 * the redactor cuts near `window − lookahead` anyway (a **forced cut**, see forced-cut.ts): the
 * engine reads the first `window` characters, a value across the cut is redacted whole, and a
 * value longer than the lookahead (only `jwt` and `private_key` have no length limit) is
 * replaced by its label and its remainder is dropped as it arrives (value-overflow.ts).
 *
 * User regex patterns in text policies can match any length; a match longer than the
 * lookahead may be missed when it falls across a cut.
 */

/** Characters after a candidate cut that the consistency test reads. See the table above. */
export const DEFAULT_LOOKAHEAD = 1024;

/**
 * The shortest segment: candidate cuts closer than this to the segment start are not tried.
 * Larger means fewer engine calls per character (each try costs three), smaller means less delay.
 */
export const DEFAULT_MIN_SEGMENT = 256;

/**
 * The most characters held back: the lookahead plus room for cuts. With the defaults, cuts are
 * looked for in characters 256 to 1024 of a segment, which in prose nearly always holds one that
 * passes (a value of at most 552 characters blocks a stretch no longer than itself).
 */
export const DEFAULT_WINDOW = 2 * DEFAULT_LOOKAHEAD;

/**
 * The smallest window accepted: a private-key body being dropped keeps its last 53 characters
 * (where its END line may have started) until the next chunk, and those count as pending.
 */
export const MIN_WINDOW = 64;

/**
 * How far before a value the engine reads what makes it one: a label (a `dob` value may sit 60
 * characters after its label, a label 24 before that) or context words (64 for `uen`). A forced
 * cut that cannot be tested is never placed in this stretch or in the value.
 */
export const CONTEXT_BEFORE = 128;

/**
 * How far after a value the engine reads what makes it one: context words (48 for `passport`)
 * and check digits (an MRZ line runs 44 characters past the document number).
 */
export const CONTEXT_AFTER = 64;

/**
 * How far past a forced cut a text-rule match can reach: keywords are at most 500 characters.
 * A forced cut is only moved to positions where a keyword across it lies wholly in the window.
 */
export const KEYWORD_REACH = 512;
