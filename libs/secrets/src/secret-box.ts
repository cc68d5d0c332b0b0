import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KeyRing, parseKeyRing } from './key-ring.js';

const ALGORITHM = 'aes-256-gcm';
const FORMAT_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID_PATTERN = /^[A-Za-z0-9_-]+$/;
const BASE64URL_PATTERN = /^[A-Za-z0-9_-]*$/;

export type SecretDecryptionFailure = 'unknown-key' | 'tampered' | 'malformed';

/** A stored secret could not be decrypted. The message never contains plaintext, key material or the AAD. */
export class SecretDecryptionError extends Error {
  readonly code = 'SECRET_DECRYPTION_FAILED';

  constructor(
    readonly reason: SecretDecryptionFailure,
    message: string,
    /** The key id named by the ciphertext, when it could be read. */
    readonly keyId?: string,
  ) {
    super(message);
    this.name = 'SecretDecryptionError';
  }
}

interface Envelope {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

const malformed = (detail: string): SecretDecryptionError =>
  new SecretDecryptionError('malformed', `malformed secret: ${detail}`);

// Canonical base64url only, so one ciphertext has exactly one text form.
const decodeBase64Url = (text: string, field: string): Buffer => {
  const bytes = Buffer.from(text, 'base64url');
  if (!BASE64URL_PATTERN.test(text) || bytes.toString('base64url') !== text) throw malformed(`${field} is not base64url`);
  return bytes;
};

const parseEnvelope = (value: string): Envelope => {
  if (typeof value !== 'string') throw malformed('expected a string');
  const parts = value.split('.');
  if (parts.length !== 5) throw malformed(`expected ${FORMAT_VERSION}.<kid>.<iv>.<tag>.<ciphertext>`);
  const [version, keyId, iv, tag, ciphertext] = parts as [string, string, string, string, string];
  if (version !== FORMAT_VERSION) throw malformed(`unsupported format version`);
  if (!KEY_ID_PATTERN.test(keyId)) throw malformed('invalid key id');
  const envelope = {
    keyId,
    iv: decodeBase64Url(iv, 'iv'),
    tag: decodeBase64Url(tag, 'tag'),
    ciphertext: decodeBase64Url(ciphertext, 'ciphertext'),
  };
  if (envelope.iv.length !== IV_BYTES) throw malformed(`iv must be ${IV_BYTES} bytes`);
  if (envelope.tag.length !== TAG_BYTES) throw malformed(`tag must be ${TAG_BYTES} bytes`);
  return envelope;
};

const assertAad = (aad: string): void => {
  // The AAD binds a ciphertext to its row (`<table>.<column>:<rowId>`); an empty one is almost certainly a bug.
  if (typeof aad !== 'string' || aad === '') throw new TypeError('aad must be a non-empty string such as "<table>.<column>:<rowId>"');
};

/**
 * AES-256-GCM for secrets at rest (OAuth client secrets and other credentials in Postgres), with key ids for
 * rotation. Output: `v1.<kid>.<iv>.<tag>.<ciphertext>`, each binary part base64url. The `aad` (associated data,
 * e.g. `sync.smart_account.client_secret:<rowId>`) is authenticated but not stored: a ciphertext copied to another
 * row or column fails to decrypt as `tampered`.
 */
export class SecretBox {
  readonly keyRing: KeyRing;

  constructor(keyRing: KeyRing | string) {
    this.keyRing = typeof keyRing === 'string' ? parseKeyRing(keyRing) : keyRing;
  }

  /** Encrypts with the active key and a fresh random IV: encrypting the same plaintext twice gives different output. */
  encrypt(plaintext: string, aad: string): string {
    assertAad(aad);
    const keyId = this.keyRing.activeKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.keyRing.key(keyId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [FORMAT_VERSION, keyId, iv, tag, ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** Decrypts with whichever ring key the ciphertext names. Throws {@link SecretDecryptionError}. */
  decrypt(ciphertext: string, aad: string): string {
    assertAad(aad);
    const envelope = parseEnvelope(ciphertext);
    const key = this.keyRing.key(envelope.keyId);
    if (key === undefined) {
      throw new SecretDecryptionError(
        'unknown-key',
        `secret was encrypted with key "${envelope.keyId}", which is not in the key ring (${this.keyRing.keyIds.join(', ')})`,
        envelope.keyId,
      );
    }
    const decipher = createDecipheriv(ALGORITHM, key, envelope.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(envelope.tag);
    try {
      return Buffer.concat([decipher.update(envelope.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretDecryptionError(
        'tampered',
        `secret failed authentication with key "${envelope.keyId}": altered, or stored under different associated data`,
        envelope.keyId,
      );
    }
  }

  /** True when the ciphertext was not encrypted with the active key. Throws `malformed` for non-ciphertexts. */
  needsRotation(ciphertext: string): boolean {
    return parseEnvelope(ciphertext).keyId !== this.keyRing.activeKeyId;
  }

  /**
   * Re-encrypts with the active key. A ciphertext already under the active key is verified and returned unchanged,
   * so callers can skip the UPDATE when `rotate(c, aad) === c`.
   */
  rotate(ciphertext: string, aad: string): string {
    const plaintext = this.decrypt(ciphertext, aad);
    return this.needsRotation(ciphertext) ? this.encrypt(plaintext, aad) : ciphertext;
  }

  /** Encrypts a credential object as JSON. */
  encryptJson(value: unknown, aad: string): string {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError('value is not JSON-serialisable');
    return this.encrypt(json, aad);
  }

  /**
   * Decrypts a value stored by {@link encryptJson}. Pass `parse` (e.g. a zod schema's `parse`) to validate the shape;
   * without it the result is only asserted to be `T`.
   */
  decryptJson<T = unknown>(ciphertext: string, aad: string, parse?: (value: unknown) => T): T {
    const json = this.decrypt(ciphertext, aad);
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      throw malformed('decrypted value is not JSON');
    }
    return parse === undefined ? (value as T) : parse(value);
  }
}
