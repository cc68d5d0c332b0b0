import { SmartlicException } from '#libs/contracts';
import type { TargetNode } from '../../cluster-target.js';
import { checkClusterNodes, NODE_COUNT_RULE } from '../expressway-cluster.js';

const node = (hostname: string, address: string, publisher = false): TargetNode => ({ hostname, address, port: null, publisher });
const NODES = [node('exp-1.example.com', '10.0.0.1', true), node('exp-2.example.com', '10.0.0.2')];

const failureOf = (peers: string[], nodes: TargetNode[] = NODES): SmartlicException | undefined => {
  try {
    checkClusterNodes('exp', nodes, peers);
    return undefined;
  } catch (e) {
    return e as SmartlicException;
  }
};

describe("Expressway: the guide's node-count rule", () => {
  it('"Add all the nodes of the Expressway cluster in HCM-F, to register the cluster": peers by address or host name match', () => {
    expect(failureOf(['10.0.0.1', '10.0.0.2'])).toBeUndefined();
    expect(failureOf(['EXP-2.example.com', '10.0.0.1'])).toBeUndefined();
  });

  it('no clustering configuration is CAA1080 "No Clustering Configuration Found in Expressway"', () => {
    expect(failureOf([])?.toJSON()).toMatchObject({ code: 'CAA1080', message: 'No Clustering Configuration Found in Expressway', details: { clusterPeers: [] } });
  });

  it('"If there is a mismatch in the number of Expressway cluster nodes that is configured in HCM-F, then the registration fails"', () => {
    const fewer = failureOf(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    expect(fewer?.toJSON()).toMatchObject({
      code: 'CAA1080',
      message: NODE_COUNT_RULE.message,
      recommendedAction: NODE_COUNT_RULE.recommendedAction,
      details: {
        catalogueMessage: 'No Clustering Configuration Found in Expressway',
        provisionedNodes: [
          { hostname: 'exp-1.example.com', address: '10.0.0.1' },
          { hostname: 'exp-2.example.com', address: '10.0.0.2' },
        ],
        clusterPeers: ['10.0.0.1', '10.0.0.2', '10.0.0.3'],
        notInCluster: [],
        notProvisioned: ['10.0.0.3'],
      },
    });
    expect(failureOf(['10.0.0.1'])?.details).toMatchObject({ notInCluster: ['exp-2.example.com'], notProvisioned: [] });
    // Same number, other nodes: still not the cluster HCM-F has.
    expect(failureOf(['10.0.0.1', '10.0.0.9'])?.details).toMatchObject({ notInCluster: ['exp-2.example.com'], notProvisioned: ['10.0.0.9'] });
    expect(failureOf(['10.0.0.1', 'exp-1.example.com'])?.details).toMatchObject({ notInCluster: ['exp-2.example.com'] });
  });
});
