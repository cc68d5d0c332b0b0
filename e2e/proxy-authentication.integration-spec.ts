import { createHash } from 'node:crypto';
import type { Subscription } from '@nats-io/nats-core';
import type { ClusterSummary, Job } from '#libs/contracts';
import type { RunningService } from '#libs/service-kit';
import { eventually } from '#libs/testing';
import { startRegistrationLab, ucCluster, type RegistrationLab } from './support/registration-lab.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const CUSTOMER_PROXY = { host: 'customer-proxy.example.com', port: 8080, username: 'customer-squid', password: 'customer-secret-1' };
const CLUSTER_PROXY = { host: 'cluster-proxy.example.com', port: 3128, username: 'cluster-squid', password: 'cluster-secret-1' };
const ROTATED = 'cluster-secret-2';

/**
 * The guide: "If you are registering to CSSM by using the proxy mode, then you must set the proxy parameters at the
 * customer and cluster level", with "Enable Proxy Authentication ... the proxy authentication defined at the customer
 * and cluster level"; "Expressway-E clusters are registered to CSSM via Direct Mode, if Proxy is set at Customer Level".
 * The proxy's user and password reach each application through its own interface (Unified CM's AXL
 * doUpdateTransportSettings, Unity Connection's CUPI transportsettings, Emergency Responder's `license smart transport
 * proxy`), and never travel in clear between smartlic's services.
 */
