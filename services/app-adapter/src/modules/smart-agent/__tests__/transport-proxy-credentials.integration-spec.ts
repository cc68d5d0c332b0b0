import { jest } from '@jest/globals';
import { pino } from 'pino';
import { CaaCommands, createEnvelope, ProvisioningEvents, type ApplicationType, type ClusterProvisioning, type CustomerProvisioning, type EventDefinition } from '#libs/contracts';
import { eventually } from '#libs/testing';
import { SmartAgentDrivers } from '../../../drivers/smart-agent-drivers.js';
import type { AgentTransportSettings } from '../../../drivers/smart-agent.driver.js';
import { startCaaLab, ucCluster, type CaaLab } from '../../../__tests__/fixtures/caa-lab.fixture.js';

const CLUSTER_PROXY = { host: 'cluster-proxy.example.com', port: 3128, username: 'cluster-proxy-user', password: 'cluster-proxy-secret-1' };
const CUSTOMER_PROXY = { host: 'customer-proxy.example.com', port: 8080, username: 'customer-proxy-user', password: 'customer-proxy-secret-1' };
const SECRETS = /cluster-proxy-secret|customer-proxy-secret/;

const cucm = ucCluster('cucm-px', 'cucm', 51, { customerId: 'customer-px' });
const cuc = ucCluster('cuc-px', 'cuc', 52, { customerId: 'customer-px' });
const edge = ucCluster('expe-px', 'expressway-e', 53, { customerId: 'customer-px' });
const TYPE: Record<string, ApplicationType> = { [cucm.id]: 'cucm', [cuc.id]: 'cuc', [edge.id]: 'expressway' };

/**
 * Proxy authentication at customer and cluster level reaches the applications: registration's transport.set names the
 * proxy by host and port only, and app-adapter hands the driver the user and password of the provisioned proxy it
 * names (the cluster's, else the customer's; Expressway-E a cluster-level proxy only), from its encrypted inventory.
 */
