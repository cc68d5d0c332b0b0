import { agentNodeOf, type UcNodeState } from './cluster.store.js';
import { reportedUsage } from './license-usage.js';
import { instanceIdOf } from './smart-agent.service.js';
import type { SmartAgentState, TransportSettings } from './smart-agent.state.js';

const AUTHORIZATION_TEXT = { AUTHORIZED: 'Authorized', OUT_OF_COMPLIANCE: 'Out of Compliance' } as const;

/** Registration status text as the UC applications show it ("Registered" is confirmed for CUCM and CUC). */
export const registrationStatusText = (agent: Readonly<SmartAgentState>): 'Registered' | 'Unregistered' =>
  agent.state === 'REGISTERED' ? 'Registered' : 'Unregistered';

export const authorizationStatusText = (agent: Readonly<SmartAgentState>): string =>
  agent.registration ? AUTHORIZATION_TEXT[agent.registration.authorizationStatus] : 'Evaluation Mode';

export const transportView = (transport: Readonly<TransportSettings>): Record<string, unknown> => ({
  mode: transport.mode,
  ...(transport.proxyIp !== undefined ? { proxyIp: transport.proxyIp } : {}),
  ...(transport.proxyPort !== undefined ? { proxyPort: transport.proxyPort } : {}),
  ...(transport.gatewayUrl !== undefined ? { gatewayUrl: transport.gatewayUrl } : {}),
});

/** The JSON `licensedetails` answer of the invented smart-agent REST API (Unified CM, Emergency Responder; Unity Connection answers CUPI, cuc.view.ts). */
export const licenseDetailsView = (node: UcNodeState, agent: Readonly<SmartAgentState>): Record<string, unknown> => {
  const cluster = node.cluster;
  const registration = agent.registration;
  const entitlementStatus = registration ? AUTHORIZATION_TEXT[registration.authorizationStatus] : 'Evaluation Mode';
  return {
    LicenseMode: cluster.licenseMode,
    ProductInstanceName: instanceIdOf(node),
    Register: {
      Status: registrationStatusText(agent),
      State: agent.state,
      SmartAccount: registration?.smartAccount ?? '',
      VirtualAccount: registration?.virtualAccount ?? '',
      RegistrationDate: registration?.registeredAt ?? '',
      RegistrationExpires: registration?.registrationExpires ?? '',
      LastRenewalAttempt: registration?.lastRenewId ?? '',
    },
    Authorization: {
      Status: authorizationStatusText(agent),
      AuthorizationExpires: registration?.authorizationExpires ?? '',
      LastAuthorizationAttempt: registration?.lastRenewAuth ?? '',
    },
    ExportControlled: registration?.exportControlled ? 'Allowed' : 'Not Allowed',
    TransportSettings: transportView(agent.transport),
    PublisherHostname: agentNodeOf(node).hostname,
    Licenses: reportedUsage(cluster.usage, cluster.licenseMode).map((u) => ({ Name: u.license, Count: u.count, Status: entitlementStatus })),
  };
};
