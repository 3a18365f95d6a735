/**
 * The remainder of a value that a forced cut replaced by its label before the value had ended
 * (see forced-cut.ts). It is dropped as it streams in, so that no part of it, tail bytes
 * included, is ever released. Each rule reads only the text, so the drops do not depend on the
 * chunking.
 */
import type { DetectorType } from '../../detectors/types.js';
import { labelFor } from '../../pdp/redaction/styles/label.js';
import { isSpace } from './segment-cuts.js';
import { DOT, isBase64Url } from './window-edge.js';

/** What replaces a private-key block that was still open at a forced cut, whatever the policy's style. */
export const PRIVATE_KEY_MARKER = labelFor('private_key');

/**
 * Reads held text that continues an overflowing value: how much of it to drop, and whether the
 * value ended in it (the rest is ordinary text again). When not done, what is not dropped is
 * kept and given again with the next chunk.
 */
export type OverflowRule = (held: string) => { drop: number; done: boolean };

/** Any armor END line, as the `private_key` detector reads it. */
const FOOTER = /-----END [A-Z0-9 ]{1,40}-----/g;
/** Longest END line: dashes, `END `, 40 characters, dashes. */
const FOOTER_MAX_LENGTH = 5 + 4 + 40 + 5;

/**
 * A private-key body: dropped through its END line. The tail that could be the start of an END
 * line is kept, so an END line split across chunks is still found. Fails closed: if the END line
 * never comes, the rest of the stream is dropped.
 */
export function dropPrivateKeyBody(held: string): { drop: number; done: boolean } {
  FOOTER.lastIndex = 0;
  const footer = FOOTER.exec(held);
  if (footer !== null) return { drop: footer.index + footer[0].length, done: true };
  return { drop: Math.max(0, held.length - (FOOTER_MAX_LENGTH - 1)), done: false };
}

/**
 * A JWT's remainder, given the part already seen: base64url characters, and dots while the token
 * has had fewer than two (header.payload.signature), as the `jwt` detector reads it. So the `.`
 * that ends a sentence after the signature is kept.
 */
function dropJwtRest(seen: string): OverflowRule {
  let dots = seen.split('.').length - 1;
  return (held) => {
    let i = 0;
    for (; i < held.length; i++) {
      const c = held.charCodeAt(i);
      if (c === DOT && dots < 2) dots++;
      else if (!isBase64Url(c)) break;
    }
    return { drop: i, done: i < held.length };
  };
}

/**
 * Anything but white space: the fail-closed rule for a value of a type not expected to overflow
 * (the lookahead covers every other type, see window-bound.ts).
 */
function dropNonSpaceRun(held: string): { drop: number; done: boolean } {
  let i = 0;
  while (i < held.length && !isSpace(held.charCodeAt(i))) i++;
  return { drop: i, done: i < held.length };
}

/**
 * How the remainder of an overflowing value of `type` is dropped, given the part of it already
 * seen. Only `private_key` and `jwt` have no length limit.
 */
export function overflowRule(type: DetectorType, seen: string): OverflowRule {
  if (type === 'private_key') return dropPrivateKeyBody;
  return type === 'jwt' ? dropJwtRest(seen) : dropNonSpaceRun;
}
