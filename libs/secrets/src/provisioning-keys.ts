import { createDecipheriv, createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { CompactEncrypt, importJWK } from 'jose';

/**
 * Credentials in provisioning events, encrypted for app-adapter: a compact JWE per password, ECDH-ES key agreement with
 * the deployment's X25519 public key (named by `kid`) and A256GCM content encryption (RFC 7516, 7518, 8037). Any JOSE
 * library encrypts it (jose, Nimbus, jwcrypto, …); the event log then never holds a clear password.
 */
export const PROVISIONING_JWE = { alg: 'ECDH-ES', enc: 'A256GCM', crv: 'X25519' } as const;

/** A public key as published to integrators (JWK). */
export interface ProvisioningPublicJwk {
  kty: 'OKP';
  crv: 'X25519';
  x: string;
  kid: string;
  alg: 'ECDH-ES';
  use: 'enc';
}

interface PrivateJwk extends ProvisioningPublicJwk {
  d: string;
}

const KID_RE = /^[A-Za-z0-9._-]{1,64}$/;

/** A new key pair: the private JWK Set goes into app-adapter's secret (PROVISIONING_DECRYPTION_KEYS), the public JWK to integrators. */
export const generateProvisioningKeyPair = (kid: string): { privateJwks: string; publicJwk: ProvisioningPublicJwk } => {
  if (!KID_RE.test(kid)) throw new Error('kid: 1-64 letters, digits, ".", "_" or "-"');
  const { privateKey } = generateKeyPairSync('x25519');
  const jwk = privateKey.export({ format: 'jwk' }) as { x: string; d: string };
  const publicJwk: ProvisioningPublicJwk = { kty: 'OKP', crv: 'X25519', x: jwk.x, kid, alg: 'ECDH-ES', use: 'enc' };
  return { privateJwks: JSON.stringify({ keys: [{ ...publicJwk, d: jwk.d }] }), publicJwk };
};

/** Encrypts one secret (a password) for app-adapter with the deployment's public key: what an integrator does. */
export const encryptProvisioningSecret = async (publicJwk: ProvisioningPublicJwk, plaintext: string): Promise<string> =>
  new CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader({ alg: PROVISIONING_JWE.alg, enc: PROVISIONING_JWE.enc, kid: publicJwk.kid })
    .encrypt(await importJWK({ kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x }, PROVISIONING_JWE.alg));

/** A JWE that this deployment cannot open: unknown key id, another algorithm, or a ciphertext that does not verify. */
export class ProvisioningDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProvisioningDecryptionError';
  }
}

/**
 * app-adapter's private keys for provisioning credentials, from a JWK Set (`{"keys":[…]}`), the current key first. To
 * rotate: prepend a new key, publish its public key, keep the old one until no event in the stream uses it.
 */
export class ProvisioningKeyRing {
  private readonly privateKeys = new Map<string, KeyObject>();

  private constructor(private readonly keys: readonly PrivateJwk[]) {
    for (const k of keys) this.privateKeys.set(k.kid, createPrivateKey({ key: { kty: k.kty, crv: k.crv, x: k.x, d: k.d }, format: 'jwk' }));
  }