describe('proxy authentication set at customer and cluster level reaches the applications', () => {
  const cucm = ucCluster('cucm-auth-proxy', 'cucm', 41, { customerId: 'customer-proxy' });
  const cuc = ucCluster('cuc-auth-proxy', 'cuc', 42, { customerId: 'customer-proxy' });
  const cer = ucCluster('cer-auth-proxy', 'cer', 43, { customerId: 'customer-proxy' });
  const edge = ucCluster('expe-auth-proxy', 'expressway-e', 44, { customerId: 'customer-proxy' });
  let lab: RegistrationLab;
  let va: string;
  let bus: Subscription[];
  const seenOnBus: string[] = [];
  const responses: string[] = [];

  const json = async <T>(res: Response): Promise<T> => {
    const text = await res.text();
    responses.push(text);
    return JSON.parse(text) as T;
  };
  const assign = async (clusterIds: string[]): Promise<Job[]> => {
    const res = await lab.api(`/virtual-accounts/${va}/clusters`, { method: 'POST', json: { clusterIds } });
    expect(res.status).toBe(202);
    return lab.finalJobs((await json<{ jobs: { jobId: string }[] }>(res)).jobs.map((j) => j.jobId));
  };
  const unassign = async (clusterIds: string[]): Promise<Job[]> => {
    const res = await lab.api(`/virtual-accounts/${va}/clusters/unassign`, { method: 'POST', json: { clusterIds } });
    expect(res.status).toBe(202);
    return lab.finalJobs((await json<{ jobs: { jobId: string }[] }>(res)).jobs.map((j) => j.jobId));
  };
  /** The transport settings the publisher's (or the first node's) smart agent holds. */
  const transportOf = (clusterId: string) => lab.snapshot(clusterId).nodes.find((n) => n.smartAgent)!.smartAgent!.transport;
  const appAdapter = () => lab.services['app-adapter'] as RunningService<unknown>;

  beforeAll(async () => {
    lab = await startRegistrationLab({ label: 'proxyauth', clusters: [cucm, cuc, cer, edge] });
    await lab.provisionCustomer({ id: 'customer-proxy', name: 'Customer Proxy', proxy: CUSTOMER_PROXY });
    // app-adapter keeps the customers' proxies itself (its own consumer of the provisioning events).
    await eventually(async () => ((await appAdapter().dataSource.query('SELECT 1 FROM customer WHERE customer_id = $1', ['customer-proxy'])) as unknown[]).length === 1, { what: "app-adapter's copy of the customer" });
    await lab.provisionClusters([cuc, cer, edge]);
    await lab.provisionCluster(cucm, { proxy: CLUSTER_PROXY });
    va = await lab.virtualAccountId('va-customer-1');
    expect((await lab.api(`/virtual-accounts/${va}/license-mode`, { method: 'PUT', json: { mode: 'HCS' }, roles: ['admin'] })).status).toBe(200);
  }, 120_000);

  beforeAll(() => {
    // Everything services send each other while the test runs (events, commands, and the replies on inboxes).
    // The provisioning events themselves, delivered to the consumers' inboxes, are the integrator's input (they carry
    // the proxies as provisioned): what is checked is what the services send each other.
    const record = (_err: unknown, msg: { data: Uint8Array }): void => {
      const text = new TextDecoder().decode(msg.data);
      if (!text.includes('"type":"hcs.provisioning.')) seenOnBus.push(text);
    };
    bus = [lab.handles.nc.subscribe(`${lab.env.namespace}.smartlic.>`, { callback: record }), lab.handles.nc.subscribe('_INBOX.>', { callback: record })];
  });

  afterAll(async () => {
    for (const s of bus ?? []) s.unsubscribe();
    await lab?.close();
  });

  it("registers each cluster through the proxy of its own level, with that proxy's credentials", async () => {
    const jobs = await assign([cucm.id, cuc.id, cer.id, edge.id]);
    expect(jobs.map((j) => [j.entityId, j.status, j.errorCode])).toEqual(jobs.map((j) => [j.entityId, 'Succeeded', null]));
    // Unified CM: its own (cluster-level) proxy and credentials, through AXL doUpdateTransportSettings.
    expect(transportOf(cucm.id)).toMatchObject({ mode: 1, proxyIp: CLUSTER_PROXY.host, proxyPort: CLUSTER_PROXY.port, proxyUser: CLUSTER_PROXY.username, proxyPasswordSha256: sha256(CLUSTER_PROXY.password) });
    // Unity Connection and Emergency Responder: no proxy of their own, so the customer's, with its credentials.
    expect(transportOf(cuc.id)).toMatchObject({ mode: 1, proxyIp: CUSTOMER_PROXY.host, proxyPort: CUSTOMER_PROXY.port, proxyUser: CUSTOMER_PROXY.username, proxyPasswordSha256: sha256(CUSTOMER_PROXY.password) });
    expect(transportOf(cer.id)).toMatchObject({ mode: 1, proxyIp: CUSTOMER_PROXY.host, proxyPort: CUSTOMER_PROXY.port, proxyUser: CUSTOMER_PROXY.username, proxyPasswordSha256: sha256(CUSTOMER_PROXY.password) });
    // Expressway-E under a customer-level proxy only: Direct, and no credentials.
    expect(transportOf(edge.id)).toEqual({ mode: 0 });
  });

  it('a changed proxy password in a later provisioning event is the one the application gets at the next assignment', async () => {
    await lab.provisionCluster(cucm, { proxy: { ...CLUSTER_PROXY, password: ROTATED } });
    expect((await unassign([cucm.id]))[0]).toMatchObject({ status: 'Succeeded' });
    expect((await assign([cucm.id]))[0]).toMatchObject({ status: 'Succeeded' });
    expect(transportOf(cucm.id)).toMatchObject({ proxyUser: CLUSTER_PROXY.username, proxyPasswordSha256: sha256(ROTATED) });
  });

  it('no proxy password ever crosses the bus between services, appears in a job or comes back from the REST API', async () => {
    const summaries = await json<{ items: ClusterSummary[] }>(await lab.api('/clusters?customerId=customer-proxy'));
    expect(summaries.items).toHaveLength(4);
    for (const c of [cucm, cuc, cer, edge]) {
      const jobs = await lab.api(`/jobs?entityId=${c.id}`);
      expect(jobs.status).toBe(200);
      await json(jobs);
    }
    const secrets = [CUSTOMER_PROXY.password, CLUSTER_PROXY.password, ROTATED];
    expect(seenOnBus.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(seenOnBus.filter((m) => m.includes(secret))).toEqual([]);
      expect(responses.filter((r) => r.includes(secret))).toEqual([]);
    }
  });
});
