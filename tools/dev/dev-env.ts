import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { generateKey, generateProvisioningKeyPair } from '#libs/secrets';

/**
 * Development settings for `npm start` and `npm run token`: a key ring, a provisioning key pair and a token secret generated once into
 * `.smartlic-dev/` (git-ignored) so that secrets stored by one run can be read by the next. Never used in
 * production, where both come from Kubernetes secrets.
 */
const dir = join(process.cwd(), '.smartlic-dev');

const readOrCreate = (name: string, create: () => string): string => {
  const file = join(dir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const value = create();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
};

export const developmentEnv = (): Record<string, string> => ({
  SMARTLIC_ENCRYPTION_KEYS: process.env.SMARTLIC_ENCRYPTION_KEYS ?? readOrCreate('encryption-keys', () => generateKey('dev1')),
  // Provisioning events must carry encrypted passwords here, as in the lab and the demo: the public key is app-adapter's
  // answer on smartlic.cmd.app-adapter.v1.provisioning-key.get.
  PROVISIONING_DECRYPTION_KEYS: process.env.PROVISIONING_DECRYPTION_KEYS ?? readOrCreate('provisioning-keys', () => generateProvisioningKeyPair('dev1').privateJwks),
  PROVISIONING_REQUIRE_ENCRYPTED_CREDENTIALS: process.env.PROVISIONING_REQUIRE_ENCRYPTED_CREDENTIALS ?? 'true',
  AUTH_MODE: process.env.AUTH_MODE ?? 'local',
  AUTH_LOCAL_SECRET: process.env.AUTH_LOCAL_SECRET ?? readOrCreate('auth-secret', () => randomBytes(32).toString('base64url')),
  // The console's development login (viewer, operator, admin buttons) on a developer's machine, never with OIDC.
  CONSOLE_DEV_LOGIN: process.env.CONSOLE_DEV_LOGIN ?? String((process.env.AUTH_MODE ?? 'local') === 'local'),
});
