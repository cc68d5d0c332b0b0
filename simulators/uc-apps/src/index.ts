export { startUcAppsSimulator, type UcAppsSimulator, type UcAppsSimulatorOptions } from './uc-apps.simulator.js';
export type { AxlExchange } from './cucm.routes.js';
export {
  ucAppsScenarioSchema,
  ucClusterSchema,
  CLUSTER_CONDITIONS,
  type ClusterCondition,
  type UcAppsScenario,
  type UcClusterInput,
  type UcClusterConfig,
  type UcNodeConfig,
  type LicenseUsage,
} from './scenario.schema.js';
export { generateClusters } from './generate-clusters.js';
export { ClusterStore, type UcClusterState, type UcNodeState, type Credential } from './cluster.store.js';
export { clusterSnapshot, type UcClusterSnapshot, type UcNodeSnapshot } from './cluster.view.js';
export type { SmartAgentState, RegistrationState, AuthorizationStatus, TransportSettings, TransportMode, Registration } from './smart-agent.state.js';
export { createSelfSignedCertificate, type SelfSignedCertificate } from './tls-certificate.js';
export { PAWS_PATH_PREFIX } from './paws.routes.js';
export { PAWS_NAMESPACE, PAWS_RESULT, SOAP_CONTENT_TYPE, parsePawsRequest, pawsFault, pawsResponse, type PawsReturn, type SoapVersion } from './paws-soap.js';