describe('the proxy credentials of transport.set, resolved inside app-adapter', () => {
  let lab: CaaLab;
  /** What each driver was asked to apply, by cluster. */
  const applied = new Map<string, AgentTransportSettings>();
  /** Every line app-adapter logged (at debug) while the secrets went through it. */
  const logs: string[] = [];
  let customer: CustomerProvisioning;
  let cucmCluster: ClusterProvisioning;

  const publish = async (event: EventDefinition, data: unknown, consumer: string) => {
    const envelope = createEnvelope(event.type, event.schemaVersion, data);
    await lab.adapter.handles.js.publish(lab.adapter.handles.subjects.qualify(event.subject), JSON.stringify(envelope), { msgID: envelope.id });
    await eventually(async () => {
      const rows: unknown[] = await lab.adapter.dataSource.query('SELECT 1 FROM inbox WHERE message_id = $1 AND consumer = $2', [envelope.id, consumer]);
      return rows.length === 1;
    }, { what: `${event.type} in app-adapter` });
  };
  const setProxy = (clusterId: string, proxy: { host: string; port: number }) =>
    lab.commands.request(CaaCommands.setTransport(TYPE[clusterId]!), { clusterId, mode: 'Proxy', proxy });
  const credentialsApplied = (clusterId: string) => {
    const proxy = applied.get(clusterId)?.proxy;
    return { username: proxy?.username, password: proxy?.password };
  };

  beforeAll(async () => {
    lab = await startCaaLab('caa-proxy', { clusters: [cucm, cuc, edge] }, { extraEnv: { LOG_LEVEL: 'debug', CAA_USAGE_COLLECTION_INTERVAL_MS: '0' } });
    const stream = (lab.adapter.logger as unknown as Record<symbol, { write(line: string): boolean }>)[pino.symbols.streamSym]!;
    stream.write = (line: string) => (logs.push(line), true);
    const drivers = lab.adapter.app.get(SmartAgentDrivers);
    for (const type of ['cucm', 'cuc', 'expressway'] as const) {
      const driver = drivers.of(type);
      const original = driver.setTransport.bind(driver);
      jest.spyOn(driver, 'setTransport').mockImplementation((target, settings) => {
        applied.set(target.clusterId, settings);
        return original(target, settings);
      });
    }
    customer = { id: 'customer-px', name: 'Customer with a proxy', proxy: CUSTOMER_PROXY };
    await publish(ProvisioningEvents.customerCreated, customer, 'app-adapter__provisioning-customers');
    cucmCluster = lab.clusterOf(cucm, { proxy: CLUSTER_PROXY });
    await lab.provision(cucmCluster);
    await lab.provision(lab.clusterOf(cuc));
    await lab.provision(lab.clusterOf(edge));
  });
  afterAll(() => lab?.close());

  it("the cluster's proxy: the driver gets its user and password from the encrypted inventory; the reply carries none", async () => {
    const reply = await setProxy(cucm.id, { host: CLUSTER_PROXY.host, port: CLUSTER_PROXY.port });
    expect(reply).toEqual({ clusterId: cucm.id, mode: 'Proxy', proxy: { host: CLUSTER_PROXY.host, port: CLUSTER_PROXY.port } });
    expect(applied.get(cucm.id)).toEqual({ mode: 'Proxy', proxy: CLUSTER_PROXY });
    // Host names compare without case, as DNS does.
    await setProxy(cucm.id, { host: CLUSTER_PROXY.host.toUpperCase(), port: CLUSTER_PROXY.port });
    expect(credentialsApplied(cucm.id)).toEqual({ username: CLUSTER_PROXY.username, password: CLUSTER_PROXY.password });

    const [endpoint] = (await lab.adapter.dataSource.query('SELECT proxy, proxy_password_ciphertext FROM endpoint WHERE cluster_id = $1', [cucm.id])) as { proxy: unknown; proxy_password_ciphertext: string }[];
    expect(endpoint!.proxy).toEqual({ host: CLUSTER_PROXY.host, port: CLUSTER_PROXY.port, username: CLUSTER_PROXY.username });
    expect(endpoint!.proxy_password_ciphertext).not.toMatch(SECRETS);
  });

  it("a cluster without its own proxy gets its customer's credentials; an Expressway-E only a cluster-level proxy's; another proxy none", async () => {
    await setProxy(cuc.id, { host: CUSTOMER_PROXY.host, port: CUSTOMER_PROXY.port });
    expect(credentialsApplied(cuc.id)).toEqual({ username: CUSTOMER_PROXY.username, password: CUSTOMER_PROXY.password });
    // A cluster with its own proxy, told to use its customer's: the customer's credentials go with it.
    await setProxy(cucm.id, { host: CUSTOMER_PROXY.host, port: CUSTOMER_PROXY.port });
    expect(credentialsApplied(cucm.id)).toEqual({ username: CUSTOMER_PROXY.username, password: CUSTOMER_PROXY.password });
    // Guide: "Expressway-E clusters are registered to CSSM via Direct Mode, if Proxy is set at Customer Level".
    await setProxy(edge.id, { host: CUSTOMER_PROXY.host, port: CUSTOMER_PROXY.port });
    expect(applied.get(edge.id)).toEqual({ mode: 'Proxy', proxy: { host: CUSTOMER_PROXY.host, port: CUSTOMER_PROXY.port } });
    // Same host, another port: not a provisioned proxy.
    await setProxy(cuc.id, { host: CUSTOMER_PROXY.host, port: 8081 });
    expect(applied.get(cuc.id)).toEqual({ mode: 'Proxy', proxy: { host: CUSTOMER_PROXY.host, port: 8081 } });
    await lab.commands.request(CaaCommands.setTransport('cuc'), { clusterId: cuc.id, mode: 'Direct' });
    expect(applied.get(cuc.id)).toEqual({ mode: 'Direct' });
  });

  it('a changed proxy password in a later provisioning event is the one used; a deleted customer leaves none', async () => {
    await publish(ProvisioningEvents.clusterUpdated, { ...cucmCluster, proxy: { ...CLUSTER_PROXY, password: 'cluster-proxy-secret-2' } }, 'app-adapter__provisioning');
    await setProxy(cucm.id, { host: CLUSTER_PROXY.host, port: CLUSTER_PROXY.port });
    expect(credentialsApplied(cucm.id)).toEqual({ username: CLUSTER_PROXY.username, password: 'cluster-proxy-secret-2' });

    await publish(ProvisioningEvents.customerUpdated, { ...customer, proxy: { ...CUSTOMER_PROXY, username: 'customer-proxy-user-2', password: 'customer-proxy-secret-2' } }, 'app-adapter__provisioning-customers');
    await setProxy(cuc.id, { host: CUSTOMER_PROXY.host, port: CUSTOMER_PROXY.port });
    expect(credentialsApplied(cuc.id)).toEqual({ username: 'customer-proxy-user-2', password: 'customer-proxy-secret-2' });

    // The same event again (redelivery) changes nothing; an older revision neither.
    await publish(ProvisioningEvents.customerUpdated, { ...customer, proxy: { ...CUSTOMER_PROXY, password: 'customer-proxy-secret-old' }, revision: 0 }, 'app-adapter__provisioning-customers');
    await publish(ProvisioningEvents.customerUpdated, { ...customer, proxy: { ...CUSTOMER_PROXY, username: 'customer-proxy-user-3', password: 'customer-proxy-secret-3' }, revision: 5 }, 'app-adapter__provisioning-customers');
    await publish(ProvisioningEvents.customerUpdated, { ...customer, proxy: { ...CUSTOMER_PROXY, password: 'customer-proxy-secret-old' }, revision: 4 }, 'app-adapter__provisioning-customers');
    await setProxy(cuc.id, { host: CUSTOMER_PROXY.host, port: CUSTOMER_PROXY.port });
    expect(credentialsApplied(cuc.id)).toEqual({ username: 'customer-proxy-user-3', password: 'customer-proxy-secret-3' });

    await publish(ProvisioningEvents.customerDeleted, { id: customer.id, revision: 6 }, 'app-adapter__provisioning-customers');
    await setProxy(cuc.id, { host: CUSTOMER_PROXY.host, port: CUSTOMER_PROXY.port });
    expect(credentialsApplied(cuc.id)).toEqual({ username: undefined, password: undefined });
  });

  it('a failed transport.set is logged with its code, without the proxy password', async () => {
    const fault = lab.uc.faults.add({ route: '*', target: cucm.id, kind: 'status', status: 500, times: 1 });
    try {
      await expect(setProxy(cucm.id, { host: CLUSTER_PROXY.host, port: CLUSTER_PROXY.port })).rejects.toMatchObject({ error: { code: expect.stringMatching(/^CAA/) } });
    } finally {
      lab.uc.faults.remove(fault);
    }
    expect(logs.some((l) => l.includes('CAA operation failed') && l.includes(cucm.id))).toBe(true);
  });

  it('logged no proxy password, nor emitted one, while they went through app-adapter', async () => {
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('')).not.toMatch(SECRETS);
    const outbox: { payload: unknown }[] = await lab.adapter.dataSource.query('SELECT payload FROM outbox');
    expect(JSON.stringify(outbox)).not.toMatch(SECRETS);
  });
});
