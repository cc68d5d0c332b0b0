#!/usr/bin/env node
// `npm run demo [-- --keep] [--scenario <file>] [--out <dir>]`: the main job end to end in one command (issue 9).
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { developmentEnv } from '../dev/dev-env.js';
import { InfrastructureUnavailableError } from './demo-infrastructure.js';
import { consoleOutput } from './demo-output.js';
import { DEFAULT_LAB_SCENARIO } from './demo-lab.js';
import { runDemo } from './demo-run.js';

const USAGE = 'usage: npm run demo [-- --keep] [--scenario simulators/lab/scenarios/default-lab.yaml] [--out ./out]';

const main = async (): Promise<number> => {
  const { values } = parseArgs({
    options: {
      keep: { type: 'boolean', default: false },
      scenario: { type: 'string', default: DEFAULT_LAB_SCENARIO },
      out: { type: 'string', default: 'out' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    consoleOutput.line(USAGE);
    consoleOutput.line('Postgres: DATABASE_URL (default postgres://postgres@127.0.0.1:5432), database DEMO_DATABASE (default smartlic_demo, reset at each run); an embedded Postgres when none answers.');
    consoleOutput.line('NATS: NATS_URL (default nats://127.0.0.1:4222), namespace DEMO_NATS_NAMESPACE (default demo); nats-server -js from the PATH when none answers.');
    return 0;
  }
  // Ctrl-C or a closed pipe while the demo runs: exit, and the exit hooks stop the services and servers it started.
  process.stdout.on('error', () => undefined);
  const abort = () => process.exit(130);
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  const dev = developmentEnv();
  const result = await runDemo({
    scenarioPath: values.scenario!,
    outDir: resolve(values.out!),
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    database: process.env.DEMO_DATABASE ?? 'smartlic_demo',
    natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    namespace: process.env.DEMO_NATS_NAMESPACE ?? 'demo',
    serviceEnv: { SMARTLIC_ENCRYPTION_KEYS: dev.SMARTLIC_ENCRYPTION_KEYS, CONSOLE_DEV_LOGIN: 'true' },
    authSecret: dev.AUTH_LOCAL_SECRET,
    output: consoleOutput,
  });
  process.off('SIGINT', abort);
  process.off('SIGTERM', abort);
  if (values.keep) {
    consoleOutput.line();
    consoleOutput.line(`--keep: everything keeps running. Console ${result.gatewayUrl}/console (development login), REST ${result.gatewayUrl}/api/v1 (token: npm run -s token -- --role admin), OpenAPI on the gateway's management port (above). Ctrl-C stops it all.`);
    consoleOutput.line(`  License Management (PLM): ${result.gatewayUrl}/api/v1/license-managers, /license-managers/{id}/summary, /license-management/clusters and /license-management/customers`);
    await new Promise<void>((done) => {
      process.once('SIGINT', () => done());
      process.once('SIGTERM', () => done());
    });
  }
  await result.stop();
  return result.ok ? 0 : 1;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof InfrastructureUnavailableError) console.error(`smartlic demo: ${error.message}`);
    else console.error(`smartlic demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
