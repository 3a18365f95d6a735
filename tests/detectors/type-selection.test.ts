import { describe, expect, it } from 'vitest';
import { detect, DETECTOR_TYPES, InvalidOptionError, UnknownDetectorTypeError, type DetectorType } from '../../src/index.js';
import { resolveTypeSelection } from '../../src/detectors/type-selection.js';
import { DETECTORS } from '../../src/detectors/registry.js';

const TEXT = 'Mail ana@example.com or call +44 20 7946 0958, card 4111 1111 1111 1111.';

const typesFound = (types: readonly DetectorType[]) => detect(TEXT, { types }).map((f) => f.type);

describe('detect() types option, resolved once per array', () => {
  it('reuses the selection of a frozen array', () => {
    const types = Object.freeze<DetectorType[]>(['email', 'phone']);
    const first = resolveTypeSelection(types);
    expect(resolveTypeSelection(types)).toBe(first);
    expect([...first.wanted!]).toEqual(['email', 'phone']);
    expect(first.detectors.map((rank) => DETECTORS[rank]!.name)).toEqual(['email', 'phone']);
  });

  it('sees a type added to an array that is not frozen between two calls', () => {
    const types: DetectorType[] = ['email'];
    expect(typesFound(types)).toEqual(['email']);
    types.push('credit_card');
    expect(typesFound(types)).toEqual(['email', 'credit_card']);
  });

  it('sees a type replaced or removed in an array that is not frozen', () => {
    const types: DetectorType[] = ['email', 'phone'];
    expect(typesFound(types)).toEqual(['email', 'phone']);
    types[0] = 'credit_card';
    expect(typesFound(types)).toEqual(['phone', 'credit_card']);
    types.length = 1;
    expect(typesFound(types)).toEqual(['credit_card']);
  });

  it('rejects an unknown type put into an array that was valid on an earlier call', () => {
    const types: DetectorType[] = ['email'];
    expect(typesFound(types)).toEqual(['email']);
    types.push('cc' as DetectorType);
    expect(() => detect(TEXT, { types })).toThrow(UnknownDetectorTypeError);
  });

  it('keeps rejecting an invalid frozen array on every call', () => {
    const types = Object.freeze(['email', 'cc'] as DetectorType[]);
    expect(() => detect(TEXT, { types })).toThrow(UnknownDetectorTypeError);
    expect(() => detect(TEXT, { types })).toThrow(UnknownDetectorTypeError);
    expect(() => detect(TEXT, { types: 'email' as never })).toThrow(InvalidOptionError);
  });

  it('finds the same with a frozen array, a fresh copy and no types option when every type is asked for', () => {
    const frozen = Object.freeze([...DETECTOR_TYPES]);
    const expected = detect(TEXT);
    expect(detect(TEXT, { types: frozen })).toEqual(expected);
    expect(detect(TEXT, { types: frozen })).toEqual(expected);
    expect(detect(TEXT, { types: [...DETECTOR_TYPES] })).toEqual(expected);
  });
});

describe('a types list that names every type', () => {
  it('resolves to the same selection as leaving the option out', () => {
    expect(resolveTypeSelection([...DETECTOR_TYPES, 'email'])).toBe(resolveTypeSelection(undefined));
    expect(resolveTypeSelection(undefined).wanted).toBeUndefined();
    expect(resolveTypeSelection(undefined).detectors).toHaveLength(DETECTORS.length);
  });
});
