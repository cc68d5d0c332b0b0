// `npm run bench:reports`: the reporting service at the scale (1,000 customers, 10,000 clusters, 2,000
// subscriptions) produces the Service Inventory summary, the HLM report as .xlsx and the Flex Usage report.
// The service runs in a child process; its peak RSS is the kernel's high-water mark (VmHWM). Baselines measured in
// the same run: the service's RSS when idle, and the time Postgres takes to read the rows the reports are made of.
// 10 % of the clusters are 11.x clusters licensed through Prime License Managers (issue 17: "still meets its targets
// with 10 % of the clusters on PLM"); their data arrives as registration's `plm-inventory.reported` events through
// JetStream, one per PLM of at most BENCH_PLM_SIZE clusters, and the reports hold their PLMINF0 / CUSTLICENSEINF0 and
// HLM rows. Progress goes to stderr; the LAST stdout line is one JSON object. Targets: seconds < 20, peak_rss_mb < 300.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';
import { connectNats, CommandClient } from '#libs/messaging';
import { createEnvelope, PlmEvents, ReportingCommands, type PlmInventoryReported, type ReportType } from '#libs/contracts';
import { dropDatabase, ensureDatabase } from '#libs/persistence';
import { generateKey } from '#libs/secrets';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1000);
const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 10_000);
const SUBSCRIPTIONS = Number(process.env.BENCH_SUBSCRIPTIONS ?? 2000);
const VIRTUAL_ACCOUNTS = 100;
/** Ten clusters in every hundred (all types) are licensed through a PLM; a PLM serves at most 1,000 clusters (HCS license management). */
const ON_PLM = (i: number): boolean => Math.floor(i / 10) % 10 === 0;
const PLM_SIZE = Math.min(1000, Number(process.env.BENCH_PLM_SIZE ?? 500));
const PLM_LICENSES: Record<string, string[]> = { cucm: ['HUCM_Foundation', 'HUCM_Standard', 'HUCM_Essential'], cuc: ['HCUC_BasicMessaging', 'HCUC_EnhancedMessaging'], cer: ['HCER_User'] };
const CLUSTER_TYPES_CYCLE = ['cucm', 'cucm', 'cucm', 'cuc', 'cer'] as const;
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
  // Ten clusters in every hundred ((i / 10) % 10 = 0, as ON_PLM) are 11.x clusters on PLM: in the inventory, assigned to
  // no virtual account.
  await db.query(`INSERT INTO cluster (id, customer_id, name, type, version, publisher, smart_account_id, virtual_account, status, source_occurred_at, status_occurred_at)
    SELECT 'cl-' || lpad(i::text, 6, '0'), 'C' || lpad((i % $2)::text, 5, '0'), 'cluster-' || i, (ARRAY['cucm','cucm','cucm','cuc','cer'])[1 + i % 5],
      CASE WHEN (i / 10) % 10 = 0 THEN '11.5.1' ELSE '14.0.1' END, '10.' || (i / 65536) || '.' || ((i / 256) % 256) || '.' || (i % 256),
      CASE WHEN (i / 10) % 10 = 0 THEN NULL ELSE 'sa-bench' END, CASE WHEN (i / 10) % 10 = 0 THEN NULL ELSE 'va-' || lpad((i % $3)::text, 3, '0') END,
      CASE WHEN (i / 10) % 10 = 0 THEN NULL ELSE 'Manually Registered' END, now(), now()
    FROM generate_series(0, $1 - 1) i`, [CLUSTERS, CUSTOMERS, VIRTUAL_ACCOUNTS]);
  await db.query(`INSERT INTO license_usage (cluster_id, license, count, application_type, license_mode, collected_at)
    SELECT c.id, u.license, 5 + (abs(hashtext(c.id || u.license)) % 60), c.type, CASE WHEN u.license LIKE 'HCS%' THEN 'HCS' ELSE 'Enterprise' END, now()
    FROM cluster c CROSS JOIN LATERAL (SELECT unnest(CASE c.type
      WHEN 'cucm' THEN ARRAY['HCS Cisco UCM Foundation License', 'HCS Cisco UCM Standard License', 'Essential']
      WHEN 'cuc' THEN ARRAY['HCS Unity Connection Basic License', 'HCS Unity Connection Standard License', 'HCS Unity Connection Fax License']
      ELSE ARRAY['HCS Emergency Responder User License'] END) AS license) u WHERE c.version <> '11.5.1'`);
  await db.query(`INSERT INTO subscription_line (subscription_id, smart_account_id, virtual_account, license, quantity, license_type, billing_type, start_date, end_date, status, source_occurred_at)
    SELECT 'SUB-' || i, 'sa-bench', 'va-hcs-ordered', l, 100 + i % 50, 'TERM', 'PREPAID', current_date - 100, current_date + (i % 400), 'ACTIVE', now()
    FROM generate_series(0, $1 - 1) i, unnest(ARRAY['HCS Cisco UCM Foundation License', 'HCS Cisco UCM Standard License', 'HCS Unity Connection Basic License']) l`, [SUBSCRIPTIONS]);
  await db.query(`INSERT INTO subscription_mapping (subscription_id, customer_id, license_model)
    SELECT 'SUB-' || i, 'C' || lpad((i % $2)::text, 5, '0'), 'Named User' FROM generate_series(0, $1 - 1) i`, [SUBSCRIPTIONS, CUSTOMERS]);
  await db.query('ANALYZE');
};

