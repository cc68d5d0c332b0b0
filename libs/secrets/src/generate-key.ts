import { randomBytes } from 'node:crypto';
import { KEY_LENGTH_BYTES, KeyRing } from './key-ring.js';

const defaultKeyId = (now: Date): string => {
  const date = now.toISOString().slice(0, 10).replaceAll('-', '');
  return `k${date}-${randomBytes(2).toString('hex')}`;
};

/**
 * A new `kid:<base64 of 32 random bytes>` key ring entry. The default id (`k20261128-3fa9`) tells the key's age at
 * a glance and does not collide when two keys are made on the same day.
 */
export const generateKey = (keyId: string = defaultKeyId(new Date())): string => {
  const key = randomBytes(KEY_LENGTH_BYTES);
  new KeyRing([{ id: keyId, key }]); // validates the id
  return `${keyId}:${key.toString('base64')}`;
};
