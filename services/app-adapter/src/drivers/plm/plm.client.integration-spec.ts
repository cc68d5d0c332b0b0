import { startPlmSimulator, type PlmSimulator } from '#simulators/plm';
import { errorKindOf } from '#libs/contracts';
import { PlmCallError, PlmClient, type PlmEndpoint } from './plm.client.js';

const OS_ADMIN = { username: 'osadmin', password: 'plm-os-Secret-7' };
const HCS_PLM = '127.31.0.1';
const DEMO_PLM = '127.31.0.2';
const OLD_PLM = '127.31.0.3';

/** The PLM client alone against the simulated License Manager over HTTPS: the validation HCM-F does on add. */
describe('PLM client against the simulated License Manager', () => {
  let sim: PlmSimulator;
  let client: PlmClient;

  const endpoint = (address: string, credentials = OS_ADMIN): PlmEndpoint => ({ address, port: sim.port, credentials, tls: { caPem: sim.caPem! } });
  const failure = async (promise: Promise<unknown>): Promise<PlmCallError> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PlmCallError);
    return error as PlmCallError;
  };

  beforeAll(async () => {
    sim = await startPlmSimulator({
      scenario: {
        plms: [
          { address: HCS_PLM, version: '11.5.1.12000-1', osAdmin: OS_ADMIN, licenses: { HUCM_Foundation: 100 }, clusterUsage: { 'cucm-c4': { HUCM_Foundation: 40 } } },
          { address: DEMO_PLM, version: '11.5.1.12000-1', osAdmin: OS_ADMIN },
          { address: OLD_PLM, version: '10.5.2.10000-5', osAdmin: OS_ADMIN, licenses: { HCER_User: 10 } },
        ],
      },
    });
    client = new PlmClient({ connectTimeoutMs: 2000, requestTimeoutMs: 5000 });
  });
  afterAll(async () => {
    await client.close();
    await sim.close();
  });
  afterEach(async () => {
    sim.faults.clear();
  });

  it('validates a licensed PLM, picks the highest API version it serves, and sets the HCS deployment mode', async () => {
    const connection = await client.validate(endpoint(HCS_PLM));
    expect(connection).toMatchObject({ apiVersion: 'v2', about: { version: '11.5.1.12000-1', deploymentMode: 'Enterprise', demoMode: false } });
    expect(await client.setDeploymentMode(connection, 'HCS')).toBe('HCS');
    expect(sim.state.get(HCS_PLM)?.deploymentMode).toBe('HCS');
    const inventory = await client.licenses(connection);
    expect(inventory.licenses).toContainEqual(expect.objectContaining({ licenseType: 'HUCM_Foundation', installed: 100, available: 100 }));

    const old = await client.validate(endpoint(OLD_PLM));
    expect(old.apiVersion).toBe('v1');
    expect((await client.licenses(old)).licenses).toContainEqual(expect.objectContaining({ licenseType: 'HCER_User', installed: 10 }));
  });

  it('refuses a PLM that cannot be reached', async () => {
    const error = await failure(client.validate({ ...endpoint('127.31.0.99'), tls: { insecureSkipVerify: true } }));
    expect(error).toMatchObject({ reason: 'unreachable', code: 'PLM_UNREACHABLE', message: 'Cannot connect to the License Manager', details: { address: '127.31.0.99' } });
    expect(error.toJSON()).toMatchObject({ code: 'PLM_UNREACHABLE', recommendedAction: expect.stringContaining('8443') });
    expect(errorKindOf(error.code)).toBe('unavailable');
    const closedPort = await failure(client.validate({ ...endpoint(HCS_PLM), port: 1 }));
    expect(closedPort).toMatchObject({ reason: 'unreachable', code: 'PLM_UNREACHABLE', details: { cause: 'ECONNREFUSED' } });
  });

  it('refuses credentials PLM rejects, without the password in the error', async () => {
    const error = await failure(client.validate(endpoint(HCS_PLM, { username: 'osadmin', password: 'wrong-Secret-9' })));
    expect(error).toMatchObject({ reason: 'credentials-refused', code: 'PLM_CREDENTIALS_REFUSED', details: { address: HCS_PLM, httpStatus: 401 } });
    expect(JSON.stringify(error.toJSON())).not.toContain('wrong-Secret-9');
  });

  it('refuses a PLM still in demo mode, and accepts it once an HCS license is installed', async () => {
    const demo = await failure(client.validate(endpoint(DEMO_PLM)));
    expect(demo).toMatchObject({ reason: 'demo-mode', code: 'PLM_DEMO_MODE', recommendedAction: expect.stringContaining('HCS license') });
    expect(errorKindOf(demo.code)).toBe('conflict');
    sim.state.get(DEMO_PLM)!.installLicense('HUCM_Basic', 1);
    await expect(client.validate(endpoint(DEMO_PLM))).resolves.toMatchObject({ about: { demoMode: false } });
  });

  it('refuses a certificate it does not trust, and an answer that is not the wire format', async () => {
    expect(await failure(client.validate({ ...endpoint(HCS_PLM), tls: null }))).toMatchObject({ reason: 'certificate-untrusted', code: 'PLM_CERTIFICATE_UNTRUSTED' });
    sim.faults.add({ route: 'plm.about', target: HCS_PLM, kind: 'malformed' });
    expect(await failure(client.validate(endpoint(HCS_PLM)))).toMatchObject({ reason: 'invalid-answer', code: 'PLM_INVALID_ANSWER' });
    sim.faults.clear();
    sim.faults.add({ route: 'plm.deploymentMode.set', target: HCS_PLM, kind: 'status', status: 500 });
    const connection = await client.validate(endpoint(HCS_PLM));
    expect(await failure(client.setDeploymentMode(connection, 'HCS'))).toMatchObject({ reason: 'refused', code: 'PLM_REFUSED', details: { httpStatus: 500, plmCode: 'SIMULATED_FAULT' } });
  });

  it('force-adds an 11.x cluster, reads its usage, removes it (twice is fine), and keeps the refusal of a 12.5 cluster by PLM', async () => {
    const connection = await client.validate(endpoint(HCS_PLM));
    const cluster = { name: 'cucm-c4', product: 'HUCM', version: '11.5.1.10000-6', hostname: 'cucm-pub-c4' } as const;
    await client.addCluster(connection, cluster);
    await client.addCluster(connection, cluster);
    expect((await client.usage(connection, 'cucm-c4')).usage).toContainEqual({ licenseType: 'HUCM_Foundation', count: 40 });
    expect((await client.licenses(connection)).licenses).toContainEqual(expect.objectContaining({ licenseType: 'HUCM_Foundation', required: 40, available: 60 }));
    await client.removeCluster(connection, 'cucm-c4');
    await client.removeCluster(connection, 'cucm-c4');
    expect(sim.state.get(HCS_PLM)?.clusters.size).toBe(0);

    const refused = await failure(client.addCluster(connection, { ...cluster, name: 'cucm-c6', version: '12.5.1.11900-146' }));
    expect(refused).toMatchObject({ reason: 'refused', code: 'PLM_REFUSED', details: { httpStatus: 422, plmCode: 'UNSUPPORTED_VERSION' } });
    expect(refused.message).toBe('PLM is not supported for UC applications cluster versions higher than 11.x. Register all the 12.x UC applications cluster to CSSM.');
  });

  it('retries an idempotent call after a dropped connection, never a force-add', async () => {
    sim.faults.add({ route: 'plm.about', target: HCS_PLM, kind: 'reset', times: 1 });
    const connection = await client.validate(endpoint(HCS_PLM));
    const cluster = { name: 'cucm-c7', product: 'HUCM', version: '11.5.1.10000-6', hostname: 'cucm-pub-c7' } as const;
    sim.faults.add({ route: 'plm.productInstances.add', target: HCS_PLM, kind: 'reset', times: 1 });
    expect(await failure(client.addCluster(connection, cluster))).toMatchObject({ reason: 'unreachable', code: 'PLM_UNREACHABLE' });
    expect(sim.state.get(HCS_PLM)?.clusters.has('cucm-c7')).toBe(false);
    await client.addCluster(connection, cluster);
    expect(sim.state.get(HCS_PLM)?.clusters.has('cucm-c7')).toBe(true);
    await client.removeCluster(connection, 'cucm-c7');
  });

  it('a PLM that keeps refusing connections opens its circuit (kind plm): PLM_UNREACHABLE at once; error answers never open it', async () => {
    const breaking = new PlmClient({ connectTimeoutMs: 500, requestTimeoutMs: 1000, retries: 2, retryBackoffMs: 10, circuitBreakAfter: 3, circuitHalfOpenAfterMs: 60_000 });
    try {
      const gone = { ...endpoint(HCS_PLM), port: 1 };
      // A read tries three times: the third refusal opens the circuit.
      expect((await failure(breaking.validate(gone))).details).not.toHaveProperty('circuit');
      const started = Date.now();
      expect(await failure(breaking.validate(gone))).toMatchObject({ code: 'PLM_UNREACHABLE', details: { address: HCS_PLM, cause: 'ECONNREFUSED', circuit: 'open' } });
      expect(Date.now() - started).toBeLessThan(100);
      // The same PLM on its real port is another host: not affected.
      const connection = await breaking.validate(endpoint(HCS_PLM));

      // A PLM that answers, even 500 over and over, is reachable: its circuit stays closed.
      sim.faults.add({ route: 'plm.licenses', target: HCS_PLM, kind: 'status', status: 500 });
      for (let i = 0; i < 4; i++) expect(await failure(breaking.licenses(connection))).toMatchObject({ code: 'PLM_REFUSED', details: { httpStatus: 500 } });
      sim.faults.clear();
      expect((await breaking.licenses(connection)).licenses.length).toBeGreaterThan(0);
    } finally {
      await breaking.close();
    }
  });
});
