import { detect } from '../../detectors/detect.js';
import { DETECTOR_TYPES, type DetectorType, type Finding } from '../../detectors/types.js';
import type { ScanUnit } from './scan-units.js';

/** Findings of one unit, with offsets relative to `unit.value`. */
export interface UnitFindings {
  unit: ScanUnit;
  findings: Finding[];
}

/**
 * Runs the detectors once per unit for the union of types any applicable policy needs
 * (`types` holds each type once).
 */
export function detectInUnits(
  units: readonly ScanUnit[],
  types: readonly DetectorType[],
  minConfidence: number,
  region: string,
): UnitFindings[] {
  if (types.length === 0) return [];
  // Every type wanted: leaving `types` out means the same to detect(), which then need not check the list.
  const options = { types: types.length === DETECTOR_TYPES.length ? undefined : types, minConfidence, region };
  const out: UnitFindings[] = [];
  for (const unit of units) {
    const p = unit.contextPrefix.length;
    let findings = detect(p === 0 ? unit.value : unit.contextPrefix + unit.value, options);
    if (p > 0) {
      findings = findings
        .filter((f) => f.start >= p)
        .map((f) => ({ ...f, start: f.start - p, end: f.end - p }));
    }
    if (findings.length > 0) out.push({ unit, findings });
  }
  return out;
}
