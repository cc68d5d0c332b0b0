import { SIM_CLUSTER_TYPES } from '#simulators/common';
import { generateClusters, startUcAppsSimulator, ucAppsScenarioSchema, type UcAppsSimulator } from '../index.js';
import { closedPortUrl } from './fixtures/closed-port.fixture.js';
import { httpClient } from './fixtures/http.fixture.js';

describe('10,000 clusters in one process', () => {
  const http = httpClient();
  let sut: UcAppsSimulator;
  let heapGrowthMb = 0;

  beforeAll(async () => {
    const before = process.memoryUsage().heapUsed;
    sut = await startUcAppsSimulator({ scenario: { clusters: generateClusters(10_000) }, cssmUrl: await closedPortUrl() });
    heapGrowthMb = (process.memoryUsage().heapUsed - before) / 1e6;
  });
  afterAll(async () => {
    await sut.close();
    await http.close();
  });

  it('generateClusters mixes the five types over distinct loopback addresses, and the scenario is valid', () => {
    const clusters = generateClusters(25, { addressBase: '127.20.0.254' });
    expect(new Set(clusters.map((c) => c.type))).toEqual(new Set(SIM_CLUSTER_TYPES));
    const addresses = clusters.flatMap((c) => c.nodes.map((n) => n.address));
    expect(new Set(addresses).size).toBe(50);
    expect(addresses.every((a) => a.startsWith('127.') && !a.endsWith('.0') && !a.endsWith('.255'))).toBe(true);
    expect(ucAppsScenarioSchema.safeParse({ clusters }).success).toBe(true);
  });

  it('holds every cluster with a compact state (well inside the 500 MB process budget)', () => {
    expect(sut.clusters.size).toBe(10_000);
    expect(heapGrowthMb).toBeLessThan(150);
  });

  it('routes a request to the last generated node', async () => {
    const last = [...sut.clusters.values()].at(-1)!;
    const node = last.nodes[1]!;
    expect(sut.clusters.nodeByHost(`${node.address}:443`)).toBe(node);
    const res = await http.call(`${sut.url}/__admin/clusters/${last.id}`);
    expect(res.json().nodes[1].address).toBe(node.address);
  });
});
