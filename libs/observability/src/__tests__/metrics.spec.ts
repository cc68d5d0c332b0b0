import { SpanKind } from '@opentelemetry/api';
import { installInMemoryTracing } from '../tracing.js';
import {
  errorCodeOf,
  initMetrics,
  measureApplicationCall,
  measureCssmCall,
  recordConsumerLag,
  recordJob,
  recordSyncDuration,
  renderPrometheusMetrics,
  setLicenseHeadroom,
  shutdownMetrics,
} from '../metrics.js';

describe('smartlic metrics (Prometheus text of the process)', () => {
  beforeEach(() => initMetrics({ serviceName: 'metrics-spec' }));
  afterEach(() => shutdownMetrics());

  it('counts jobs by job type and status', async () => {
    recordJob({ jobType: 'Auto Registration', status: 'Succeeded' });
    recordJob({ jobType: 'Auto Registration', status: 'Succeeded' });
    recordJob({ jobType: 'Auto Registration', status: 'Failed' });
    const text = await renderPrometheusMetrics();
    expect(text).toContain('smartlic_jobs_total{job_type="Auto Registration",status="Succeeded",service_name="metrics-spec"} 2');
    expect(text).toContain('smartlic_jobs_total{job_type="Auto Registration",status="Failed",service_name="metrics-spec"} 1');
  });

  it('records sync duration in seconds with its outcome and transport mode', async () => {
    recordSyncDuration(3.5, { outcome: 'success', transportMode: 'Direct' });
    const text = await renderPrometheusMetrics();
    expect(text).toMatch(/smartlic_sync_duration_seconds_count\{outcome="success",transport_mode="Direct",service_name="metrics-spec"} 1/);
    expect(text).toMatch(/smartlic_sync_duration_seconds_bucket\{outcome="success",transport_mode="Direct",service_name="metrics-spec",le="5"\} 1/);
  });

  it('records CSSM call latency, and errors by catalogue code when the call throws', async () => {
    await measureCssmCall('oauth-token', async () => 'ok');
    const failure = Object.assign(new Error('CSSM refused the client credentials'), { code: 'SLM1001' });
    await expect(measureCssmCall('oauth-token', async () => Promise.reject(failure))).rejects.toBe(failure);
    const text = await renderPrometheusMetrics();
    expect(text).toMatch(/smartlic_cssm_call_duration_seconds_count\{operation="oauth-token",outcome="success",service_name="metrics-spec"} 1/);
    expect(text).toMatch(/smartlic_cssm_call_duration_seconds_count\{operation="oauth-token",outcome="error",service_name="metrics-spec"} 1/);
    expect(text).toContain('smartlic_cssm_call_errors_total{operation="oauth-token",code="SLM1001",service_name="metrics-spec"} 1');
  });

  it('records UC application call errors by application type, operation and code', async () => {
    await expect(measureApplicationCall('cucm', 'register', async () => Promise.reject(new Error('socket hang up')))).rejects.toThrow('socket hang up');
    const text = await renderPrometheusMetrics();
    expect(text).toContain('smartlic_application_call_errors_total{application_type="cucm",operation="register",code="UNKNOWN",service_name="metrics-spec"} 1');
  });

  it('exposes consumer lag per stream and durable, keeping the latest sample', async () => {
    recordConsumerLag({ stream: 'PROVISIONING', consumer: 'registration__provisioning', pending: 12, ackPending: 3, redelivered: 1 });
    recordConsumerLag({ stream: 'PROVISIONING', consumer: 'registration__provisioning', pending: 4, ackPending: 0, redelivered: 1 });
    const text = await renderPrometheusMetrics();
    expect(text).toContain('smartlic_consumer_lag{stream="PROVISIONING",consumer="registration__provisioning",service_name="metrics-spec"} 4');
    expect(text).toContain('smartlic_consumer_ack_pending{stream="PROVISIONING",consumer="registration__provisioning",service_name="metrics-spec"} 0');
  });

  it('replaces license headroom per scope, so a removed virtual account disappears', async () => {
    setLicenseHeadroom('virtual_account', [
      { name: 'VA-operational', license: 'UC Manager Enhanced License', headroom: 40 },
      { name: 'VA-old', license: 'UC Manager Enhanced License', headroom: 5 },
    ]);
    setLicenseHeadroom('virtual_account', [{ name: 'VA-operational', license: 'UC Manager Enhanced License', headroom: 38 }]);
    setLicenseHeadroom('customer', [{ name: 'Acme', license: 'UC Manager Enhanced License', headroom: -2 }]);
    const text = await renderPrometheusMetrics();
    expect(text).toContain('smartlic_license_headroom{scope="virtual_account",name="VA-operational",license="UC Manager Enhanced License",service_name="metrics-spec"} 38');
    expect(text).toContain('smartlic_license_headroom{scope="customer",name="Acme",license="UC Manager Enhanced License",service_name="metrics-spec"} -2');
    expect(text).not.toContain('VA-old');
  });

  it('wraps measured calls in CLIENT spans carrying the error code, so traces reach CSSM and the UC applications', async () => {
    const spans = installInMemoryTracing('metrics-spec');
    spans.reset();
    await measureCssmCall('virtual-accounts', async () => 'ok');
    await expect(measureApplicationCall('cuc', 'register', async () => Promise.reject(Object.assign(new Error('denied'), { code: 'SLMCT1007' })))).rejects.toThrow('denied');
    const finished = spans.getFinishedSpans().map((s) => ({ name: s.name, kind: s.kind, code: s.attributes['smartlic.error.code'] }));
    expect(finished).toEqual([
      { name: 'cssm virtual-accounts', kind: SpanKind.CLIENT, code: undefined },
      { name: 'cuc register', kind: SpanKind.CLIENT, code: 'SLMCT1007' },
    ]);
  });

  it('names the error code of catalogue errors and UNKNOWN otherwise', () => {
    expect(errorCodeOf(Object.assign(new Error('x'), { code: 'SLMCT1007' }))).toBe('SLMCT1007');
    expect(errorCodeOf(new Error('x'))).toBe('UNKNOWN');
    expect(errorCodeOf(undefined)).toBe('UNKNOWN');
  });
});
