import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { KeyRingError, parseKeyRing } from '../index.js';

const keyEntry = (id: string): string => `${id}:${randomBytes(32).toString('base64')}`;
const k1 = keyEntry('k1');
const k2 = keyEntry('k2');

describe('parseKeyRing', () => {
  it('makes the first entry active and keeps every key for decryption', () => {
    const sut = parseKeyRing(` ${k2} , ${k1}\n`);

    expect(sut.activeKeyId).toBe('k2');
    expect(sut.keyIds).toEqual(['k2', 'k1']);
    expect(sut.has('k1')).toBe(true);
    expect(sut.key('k1')).toHaveLength(32);
  });

  it('accepts URL-safe base64', () => {
    const urlSafe = `k1:${randomBytes(32).toString('base64url')}`;

    expect(parseKeyRing(urlSafe).keyIds).toEqual(['k1']);
  });

  const shortKey = randomBytes(16).toString('base64');
  it.each([
    ['an empty value', '', /at least one/],
    ['an empty entry', `${k1},`, /entry 2 is empty/],
    ['a missing id', randomBytes(32).toString('base64'), /entry 1: expected "kid:<base64 key>"/],
    ['a bad id', `k 1:${shortKey}`, /entry 1: key id must match/],
    ['an empty id', `:${shortKey}`, /entry 1: key id must match/],
    ['invalid base64', `${k1},k2:not*base64!`, /entry 2 \("k2"\): key is not valid base64/],
    ['a 16-byte key', `k1:${shortKey}`, /entry 1 \("k1"\): key must be exactly 32 bytes after base64 decoding, got 16/],
    ['a duplicate id', `${k1},${keyEntry('k1')}`, /entry 2 \("k1"\): duplicate key id/],
  ])('rejects %s with a message naming the entry', (_case, value, message) => {
    expect(() => parseKeyRing(value)).toThrow(KeyRingError);
    expect(() => parseKeyRing(value)).toThrow(message);
  });

  it('never echoes key material in errors', () => {
    const material = randomBytes(32).toString('base64');
    const attempts = [material, `bad id:${material}`, `k1:${material.slice(0, 20)}`];

    for (const attempt of attempts) {
      expect(() => parseKeyRing(attempt)).toThrow(KeyRingError);
      try {
        parseKeyRing(attempt);
      } catch (error) {
        expect((error as Error).message).not.toContain(material.slice(0, 20));
      }
    }
  });

  it('keeps key bytes out of JSON and inspect output', () => {
    const sut = parseKeyRing(`${k2},${k1}`);
    const material = k2.split(':')[1]!;

    expect(JSON.stringify(sut)).toBe('{"activeKeyId":"k2","keyIds":["k2","k1"]}');
    expect(inspect(sut)).not.toContain(material);
    expect(inspect({ nested: sut }, { depth: 5 })).not.toContain(material);
  });
});
