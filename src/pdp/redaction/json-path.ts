/**
 * JSONPath-style names for leaves: `$.user.cards[0]`, and `$["first name"]` for keys that
 * are not identifiers.
 */

/** The root path. */
export const ROOT_PATH = '$';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `path` extended by the object key `key`. */
export function childKeyPath(path: string, key: string): string {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** `path` extended by the array index `index`. */
export function childIndexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}
