/**
 * Shannon entropy: how unpredictable the characters of a string are. Random tokens score high
 * (a 40-character base64 secret is around 4.9 bits per character); words, placeholders and
 * repeated characters score low. The secret detectors use it to tell a key from a word.
 */

/**
 * Shannon entropy of `s` in bits per character, over its Unicode code points
 * (`-Σ p·log2 p`, where `p` is each distinct character's share of the string).
 * The empty string has entropy 0.
 *
 * @example
 * ```ts
 * shannonEntropy('aaaa');        // 0
 * shannonEntropy('abcd');        // 2
 * shannonEntropy('1223334444');  // 1.8464393446710154
 * ```
 */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  return isAscii(s) ? asciiEntropy(s) : codePointEntropy(s);
}

const asciiCounts = new Int32Array(128);

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** The common case (keys and tokens are ASCII), counted in a reused array instead of a Map. */
function asciiEntropy(s: string): number {
  const n = s.length;
  for (let i = 0; i < n; i++) asciiCounts[s.charCodeAt(i)]!++;
  let bits = 0;
  for (let i = 0; i < n; i++) {
    const code = s.charCodeAt(i);
    const count = asciiCounts[code]!;
    if (count === 0) continue; // already counted
    const p = count / n;
    bits -= p * Math.log2(p);
    asciiCounts[code] = 0;
  }
  return bits > 0 ? bits : 0;
}

function codePointEntropy(s: string): number {
  const counts = new Map<string, number>();
  let length = 0;
  for (const ch of s) {
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
    length++;
  }
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / length;
    bits -= p * Math.log2(p);
  }
  // log2 rounding can leave -0 or a hair below 0 for one-symbol strings.
  return bits > 0 ? bits : 0;
}

/**
 * How many of the four character classes (lower-case letter, upper-case letter, digit, other)
 * occur in `s`. Generated secrets usually mix at least two; dictionary words use one.
 *
 * @example
 * ```ts
 * countCharacterClasses('hunter');    // 1
 * countCharacterClasses('Tr0ub4dor&3'); // 4
 * ```
 */
export function countCharacterClasses(s: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let other = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = 1;
    else if (c >= 65 && c <= 90) upper = 1;
    else if (c >= 48 && c <= 57) digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}
