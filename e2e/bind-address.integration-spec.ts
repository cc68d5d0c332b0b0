import type { AddressInfo } from 'node:net';
import { startService, type RunningService } from '#libs/service-kit';
import { createTestEnvironment, type TestEnvironment } from '#libs/testing';
import { registrationService } from '../services/registration/src/registration.service-definition.js';

describe('the bind address of a service (HOST)', () => {
  let env: TestEnvironment;
  let service: RunningService<unknown> | undefined;

  beforeAll(async () => {
    env = await createTestEnvironment('bindhost');
  });

  afterAll(async () => {
    await service?.close();
    await env?.cleanup();
  });

  it('binds the API port and the management port to HOST', async () => {
    service = (await startService(registrationService, { env: { ...env.env, PORT: '0', HOST: '127.0.0.1' } })) as RunningService<unknown>;
    const api = service.app.getHttpServer().address() as AddressInfo;
    expect(api.address).toBe('127.0.0.1');
    expect(service.url).toBe(`http://127.0.0.1:${api.port}`);
    expect(new URL(service.managementUrl).hostname).toBe('127.0.0.1');
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${service.managementUrl}/metrics`)).status).toBe(200);
  });

  it('refuses a HOST that is neither an address nor a host name, naming it', async () => {
    await expect(startService(registrationService, { env: { ...env.env, PORT: '0', HOST: 'http://0.0.0.0' } })).rejects.toThrow(/- HOST: must be an IP address or a host name/);
  });
});
