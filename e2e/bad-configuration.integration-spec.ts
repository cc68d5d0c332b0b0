import { startService } from '#libs/service-kit';
import { registrationService } from '../services/registration/src/registration.service-definition.js';
import { appAdapterService } from '../services/app-adapter/src/app-adapter.service-definition.js';
import { gatewayService } from '../services/gateway/src/gateway.service-definition.js';

describe('a service started with bad configuration', () => {
  it('fails naming every bad key before touching Postgres or NATS', async () => {
    const failure = startService(registrationService, { env: { PORT: 'abc', DATABASE_URL: 'mysql://db/x', NATS_URL: 'http://nats:4222', LOG_LEVEL: 'loud' } });
    await expect(failure).rejects.toThrow(/PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/);
    const message = await failure.catch((e: Error) => e.message);
    for (const key of ['PORT', 'DATABASE_URL', 'NATS_URL', 'LOG_LEVEL']) expect(message).toContain(`- ${key}:`);
  });

  it('requires the encryption key ring where secrets are stored, and the auth secret of local tokens', async () => {
    await expect(startService(appAdapterService, { env: { CAA_APP_TYPES: 'cucm,pbx' } })).rejects.toThrow(/SMARTLIC_ENCRYPTION_KEYS[\s\S]*|CAA_APP_TYPES/);
    const message = await startService(appAdapterService, { env: { CAA_APP_TYPES: 'cucm,pbx' } }).catch((e: Error) => e.message);
    expect(message).toContain('- SMARTLIC_ENCRYPTION_KEYS:');
    expect(message).toContain('CAA_APP_TYPES');
    await expect(startService(gatewayService, { env: { AUTH_MODE: 'local' } })).rejects.toThrow(/AUTH_LOCAL_SECRET: is required when AUTH_MODE=local/);
  });
});
