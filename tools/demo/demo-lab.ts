import { loadScenarioFile, startSftpFileServer, type SftpFileServer } from '#simulators/common';
import { startCssmSimulator, type CssmSimulator } from '#simulators/cssm';
import { labScenarioSchema, type LabScenarioParsed } from '#simulators/lab';
import { startPlmSimulator, type PlmScenario, type PlmSimulator } from '#simulators/plm';
import { startUcAppsSimulator, type UcAppsSimulator } from '#simulators/uc-apps';
import type { ClusterProvisioning, CustomerProvisioning } from '#libs/contracts';

export const DEFAULT_LAB_SCENARIO = 'simulators/lab/scenarios/default-lab.yaml';

/**
 * What the service provider's provisioning system knows about the lab's UC clusters (the scenario's header
 * comment): the same admin and platform credentials for every cluster. The box of cucm-customer-3 had its admin
 * password changed, so HCM-F's copy is wrong for that one and its registration fails with an authentication error.
 */
export const PROVISIONED_CREDENTIALS = {
  admin: { username: 'ccmadmin', password: 'lab-admin-pw' },
  platform: { username: 'osadmin', password: 'lab-platform-pw' },
} as const;

/**
 * The lab's COP file server (SFTP): the guide's two license mode COP files, fetched by publishers whose release has no
 * setDeploymentMode (scenario condition noSetDeploymentMode) through PAWS prepareRemoteUpgrade.
 */
export const COP_SERVER = { user: 'copadmin', password: 'lab-cop-pw', directory: '/cop' } as const;

export interface DemoLab {
  scenario: LabScenarioParsed;
  cssm: CssmSimulator;
  ucApps: UcAppsSimulator;
  copSftp: SftpFileServer;
  /** The lab's Prime License Managers (HTTPS, self-signed `caPem`), when the scenario has a plm section. */
  plm?: PlmSimulator;
  customers: CustomerProvisioning[];
  clusters: ClusterProvisioning[];
  close(): Promise<void>;
}

const customerName = (id: string): string => id.replace(/^customer-(\d+)$/, 'Customer $1');

/**
 * The lab simulators in this process, fresh at every run: CSSM + SSM On-Prem over HTTP, the UC applications over
 * HTTPS with a self-signed CA that every provisioned cluster carries in `tls.caPem`.
 */
export const startDemoLab = async (scenarioPath: string): Promise<DemoLab> => {
  const scenario = await loadScenarioFile(scenarioPath, labScenarioSchema);
  if (!scenario.cssm || !scenario.ucApps) throw new Error(`${scenarioPath}: the demo needs both a cssm and a ucApps section`);
  const cssm = await startCssmSimulator({ scenario: scenario.cssm, host: '127.0.0.1' });
  let ucApps: UcAppsSimulator;
  let copSftp: SftpFileServer;
  try {
    copSftp = await startSftpFileServer({
      user: COP_SERVER.user,
      password: COP_SERVER.password,
      files: { [`${COP_SERVER.directory}/ciscocm.HCSMode_v4.cop.sgn`]: 'lab COP', [`${COP_SERVER.directory}/ciscocm.EnterpriseMode_v4.cop.sgn`]: 'lab COP' },
    });
  } catch (error) {
    await cssm.close();
    throw error;
  }
  try {
    ucApps = await startUcAppsSimulator({ scenario: scenario.ucApps, cssmUrl: cssm.url, tls: true, rebootMs: 1_500, copSftpPort: copSftp.port });
  } catch (error) {
    await copSftp.close();
    await cssm.close();
    throw error;
  }
  const sims = scenario.ucApps.clusters;
  let plm: PlmSimulator | undefined;
  if (scenario.plm?.plms.length) {
    // The scenario keys a PLM's clusterUsage by the lab's cluster id; PLM knows a cluster by the name it is
    // force-added with, which is the provisioned cluster name: key the usage by that name.
    const nameOf = new Map(sims.map((s) => [s.id, s.name]));
    const plmScenario: PlmScenario = {
      ...scenario.plm,
      plms: scenario.plm.plms.map((p) => ({ ...p, clusterUsage: Object.fromEntries(Object.entries(p.clusterUsage ?? {}).map(([id, usage]) => [nameOf.get(id) ?? id, usage])) })),
    };
    try {
      plm = await startPlmSimulator({ scenario: plmScenario });
    } catch (error) {
      await ucApps.close();
      await copSftp.close();
      await cssm.close();
      throw error;
    }
  }
  const customerOf = (sim: (typeof sims)[number]): string => sim.customerId ?? 'customer-1';
  const customerIds = [...new Set(sims.map(customerOf))];
  const customers: CustomerProvisioning[] = customerIds.map((id) => ({ id, name: customerName(id), revision: 1 }));
  const clusters: ClusterProvisioning[] = sims.map((sim) => ({
    id: sim.id,
    customerId: customerOf(sim),
    name: sim.name,
    type: sim.type,
    version: sim.version,
    licensing: 'smart',
    nodes: sim.nodes.map((n) => ({ hostname: n.hostname, address: n.address, port: ucApps.port, publisher: n.publisher })),
    credentials: { admin: { ...PROVISIONED_CREDENTIALS.admin }, platform: { ...PROVISIONED_CREDENTIALS.platform } },
    tls: { caPem: ucApps.caPem! },
    revision: 1,
  }));
  return {
    scenario,
    cssm,
    ucApps,
    copSftp,
    plm,
    customers,
    clusters,
    close: async () => {
      await plm?.close();
      await ucApps.close();
      await copSftp.close();
      await cssm.close();
    },
  };
};
