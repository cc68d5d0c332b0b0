import { readFileSync } from 'node:fs';
import {
  initMetrics,
  recordApplicationCall,
  recordConsumerLag,
  recordCssmCall,
  recordJob,
  recordSyncDuration,
  renderPrometheusMetrics,
  setLicenseHeadroom,
  shutdownMetrics,
} from '#libs/observability';

interface Panel {
  type: string;
  title: string;
  targets?: { expr: string }[];
}

const dashboard = JSON.parse(readFileSync('deploy/grafana/dashboards/smartlic.json', 'utf8')) as { uid: string; panels: Panel[] };
const expressions = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
const seriesIn = (text: string): Set<string> => new Set([...text.matchAll(/^(smartlic_[a-z_]+)\{/gm)].map((m) => m[1]));

describe('deploy/grafana/dashboards/smartlic.json', () => {
  afterAll(() => shutdownMetrics());

  it('queries only series that libs/observability exports', async () => {
    initMetrics({ serviceName: 'dashboard-spec' });
    recordJob({ jobType: 'Sync', status: 'Succeeded' });
    recordSyncDuration(1, { outcome: 'success' });
    recordCssmCall({ operation: 'oauth-token', seconds: 0.1, errorCode: 'SLM1001' });
    recordApplicationCall({ applicationType: 'cucm', operation: 'register', seconds: 0.1, errorCode: 'SLMCT1007' });
    recordConsumerLag({ stream: 'PROVISIONING', consumer: 'registration__provisioning', pending: 1, ackPending: 0, redelivered: 0 });
    setLicenseHeadroom('customer', [{ name: 'Acme', license: 'UCM Enhanced', headroom: 1 }]);
    const exported = seriesIn(await renderPrometheusMetrics());

    const queried = new Set(expressions.flatMap((e) => [...e.matchAll(/smartlic_[a-z_]+/g)].map((m) => m[0])));
    expect([...queried].filter((name) => !exported.has(name))).toEqual([]);
  });

  it('shows jobs, sync duration, CSSM and application latency and errors, consumer lag and license headroom', () => {
    const all = expressions.join('\n');
    for (const series of [
      'smartlic_jobs_total',
      'smartlic_sync_duration_seconds_bucket',
      'smartlic_cssm_call_duration_seconds_bucket',
      'smartlic_cssm_call_errors_total',
      'smartlic_application_call_duration_seconds_bucket',
      'smartlic_application_call_errors_total',
      'smartlic_consumer_lag',
      'smartlic_license_headroom{scope="virtual_account"}',
      'smartlic_license_headroom{scope="customer"}',
    ]) {
      expect(all).toContain(series);
    }
  });

  it('has unique panel ids and a stable uid for links', () => {
    const ids = (dashboard.panels as unknown as { id: number }[]).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dashboard.uid).toBe('smartlic-overview');
  });
});
