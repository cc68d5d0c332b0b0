import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { generateKey } from '#libs/secrets';

/**
 * Development settings for `npm start` and `npm run token`: a key ring and a token secret generated once into
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
  AUTH_MODE: process.env.AUTH_MODE ?? 'local',
  AUTH_LOCAL_SECRET: process.env.AUTH_LOCAL_SECRET ?? readOrCreate('auth-secret', () => randomBytes(32).toString('base64url')),
});
