/**
 * Keyword search with an Aho-Corasick automaton: one left-to-right pass over the text finds
 * every keyword, however many there are, in time linear in the text (each step also checks
 * at most as many candidates as the longest keyword has characters, so 500 by the schema).
 *
 * A keyword that starts with a word character must not follow one, and a keyword that ends
 * with a word character must not be followed by one (see `word-chars.ts`): `card` matches in
 * "card 4111" and "(card)" but not in "cardholder"; `c++` matches in "c++," and not in "abc++".
 *
 * Matches are reported as the longest acceptable keyword ending at each position; overlapping
 * reports are merged by the caller, so the shorter keywords inside them lose nothing.
 */
import { caseFoldTable } from './case-fold.js';
import { isWordCharAt, isWordCharBefore } from './word-chars.js';

/** One match: UTF-16 offsets into the text, and the index of the keyword. */
export interface KeywordHit {
  start: number;
  end: number;
  keyword: number;
}

/**
 * Finds keywords in `text`, appending hits to `out` in order of their end. Never throws.
 * With `from`, only keywords that start at or after it are looked for (the boundary before
 * such a keyword is still checked against the text before `from`).
 */
export type KeywordSearch = (text: string, out: KeywordHit[], from?: number) => void;

const NONE = -1;
/** Largest dense transition table built (entries); bigger automata keep the sparse form. */
const DENSE_TABLE_LIMIT = 1 << 21;

/**
 * Builds the automaton for `keywords`. Empty keywords are ignored. Keywords that fold to the
 * same text report the first one's index.
 *
 * @example
 * ```ts
 * const search = buildKeywordSearch(['project titan', 'titan'], false);
 * const hits: KeywordHit[] = [];
 * search('About Project Titan.', hits); // [{ start: 6, end: 19, keyword: 0 }]
 * ```
 */
