import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import type { ClusterProvisioning } from '#libs/contracts';
import { connectNats, type NatsHandles } from '#libs/messaging';
import { createServiceDataSource, runServiceMigrations } from '#libs/persistence';
import { generateKey } from '#libs/secrets';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { appAdapterConfigSchema, type AppAdapterConfig } from '../../../config/app-adapter.config.js';
import { appAdapterMigrations } from '../../../database/app-adapter.migrations.js';
import { CredentialVault } from '../credential-vault.js';
import { EndpointChangesPort } from '../endpoint-changes.port.js';
import { EndpointCache } from '../endpoint.cache.js';
import { EndpointRepository } from '../endpoint.repository.js';

const cluster = (password: string, revision: number): ClusterProvisioning => ({
  id: 'cucm-cache-1',
  customerId: 'customer-1',
  name: 'CUCM cache',
  type: 'cucm',
  version: '15.0.1',
  licensing: 'smart',
  nodes: [{ hostname: 'cucm-pub', address: '192.0.2.10', publisher: true }],
  credentials: { admin: { username: 'admin', password } },
  revision,
});

/** Two app-adapter replicas' caches over one endpoint inventory: what one replica commits, the other sees at once. */
describe('endpoint cache (app-adapter replicas)', () => {
  let env: TestEnvironment;
  let ds: DataSource;
  const handles: NatsHandles[] = [];
  let config: AppAdapterConfig;
  let repository: EndpointRepository;
  let vault: CredentialVault;
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    env = await createTestEnvironment('endpointcache');
    ds = createServiceDataSource({ url: env.databaseUrl, schema: 'app_adapter', migrations: appAdapterMigrations });
    await ds.initialize();
    await runServiceMigrations(ds, 'app_adapter');
    config = appAdapterConfigSchema.parse({ ...env.env, SMARTLIC_ENCRYPTION_KEYS: generateKey('cache'), CAA_ENDPOINT_CACHE_TTL_MS: '10m' });
    repository = new EndpointRepository(ds);
    vault = new CredentialVault(config);
    for (const name of ['replica-a', 'replica-b']) handles.push(await connectNats({ url: env.natsUrl, name, namespace: env.namespace }));
  });

  afterAll(async () => {
    for (const h of handles) await h.nc.close();
    await ds?.destroy();
    await env?.cleanup();
  });

  const provision = (c: ClusterProvisioning) => ds.transaction((m) => repository.upsertMany(m, [{ cluster: c, sealed: { credentials: vault.seal(c.id, c.credentials), proxyPassword: null }, occurredAt: new Date().toISOString() }]));

  it('serves a replica from memory until another replica commits a change of the cluster, then reads it again', async () => {
    const [a, b] = handles.map((h) => new EndpointCache(repository, vault, new EndpointChangesPort(h, logger), config));
    a.onApplicationBootstrap();
    b.onApplicationBootstrap();
    try {
      await provision(cluster('first-password', 1));
      expect((await b.find('cucm-cache-1'))?.credentials.admin?.password).toBe('first-password');

      // Changed behind the cache's back (no notification): replica b still serves what it read, within its TTL.
      await ds.query(`UPDATE endpoint SET nodes = '[]'::jsonb WHERE cluster_id = $1`, ['cucm-cache-1']);
      expect((await b.find('cucm-cache-1'))?.endpoint.nodes).toHaveLength(1);

      // Replica a applies a provisioning change and tells the others.
      await provision(cluster('second-password', 2));
      a.changed(['cucm-cache-1']);
      await eventually(async () => (await b.find('cucm-cache-1'))?.credentials.admin?.password === 'second-password', { what: 'replica b to read the change' });
      expect((await a.find('cucm-cache-1'))?.credentials.admin?.password).toBe('second-password');
    } finally {
      a.onModuleDestroy();
      b.onModuleDestroy();
    }
  });

  it('does not remember a cluster it did not find: one provisioned a moment later is found by the next call', async () => {
    const cache = new EndpointCache(repository, vault, new EndpointChangesPort(handles[0]!, logger), config);
    expect(await cache.find('cucm-cache-2')).toBeUndefined();
    await provision({ ...cluster('pw', 1), id: 'cucm-cache-2' });
    expect((await cache.find('cucm-cache-2'))?.endpoint.clusterId).toBe('cucm-cache-2');
  });

  it('reads the inventory on every call when the TTL is 0', async () => {
    const uncached = new EndpointCache(repository, vault, new EndpointChangesPort(handles[0]!, logger), { ...config, CAA_ENDPOINT_CACHE_TTL_MS: 0 });
    await provision({ ...cluster('pw-1', 1), id: 'cucm-cache-3' });
    expect((await uncached.find('cucm-cache-3'))?.credentials.admin?.password).toBe('pw-1');
    await provision({ ...cluster('pw-2', 2), id: 'cucm-cache-3' });
    expect((await uncached.find('cucm-cache-3'))?.credentials.admin?.password).toBe('pw-2');
  });
});
