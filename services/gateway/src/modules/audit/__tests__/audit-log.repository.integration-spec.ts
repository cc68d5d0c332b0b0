import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { createServiceDataSource, runServiceMigrations } from '#libs/persistence';
import { createTestEnvironment, type TestEnvironment } from '#libs/testing';
import { gatewayMigrations } from '../../../database/gateway.migrations.js';
import { AuditLogEntry } from '../audit-log.entity.js';
import { AuditLogRepository } from '../audit-log.repository.js';

describe('AuditLogRepository (TypeORM entity AuditLogEntry)', () => {
  let env: TestEnvironment;
  let dataSource: DataSource;
  let sut: AuditLogRepository;

  beforeAll(async () => {
    env = await createTestEnvironment('audit');
    dataSource = createServiceDataSource({ url: env.databaseUrl, schema: 'gateway', migrations: gatewayMigrations, entities: [AuditLogEntry], poolSize: 2 });
    await dataSource.initialize();
    await runServiceMigrations(dataSource, 'gateway');
    sut = new AuditLogRepository(dataSource, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await env?.cleanup();
  });

  it('records mutations in the table and lists the latest first, without their detail', async () => {
    await sut.record({ actor: 'alice', roles: ['operator'], method: 'POST', path: '/api/v1/smart-accounts', status: 201, traceId: 'a'.repeat(32), detail: { note: 'first' } });
    await sut.record({ actor: 'bob', roles: ['admin', 'operator'], method: 'DELETE', path: '/api/v1/smart-accounts/x', status: 404, traceId: null, detail: {} });

    expect(await dataSource.query('SELECT actor, roles, method, path, status, trace_id, detail FROM audit_log ORDER BY id')).toEqual([
      { actor: 'alice', roles: ['operator'], method: 'POST', path: '/api/v1/smart-accounts', status: 201, trace_id: 'a'.repeat(32), detail: { note: 'first' } },
      { actor: 'bob', roles: ['admin', 'operator'], method: 'DELETE', path: '/api/v1/smart-accounts/x', status: 404, trace_id: null, detail: {} },
    ]);
    const latest = await sut.latest();
    expect(latest.map((e) => ({ ...e }))).toEqual([
      { id: expect.stringMatching(/^\d+$/), at: expect.any(Date), actor: 'bob', roles: ['admin', 'operator'], method: 'DELETE', path: '/api/v1/smart-accounts/x', status: 404, traceId: null },
      { id: expect.stringMatching(/^\d+$/), at: expect.any(Date), actor: 'alice', roles: ['operator'], method: 'POST', path: '/api/v1/smart-accounts', status: 201, traceId: 'a'.repeat(32) },
    ]);
    expect(await sut.latest(1)).toHaveLength(1);
  });

  it('filters by actor, method, path, outcome and time, and pages newest first without overlap', async () => {
    await dataSource.query('DELETE FROM audit_log');
    await sut.record({ actor: 'carol', roles: ['admin'], method: 'PUT', path: '/api/v1/reports/delivery', status: 200, traceId: null, detail: {} });
    await sut.record({ actor: 'Carol_2', roles: ['operator'], method: 'POST', path: '/api/v1/reports/delivery/run', status: 503, traceId: null, detail: {} });
    await sut.record({ actor: 'dave', roles: ['operator'], method: 'POST', path: '/api/v1/clusters/status-refresh', status: 202, traceId: null, detail: {} });
    await dataSource.query("UPDATE audit_log SET at = '2026-01-01T00:00:00Z' WHERE actor = 'carol'");
    const page = { limit: 100, offset: 0 };
    const actors = async (query: Parameters<AuditLogRepository['list']>[0]) => (await sut.list(query)).map((e) => e.actor);

    expect(await actors({ ...page, actor: 'CAROL' })).toEqual(['Carol_2', 'carol']);
    // % and _ are literal characters of the filter, not patterns.
    expect(await actors({ ...page, actor: 'l_' })).toEqual(['Carol_2']);
    expect(await actors({ ...page, method: 'POST' })).toEqual(['dave', 'Carol_2']);
    expect(await actors({ ...page, path: '/reports/DELIVERY' })).toEqual(['Carol_2', 'carol']);
    expect(await actors({ ...page, outcome: 'failed' })).toEqual(['Carol_2']);
    expect(await actors({ ...page, outcome: 'succeeded' })).toEqual(['dave', 'carol']);
    expect(await actors({ ...page, since: '2026-06-01T00:00:00Z' })).toEqual(['dave', 'Carol_2']);
    expect(await actors({ ...page, until: '2026-06-01T00:00:00Z' })).toEqual(['carol']);
    const pages = [await actors({ limit: 2, offset: 0 }), await actors({ limit: 2, offset: 2 })];
    expect(pages).toEqual([['dave', 'Carol_2'], ['carol']]);
  });

  it('a failed write is logged, not thrown: the operator answer is already sent', async () => {
    const lines: string[] = [];
    const failing = new AuditLogRepository(dataSource, pino({ level: 'error' }, { write: (line: string) => lines.push(line) }));
    await expect(failing.record({ actor: 'x'.repeat(10), roles: [], method: 'PUT', path: '/p', status: 2_147_483_648, traceId: null, detail: {} })).resolves.toBeUndefined();
    expect(lines.join('')).toContain('audit log write failed');
  });
});
