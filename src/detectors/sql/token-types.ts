/**
 * The token vocabulary of the SQL-injection scanner. The tokenizer turns text into these, and
 * the rules judge sequences of them; neither side looks at raw characters again.
 */

/** What a token is. Keywords are `word` tokens; rules recognise them by their `upper` text. */
export type SqlTokenKind =
  | 'string'
  | 'number'
  | 'word'
  | 'variable'
  | 'operator'
  | '('
  | ')'
  | ','
  | ';'
  | '.'
  | 'comment'
  | 'other';

/**
 * One token. Offsets are UTF-16 indexes into the normalised text the tokenizer was given
 * (the scanner maps them back to the caller's text).
 */
export interface SqlToken {
  readonly kind: SqlTokenKind;
  readonly start: number;
  readonly end: number;
  /**
   * - `word`: the name upper-cased (quoted identifiers without their quotes);
   * - `string`: the content between the quotes;
   * - `comment`: the body, without the delimiters;
   * - anything else: the token's text (`operator`: `<=`, `||`…; `number`: `0x41`…).
   */
  readonly upper: string;
  /** `string`, `comment` and quoted `word`: whether the closing delimiter was found. */
  readonly closed: boolean;
  /**
   * `string`: the quote character; `comment`: `--`, `#` or `/*`; `word`: `` ` `` for a
   * backtick-quoted identifier and `''` for a bare one; otherwise `''`.
   */
  readonly delimiter: string;
}

/** The three readings of an input, as libinjection does: as-is, or as if inside a '…' or "…" string. */
export type SqlQuoteContext = 'none' | 'single' | 'double';
