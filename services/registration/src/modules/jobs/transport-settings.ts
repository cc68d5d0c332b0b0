import type { ClusterType } from '#libs/contracts';
import type { TransportSettings } from './cluster-job.js';

interface Proxy {
  host: string;
  port: number;
}

/**
 * The smart agent's transport for a cluster: a Satellite smart account registers through its satellite;
 * otherwise the cluster's proxy, else the customer's, else Direct. Expressway-E uses only a cluster-level proxy
 * (guide: "Expressway-E clusters are registered to CSSM via Direct Mode, if Proxy is set at Customer Level").
 */
export const resolveTransportSettings = (input: {
  clusterType: ClusterType;
  clusterProxy: Proxy | null;
  customerProxy: Proxy | null;
  satelliteRegistrationUrl: string | null;
}): TransportSettings => {
  if (input.satelliteRegistrationUrl) return { mode: 'Satellite', satelliteUrl: input.satelliteRegistrationUrl };
  const proxy = input.clusterProxy ?? (input.clusterType === 'expressway-e' ? null : input.customerProxy);
  return proxy ? { mode: 'Proxy', proxy: { host: proxy.host, port: proxy.port } } : { mode: 'Direct' };
};
