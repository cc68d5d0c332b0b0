import { SignJWT } from 'jose';
import { generateKey } from '#libs/secrets';
import { startService, type RunningService } from '#libs/service-kit';
import type { TestEnvironment } from '#libs/testing';
import { appAdapterService } from '../../services/app-adapter/src/app-adapter.service-definition.js';
import { gatewayService } from '../../services/gateway/src/gateway.service-definition.js';
import { licenseModeService } from '../../services/license-mode/src/license-mode.service-definition.js';
import { registrationService } from '../../services/registration/src/registration.service-definition.js';
import { reportingService } from '../../services/reporting/src/reporting.service-definition.js';
import { syncService } from '../../services/sync/src/sync.service-definition.js';

export const TEST_AUTH_SECRET = 'test-secret-for-local-development-tokens-0123456789';

const definitions = {
  gateway: gatewayService,
  sync: syncService,
  registration: registrationService,
  'license-mode': licenseModeService,
  'app-adapter': appAdapterService,
  reporting: reportingService,
} as const;
export type ServiceName = keyof typeof definitions;

/** Starts services in this process against the test environment (its database and NATS namespace). */
export const startServices = async (env: TestEnvironment, names: ServiceName[], extraEnv: Record<string, string> = {}): Promise<Record<string, RunningService<unknown>>> => {
  const shared = { ...env.env, PORT: '0', SMARTLIC_ENCRYPTION_KEYS: generateKey('test'), AUTH_MODE: 'local', AUTH_LOCAL_SECRET: TEST_AUTH_SECRET, ...extraEnv };
  const started: Record<string, RunningService<unknown>> = {};
  for (const name of names) {
    started[name] = (await startService(definitions[name] as never, { env: shared, host: '127.0.0.1' })) as RunningService<unknown>;
  }
  return started;
};

export const stopServices = async (services: Record<string, RunningService<unknown>>): Promise<void> => {
  for (const s of Object.values(services).reverse()) await s.close();
};

export const testToken = (roles: string[], subject = 'test-operator'): Promise<string> =>
  new SignJWT({ roles }).setProtectedHeader({ alg: 'HS256' }).setSubject(subject).setIssuedAt().setExpirationTime('10m').sign(new TextEncoder().encode(TEST_AUTH_SECRET));
