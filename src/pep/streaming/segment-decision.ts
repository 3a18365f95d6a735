import type { Decision } from '../../pdp/decision.js';

/**
 * Decides one segment of streamed text at the output stage. Must be pure and deterministic
 * (the same text always gets the same redaction), which `engine.decide` is.
 */
export type DecideSegment = (text: string) => Decision;

/** A verdict that stops the stream: the text may not be shown. */
export function stopsStream(decision: Decision): boolean {
  return decision.verdict === 'deny' || decision.verdict === 'require_approval';
}

/** What a segment becomes when released: its redacted text, or itself when nothing was redacted. */
export function releasedText(decision: Decision, text: string): string {
  return decision.redactedText ?? text;
}

/**
 * Does the engine treat `left + right` exactly as it treats the two on their own? Then a cut
 * between them changes nothing: the same verdicts stop the stream, and the redacted texts join
 * up to the redacted whole.
 */
export function splitsCleanly(whole: Decision, left: Decision, right: Decision, leftText: string, rightText: string): boolean {
  const stopWhole = stopsStream(whole);
  const stopParts = stopsStream(left) || stopsStream(right);
  if (stopWhole || stopParts) return stopWhole === stopParts;
  return releasedText(whole, leftText + rightText) === releasedText(left, leftText) + releasedText(right, rightText);
}
