import { assertString, InvalidOptionError } from '../../errors.js';
import type { Decision } from '../../pdp/decision.js';
import { ApprovalRequiredError, PolicyDeniedError } from '../guard/errors.js';
import { findOpenPrivateKey, partialHeaderAtEnd, PRIVATE_KEY_MARKER, scanSuppressed } from './private-key-overflow.js';
import { forcedCut, nextWordStart } from './segment-cuts.js';
import { releasedText, splitsCleanly, stopsStream, type DecideSegment } from './segment-decision.js';
import { StreamEndedError } from './stream-errors.js';
import { DEFAULT_LOOKAHEAD, DEFAULT_MAX_SEGMENT, DEFAULT_MIN_SEGMENT } from './window-bound.js';

export interface StreamRedactorOptions {
  /** Decides a segment at the output stage, e.g. `(text) => engine.decide({ orgId, stage: 'output', text })`. */
  decide: DecideSegment;
  /** Characters past a candidate cut that must be seen before cutting. Default {@link DEFAULT_LOOKAHEAD}. */
  lookahead?: number;
  /** Shortest segment. Default {@link DEFAULT_MIN_SEGMENT}. */
  minSegment?: number;
  /** Longest segment; longer text is cut here. Default {@link DEFAULT_MAX_SEGMENT}. */
  maxSegment?: number;
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
  /** The most the redactor ever holds back: `maxSegment + lookahead`. */
  readonly window: number;
  /** Engine calls made so far: three per candidate cut tried, one or two per forced cut, one at the end. */
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
 *   except where the engine's result depends on text farther apart than the lookahead (see
 *   docs/streaming.md);
 * - at most `window` characters are held back at any time.
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
  const maxSegment = positiveInteger(options.maxSegment, DEFAULT_MAX_SEGMENT, 'maxSegment');
  if (maxSegment <= minSegment) {
    throw new InvalidOptionError(`maxSegment (${maxSegment}) must be larger than minSegment (${minSegment}).`);
  }

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
  /** Inside an overflowing private-key block: text is dropped until its END line. */
  let suppressing = false;
  let failure: Error | null = null;
  let ended = false;

  function fail(decision: Decision): never {
    failure = decision.verdict === 'require_approval' ? new ApprovalRequiredError(decision, null) : new PolicyDeniedError(decision, 'model output');
    throw failure;
  }

  /** Releases `held[0, at)` as decided by `decision`, and starts the next segment at `at`. */
  function release(at: number, decision: Decision): string {
    const text = held.slice(0, at);
    if (stopsStream(decision)) fail(decision);
    held = held.slice(at);
    searchFrom = minSegment;
    failures = 0;
    return releasedText(decision, text);
  }

  /**
   * Tries the cut at `c`: the engine must treat `held[0, c)` and the lookahead after it alike,
   * apart and together. On success, the left side's decision; on failure, where to look next.
   */
  function tryCut(c: number): { ok: Decision } | { next: number } {
    const left = held.slice(0, c);
    const right = held.slice(c, c + lookahead);
    const leftDecision = decide(left);
    const rightDecision = decide(right);
    const wholeDecision = decide(left + right);
    if (splitsCleanly(wholeDecision, leftDecision, rightDecision, left, right)) return { ok: leftDecision };
    // A finding across the cut (a key block, say) rules out every cut inside it: skip past it.
    let next = c + 1;
    for (const f of wholeDecision.findings) if (f.source === 'text' && f.start < c && f.end > next) next = f.end;
    return { next };
  }

  /** No cut passed within `maxSegment`: cut there anyway, and never let a key block through in parts. */
  function forceCut(): string {
    let at = forcedCut(held, maxSegment);
    const partial = partialHeaderAtEnd(held.slice(0, at));
    if (partial > 0) at = partial;
    const segment = held.slice(0, at);
    const decision = decide(segment);
    if (stopsStream(decision)) fail(decision);
    const key = findOpenPrivateKey(segment);
    if (key === null) return release(at, decision);
    const before = key.start > 0 ? release(key.start, decide(held.slice(0, key.start))) : '';
    held = held.slice(key.bodyStart - key.start);
    suppressing = true;
    return before + PRIVATE_KEY_MARKER;
  }

  /** Releases every segment that can be decided from what has been received. */
  function drain(): string {
    let out = '';
    for (;;) {
      if (suppressing) {
        const { drop, done } = scanSuppressed(held);
        held = held.slice(drop);
        if (!done) return out;
        suppressing = false;
        searchFrom = minSegment;
        failures = 0;
        continue;
      }
      const c = nextWordStart(held, searchFrom, maxSegment);
      if (c === -1) {
        if (held.length < maxSegment) return out;
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
        if (suppressing || held.length === 0) {
          held = '';
          return '';
        }
        return release(held.length, decide(held));
      });
    },
    get pending() { return held.length; },
    get received() { return received; },
    window: maxSegment + lookahead,
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
