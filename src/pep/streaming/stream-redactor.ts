import { assertString, InvalidOptionError } from '../../errors.js';
import type { Decision } from '../../pdp/decision.js';
import { labelFor } from '../../pdp/redaction/styles/label.js';
import { ApprovalRequiredError, PolicyDeniedError } from '../guard/errors.js';
import { planForcedCut, type Overflow } from './forced-cut.js';
import { forcedCut, nextWordStart } from './segment-cuts.js';
import { releasedText, splitsCleanly, stopsStream, type DecideSegment } from './segment-decision.js';
import { StreamEndedError } from './stream-errors.js';
import { overflowRule, type OverflowRule } from './value-overflow.js';
import { completedAtEdge } from './window-edge.js';
import { DEFAULT_LOOKAHEAD, DEFAULT_MIN_SEGMENT, DEFAULT_WINDOW, KEYWORD_REACH, MIN_WINDOW } from './window-bound.js';

export interface StreamRedactorOptions {
  /** Decides a segment at the output stage, e.g. `(text) => engine.decide({ orgId, stage: 'output', text })`. */
  decide: DecideSegment;
  /** Characters past a candidate cut that must be seen before cutting. Default {@link DEFAULT_LOOKAHEAD}. */
  lookahead?: number;
  /** Shortest segment. Default {@link DEFAULT_MIN_SEGMENT}. */
  minSegment?: number;
  /**
   * The most characters held back: after every `push`, at most this many are pending, so each
   * character is released once `window` more have arrived after it. At least
   * `lookahead + minSegment` and {@link MIN_WINDOW}. Default {@link DEFAULT_WINDOW}.
   */
  window?: number;
}

/** Redacts a text that arrives in chunks; see {@link createStreamRedactor}. */
export interface StreamRedactor {
  /** Adds a chunk; returns the text that is now safe to show (often `''`). */
  push(chunk: string): string;
  /** Ends the stream; returns the rest of the redacted text. */
  end(): string;
  /** Characters received but not yet released (or dropped): at most {@link window} after `push` returns. */
  readonly pending: number;
  /** Characters received so far. */
  readonly received: number;
  /** The most the redactor ever holds back (the `window` option). */
  readonly window: number;
  /** Engine calls made so far: three per candidate cut tried, two to seventeen per forced cut (usually three), one at the end. */
  readonly decisions: number;
}

/**
 * Redacts streamed text (a model's reply, delta by delta) without letting a value that straddles
 * two chunks through. The text is cut into segments and each one is redacted by `decide`; a
 * segment boundary is placed only where the engine redacts the text on both sides exactly as it
 * redacts them together (checked over `lookahead` characters past the cut), so:
 *
 * - **the result does not depend on how the text was chunked**: the cuts are a function of the
 *   text alone, so any chunking gives what one `push(text)` + `end()` gives;
 * - it equals `engine.decide({ stage: 'output', text }).redactedText` for the whole text,
 *   except where the engine's result depends on text farther apart than the lookahead, or a
 *   value is longer than the lookahead (see docs/streaming.md);
 * - **at most `window` characters are held back** after any `push`: when no cut passes in time,
 *   the segment is cut anyway (a forced cut). A value across a forced cut is still redacted
 *   whole; one longer than the lookahead (a JWT, a key block) is replaced by its label, and the
 *   rest of it is dropped as it arrives.
 *
 * A segment whose verdict is `deny` throws `PolicyDeniedError`, and `require_approval` throws
 * `ApprovalRequiredError`, as `guard()` does for a model's output. The redactor then stays failed.
 *
 * @example
 * ```ts
 * const r = createStreamRedactor({ decide: (text) => engine.decide({ orgId: 'acme', stage: 'output', text }) });
 * for await (const delta of modelStream) process.stdout.write(r.push(delta));
 * process.stdout.write(r.end());
 * ```
 */