export function buildKeywordSearch(keywords: readonly string[], caseSensitive: boolean): KeywordSearch {
  const fold = caseSensitive ? undefined : caseFoldTable();

  // Alphabet: each folded code unit used by some keyword gets a symbol 1..A; 0 means "in no
  // keyword", which sends the automaton straight back to the root.
  const symbolOfFolded = new Map<number, number>();
  for (const keyword of keywords) {
    for (let j = 0; j < keyword.length; j++) {
      const unit = fold ? fold[keyword.charCodeAt(j)]! : keyword.charCodeAt(j);
      if (!symbolOfFolded.has(unit)) symbolOfFolded.set(unit, symbolOfFolded.size + 1);
    }
  }
  const alphabet = symbolOfFolded.size + 1;
  const symbolOf = new Uint16Array(0x10000);
  if (fold) {
    for (let unit = 0; unit < 0x10000; unit++) symbolOf[unit] = symbolOfFolded.get(fold[unit]!) ?? 0;
  } else {
    for (const [unit, symbol] of symbolOfFolded) symbolOf[unit] = symbol;
  }

  // Trie, as parallel typed arrays. Node 0 is the root.
  let capacity = 1;
  for (const keyword of keywords) capacity += keyword.length;
  const firstChild = new Int32Array(capacity).fill(NONE);
  const nextSibling = new Int32Array(capacity).fill(NONE);
  const depth = new Int32Array(capacity);
  const terminal = new Int32Array(capacity).fill(NONE);
  const fail = new Int32Array(capacity);
  const dictionary = new Int32Array(capacity).fill(NONE);
  const rootNext = new Int32Array(alphabet).fill(NONE);
  const edges = new Map<number, number>();
  let nodes = 1;

  const child = (node: number, symbol: number): number =>
    node === 0 ? rootNext[symbol]! : edges.get(node * alphabet + symbol) ?? NONE;

  const needsStartBoundary = new Uint8Array(keywords.length);
  const needsEndBoundary = new Uint8Array(keywords.length);
  keywords.forEach((keyword, index) => {
    if (keyword.length === 0) return;
    needsStartBoundary[index] = isWordCharAt(keyword, 0) ? 1 : 0;
    needsEndBoundary[index] = isWordCharBefore(keyword, keyword.length) ? 1 : 0;
    let node = 0;
    for (let j = 0; j < keyword.length; j++) {
      const symbol = symbolOf[keyword.charCodeAt(j)]!;
      let next = child(node, symbol);
      if (next === NONE) {
        next = nodes++;
        depth[next] = depth[node]! + 1;
        nextSibling[next] = firstChild[node]!;
        firstChild[node] = next;
        if (node === 0) rootNext[symbol] = next;
        else edges.set(node * alphabet + symbol, next);
      }
      node = next;
    }
    if (terminal[node] === NONE) terminal[node] = index;
  });

  // Failure links in breadth-first order, so a node's failure target is final before its
  // children need it. `dictionary` points to the nearest keyword-ending node on that chain.
  const symbolOfNode = new Uint16Array(nodes);
  const queue = new Int32Array(nodes);
  let head = 0;
  let tail = 0;
  for (let c = firstChild[0]!; c !== NONE; c = nextSibling[c]!) queue[tail++] = c;
  for (let s = 1; s < alphabet; s++) if (rootNext[s] !== NONE) symbolOfNode[rootNext[s]!] = s;
  for (const [key, node] of edges) symbolOfNode[node] = key % alphabet;
  while (head < tail) {
    const node = queue[head++]!;
    for (let c = firstChild[node]!; c !== NONE; c = nextSibling[c]!) {
      const symbol = symbolOfNode[c]!;
      let f = fail[node]!;
      while (f !== 0 && child(f, symbol) === NONE) f = fail[f]!;
      const target = node === 0 ? 0 : child(f, symbol);
      fail[c] = target === NONE ? 0 : target;
      dictionary[c] = terminal[fail[c]!] !== NONE ? fail[c]! : dictionary[fail[c]!]!;
      queue[tail++] = c;
    }
  }

  // With a table small enough (the usual few dozen keywords), resolve every failure link ahead
  // of time: one array read per character instead of a Map lookup and a failure-link walk.
  const delta = nodes * alphabet <= DENSE_TABLE_LIMIT ? new Int32Array(nodes * alphabet) : undefined;
  if (delta) {
    const order = [0, ...queue.subarray(0, tail)];
    for (const node of order) {
      for (let sym = 1; sym < alphabet; sym++) {
        const c = child(node, sym);
        delta[node * alphabet + sym] = c !== NONE ? c : node === 0 ? 0 : delta[fail[node]! * alphabet + sym]!;
      }
    }
  }

  return (text, out, from = 0) => {
    let state = 0;
    for (let i = from; i < text.length; i++) {
      const symbol = symbolOf[text.charCodeAt(i)]!;
      if (symbol === 0) {
        state = 0;
        continue;
      }
      if (delta) state = delta[state * alphabet + symbol]!;
      else {
        let next = child(state, symbol);
        while (next === NONE && state !== 0) {
          state = fail[state]!;
          next = child(state, symbol);
        }
        state = next === NONE ? 0 : next;
      }

      let candidate = terminal[state] !== NONE ? state : dictionary[state]!;
      if (candidate === NONE) continue;
      const end = i + 1;
      // Computed once: the keywords on the chain all end here.
      let followedByWord: boolean | undefined;
      // Longest first: the first keyword whose boundaries hold covers every shorter one.
      for (; candidate !== NONE; candidate = dictionary[candidate]!) {
        const keyword = terminal[candidate]!;
        if (needsEndBoundary[keyword] === 1 && (followedByWord ??= isWordCharAt(text, end))) continue;
        const start = end - depth[candidate]!;
        if (needsStartBoundary[keyword] === 1 && isWordCharBefore(text, start)) continue;
        out.push({ start, end, keyword });
        break;
      }
    }
  };
}
