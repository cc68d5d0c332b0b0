import { startCssmSimulator, type CssmSimulator } from '#simulators/cssm';
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
  tls?: boolean;
}

export interface Lab {
  cssm: CssmSimulator;
  ucApps?: UcAppsSimulator;
  close: () => Promise<void>;
}

/** Starts the CSSM simulator, then (when the scenario has clusters) the uc-apps simulator pointed at it. */
export const startLab = async (options: LabOptions): Promise<Lab> => {
  const cssm = await startCssmSimulator({ scenario: options.scenario.cssm, host: options.host, port: options.cssmPort, tls: options.tls });
  let ucApps: UcAppsSimulator | undefined;
  try {
    if (options.scenario.ucApps) {
      ucApps = await startUcAppsSimulator({ scenario: options.scenario.ucApps, cssmUrl: cssm.url, host: options.ucHost, port: options.ucPort, sshPort: options.sshPort, tls: options.tls });
    }
  } catch (e) {
    await cssm.close();
    throw e;
  }
  return {
    cssm,
    ucApps,
    close: async () => {
      await ucApps?.close();
      await cssm.close();
    },
  };
};
