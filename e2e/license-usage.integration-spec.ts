import type { Job } from '#libs/contracts';
import { eventually } from '#libs/testing';
import { startRegistrationLab, ucCluster, type RegistrationLab } from './support/registration-lab.js';

interface CollectionReply {
  clusters: number;
  reported: number;
  failed: number;
  applicationTypes: { applicationType: string; clusters: number; reported: number; failed: number; failures: { clusterId: string; code: string | null }[]; error?: { code: string } }[];
}

/**
 * "HCM-F queries Cisco Unified Communications applications for the license consumption report": app-adapter collects
 * the usage of the registered clusters daily, the first time shortly after it starts, with no setting at all; an
 * operator can run the collection now for every cluster or one. The reports (HLM) show what was collected.
 */
describe('license usage collection, on by default, and on demand through the gateway', () => {
  const cucm = ucCluster('cucm-usage', 'cucm', 31, { usage: [{ license: 'Enhanced', count: 40 }] });
  const cer = ucCluster('cer-usage', 'cer', 32, { usage: [{ license: 'CER_USER', count: 7 }] });
  const idle = ucCluster('cuc-unassigned', 'cuc', 33, { usage: [{ license: 'CUC_BasicMessaging', count: 3 }] });
  let lab: RegistrationLab;
  /** Bounds of app-adapter's start, which the lab does among its services. */
  let startedAfter: number;
  let startedBefore: number;

  const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
  const hlmReport = async (): Promise<string> => {
    const requested = await json<{ id: string }>(await lab.api('/reports', { method: 'POST', json: { type: 'hlm-csv' } }));
    await eventually(async () => (await json<{ status: string }>(await lab.api(`/reports/${requested.id}`))).status === 'Succeeded', { what: 'the HLM report' });
    return (await lab.api(`/reports/${requested.id}/content`)).text();
  };
  /** The License Count of a cluster's License Type in the HLM report (CSV). */
  const hlmCount = (report: string, clusterName: string, licenseType: string): number | undefined => {
    const row = report.split(/\r?\n/).find((l) => l.includes(`,${clusterName},`) && l.includes(`,${licenseType},`));
    return row ? Number(row.split(',')[7]) : undefined;
  };

  beforeAll(async () => {
    // No CAA_USAGE_* setting: the defaults of a fresh deployment.
    startedAfter = Date.now();
    lab = await startRegistrationLab({ label: 'usage', clusters: [cucm, cer, idle] });
    startedBefore = Date.now();
    // Reporting without its SFTP delivery schedule (not under test).
    await lab.start('reporting', { REPORTING_DELIVERY_TICK_MS: '0' });
    await lab.provisionCustomer({ id: 'customer-1', name: 'Customer One' });
    await lab.provisionClusters([cucm, cer, idle]);
    const va = await lab.virtualAccountId('va-customer-1');
    expect((await lab.api(`/virtual-accounts/${va}/license-mode`, { method: 'PUT', json: { mode: 'HCS' }, roles: ['admin'] })).status).toBe(200);
    const res = await lab.api(`/virtual-accounts/${va}/clusters`, { method: 'POST', json: { clusterIds: [cucm.id, cer.id] } });
    expect(res.status).toBe(202);
    const jobs: Job[] = await lab.finalJobs((await json<{ jobs: { jobId: string }[] }>(res)).jobs.map((j) => j.jobId));
    expect(jobs.map((j) => j.status)).toEqual(['Succeeded', 'Succeeded']);
  }, 120_000);

  afterAll(async () => {
    await lab?.close();
  });

  it("collects the registered clusters' usage shortly after start without any usage setting, and the HLM report shows it", async () => {
    expect(lab.services['app-adapter']!.config).toMatchObject({ CAA_USAGE_COLLECTION_INTERVAL_MS: 86_400_000, CAA_USAGE_COLLECTION_FIRST_RUN_DELAY_MS: 60_000 });
    const report = await eventually(
      async () => {
        const r = await hlmReport();
        return hlmCount(r, cucm.name, 'HUCM_Foundation') !== undefined && hlmCount(r, cer.name, 'HCER_User') !== undefined ? r : undefined;
      },
      { what: 'the first scheduled usage collection in the HLM report', timeoutMs: 120_000, intervalMs: 2_000 },
    );
    // Only the registered clusters (the unassigned one is not collected).
    expect(hlmCount(report, cucm.name, 'HUCM_Foundation')).toBe(40);
    expect(hlmCount(report, cer.name, 'HCER_User')).toBe(7);
    expect(report).not.toContain(idle.name);
    const schedule: { application_type: string; next_run_at: Date; last_started_at: Date; last_result: { clusters: number } | null }[] = await lab.services['app-adapter']!.dataSource.query(
      'SELECT application_type, next_run_at, last_started_at, last_result FROM usage_collection_schedule ORDER BY application_type',
    );
    expect(schedule.map((r) => r.application_type)).toEqual(['cer', 'cuc', 'cucm', 'expressway']);
    for (const row of schedule) {
      // The first run one minute after start, the next one a day later (HCM-F: daily).
      expect(row.last_started_at.getTime()).toBeGreaterThanOrEqual(startedAfter + 60_000);
      expect(row.last_started_at.getTime()).toBeLessThan(startedBefore + 70_000);
      expect(row.next_run_at.getTime() - row.last_started_at.getTime()).toBe(86_400_000);
    }
    expect(schedule.find((r) => r.application_type === 'cer')?.last_result).toMatchObject({ clusters: 1, reported: 1, failed: 0 });
  }, 150_000);

  it('collects on demand (POST /license-usage/collect, operator): every registered cluster, or one; audited', async () => {
    lab.uc.clusters.get(cucm.id)!.usage[0]!.count = 45;
    lab.uc.clusters.get(cer.id)!.usage[0]!.count = 9;
    const all = await lab.api('/license-usage/collect', { method: 'POST', json: {} });
    expect(all.status).toBe(200);
    const body = await json<CollectionReply>(all);
    expect(body).toMatchObject({ clusters: 2, reported: 2, failed: 0 });
    expect(body.applicationTypes.map((t) => [t.applicationType, t.clusters])).toEqual([['cucm', 1], ['cuc', 0], ['cer', 1], ['expressway', 0]]);
    await eventually(async () => {
      const r = await hlmReport();
      return hlmCount(r, cucm.name, 'HUCM_Foundation') === 45 && hlmCount(r, cer.name, 'HCER_User') === 9;
    }, { what: 'the collected usage in the HLM report', intervalMs: 500 });

    lab.uc.clusters.get(cer.id)!.usage[0]!.count = 11;
    const one = await lab.api('/license-usage/collect', { method: 'POST', json: { clusterId: cer.id } });
    expect(await json<CollectionReply>(one)).toMatchObject({ clusters: 1, reported: 1, applicationTypes: [{ applicationType: 'cer', clusters: 1, reported: 1 }] });
    await eventually(async () => hlmCount(await hlmReport(), cer.name, 'HCER_User') === 11, { what: "the cluster's usage in the HLM report", intervalMs: 500 });

    const audit: { actor: string; status: number }[] = await lab.services.gateway!.dataSource.query("SELECT actor, status FROM audit_log WHERE method = 'POST' AND path = '/api/v1/license-usage/collect' ORDER BY at");
    expect(audit.map((a) => a.status)).toEqual([200, 200]);
  });

  it('refuses a viewer, an unknown cluster and a bad body, naming the field', async () => {
    expect((await lab.api('/license-usage/collect', { method: 'POST', json: {}, roles: ['viewer'] })).status).toBe(403);
    const unknown = await lab.api('/license-usage/collect', { method: 'POST', json: { clusterId: 'no-such-cluster' } });
    expect(unknown.status).toBe(404);
    const bad = await lab.api('/license-usage/collect', { method: 'POST', json: { clusterId: '' } });
    expect(bad.status).toBe(400);
    expect(await json<{ errors: { field: string }[] }>(bad)).toMatchObject({ errors: [{ field: 'clusterId' }] });
  });

  it('reports the failure of one cluster with its code, and the others are still collected', async () => {
    const fault = lab.uc.faults.add({ route: '*', target: cer.id, kind: 'reset' });
    try {
      const res = await lab.api('/license-usage/collect', { method: 'POST', json: {} });
      const body = await json<CollectionReply>(res);
      expect(body).toMatchObject({ clusters: 2, reported: 1, failed: 1 });
      expect(body.applicationTypes.find((t) => t.applicationType === 'cer')?.failures).toEqual([expect.objectContaining({ clusterId: cer.id, code: 'CAA1063' })]);
      const one = await lab.api('/license-usage/collect', { method: 'POST', json: { clusterId: cer.id } });
      expect(one.status).toBe(422);
      expect(await json<{ code: string }>(one)).toMatchObject({ code: 'CAA1063' });
    } finally {
      lab.uc.faults.remove(fault);
    }
  });
});
