import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestEnvironment, type TestEnvironment } from '#libs/testing';
import { startServices, stopServices } from '../../e2e/support/start-services.js';
import { generateKey } from '#libs/secrets';
import { DEFAULT_LAB_SCENARIO } from './demo-lab.js';
import { runDemo, type DemoResult } from './demo-run.js';

/**
 * `npm run demo`'s main job against the real Postgres and NATS of the test run, with the six services in this
 * process instead of child processes: the default lab ends with every healthy cluster registered to the operational
 * VA, customer 3's Unified CM failed with CAA1035, and three consistent reports on disk.
 */
/** The lab's licensed Prime License Manager (default-lab.yaml); the other one is in demo mode. */
const PLM_HOST = '127.30.0.1';

describe('npm run demo: the main job end to end', () => {
  let env: TestEnvironment;
  let result: DemoResult;
  let serviceEnv: Record<string, string> = {};
  const lines: string[] = [];
  const outDir = mkdtempSync(join(tmpdir(), 'smartlic-demo-spec-'));

  beforeAll(async () => {
    env = await createTestEnvironment('demo');
    const server = new URL(env.databaseUrl);
    result = await runDemo({
      scenarioPath: DEFAULT_LAB_SCENARIO,
      outDir,
      databaseUrl: env.databaseUrl,
      database: server.pathname.slice(1),
      natsUrl: env.natsUrl,
      namespace: env.namespace,
      serviceEnv: { SMARTLIC_ENCRYPTION_KEYS: generateKey('demo') },
      authSecret: 'demo-spec-secret-0123456789-0123456789',
      output: { line: (text = '') => lines.push(text) },
      // One tracer provider per process: the in-process services keep the test run's.
      collectTraces: false,
      startServices: async (demoEnv) => {
        serviceEnv = demoEnv;
        const services = await startServices(env, ['sync', 'app-adapter', 'license-mode', 'registration', 'reporting', 'gateway'], { ...demoEnv, PORT: '0', LOG_LEVEL: 'silent' });
        return { gatewayUrl: services.gateway.url, stop: () => stopServices(services) };
      },
    });
  }, 180_000);

  afterAll(async () => {
    await result?.stop();
    await env?.cleanup();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('registers every healthy cluster of the lab to the operational VA and fails the one with a changed admin password', () => {
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    const registered = result.mode === 'auto-registration' ? 'Auto Registered' : 'Manually Registered';
    const failed = result.clusters.find((c) => c.id === 'cucm-customer-3')!;
    expect(failed).toMatchObject({
      status: result.mode === 'auto-registration' ? 'Auto Registration Failed' : 'Manual Registration Failed',
      // Its first call with the admin credentials is AXL doUpdateTransportSettings, which refuses them with HTTP 401
      // (Tomcat's page, no SOAP fault): CAA1035 with the catalogue's recommended action.
      job: { status: 'Failed', errorCode: 'CAA1035', recommendedAction: 'Verify the user name and password.' },
    });
    const others = result.clusters.filter((c) => c.id !== 'cucm-customer-3' && c.eligible);
    expect(others).toHaveLength(14);
    // Customers 4 and 5's 11.x clusters are for PLM: not eligible, not registered to a virtual account.
    expect(result.clusters.filter((c) => !c.eligible).map((c) => [c.id, c.virtualAccount]).sort()).toEqual([['cuc-customer-4', null], ['cucm-customer-4', null], ['cucm-customer-5', null]]);
    expect(others.every((c) => c.status === registered && c.virtualAccount === 'va-hcs-operational')).toBe(true);
  });

  it('prints the progress, the three summaries, the failed cluster with its recommended action and a trace id', () => {
    const text = lines.join('\n');
    expect(text).toMatch(/15\/15 clusters settled \(14 registered, 1 failed, 0 in progress\)/);
    expect(text).toContain('3 clusters of 11.x or earlier are not eligible for smart licensing (licensed through PLM)');
    for (const title of ['Smart Account Summary', 'Virtual Account Summary', 'Cluster Summary']) expect(text).toContain(`\n${title}\n`);
    expect(text).toContain('recommended action: Verify the user name and password.');
    expect(result.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it("shows consumption from app-adapter's first scheduled usage collection, with no usage setting", () => {
    expect(Object.keys(serviceEnv).filter((key) => key.startsWith('CAA_USAGE_'))).toEqual([]);
    expect(lines.join('\n')).toMatch(/7\. License usage collected by app-adapter's scheduled collection from 8 registered clusters/);
  });

  it('writes the Service Inventory, HLM (CSV and .xlsx) and Flex Usage reports, which agree with each other', () => {
    expect(result.reports.map((r) => r.type)).toEqual(['service-inventory', 'hlm-csv', 'hlm-xlsx', 'flex-usage']);
    const hlm = readFileSync(result.reports[1].file, 'utf8').trim().split(/\r?\n/);
    // header + the 8 registered clusters whose lab usage is not empty + the PLM clusters' rows (LM Name: the PLM)
    const plmHlm = hlm.slice(1).map((l) => l.split(',')).filter((r) => r[4] === PLM_HOST);
    expect(hlm).toHaveLength(1 + 8 + plmHlm.length);
    expect(readFileSync(result.reports[2].file).subarray(0, 2).toString()).toBe('PK');
    expect(lines.join('\n')).toMatch(/consistent: 8 clusters with usage, 8 cluster licenses, 500 licenses consumed/);
  });

  it("licenses the 11.x clusters through the lab's PLM (REST as an operator), and the reports carry its rows", () => {
    const text = lines.join('\n');
    expect(text).toMatch(new RegExp(`5\\. License Manager ${PLM_HOST.replace(/\./g, '\\.')}:\\d+ added .*license mode HCS`));
    expect(text).toMatch(/customers customer-4, customer-5 assigned .*, 3\/3 clusters assigned/);
    // The License Management Summary lists the three clusters Assigned to the PLM with their succeeded jobs.
    const summary = text.slice(text.indexOf('\nLicense Management Summary\n'));
    expect(summary.length).toBeGreaterThan(1);
    for (const name of ['Customer 4 Unified CM', 'Customer 4 Unity Connection', 'Customer 5 Unified CM']) {
      expect(summary).toMatch(new RegExp(`${name} .*${PLM_HOST.replace(/\./g, '\\.')} .*Assigned .*Assign Cluster to PLM Succeeded`));
    }
    // PLM rows: one License Manager (PLMINF0 lines), the three clusters in HLM with the PLM as LM Name and as many
    // CUSTLICENSEINF0 lines, counted apart from the smart rows (checked consistent above).
    expect(result.plm.licenseManagers).toBe(1);
    expect(result.plm.plmInfoLines).toBeGreaterThan(0);
    expect(result.plm.clusters).toBe(3);
    // One line per cluster and license type it uses at PLM (default-lab.yaml clusterUsage: 2 + 1 + 2).
    expect(result.plm.custLicenseLines).toBe(5);
    const inventory = readFileSync(result.reports[0].file, 'utf8');
    expect(inventory.split(/\r?\n/).filter((l) => l.startsWith('|SUMMARY|PLMINF0|')).every((l) => l.split('|')[3] === PLM_HOST)).toBe(true);
    const hlm = readFileSync(result.reports[1].file, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
    const plmRows = hlm.filter((r) => r[4] === PLM_HOST);
    expect(plmRows).toHaveLength(result.plm.custLicenseLines);
    expect(new Set(plmRows.map((r) => r[1]))).toEqual(new Set(['Customer 4 Unified CM', 'Customer 4 Unity Connection', 'Customer 5 Unified CM']));
    // What the lab's PLM reports for them (default-lab.yaml clusterUsage): 120 + 40 + 100 + 60 + 25 licenses.
    expect(plmRows.reduce((n, r) => n + Number(r[7]), 0)).toBe(345);
    expect(text).toMatch(/; PLM: 3 clusters on 1 License Manager\(s\)/);
  });
});
