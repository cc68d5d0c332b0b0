import { randomBytes } from 'node:crypto';
import { parseKeyRing, SecretBox, SecretDecryptionError } from '../index.js';

const keyEntry = (id: string): string => `${id}:${randomBytes(32).toString('base64')}`;
const k1 = keyEntry('k1');
const k2 = keyEntry('k2');
const AAD = 'sync.smart_account.client_secret:42';

const decryptionFailure = (action: () => unknown): SecretDecryptionError => {
  try {
    action();
  } catch (error) {
    if (error instanceof SecretDecryptionError) return error;
    throw error;
  }
  throw new Error('expected a SecretDecryptionError');
};

// Flips one bit of a decoded base64url part of `v1.<kid>.<iv>.<tag>.<ct>` and re-encodes it canonically.
const flipBit = (ciphertext: string, partIndex: number): string => {
  const parts = ciphertext.split('.');
  const bytes = Buffer.from(parts[partIndex]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[partIndex] = bytes.toString('base64url');
  return parts.join('.');
};

describe('SecretBox', () => {
  const sut = new SecretBox(parseKeyRing(`${k1}`));

  it('decrypts what it encrypted', () => {
    const ciphertext = sut.encrypt('s3cr3t-client-secret', AAD);

    expect(ciphertext).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sut.decrypt(ciphertext, AAD)).toBe('s3cr3t-client-secret');
  });

  it('round-trips empty and non-ASCII plaintexts', () => {
    expect(sut.decrypt(sut.encrypt('', AAD), AAD)).toBe('');
    expect(sut.decrypt(sut.encrypt('clé ☃ 鍵', AAD), AAD)).toBe('clé ☃ 鍵');
  });

  it('uses a fresh IV each time, so two encryptions of the same plaintext differ', () => {
    const first = sut.encrypt('same', AAD);
    const second = sut.encrypt('same', AAD);

    expect(first).not.toBe(second);
    expect(first.split('.')[2]).not.toBe(second.split('.')[2]);
  });

  it('accepts the key ring as the env string', () => {
    const fromString = new SecretBox(k1);

    expect(fromString.decrypt(sut.encrypt('x', AAD), AAD)).toBe('x');
  });

  it('rejects a ciphertext copied to another row as tampered', () => {
    const ciphertext = sut.encrypt('secret', 'sync.smart_account.client_secret:1');

    const error = decryptionFailure(() => sut.decrypt(ciphertext, 'sync.smart_account.client_secret:2'));

    expect(error.reason).toBe('tampered');
    expect(error.keyId).toBe('k1');
  });

  it.each([
    ['ciphertext', 4],
    ['tag', 3],
    ['iv', 2],
  ])('rejects a flipped %s bit as tampered', (_part, index) => {
    const ciphertext = sut.encrypt('secret', AAD);

    expect(decryptionFailure(() => sut.decrypt(flipBit(ciphertext, index), AAD)).reason).toBe('tampered');
  });

  it('rejects a ciphertext naming a key the ring does not hold as unknown-key', () => {
    const other = new SecretBox(parseKeyRing(k2));

    const error = decryptionFailure(() => sut.decrypt(other.encrypt('secret', AAD), AAD));

    expect(error.reason).toBe('unknown-key');
    expect(error.keyId).toBe('k2');
    expect(error.message).toContain('"k2"');
  });

  it.each([
    ['plain text', 'not-encrypted'],
    ['too few parts', 'v1.k1.abc.def'],
    ['too many parts', 'v1.k1.a.b.c.d'],
    ['another version', 'v2.k1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA'],
    ['a bad key id', 'v1.k+1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA'],
    ['a short iv', 'v1.k1.AAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA'],
    ['a short tag', 'v1.k1.AAAAAAAAAAAAAAAA.AAAA.AAAA'],
    ['non-base64url characters', 'v1.k1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AA+/'],
    ['non-canonical base64url', 'v1.k1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAB.AAAA'],
  ])('rejects %s as malformed', (_case, input) => {
    expect(decryptionFailure(() => sut.decrypt(input, AAD)).reason).toBe('malformed');
  });

  it('requires associated data', () => {
    expect(() => sut.encrypt('secret', '')).toThrow(TypeError);
  });

  it('never puts the plaintext or the AAD in error messages', () => {
    const ciphertext = sut.encrypt('hunter2', AAD);

    const error = decryptionFailure(() => sut.decrypt(flipBit(ciphertext, 4), AAD));

    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain(AAD);
  });

  it('round-trips JSON credentials, optionally validating their shape', () => {
    const credentials = { clientId: 'abc', clientSecret: 'xyz' };
    const ciphertext = sut.encryptJson(credentials, AAD);

    expect(sut.decryptJson(ciphertext, AAD)).toEqual(credentials);
    expect(
      sut.decryptJson(ciphertext, AAD, (value) => {
        const { clientId } = value as { clientId: string };
        return { clientId };
      }),
    ).toEqual({ clientId: 'abc' });
  });

  it('reports a decrypted non-JSON value as malformed', () => {
    expect(decryptionFailure(() => sut.decryptJson(sut.encrypt('not json', AAD), AAD)).reason).toBe('malformed');
  });
});

describe('key rotation', () => {
  const oldBox = new SecretBox(parseKeyRing(k1));
  const stored = oldBox.encrypt('client-secret', AAD);
  const sut = new SecretBox(parseKeyRing(`${k2},${k1}`));

  it('still decrypts secrets under the old key once a new active key is added', () => {
    expect(sut.decrypt(stored, AAD)).toBe('client-secret');
  });

  it('flags secrets not under the active key', () => {
    expect(sut.needsRotation(stored)).toBe(true);
    expect(sut.needsRotation(sut.encrypt('x', AAD))).toBe(false);
    expect(oldBox.needsRotation(stored)).toBe(false);
  });

  it('re-encrypts with the active key, decryptable once the old key is removed', () => {
    const rotated = sut.rotate(stored, AAD);

    expect(rotated.split('.')[1]).toBe('k2');
    expect(sut.needsRotation(rotated)).toBe(false);
    expect(new SecretBox(parseKeyRing(k2)).decrypt(rotated, AAD)).toBe('client-secret');
  });

  it('returns a secret already under the active key unchanged', () => {
    const current = sut.encrypt('x', AAD);

    expect(sut.rotate(current, AAD)).toBe(current);
  });

  it('cannot recover a secret whose key was removed before rotation', () => {
    const withoutOldKey = new SecretBox(parseKeyRing(k2));

    expect(decryptionFailure(() => withoutOldKey.rotate(stored, AAD)).reason).toBe('unknown-key');
  });

  it('does not rotate a tampered secret', () => {
    expect(decryptionFailure(() => sut.rotate(stored, 'sync.smart_account.client_secret:43')).reason).toBe('tampered');
  });
});
