// `npm run bench:console`: the console's Cluster Summary with 10,000 clusters in the inventory, in Debian's Chromium.
// registration and the gateway run in this process against their own database and NATS namespace; the clusters arrive
// as provisioning events. Figures: first_page_ms (navigation to the first page of clusters drawn), filter_ms (an
// Application Type filter chosen to the filtered page drawn, server-side), initial_js_gzip_kb (the JS index.html
// loads, gzipped). Progress on stderr; the LAST stdout line is one JSON object.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SignJWT } from 'jose';
import pg from 'pg';
import { ProvisioningEvents } from '#libs/contracts';
import { connectNats } from '#libs/messaging';
import { generateKey } from '#libs/secrets';
import { startService } from '#libs/service-kit';
import { createTestEnvironment, provisioningClusterOf } from '#libs/testing';
import { generateClusters } from '#simulators/uc-apps';
import { gatewayService } from '../services/gateway/src/gateway.service-definition.js';
import { defaultConsoleDir } from '../services/gateway/src/modules/console/console-static.js';
import { registrationService } from '../services/registration/src/registration.service-definition.js';
import { launchChromium } from '../tools/console/chromium.js';
import { benchMessage, log, publishAll, round, until } from './support/bench-kit.js';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP_RUNS ?? 3);
const SECRET = 'bench-console-secret-0123456789-0123456789';

/** The JS index.html loads before anything renders (its module script and modulepreloads), gzipped, in kB. */
const initialJsGzipKb = (dir: string): number => {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/console\/([^"]+\.js)"/g)].map((m) => m[1]!);
  if (files.length === 0) throw new Error(`${dir}/index.html loads no script: run npm run build`);
  return files.reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0) / 1024;
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const main = async (): Promise<void> => {
  const dir = defaultConsoleDir();
  const jsKb = initialJsGzipKb(dir);
  const env = await createTestEnvironment('benchconsole');
  const shared = { ...env.env, PORT: '0', SMARTLIC_ENCRYPTION_KEYS: generateKey('bench'), AUTH_MODE: 'local', AUTH_LOCAL_SECRET: SECRET, LOG_LEVEL: 'warn', CONSOLE_DIR: dir };
  const registration = await startService(registrationService, { env: shared, host: '127.0.0.1' });
  const gateway = await startService(gatewayService, { env: shared, host: '127.0.0.1' });
  const handles = await connectNats({ url: env.natsUrl, name: 'bench-console', namespace: env.namespace });
  const db = new pg.Client({ connectionString: env.databaseUrl });
  await db.connect();
  const browser = await launchChromium();
  try {
    const sims = generateClusters(CLUSTERS, { addressBase: '127.120.0.1', idPrefix: 'console' });
    const customers = [...new Set(sims.map((c) => c.customerId ?? 'customer-0'))];
    const { customerCreated, clusterCreated } = ProvisioningEvents;
    log(`publishing ${customers.length} customers and ${CLUSTERS} clusters`);
    await publishAll(handles, customers.map((id) => benchMessage(customerCreated.subject, customerCreated.type, { id, name: `Customer ${id}` })), { window: 256 });
    await publishAll(handles, sims.map((c) => benchMessage(clusterCreated.subject, clusterCreated.type, provisioningClusterOf(c, { port: 8443 }, { customerId: c.customerId ?? 'customer-0' }))), { window: 256 });
    await until('the inventory', async () => Number(((await db.query('SELECT count(*) AS n FROM registration.cluster')).rows[0] as { n: string }).n) === CLUSTERS);
    log('inventory ready');

    const token = await new SignJWT({ roles: ['viewer'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('bench').setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));
    const session = JSON.stringify({ token, subject: 'bench', roles: ['viewer'], expiresAt: Date.now() + 3600_000 });
    await browser.context.addInitScript((s) => sessionStorage.setItem('smartlic.session', s), session);
    const page = await browser.context.newPage();
    const rows = page.getByRole('table', { name: 'Clusters' }).getByRole('row');
    const firstPage: number[] = [];
    const filter: number[] = [];
    // Unmeasured warm-up, as the other benches: the figures are steady state (registration's and Postgres's caches,
    // V8's compilers), not the first request after the inventory arrived.
    for (let run = 0; run < WARMUP; run++) {
      await page.goto(`${gateway.url}/console/clusters`);
      await rows.nth(50).waitFor();
    }
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      await page.goto(`${gateway.url}/console/clusters`);
      await rows.nth(50).waitFor();
      firstPage.push(performance.now() - start);
      const type = run % 2 === 0 ? 'Cisco Unity Connection' : 'Expressway-C (core)';
      await page.getByRole('combobox', { name: 'Application Type' }).click();
      const option = page.getByRole('option', { name: type });
      await option.waitFor();
      const shown = type.startsWith('Cisco Unity') ? 'cuc' : 'expressway-c';
      const before = performance.now();
      await option.click();
      // A string: the bench compiles without the DOM's types.
      await page.waitForFunction(
        `(() => { const cells = [...document.querySelectorAll('table[aria-label="Clusters"] tbody tr td:nth-child(3)')].map((td) => td.textContent); return cells.length > 0 && cells.every((c) => c === ${JSON.stringify(shown)}); })()`,
        undefined,
        { polling: 'raf' },
      );
      filter.push(performance.now() - before);
    }
    log(`first page ms: ${firstPage.map((x) => Math.round(x)).join(', ')}; filter ms: ${filter.map((x) => Math.round(x)).join(', ')}`);
    process.stdout.write(`${JSON.stringify({ bench: 'console', clusters: CLUSTERS, runs: RUNS, first_page_ms: round(median(firstPage), 1), filter_ms: round(median(filter), 1), initial_js_gzip_kb: round(jsKb, 1) })}\n`);
  } finally {
    await browser.close();
    await db.end();
    await handles.nc.close();
    await gateway.close();
    await registration.close();
    await env.cleanup();
  }
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`bench:console failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
