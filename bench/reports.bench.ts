// `npm run bench:reports`: the reporting service at the scale (1,000 customers, 10,000 clusters, 2,000
// subscriptions) produces the Service Inventory summary, the HLM report as .xlsx and the Flex Usage report.
// The service runs in a child process; its peak RSS is the kernel's high-water mark (VmHWM). Baselines measured in
// the same run: the service's RSS when idle, and the time Postgres takes to read the rows the reports are made of.
// Progress goes to stderr; the LAST stdout line is one JSON object. Targets: seconds < 20, peak_rss_mb < 300.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';
import { connectNats, CommandClient } from '#libs/messaging';
import { ReportingCommands, type ReportType } from '#libs/contracts';
import { dropDatabase, ensureDatabase } from '#libs/persistence';
import { generateKey } from '#libs/secrets';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1000);
const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 10_000);
const SUBSCRIPTIONS = Number(process.env.BENCH_SUBSCRIPTIONS ?? 2000);
const VIRTUAL_ACCOUNTS = 100;
const REPORTS: ReportType[] = ['service-inventory', 'hlm-xlsx', 'flex-usage'];

const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;
const procStatusKb = (pid: number, field: 'VmRSS' | 'VmHWM'): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** The read models as the events would leave them (bulk SQL: the bench measures reports, not ingestion). */
const seed = async (db: pg.Client): Promise<void> => {
  await db.query('SET search_path TO reporting');
  await db.query(`INSERT INTO smart_account (id, name, domain, type, ordered_virtual_account, operational_virtual_account, source_occurred_at)
    VALUES ('sa-bench', 'bench', 'bench.example.com', 'CSSM', 'va-hcs-ordered', 'va-000', now())`);
  await db.query(`INSERT INTO virtual_account (smart_account_id, name, smart_account_domain, smart_account_type, source_occurred_at)
    SELECT 'sa-bench', 'va-' || lpad(i::text, 3, '0'), 'bench.example.com', 'CSSM', now() FROM generate_series(0, $1 - 1) i
    UNION ALL SELECT 'sa-bench', 'va-hcs-ordered', 'bench.example.com', 'CSSM', now()`, [VIRTUAL_ACCOUNTS]);
  const licenses = ['HCS Cisco UCM Foundation License', 'HCS Cisco UCM Standard License', 'HCS Cisco UCM TelePresence Room License', 'HCS Unity Connection Basic License', 'HCS Unity Connection Standard License', 'HCS Emergency Responder User License'];
  await db.query(`INSERT INTO va_license (smart_account_id, virtual_account, license, quantity, in_use, available, status, details, source_occurred_at)
    SELECT 'sa-bench', 'va-' || lpad(i::text, 3, '0'), l, 1000, 400, 600, 'In Compliance',
      json_build_array(json_build_object('licenseType', 'TERM', 'quantity', 600, 'subscriptionId', 'SUB-' || (i * 2), 'startDate', '2026-01-01', 'endDate', '2027-06-30'),
                       json_build_object('licenseType', 'TERM', 'quantity', 400, 'subscriptionId', 'SUB-' || (i * 2 + 1), 'startDate', '2026-01-01', 'endDate', '2027-12-31')), now()
    FROM generate_series(0, $1 - 1) i, unnest($2::text[]) l`, [VIRTUAL_ACCOUNTS, licenses]);
  await db.query(`INSERT INTO customer (id, name, source_occurred_at) SELECT 'C' || lpad(i::text, 5, '0'), 'Customer ' || i, now() FROM generate_series(0, $1 - 1) i`, [CUSTOMERS]);
  await db.query(`INSERT INTO cluster (id, customer_id, name, type, version, publisher, smart_account_id, virtual_account, status, source_occurred_at, status_occurred_at)
    SELECT 'cl-' || lpad(i::text, 6, '0'), 'C' || lpad((i % $2)::text, 5, '0'), 'cluster-' || i, (ARRAY['cucm','cucm','cucm','cuc','cer'])[1 + i % 5], '14.0.1',
      '10.' || (i / 65536) || '.' || ((i / 256) % 256) || '.' || (i % 256), 'sa-bench', 'va-' || lpad((i % $3)::text, 3, '0'), 'Manually Registered', now(), now()
    FROM generate_series(0, $1 - 1) i`, [CLUSTERS, CUSTOMERS, VIRTUAL_ACCOUNTS]);
  await db.query(`INSERT INTO license_usage (cluster_id, license, count, application_type, license_mode, collected_at)
    SELECT c.id, u.license, 5 + (abs(hashtext(c.id || u.license)) % 60), c.type, CASE WHEN u.license LIKE 'HCS%' THEN 'HCS' ELSE 'Enterprise' END, now()
    FROM cluster c CROSS JOIN LATERAL (SELECT unnest(CASE c.type
      WHEN 'cucm' THEN ARRAY['HCS Cisco UCM Foundation License', 'HCS Cisco UCM Standard License', 'Essential']
      WHEN 'cuc' THEN ARRAY['HCS Unity Connection Basic License', 'HCS Unity Connection Standard License', 'HCS Unity Connection Fax License']
      ELSE ARRAY['HCS Emergency Responder User License'] END) AS license) u`);
  await db.query(`INSERT INTO subscription_line (subscription_id, smart_account_id, virtual_account, license, quantity, license_type, billing_type, start_date, end_date, status, source_occurred_at)
    SELECT 'SUB-' || i, 'sa-bench', 'va-hcs-ordered', l, 100 + i % 50, 'TERM', 'PREPAID', current_date - 100, current_date + (i % 400), 'ACTIVE', now()
    FROM generate_series(0, $1 - 1) i, unnest(ARRAY['HCS Cisco UCM Foundation License', 'HCS Cisco UCM Standard License', 'HCS Unity Connection Basic License']) l`, [SUBSCRIPTIONS]);
  await db.query(`INSERT INTO subscription_mapping (subscription_id, customer_id, license_model)
    SELECT 'SUB-' || i, 'C' || lpad((i % $2)::text, 5, '0'), 'Named User' FROM generate_series(0, $1 - 1) i`, [SUBSCRIPTIONS, CUSTOMERS]);
  await db.query('ANALYZE');
};

