import { inspect } from 'node:util';

/** Length of an AES-256 key in bytes. */
export const KEY_LENGTH_BYTES = 32;

const KEY_ID_PATTERN = /^[A-Za-z0-9_-]+$/;
// Standard or URL-safe alphabet, optional padding; Buffer.from(_, 'base64') silently skips anything else.
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * A key ring entry is invalid. The message names the entry by position (and by id when the id itself is valid)
 * and never contains key material.
 */
export class KeyRingError extends Error {
  readonly code = 'KEY_RING_INVALID';

  constructor(message: string) {
    super(message);
    this.name = 'KeyRingError';
  }
}

/**
 * The encryption keys, by id. The first key is the active one (used to encrypt); every key decrypts. Key bytes sit
 * in a private field and are left out of `JSON.stringify` and `util.inspect`, so logging a config is harmless.
 */
export class KeyRing {
  readonly #keys: ReadonlyMap<string, Buffer>;
  readonly activeKeyId: string;

  constructor(entries: ReadonlyArray<{ id: string; key: Uint8Array }>) {
    if (entries.length === 0) throw new KeyRingError('key ring is empty: expected at least one "kid:<base64 key>" entry');
    const keys = new Map<string, Buffer>();
    entries.forEach(({ id, key }, index) => {
      const entry = `key ring entry ${index + 1}`;
      if (!KEY_ID_PATTERN.test(id)) throw new KeyRingError(`${entry}: key id must match [A-Za-z0-9_-]+`);
      if (keys.has(id)) throw new KeyRingError(`${entry} ("${id}"): duplicate key id`);
      if (key.length !== KEY_LENGTH_BYTES) {
        throw new KeyRingError(`${entry} ("${id}"): key must be exactly ${KEY_LENGTH_BYTES} bytes, got ${key.length}`);
      }
      keys.set(id, Buffer.from(key));
    });
    this.#keys = keys;
    this.activeKeyId = entries[0]!.id;
  }

  /** Ids in ring order, the active one first. */
  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  has(keyId: string): boolean {
    return this.#keys.has(keyId);
  }

  /** The key bytes of `keyId`, or undefined when the ring does not hold it. */
  key(keyId: string): Buffer | undefined {
    return this.#keys.get(keyId);
  }

  toJSON(): { activeKeyId: string; keyIds: string[] } {
    return { activeKeyId: this.activeKeyId, keyIds: this.keyIds };
  }

  [inspect.custom](): string {
    return `KeyRing { activeKeyId: '${this.activeKeyId}', keyIds: [${this.keyIds.map((id) => `'${id}'`).join(', ')}] }`;
  }
}

/**
 * Parses `SMARTLIC_ENCRYPTION_KEYS`: comma-separated `kid:<base64 of 32 bytes>` entries, the active key first,
 * e.g. `k2:...,k1:...`. Throws {@link KeyRingError} naming the first bad entry.
 */
export const parseKeyRing = (value: string): KeyRing => {
  const trimmed = value.trim();
  if (trimmed === '') return new KeyRing([]);
  const entries = trimmed.split(',').map((raw, index) => {
    const entry = `key ring entry ${index + 1}`;
    const text = raw.trim();
    if (text === '') throw new KeyRingError(`${entry} is empty`);
    const colon = text.indexOf(':');
    // Without a colon the whole entry may be key material: do not echo any of it.
    if (colon === -1) throw new KeyRingError(`${entry}: expected "kid:<base64 key>"`);
    const id = text.slice(0, colon);
    const encoded = text.slice(colon + 1).trim();
    if (!KEY_ID_PATTERN.test(id)) throw new KeyRingError(`${entry}: key id must match [A-Za-z0-9_-]+`);
    if (!BASE64_PATTERN.test(encoded)) throw new KeyRingError(`${entry} ("${id}"): key is not valid base64`);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== KEY_LENGTH_BYTES) {
      throw new KeyRingError(
        `${entry} ("${id}"): key must be exactly ${KEY_LENGTH_BYTES} bytes after base64 decoding, got ${key.length}`,
      );
    }
    return { id, key };
  });
  return new KeyRing(entries);
};
