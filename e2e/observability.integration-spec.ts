import { randomUUID } from 'node:crypto';
import { JobEvents } from '#libs/contracts';
import { enqueueEvent } from '#libs/messaging';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { startServices, stopServices } from './support/start-services.js';

/** What an SRE scrapes: every service answers GET /metrics on its management port (MANAGEMENT_PORT), without a token. */
describe('metrics of running services', () => {
  let env: TestEnvironment;
  let services: Awaited<ReturnType<typeof startServices>>;

  beforeAll(async () => {
    env = await createTestEnvironment('metrics');
    services = await startServices(env, ['registration', 'gateway'], { OTEL_METRIC_EXPORT_INTERVAL: '100ms' });
  });

  afterAll(async () => {
    await stopServices(services ?? {});
    await env?.cleanup();
  });

  it('serves Prometheus metrics at /metrics of the gateway\'s management port without a bearer token', async () => {
    const res = await fetch(`${services.gateway.managementUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toContain('# TYPE target_info gauge');
  });

  it('reports the lag of the durable consumer of registration on the PROVISIONING stream', async () => {
    const line = await eventually(
      async () => {
        const text = await (await fetch(`${services.registration.managementUrl}/metrics`)).text();
        return text.split('\n').find((l) => l.startsWith(`smartlic_consumer_lag{stream="${env.namespace}_PROVISIONING",consumer="registration__provisioning"`));
      },
      { what: 'the consumer lag series of registration__provisioning' },
    );
    expect(line).toMatch(/ 0$/);
  });

  it('counts every job status change a service publishes by job type and status', async () => {
    const job = (status: 'In Progress' | 'Failed') => ({
      id: 'job-observability-1',
      service: 'registration',
      jobType: 'Auto Registration',
      entityType: 'Cluster',
      entityId: 'cl-1',
      entityName: 'cucm-customer-3',
      status,
      description: 'Auto-register cucm-customer-3 to va-hcs-operational',
      statusInfo: status === 'Failed' ? 'SLMCT1007: authentication failed' : null,
      errorCode: status === 'Failed' ? 'SLMCT1007' : null,
      recommendedAction: null,
      initiatedAt: new Date().toISOString(),
      completedAt: null,
      correlationId: randomUUID(),
    });
    await services.registration.dataSource.transaction(async (manager) => {
      await enqueueEvent(manager, JobEvents.updated, job('In Progress'));
      await enqueueEvent(manager, JobEvents.updated, job('Failed'));
    });
    const text = await eventually(
      async () => {
        const t = await (await fetch(`${services.registration.managementUrl}/metrics`)).text();
        return t.includes('smartlic_jobs_total{job_type="Auto Registration",status="Failed"') ? t : undefined;
      },
      { what: 'the job counter after the outbox relay published the job updates' },
    );
    expect(text).toMatch(/smartlic_jobs_total\{job_type="Auto Registration",status="Failed",service_name="[^"]+"\} 1\n/);
    expect(text).toMatch(/smartlic_jobs_total\{job_type="Auto Registration",status="In Progress",service_name="[^"]+"\} 1\n/);
  });
});
