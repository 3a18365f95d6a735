import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so equal sets hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** A content version for a policy set that did not name one: `sha256:` + 16 hex digits. */
export function contentVersion(policySet: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(policySet)).digest('hex').slice(0, 16)}`;
}
