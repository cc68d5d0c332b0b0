import { startCssmSimulator, type CssmSimulator } from '#simulators/cssm';
import { startPlmSimulator, type PlmSimulator } from '#simulators/plm';
import { startUcAppsSimulator, type UcAppsSimulator } from '#simulators/uc-apps';
import type { LabScenarioParsed } from './scenario.js';

export interface LabOptions {
  scenario: LabScenarioParsed;
  /** CSSM listen address (default 127.0.0.1). */
  host?: string;
  /** uc-apps listen address; its default 0.0.0.0 (loopback peers only) lets every node have its own 127.x address. */
  ucHost?: string;
  cssmPort?: number;
  ucPort?: number;
  /** SSH port of the Emergency Responder nodes' platform CLI. */
  sshPort?: number;
  /** Port of the PLM simulator (always HTTPS, as PLM; on the uc-apps listen address). */
  plmPort?: number;
  tls?: boolean;
}

export interface Lab {
  cssm: CssmSimulator;
  ucApps?: UcAppsSimulator;
  plm?: PlmSimulator;
  close: () => Promise<void>;
}

/** Starts the CSSM simulator, then (when the scenario has clusters) the uc-apps simulator pointed at it, and the PLMs. */
export const startLab = async (options: LabOptions): Promise<Lab> => {
  const cssm = await startCssmSimulator({ scenario: options.scenario.cssm, host: options.host, port: options.cssmPort, tls: options.tls });
  let ucApps: UcAppsSimulator | undefined;
  let plm: PlmSimulator | undefined;
  try {
    if (options.scenario.ucApps) {
      ucApps = await startUcAppsSimulator({ scenario: options.scenario.ucApps, cssmUrl: cssm.url, host: options.ucHost, port: options.ucPort, sshPort: options.sshPort, tls: options.tls });
    }
    if (options.scenario.plm?.plms.length) {
      plm = await startPlmSimulator({ scenario: options.scenario.plm, host: options.ucHost, port: options.plmPort });
    }
  } catch (e) {
    await ucApps?.close();
    await cssm.close();
    throw e;
  }
  return {
    cssm,
    ucApps,
    plm,
    close: async () => {
      await plm?.close();
      await ucApps?.close();
      await cssm.close();
    },
  };
};
