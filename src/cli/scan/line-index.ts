/** A 1-based line and column. Columns count UTF-16 code units, as SARIF's default `columnKind` does. */
export interface LinePosition {
  line: number;
  column: number;
}

/**
 * Maps offsets in a text to lines and columns. Lines end at `\n`, `\r\n` or a lone `\r`.
 *
 * @example
 * ```ts
 * const lines = new LineIndex('a\r\nbc');
 * lines.position(4); // { line: 2, column: 2 }
 * ```
 */
export class LineIndex {
  /** Offset at which each line starts; the first is 0. */
  readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  /** The line and column of `offset` (an offset at the end of the text is allowed). */
  position(offset: number): LinePosition {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }

  /** The offsets `[start, end)` of line `index` (0-based), without its line terminator. */
  lineSpan(index: number): [number, number] {
    const start = this.starts[index]!;
    let end = index + 1 < this.starts.length ? this.starts[index + 1]! : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return [start, end];
  }
}
