import { encryptProvisioningPasswords, encryptProvisioningSecret, generateProvisioningKeyPair, ProvisioningDecryptionError, ProvisioningKeyRing } from '../provisioning-keys.js';

describe('provisioning credentials keys', () => {
  const current = generateProvisioningKeyPair('k2');
  const previous = generateProvisioningKeyPair('k1');
  const ring = ProvisioningKeyRing.parse(JSON.stringify({ keys: [...JSON.parse(current.privateJwks).keys, ...JSON.parse(previous.privateJwks).keys] }));

  it('opens a password encrypted with any key of the ring, current or previous (rotation)', async () => {
    expect(await ring.decrypt(await encryptProvisioningSecret(current.publicJwk, 'pässword'))).toBe('pässword');
    expect(await ring.decrypt(await encryptProvisioningSecret(previous.publicJwk, 's3cret'))).toBe('s3cret');
    expect(ring.publicKeys()).toEqual([current.publicJwk, previous.publicJwk]);
  });

  it('refuses a JWE for an unknown key, an altered one and another algorithm, naming why', async () => {
    const foreign = await encryptProvisioningSecret(generateProvisioningKeyPair('k9').publicJwk, 'x');
    await expect(ring.decrypt(foreign)).rejects.toThrow(new ProvisioningDecryptionError('names key k9, which this deployment does not hold (current key: k2)'));
    const sameKid = await encryptProvisioningSecret(generateProvisioningKeyPair('k2').publicJwk, 'x');
    await expect(ring.decrypt(sameKid)).rejects.toThrow(/cannot be decrypted with key k2/);
    const parts = (await encryptProvisioningSecret(current.publicJwk, 'x')).split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    await expect(ring.decrypt(parts.join('.'))).rejects.toThrow(/cannot be decrypted with key k2/);
    const rsaHeader = Buffer.from(JSON.stringify({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'k2' })).toString('base64url');
    await expect(ring.decrypt(`${rsaHeader}.a.b.c.d`)).rejects.toThrow(/uses alg RSA-OAEP-256/);
    await expect(ring.decrypt('not-a-jwe')).rejects.toThrow(/is not a compact JWE/);
  });

  it('refuses a key set without private keys or with a duplicate kid, never echoing a key', () => {
    expect(() => ProvisioningKeyRing.parse('{')).toThrow(/JWK Set/);
    expect(() => ProvisioningKeyRing.parse(JSON.stringify({ keys: [current.publicJwk] }))).toThrow('keys[0] (k2): the private key (x and d) is required');
    const twice = JSON.parse(current.privateJwks).keys[0];
    expect(() => ProvisioningKeyRing.parse(JSON.stringify({ keys: [twice, twice] }))).toThrow(/k2 appears twice/);
    try {
      ProvisioningKeyRing.parse(JSON.stringify({ keys: [{ ...twice, crv: 'P-256' }] }));
    } catch (error) {
      expect((error as Error).message).not.toContain(twice.d);
    }
  });

  it('replaces every clear password of a cluster with its encryptedPassword, leaving user names', async () => {
    const sealed = await encryptProvisioningPasswords(
      { id: 'c1', credentials: { admin: { username: 'a', password: 'pa' }, platform: { username: 'p', password: 'pp' } }, proxy: { host: 'h', port: 1, username: 'u', password: 'px' } },
      current.publicJwk,
    );
    expect(JSON.stringify(sealed)).not.toMatch(/"password"|"pa"|"pp"|"px"/);
    expect(sealed.credentials.admin).toEqual({ username: 'a', encryptedPassword: expect.any(String) });
    expect(await ring.decrypt((sealed.proxy as { encryptedPassword?: string }).encryptedPassword as string)).toBe('px');
  });
});
