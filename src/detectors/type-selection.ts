import { InvalidOptionError, UnknownDetectorTypeError } from '../errors.js';
import { DETECTORS } from './registry.js';
import { DETECTOR_TYPES, type Detector, type DetectorType } from './types.js';

/**
 * What `detect()`'s `types` option resolves to: the types to report, and the detectors that
 * can report any of them.
 */
export interface TypeSelection {
  /** The types reported; undefined for every type. */
  readonly wanted: ReadonlySet<DetectorType> | undefined;
  /** Indices into DETECTORS of the detectors to run, in registry order. */
  readonly detectors: readonly number[];
}

const KNOWN_TYPES: ReadonlySet<string> = new Set(DETECTOR_TYPES);

// The detector lists are read on every call and stay unfrozen: on Node 20, reading a frozen
// array's elements is several times slower. Nothing outside this module sees them.

/** No `types` option: every detector runs and every type is reported. */
const EVERY_TYPE: TypeSelection = { wanted: undefined, detectors: DETECTORS.map((_, rank) => rank) };

/**
 * Selections already resolved, by the `types` array they came from. Callers such as the PDP
 * pass the same frozen array on every call, and building and checking a set of two dozen
 * types each time cost about 2 µs a call, several percent of a 1 KB `decide()`. Only frozen
 * arrays are remembered: they cannot change, while an array that is not frozen may have been
 * changed since, so it is resolved afresh on every call.
 */
const resolved = new WeakMap<readonly DetectorType[], TypeSelection>();

/**
 * Resolves and checks `detect()`'s `types` option.
 *
 * @example
 * ```ts
 * const types = Object.freeze(['email', 'phone'] as const);
 * resolveTypeSelection(types) === resolveTypeSelection(types); // true: resolved once
 * ```
 * @throws InvalidOptionError when `types` is not an array.
 * @throws UnknownDetectorTypeError when `types` names an unknown type.
 */
export function resolveTypeSelection(types: readonly DetectorType[] | undefined): TypeSelection {
  if (types === undefined) return EVERY_TYPE;
  if (!Array.isArray(types)) {
    throw new InvalidOptionError(`options.types must be an array of detector types, for example ["email", "credit_card"]. Valid types: ${DETECTOR_TYPES.join(', ')}.`);
  }
  const known = resolved.get(types);
  if (known !== undefined) return known;
  const selection = selectionOf(types);
  if (Object.isFrozen(types)) resolved.set(types, selection);
  return selection;
}

function selectionOf(types: readonly DetectorType[]): TypeSelection {
  for (const t of types) {
    if (typeof t !== 'string' || !KNOWN_TYPES.has(t)) throw new UnknownDetectorTypeError(String(t), DETECTOR_TYPES);
  }
  const wanted: ReadonlySet<DetectorType> = new Set(types);
  // Every type named: the same as no list, whose scans skip the look-ups in `wanted`.
  if (wanted.size === DETECTOR_TYPES.length) return EVERY_TYPE;
  const detectors: number[] = [];
  for (let rank = 0; rank < DETECTORS.length; rank++) if (reportsAnyOf(DETECTORS[rank]!, wanted)) detectors.push(rank);
  return { wanted, detectors };
}

function reportsAnyOf(detector: Detector, wanted: ReadonlySet<DetectorType>): boolean {
  for (const type of detector.types) if (wanted.has(type)) return true;
  return false;
}