export function createStreamRedactor(options: StreamRedactorOptions): StreamRedactor {
  if (options === null || typeof options !== 'object' || typeof options.decide !== 'function') {
    throw new InvalidOptionError('createStreamRedactor needs { decide: (text) => Decision }, e.g. (text) => engine.decide({ orgId, stage: "output", text }).');
  }
  const lookahead = positiveInteger(options.lookahead, DEFAULT_LOOKAHEAD, 'lookahead');
  const minSegment = positiveInteger(options.minSegment, DEFAULT_MIN_SEGMENT, 'minSegment');
  const window = positiveInteger(options.window, DEFAULT_WINDOW, 'window');
  if (window < Math.max(lookahead + minSegment, MIN_WINDOW)) {
    throw new InvalidOptionError(`options.window (${window}) must be at least lookahead + minSegment (${lookahead} + ${minSegment}) and at least ${MIN_WINDOW}.`);
  }
  /** The last candidate cut: each is tested with its full lookahead inside the window. */
  const lastCut = window - lookahead;

  let decisions = 0;
  const decide = (text: string): Decision => {
    decisions++;
    return options.decide(text);
  };

  /** Received text not yet released; it starts at a segment start. */
  let held = '';
  let received = 0;
  /** Where, in `held`, the next candidate cut is looked for. */
  let searchFrom = minSegment;
  /** Candidate cuts that failed in a row in this segment. */
  let failures = 0;
  /** Set while the remainder of a value replaced at a forced cut is being dropped. */
  let overflow: OverflowRule | null = null;
  let failure: Error | null = null;
  let ended = false;

  function fail(decision: Decision): never {
    failure = decision.verdict === 'require_approval' ? new ApprovalRequiredError(decision, null) : new PolicyDeniedError(decision, 'model output');
    throw failure;
  }

  /** The engine's decision on text about to be released; a verdict that stops the stream throws. */
  function decideToRelease(text: string): Decision {
    const decision = decide(text);
    if (stopsStream(decision)) fail(decision);
    return decision;
  }

  /** `text` as released: the engine's redaction of it. */
  function redactToRelease(text: string): string {
    return releasedText(decideToRelease(text), text);
  }

  /** Drops `held[0, at)` (already released or dropped) and starts the next segment at `at`. */
  function startSegmentAt(at: number): void {
    held = held.slice(at);
    searchFrom = minSegment;
    failures = 0;
  }

  /** Releases `held[0, at)` as decided by `decision`, and starts the next segment at `at`. */
  function release(at: number, decision: Decision): string {
    const text = held.slice(0, at);
    if (stopsStream(decision)) fail(decision);
    return cutAt(at, releasedText(decision, text));
  }

  /** Starts the next segment at `at`, returning `out`, the released form of `held[0, at)`. */
  function cutAt(at: number, out: string): string {
    startSegmentAt(at);
    return out;
  }

  /**
   * Tries the cut at `c`: the engine must treat `held[0, c)` and the lookahead after it alike,
   * apart and together. On success, the left side's decision; on failure, where to look next.
   * A key block or JWT that the lookahead's edge cuts short is completed (window-edge.ts), so the
   * engine judges it as it would whole, and the right side gets the same ending.
   */
  function tryCut(c: number): { ok: Decision } | { next: number } {
    const left = held.slice(0, c);
    const whole = completedAtEdge(held.slice(0, c + lookahead), c).text;
    const right = whole.slice(c);
    const leftDecision = decide(left);
    const rightDecision = decide(right);
    const wholeDecision = decide(whole);
    if (splitsCleanly(wholeDecision, leftDecision, rightDecision, left, right)) return { ok: leftDecision };
    // A finding across the cut (a key block, say) rules out every cut inside it: skip past it.
    let next = c + 1;
    for (const f of wholeDecision.findings) if (f.source === 'text' && f.start < c && f.end > next) next = f.end;
    return { next };
  }

  /**
   * No cut passed and the segment outgrew the window: cut near `lastCut` anyway, deciding from
   * the engine's view of the first `window` characters (see forced-cut.ts). A JWT or key block cut
   * short by the window's edge is completed for the engine, so that the policy judges it whole.
   */
  function forceCut(): string {
    const text = held.slice(0, window);
    const whole = decideToRelease(text);
    const read = completedAtEdge(text);
    const judged = read.text === text ? whole : decideToRelease(read.text);
    const plan = planForcedCut(text, forcedCut(text, lastCut), { whole, judged, read }, window - KEYWORD_REACH);
    if (plan.kind === 'overflow') return replaceOverflow(text, read.text, releasedText(judged, read.text), plan);
    const clean = firstCleanCut(text, whole, plan.positions);
    if (clean !== null) return cutAt(clean.at, clean.out);
    const { fallback } = plan;
    if (typeof fallback === 'number') return cutAt(fallback, redactToRelease(text.slice(0, fallback)));
    return replaceOverflow(text, read.text, releasedText(judged, read.text), fallback);
  }

  /**
   * Releases the text before an overflowing value and the value's label, and starts dropping the
   * value's remainder. When the engine labelled the value at the end of what it read, its
   * redaction of that is released as it stands: the text before the value was read with all its
   * context.
   */
  function replaceOverflow(text: string, read: string, redactedRead: string, plan: Overflow): string {
    const label = labelFor(plan.type);
    const tail = read.slice(plan.reach);
    const out = redactedRead.endsWith(label + tail)
      ? redactedRead.slice(0, redactedRead.length - tail.length)
      : (plan.start > 0 ? redactToRelease(text.slice(0, plan.start)) : '') + label;
    overflow = overflowRule(plan.open.type, text.slice(plan.open.start, plan.end));
    return cutAt(plan.end, out);
  }

  /**
   * The first of `positions` where the window splits cleanly: the engine redacts the text before
   * it and the rest of the window on their own as it redacts the window (the consistency test,
   * with the rest of the window as lookahead). Null when none does.
   */
  function firstCleanCut(text: string, whole: Decision, positions: readonly number[]): { at: number; out: string } | null {
    const redactedWindow = releasedText(whole, text);
    for (const at of positions) {
      const left = text.slice(0, at);
      const leftDecision = decideToRelease(left);
      const out = releasedText(leftDecision, left);
      // Cheap first: the left side must be redacted as the window redacts its start.
      if (!redactedWindow.startsWith(out)) continue;
      const right = text.slice(at);
      if (splitsCleanly(whole, leftDecision, decide(right), left, right)) return { at, out };
    }
    return null;
  }

  /** Releases every segment that can be decided from what has been received. */
  function drain(): string {
    let out = '';
    for (;;) {
      if (overflow !== null) {
        const { drop, done } = overflow(held);
        held = held.slice(drop);
        if (!done) return out;
        overflow = null;
        startSegmentAt(0);
        continue;
      }
      const c = nextWordStart(held, searchFrom, lastCut + 1);
      if (c === -1) {
        if (held.length <= window) return out;
        out += forceCut();
        continue;
      }
      if (held.length < c + lookahead) return out;
      const tried = tryCut(c);
      if ('ok' in tried) {
        out += release(c, tried.ok);
      } else {
        // Failed cuts are usually next to a value, and the next word start often passes. In a
        // long stretch where none does, the tries spread out (every 2nd, 4th… character after
        // each 8 failures), so that stretch costs a few dozen tries, not one per word.
        failures++;
        searchFrom = Math.max(tried.next, c + 2 ** Math.min(10, Math.floor(failures / 8)));
      }
    }
  }

  function assertOpen(): void {
    if (failure) throw failure;
    if (ended) throw new StreamEndedError();
  }

  /** Runs `step`; any error (a stopped segment, a throwing `decide`) leaves the redactor failed. */
  function guarded(step: () => string): string {
    assertOpen();
    try {
      return step();
    } catch (error) {
      failure ??= error as Error;
      throw error;
    }
  }

  return {
    push(chunk) {
      assertOpen();
      assertString(chunk, 'chunk');
      return guarded(() => {
        received += chunk.length;
        held += chunk;
        return drain();
      });
    },
    end() {
      return guarded(() => {
        ended = true;
        if (overflow !== null || held.length === 0) {
          held = '';
          return '';
        }
        return release(held.length, decide(held));
      });
    },
    get pending() { return held.length; },
    get received() { return received; },
    window,
    get decisions() { return decisions; },
  };
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InvalidOptionError(`options.${name} must be a positive integer; got ${String(value)}.`);
  }
  return value;
}