const main = async (): Promise<void> => {
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/smartlic_bench_reports_${randomBytes(3).toString('hex')}`;
  const databaseUrl = base.toString();
  const namespace = `bench_${randomBytes(3).toString('hex')}`;
  const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  await ensureDatabase(databaseUrl);
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/services/reporting/src/main.js'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NATS_URL: natsUrl, NATS_NAMESPACE: namespace, PORT: String(port), MANAGEMENT_PORT: '0', LOG_LEVEL: 'warn', SMARTLIC_ENCRYPTION_KEYS: generateKey('bench'), REPORTING_DELIVERY_TICK_MS: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const handles = await connectNats({ url: natsUrl, name: 'bench-reports', namespace });
  const commands = new CommandClient(handles);
  const db = new pg.Client({ connectionString: databaseUrl });
  try {
    for (let i = 0; ; i++) {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (ready) break;
      if (i > 300 || child.exitCode !== null) throw new Error('the reporting service did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const idleRssKb = procStatusKb(child.pid!, 'VmRSS');
    await db.connect();
    const s0 = performance.now();
    await seed(db);
    console.error(`seeded ${CUSTOMERS} customers, ${CLUSTERS} clusters, ${SUBSCRIPTIONS} subscriptions in ${Math.round(performance.now() - s0)} ms`);

    // Baseline: Postgres reading the rows the reports are made of, with no report around them.
    const b0 = performance.now();
    await db.query('SELECT c.customer_id, c.id, u.license, u.count, cu.name FROM license_usage u JOIN cluster c ON c.id = u.cluster_id LEFT JOIN customer cu ON cu.id = c.customer_id ORDER BY 1, 2, 3');
    await db.query('SELECT * FROM va_license ORDER BY 1, 2, 3');
    await db.query('SELECT m.customer_id, s.* FROM subscription_mapping m JOIN subscription_line s USING (subscription_id) ORDER BY 1');
    const baselineSeconds = (performance.now() - b0) / 1000;

    const t0 = performance.now();
    const sizes: Record<string, number> = {};
    const perReport: Record<string, number> = {};
    for (const type of REPORTS) {
      const r0 = performance.now();
      const { id } = await commands.request(ReportingCommands.requestReport, { type });
      for (;;) {
        const run = await commands.request(ReportingCommands.getReport, { id });
        if (run.status === 'Failed') throw new Error(`${type} failed: ${run.statusInfo}`);
        if (run.status === 'Succeeded') {
          sizes[type] = run.bytes ?? 0;
          break;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      perReport[type] = Math.round(performance.now() - r0) / 1000;
      console.error(`${type}: ${perReport[type]} s, ${Math.round((sizes[type] ?? 0) / 1024)} KiB`);
    }
    const seconds = Math.round((performance.now() - t0) / 10) / 100;
    const peakRssMb = mb(procStatusKb(child.pid!, 'VmHWM'));
    console.log(JSON.stringify({
      seconds,
      peak_rss_mb: peakRssMb,
      targets_met: seconds < 20 && peakRssMb < 300,
      baseline_idle_rss_mb: mb(idleRssKb),
      baseline_db_read_seconds: Math.round(baselineSeconds * 100) / 100,
      per_report_seconds: perReport,
      report_bytes: sizes,
      customers: CUSTOMERS,
      clusters: CLUSTERS,
      subscriptions: SUBSCRIPTIONS,
    }));
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
    await db.end().catch(() => undefined);
    await handles.nc.close();
    await dropDatabase(databaseUrl).catch(() => undefined);
  }
};

await main();
