/**
 * What kind of line a payloadbox entry is, decided from the line alone (never from what
 * scanSql says), so that the eval can say which kinds of line the scanner misses. Payloadbox
 * mixes SQL payloads with NoSQL and LDAP payloads and with bare fragments (`(`, `order by`,
 * `'`, `1`) that are attacks only once combined with more; the issue says not to chase those.
 */

/** Kinds of payloadbox line, in the order the report lists them. */
export const PAYLOAD_KINDS = [
  'NoSQL / server-side JavaScript',
  'LDAP filter',
  'a number or value alone',
  'a comment alone',
  'punctuation or operators only',
  'one or two bare words',
  'marker word with a quote',
  'other (SQL or SQL-like)',
] as const;

export type PayloadKind = (typeof PAYLOAD_KINDS)[number];

/** MongoDB operators and shell calls, and JavaScript run by a document store. */
const NOSQL = /\$(?:where|ne|gt|gte|lt|lte|regex|or|and|nin|exists|comment)\b|\bdb\.\w+\.\w+\(|\bthis\.\w+\.match\(|\bnew Date\(\)|\bwhile\s*\(/i;
/** LDAP filter syntax: `*(|(objectclass=*))`, `*|`. */
const LDAP = /\(\|\(|\bobjectclass=|^\*\|$/i;
/** A line comment and what follows it: `# from wapiti`, ` -- &password=`. */
const COMMENT_ALONE = /^\s*(?:#|--)/;
/** No letter, and at most one number: `(`, `'`, `" "`, `"-"`, `<>"'%;)(&+`, `==`, `(||6)`. */
const PUNCTUATION_ONLY = /^[^A-Za-z0-9]*(?:\d+[^A-Za-z0-9]*)?$/;
/** A number, a percentage, a spreadsheet error or a lone variable: `1`, `26 %`, `3.10E+17`, `#NAME?`, `,@variable`. */
const VALUE_ALONE = /^\s*(?:[\d.,]+(?:E[+-]?\d+)?\s*%?|#NAME\?|,?@\w+)\s*$/i;
/** One or two words with nothing else but a `;` or brackets: `update`, `order by`, `(sqlattempt2)`, `sqlvuln;`. */
const BARE_WORDS = /^\s*\(?\s*[A-Za-z_]\w*(?:\s+[A-Za-z_]\w*)?\s*\)?\s*;?\s*$/;
/** A quote between at most two words or numbers: `a'`, `1'1`, `1\'1`, `'sqlvuln`, `'+sqlvuln`, `' OR`. */
const MARKER_WITH_QUOTE = /^\s*[\w\\]*['"][ +\\]?\w*['"]?\s*$/;

function urlDecoded(text: string): string {
  let s = /%[0-9a-f]{2}/i.test(text) ? text.replace(/\+/g, ' ') : text;
  for (let round = 0; round < 3 && /%[0-9a-f]{2}/i.test(s); round++) {
    try {
      s = decodeURIComponent(s);
    } catch {
      break;
    }
  }
  return s.replace(/&apos;/g, "'").replace(/&quot;/g, '"');
}

/**
 * The kind of one payloadbox line.
 *
 * @example
 * ```ts
 * payloadKind('*(|(objectclass=*))') // 'LDAP filter'
 * payloadKind("1' OR '1'='1")        // 'other (SQL or SQL-like)'
 * ```
 */
export function payloadKind(text: string): PayloadKind {
  const s = urlDecoded(text);
  if (NOSQL.test(s)) return 'NoSQL / server-side JavaScript';
  if (LDAP.test(s)) return 'LDAP filter';
  if (VALUE_ALONE.test(s)) return 'a number or value alone';
  if (COMMENT_ALONE.test(s)) return 'a comment alone';
  if (PUNCTUATION_ONLY.test(s)) return 'punctuation or operators only';
  if (BARE_WORDS.test(s)) return 'one or two bare words';
  if (MARKER_WITH_QUOTE.test(s)) return 'marker word with a quote';
  return 'other (SQL or SQL-like)';
}
