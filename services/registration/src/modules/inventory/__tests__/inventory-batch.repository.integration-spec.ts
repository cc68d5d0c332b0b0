import type { DataSource } from 'typeorm';
import type { ClusterProvisioning } from '#libs/contracts';
import { createServiceDataSource, runServiceMigrations } from '#libs/persistence';
import { createTestEnvironment, type TestEnvironment } from '#libs/testing';
import { registrationMigrations } from '../../../database/registration.migrations.js';
import { InventoryBatchRepository } from '../inventory-batch.repository.js';

const cluster = (id: string, revision: number): ClusterProvisioning => ({
  id,
  customerId: 'customer-1',
  name: id,
  type: 'cucm',
  version: '14.0.1',
  licensing: 'smart',
  nodes: [{ hostname: `${id}-pub`, address: '10.0.0.1', publisher: true }],
  credentials: {},
  revision,
});

/** The deletions answer the entities they deleted: the inventory publishes `cluster.removed` / `customer.removed` for those. */
describe('InventoryBatchRepository deletions', () => {
  let env: TestEnvironment;
  let dataSource: DataSource;
  const sut = new InventoryBatchRepository();

  beforeAll(async () => {
    env = await createTestEnvironment('invbatch');
    dataSource = createServiceDataSource({ url: env.databaseUrl, schema: 'registration', migrations: registrationMigrations, poolSize: 2 });
    await dataSource.initialize();
    await runServiceMigrations(dataSource, 'registration');
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await env?.cleanup();
  });

  it("writes every field of a batch of clusters (one JSON document read through the entity's recordset) and reads them back as the entity", async () => {
    const at = '2026-01-02T03:04:05.000Z';
    const proxied: ClusterProvisioning = { ...cluster('cl-p', 1), credentials: { admin: { username: 'a', password: 'p' } }, proxy: { host: 'proxy.example.com', port: 3128, username: 'u', password: 'x' } };
    const changed = await dataSource.transaction((m) => sut.upsertClusters(m, [{ data: proxied, occurredAt: at }, { data: cluster('cl-q', 1), occurredAt: at }], ['fp-p', 'fp-q']));
    expect([...changed].sort()).toEqual(['cl-p', 'cl-q']);
    const stored = await dataSource.transaction((m) => sut.clusters(m, ['cl-p', 'cl-q']));
    expect(stored.get('cl-p')).toEqual({
      id: 'cl-p', customerId: 'customer-1', name: 'cl-p', type: 'cucm', version: '14.0.1', licensing: 'smart',
      nodes: [{ hostname: 'cl-p-pub', address: '10.0.0.1', port: null, publisher: true }], hasAdminCredentials: true, hasPlatformCredentials: false,
      proxy: { host: 'proxy.example.com', port: 3128, username: 'u', hasPassword: true }, credentialsFingerprint: 'fp-p', deletedAt: null,
    });
    expect(stored.get('cl-q')).toMatchObject({ hasAdminCredentials: false, proxy: null, credentialsFingerprint: 'fp-q' });
    // No proxy is SQL NULL, not a JSON null; eligibility, revision and time are stored too.
    expect(await dataSource.query("SELECT id, proxy IS NULL AS no_proxy, eligible, revision, source_occurred_at = $1 AS at FROM cluster WHERE id IN ('cl-p', 'cl-q') ORDER BY id", [at])).toEqual([
      { id: 'cl-p', no_proxy: false, eligible: true, revision: '1', at: true },
      { id: 'cl-q', no_proxy: true, eligible: true, revision: '1', at: true },
    ]);
    await dataSource.query("DELETE FROM cluster WHERE id IN ('cl-p', 'cl-q')");
  });

  it('a cluster deleted by a newer revision is answered; a stale deletion and an unknown cluster are not', async () => {
    const at = new Date().toISOString();
    await dataSource.transaction((m) => sut.upsertClusters(m, [{ data: cluster('cl-a', 2), occurredAt: at }, { data: cluster('cl-b', 5), occurredAt: at }], ['f', 'f']));
    const deleted = await dataSource.transaction((m) =>
      sut.deleteClusters(m, [
        { data: { id: 'cl-a', revision: 3 }, occurredAt: at },
        { data: { id: 'cl-b', revision: 4 }, occurredAt: at },
        { data: { id: 'cl-none', revision: 1 }, occurredAt: at },
      ]),
    );
    expect([...deleted]).toEqual(['cl-a']);
    expect(await dataSource.query('SELECT id, deleted_at IS NOT NULL AS deleted FROM cluster ORDER BY id')).toEqual([
      { id: 'cl-a', deleted: true },
      { id: 'cl-b', deleted: false },
    ]);
  });

  it('a customer deleted by a newer revision is answered; a stale deletion is not', async () => {
    const at = new Date().toISOString();
    await dataSource.transaction((m) => sut.upsertCustomers(m, [{ data: { id: 'cu-a', name: 'A', revision: 1 }, occurredAt: at }, { data: { id: 'cu-b', name: 'B', revision: 9 }, occurredAt: at }], [null, null]));
    const deleted = await dataSource.transaction((m) =>
      sut.deleteCustomers(m, [
        { data: { id: 'cu-a', revision: 2 }, occurredAt: at },
        { data: { id: 'cu-b', revision: 8 }, occurredAt: at },
      ]),
    );
    expect([...deleted]).toEqual(['cu-a']);
  });
});
