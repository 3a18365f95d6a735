/**
 * How a Server Action's arguments are checked: as one JSON text (so form-field names act as
 * labels for the detectors), with `FormData` read as an object of its text fields. Redacted
 * values are written back into copies; an argument the decision did not change is passed on
 * as the very object the caller gave.
 */
import { GatehouseTypeError } from '../../errors.js';

type Scanned = unknown;

function formDataToObject(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  form.forEach((value, key) => {
    if (typeof value !== 'string') return; // files are not scanned as text
    const prior = out[key];
    out[key] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  });
  return out;
}

/** The JSON-able view of each argument that the decision scans. */
export function scannableArgs(args: readonly unknown[]): Scanned[] {
  return args.map((a) => (typeof FormData !== 'undefined' && a instanceof FormData ? formDataToObject(a) : a));
}

/** The arguments as one JSON text. Throws `GatehouseTypeError` for values JSON cannot hold (BigInt, cycles). */
export function argsText(scanned: readonly Scanned[]): string {
  try {
    return JSON.stringify(scanned);
  } catch (error) {
    throw new GatehouseTypeError(`governAction checks a Server Action's arguments as JSON, and these cannot be serialised: ${(error as Error).message}`);
  }
}

function rebuildFormData(original: FormData, redacted: Record<string, string | string[]>): FormData {
  const out = new FormData();
  const seen = new Map<string, number>();
  original.forEach((value, key) => {
    if (typeof value !== 'string') return out.append(key, value);
    const r = redacted[key];
    const i = seen.get(key) ?? 0;
    seen.set(key, i + 1);
    out.append(key, Array.isArray(r) ? (r[i] ?? value) : (r ?? value));
  });
  return out;
}

/** The arguments to call the action with, given the redacted JSON text of {@link argsText}. */
export function safeArgs<A extends unknown[]>(args: A, scanned: readonly Scanned[], redactedText: string | undefined): A {
  if (redactedText === undefined) return args;
  const redacted = JSON.parse(redactedText) as unknown[];
  return args.map((arg, i) => {
    const before = scanned[i];
    const after = redacted[i];
    if (JSON.stringify(before) === JSON.stringify(after)) return arg;
    if (typeof FormData !== 'undefined' && arg instanceof FormData) return rebuildFormData(arg, after as Record<string, string | string[]>);
    return after;
  }) as A;
}
