import fc from 'fast-check';
import { canonicalJson } from './idempotency-context';

describe('canonicalJson', () => {
  it('is the same for objects that differ only in key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
  });

  it('property: equal to JSON.parse∘stringify round trips, and different values stay different', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(JSON.parse(canonicalJson(a))).toEqual(JSON.parse(JSON.stringify(a)));
        if (JSON.stringify(JSON.parse(canonicalJson(a))) !== JSON.stringify(JSON.parse(canonicalJson(b)))) {
          expect(canonicalJson(a)).not.toBe(canonicalJson(b));
        }
      }),
    );
  });

  it('tells an absent body from an empty object', () => {
    expect(canonicalJson(undefined)).not.toBe(canonicalJson({}));
  });
});