/** The PLM clusters' data as registration publishes it after each PLM's audit: one absolute report per PLM. */
const plmReports = (): PlmInventoryReported[] => {
  const clusters = Array.from({ length: CLUSTERS }, (_, i) => i).filter(ON_PLM);
  const reports: PlmInventoryReported[] = [];
  for (let p = 0; p * PLM_SIZE < clusters.length; p++) {
    const mine = clusters.slice(p * PLM_SIZE, (p + 1) * PLM_SIZE).map((i) => {
      const type = CLUSTER_TYPES_CYCLE[i % 5]!;
      return { clusterId: `cl-${String(i).padStart(6, '0')}`, customerId: `C${String(i % CUSTOMERS).padStart(5, '0')}`, type, version: '11.5.1', licenses: PLM_LICENSES[type]!.map((licenseType, k) => ({ licenseType, count: 5 + ((i + k) % 60) })) };
    });
    const required = new Map<string, number>();
    for (const c of mine) for (const l of c.licenses) required.set(l.licenseType, (required.get(l.licenseType) ?? 0) + l.count);
    reports.push({
      licenseManagerId: `plm-${p}`,
      hostname: `plm-${p}.bench.example.com`,
      version: '11.5.1.12000-1',
      licenseMode: 'HCS',
      reportedAt: new Date().toISOString(),
      licenses: Object.values(PLM_LICENSES).flat().map((licenseType) => ({ licenseType, installed: 50_000, required: required.get(licenseType) ?? 0, available: 50_000 - (required.get(licenseType) ?? 0) })),
      customerIds: [...new Set(mine.map((c) => c.customerId))],
      clusters: mine,
    });
  }
  return reports;
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

    // The PLM clusters through the real path: events on JetStream, consumed by the service.
    const p0 = performance.now();
    const reports = plmReports();
    const plmClusters = reports.reduce((n, r) => n + r.clusters.length, 0);
    for (const report of reports) {
      const event = PlmEvents.plmInventoryReported;
      const envelope = createEnvelope(event.type, event.schemaVersion, event.schema.parse(report));
      await handles.js.publish(handles.subjects.qualify(event.subject), JSON.stringify(envelope), { msgID: envelope.id });
    }
    for (let i = 0; Number((await db.query('SELECT count(*) AS n FROM plm_cluster')).rows[0].n) < plmClusters; i++) {
      if (i > 600) throw new Error('the PLM reports were not consumed');
      await new Promise((r) => setTimeout(r, 100));
    }
    const plmIngestSeconds = Math.round((performance.now() - p0) / 10) / 100;
    console.error(`${reports.length} PLM reports (${plmClusters} clusters) consumed in ${plmIngestSeconds} s`);

    // Baseline: Postgres reading the rows the reports are made of, with no report around them.
    const b0 = performance.now();
    await db.query('SELECT c.customer_id, c.id, u.license, u.count, cu.name FROM license_usage u JOIN cluster c ON c.id = u.cluster_id LEFT JOIN customer cu ON cu.id = c.customer_id ORDER BY 1, 2, 3');
    await db.query('SELECT * FROM va_license ORDER BY 1, 2, 3');
    await db.query('SELECT m.customer_id, s.* FROM subscription_mapping m JOIN subscription_line s USING (subscription_id) ORDER BY 1');
    await db.query('SELECT pc.customer_id, pc.cluster_id, u.license_type, u.count FROM plm_cluster_license u JOIN plm_cluster pc USING (license_manager_id, cluster_id) ORDER BY 1, 2, 3');
    const baselineSeconds = (performance.now() - b0) / 1000;

    const t0 = performance.now();
    const sizes: Record<string, number> = {};
    const perReport: Record<string, number> = {};
    const ids: Record<string, string> = {};
    for (const type of REPORTS) {
      const r0 = performance.now();
      const { id } = await commands.request(ReportingCommands.requestReport, { type });
      ids[type] = id;
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
    // After the measurement: the Service Inventory holds the PLM rows (read back in chunks, as a download would).
    const plmRows = { PLMINF0: 0, CUSTLICENSEINF0: 0 };
    let tail = '';
    for (let seq = 0; ; seq++) {
      const chunk = await commands.request(ReportingCommands.readReportChunk, { id: ids['service-inventory']!, seq });
      const lines = (tail + Buffer.from(chunk.data, 'base64').toString('utf8')).split('\n');
      tail = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('|SUMMARY|PLMINF0|')) plmRows.PLMINF0++;
        else if (line.startsWith('|SUMMARY|CUSTLICENSEINF0|')) plmRows.CUSTLICENSEINF0++;
      }
      if (chunk.last) break;
    }
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
      plm_clusters: plmClusters,
      plm_license_managers: reports.length,
      plm_ingest_seconds: plmIngestSeconds,
      service_inventory_plm_rows: plmRows,
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
