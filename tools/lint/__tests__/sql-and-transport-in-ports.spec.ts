import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

// The project's own eslint.config.js, run through ESLint's Node API on fixture texts placed (by filePath) in services/:
// SQL only in repositories and database/, transport clients only in ports.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SQL = 'smartlic-ports/sql-in-repositories';
const TRANSPORT = 'smartlic-ports/transport-in-ports';

const sut = new ESLint({ cwd: ROOT });

const rulesFired = async (filePath: string, text: string) => {
  const [result] = await sut.lintText(text, { filePath: join(ROOT, filePath) });
  return result!.messages.map((m) => m.ruleId ?? m.message);
};

const SERVICE_RUNNING_SQL = [
  "import { Injectable } from '@nestjs/common';",
  "import { DataSource } from 'typeorm';",
  '',
  '@Injectable()',
  'export class ClusterNotesService {',
  '  constructor(private readonly dataSource: DataSource) {}',
  '',
  '  async note(clusterId: string, text: string): Promise<void> {',
  "    await this.dataSource.query('INSERT INTO cluster_note (cluster_id, text) VALUES ($1, $2)', [clusterId, text]);",
  '  }',
  '}',
  '',
].join('\n');

describe('in services, SQL runs only in repositories', () => {
  it('a service file running SQL fails the lint', async () => {
    expect(await rulesFired('services/registration/src/modules/inventory/cluster-notes.service.ts', SERVICE_RUNNING_SQL)).toEqual([SQL]);
  });

  it.each([
    ['a handler running SQL on its transaction', 'services/sync/src/modules/virtual-accounts/fixture.handler.ts', "import type { EntityManager } from 'typeorm';\nexport const count = (m: EntityManager) => m.query('SELECT count(*) FROM virtual_account');\n"],
    ['a query builder in a service', 'services/reporting/src/modules/reports/fixture.service.ts', "import type { DataSource } from 'typeorm';\nexport const q = (ds: DataSource) => ds.createQueryBuilder().select('1');\n"],
    ['a TypeORM repository taken in a service', 'services/gateway/src/modules/audit/fixture.service.ts', "import type { DataSource } from 'typeorm';\nclass Row {}\nexport const r = (ds: DataSource) => ds.getRepository(Row);\n"],
    ["libs/persistence's RETURNING helper in a service", 'services/sync/src/modules/sync-jobs/fixture.service.ts', "import type { DataSource } from 'typeorm';\nimport { queryReturning } from '#libs/persistence';\nexport const claim = (ds: DataSource) => queryReturning(ds, 'UPDATE t SET n = 1 RETURNING id');\n"],
    ['the pg driver in a service', 'services/license-mode/src/modules/va-license-mode/fixture.service.ts', "import pg from 'pg';\nexport const client = new pg.Client();\n"],
  ])('%s fails the lint', async (_case, filePath, text) => {
    expect(await rulesFired(filePath, text)).toContain(SQL);
  });

  it.each([
    ['a repository', 'services/registration/src/modules/inventory/cluster-notes.repository.ts'],
    ['a migration', 'services/registration/src/database/migrations/1764399999999-cluster-notes.ts'],
    ['a spec inspecting the database', 'services/registration/src/modules/inventory/__tests__/cluster-notes.integration-spec.ts'],
  ])('the same SQL in %s passes', async (_case, filePath) => {
    expect(await rulesFired(filePath, SERVICE_RUNNING_SQL)).toEqual([]);
  });
});

describe('in services, transport clients only in ports', () => {
  it.each([
    ['undici in a service', "import { request } from 'undici';\nexport const get = (url: string) => request(url);\n"],
    ['node:https in a service', "import https from 'node:https';\nexport const agent = new https.Agent();\n"],
    ['a NATS client in a service', "import { connect } from '@nats-io/transport-node';\nexport const nc = () => connect();\n"],
    ['SFTP in a service', "import SftpClient from 'ssh2-sftp-client';\nexport const sftp = new SftpClient();\n"],
    ['the raw NATS connection injected into a service', "import { NATS_HANDLES } from '#libs/service-kit';\nexport const token = NATS_HANDLES;\n"],
    ['global fetch in a service', "export const get = (url: string) => fetch(url);\n"],
    ['a transport loaded dynamically', "export const load = () => import('undici');\n"],
  ])('%s fails the lint', async (_case, text) => {
    expect(await rulesFired('services/sync/src/modules/smart-accounts/fixture.service.ts', text)).toEqual([TRANSPORT]);
  });

  it.each([
    ['a client', 'services/sync/src/modules/cssm/fixture.client.ts'],
    ['a port', 'services/app-adapter/src/modules/endpoint-inventory/fixture.port.ts'],
    ["app-adapter's application drivers", 'services/app-adapter/src/drivers/ssh/fixture.session.ts'],
  ])('undici in %s passes', async (_case, filePath) => {
    expect(await rulesFired(filePath, "import { request } from 'undici';\nexport const get = (url: string) => request(url);\n")).toEqual([]);
  });

  it("a service importing only transport types, and calling libs/messaging's CommandClient (a port), passes", async () => {
    const text = [
      "import type { Subscription } from '@nats-io/nats-core';",
      "import { type Dispatcher } from 'undici';",
      "import { CommandClient } from '#libs/messaging';",
      "import { SyncCommands } from '#libs/contracts';",
      'export class Fixture {',
      '  constructor(private readonly commands: CommandClient) {}',
      '  sync(id: string, _s?: Subscription, _d?: Dispatcher) {',
      '    return this.commands.request(SyncCommands.syncSmartAccount, { smartAccountId: id });',
      '  }',
      '}',
      '',
    ].join('\n');
    expect(await rulesFired('services/gateway/src/modules/smart-accounts/fixture.service.ts', text)).toEqual([]);
  });
});

describe('the tree today', () => {
  it('every service file keeps SQL in repositories and transport clients in ports', async () => {
    const results = await sut.lintFiles(['services']);
    const problems = results.flatMap((r) => r.messages.filter((m) => m.ruleId === SQL || m.ruleId === TRANSPORT).map((m) => `${relative(ROOT, r.filePath)}: ${m.message}`));
    expect(problems).toEqual([]);
    expect(results.length).toBeGreaterThan(100);
  });
});
