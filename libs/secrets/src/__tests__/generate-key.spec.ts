import { generateKey, KeyRingError, parseKeyRing } from '../index.js';

describe('generateKey', () => {
  it('makes a key ring entry that parses', () => {
    const entry = generateKey();

    expect(entry).toMatch(/^k\d{8}-[0-9a-f]{4}:[A-Za-z0-9+/]{43}=$/);
    expect(parseKeyRing(entry).key(parseKeyRing(entry).activeKeyId)).toHaveLength(32);
  });

  it('uses the given id and rejects invalid ones', () => {
    expect(generateKey('k3').startsWith('k3:')).toBe(true);
    expect(() => generateKey('k.3')).toThrow(KeyRingError);
  });

  it('makes a different key each time', () => {
    expect(generateKey('k').split(':')[1]).not.toBe(generateKey('k').split(':')[1]);
  });
});
