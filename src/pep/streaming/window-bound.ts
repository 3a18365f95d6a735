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
 * are never split, whatever their length. Values that cannot hold white space still matter,
 * because a value that starts just after `c` must be seen whole: a truncated value can score
 * differently from the full one. The longest bounded values are:
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
 * Two types have no length limit:
 * - `jwt`: a run without white space, so it is never cut (up to {@link DEFAULT_MAX_SEGMENT});
 * - `private_key`: a PEM block spans lines. Every cut inside a block fails the test, because
 *   the block is found whole but not in parts, so the block is held until its END line, up to
 *   {@link DEFAULT_MAX_SEGMENT}. A block longer than that is replaced by
 *   `[REDACTED:private_key]` through its END line (see private-key-overflow.ts).
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
 * The longest segment. A 4096-bit RSA key in PEM is about 3,250 characters and an 8192-bit one
 * about 6,400, so 16 KiB holds any key block a model plausibly prints. When no cut passes the
 * test within this many characters, the segment is cut here (forced).
 */
export const DEFAULT_MAX_SEGMENT = 16_384;