  /** Parses and checks the JWK Set; the message names what is wrong (never a key's value). */
  static parse(text: string): ProvisioningKeyRing {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error('must be a JWK Set: {"keys":[{"kty":"OKP","crv":"X25519","kid":…,"x":…,"d":…}]}');
    }
    const keys = (parsed as { keys?: unknown }).keys;
    if (!Array.isArray(keys) || keys.length === 0) throw new Error('must be a JWK Set with at least one key ("keys")');
    const kids = new Set<string>();
    const checked = keys.map((k: Partial<PrivateJwk>, i) => {
      if (k.kty !== 'OKP' || k.crv !== 'X25519') throw new Error(`keys[${i}]: an X25519 key (kty OKP, crv X25519) is required`);
      if (typeof k.kid !== 'string' || !KID_RE.test(k.kid)) throw new Error(`keys[${i}].kid: 1-64 letters, digits, ".", "_" or "-"`);
      if (typeof k.x !== 'string' || typeof k.d !== 'string') throw new Error(`keys[${i}] (${k.kid}): the private key (x and d) is required`);
      if (kids.has(k.kid)) throw new Error(`keys[${i}].kid: ${k.kid} appears twice`);
      kids.add(k.kid);
      return { kty: 'OKP', crv: 'X25519', x: k.x, d: k.d, kid: k.kid, alg: 'ECDH-ES', use: 'enc' } as PrivateJwk;
    });
    try {
      return new ProvisioningKeyRing(checked);
    } catch {
      throw new Error('a key of the set is not a valid X25519 private key');
    }
  }

  /** The public keys, current first: what the deployment publishes to integrators. */
  publicKeys(): ProvisioningPublicJwk[] {
    return this.keys.map(({ d: _d, ...publicJwk }) => publicJwk);
  }

  /**
   * The clear secret of a compact JWE made with one of these keys. Decrypted with node:crypto (RFC 7518 4.6: X25519
   * agreement, Concat KDF, AES-256-GCM with the protected header as AAD): about ten times cheaper than through WebCrypto,
   * and app-adapter opens every password of every provisioning event.
   */
  async decrypt(jwe: string): Promise<string> {
    const parts = jwe.split('.');
    if (parts.length !== 5) throw new ProvisioningDecryptionError('is not a compact JWE');
    const [protectedB64, encryptedKey, ivB64, ciphertextB64, tagB64] = parts as [string, string, string, string, string];
    let header: { alg?: string; enc?: string; kid?: string; epk?: { kty?: string; crv?: string; x?: string }; apu?: string; apv?: string };
    try {
      header = JSON.parse(Buffer.from(protectedB64, 'base64url').toString('utf8'));
    } catch {
      throw new ProvisioningDecryptionError('is not a compact JWE');
    }
    if (header.alg !== PROVISIONING_JWE.alg || header.enc !== PROVISIONING_JWE.enc) {
      throw new ProvisioningDecryptionError(`uses alg ${header.alg ?? '(none)'} / enc ${header.enc ?? '(none)'}; ${PROVISIONING_JWE.alg} / ${PROVISIONING_JWE.enc} is required`);
    }
    const privateKey = header.kid === undefined ? undefined : this.privateKeys.get(header.kid);
    if (!privateKey) throw new ProvisioningDecryptionError(`names key ${header.kid ?? '(no kid)'}, which this deployment does not hold (current key: ${this.keys[0]!.kid})`);
    const failed = () => new ProvisioningDecryptionError(`cannot be decrypted with key ${header.kid} (altered, or encrypted for another key)`);
    // ECDH-ES in direct key agreement mode carries no encrypted key.
    if (encryptedKey !== '' || header.epk?.kty !== 'OKP' || header.epk.crv !== 'X25519' || typeof header.epk.x !== 'string') throw failed();
    try {
      const z = diffieHellman({ privateKey, publicKey: createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: header.epk.x }, format: 'jwk' }) });
      const cek = concatKdf(z, header.enc, header.apu, header.apv);
      const decipher = createDecipheriv('aes-256-gcm', cek, Buffer.from(ivB64, 'base64url'));
      decipher.setAAD(Buffer.from(protectedB64, 'ascii'));
      decipher.setAuthTag(Buffer.from(tagB64, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertextB64, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw failed();
    }
  }
}

const lengthPrefixed = (data: Buffer): Buffer => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
};

/** Concat KDF (NIST SP 800-56A, RFC 7518 4.6.2) with SHA-256 for a 256-bit key: one round. */
const concatKdf = (z: Buffer, enc: string, apu?: string, apv?: string): Buffer => {
  const keyBits = Buffer.alloc(4);
  keyBits.writeUInt32BE(256);
  const otherInfo = Buffer.concat([
    lengthPrefixed(Buffer.from(enc, 'ascii')),
    lengthPrefixed(apu ? Buffer.from(apu, 'base64url') : Buffer.alloc(0)),
    lengthPrefixed(apv ? Buffer.from(apv, 'base64url') : Buffer.alloc(0)),
    keyBits,
  ]);
  return createHash('sha256').update(Buffer.from([0, 0, 0, 1])).update(z).update(otherInfo).digest();
};

type Sealable = { password?: string; encryptedPassword?: string };
type WithPasswords = { credentials?: Partial<Record<string, Sealable>>; proxy?: Sealable | null };

const sealOne = async <S extends Sealable>(holder: S, publicJwk: ProvisioningPublicJwk): Promise<S> => {
  if (holder.password === undefined) return holder;
  const { password, ...rest } = holder;
  return { ...rest, encryptedPassword: await encryptProvisioningSecret(publicJwk, password) } as S;
};

/**
 * A provisioning customer or cluster with every clear password (credentials.*.password, proxy.password) replaced by its
 * encryptedPassword: what a provisioning system does before it publishes (the lab, the demo and the benchmarks do it).
 */
export const encryptProvisioningPasswords = async <T extends WithPasswords>(data: T, publicJwk: ProvisioningPublicJwk): Promise<T> => {
  const out: T = { ...data };
  if (data.credentials) {
    const credentials: Partial<Record<string, Sealable>> = {};
    for (const [kind, credential] of Object.entries(data.credentials)) credentials[kind] = credential ? await sealOne(credential, publicJwk) : credential;
    out.credentials = credentials;
  }
  if (data.proxy) out.proxy = await sealOne(data.proxy, publicJwk);
  return out;
};
