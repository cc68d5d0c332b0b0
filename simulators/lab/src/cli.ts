#!/usr/bin/env node
// `npm run sim -- --scenario <file> [--port-cssm N] [--port-uc N] [--port-ssh N] [--port-plm N] [--host H] [--tls]`: the simulated Cisco lab.
// The bind address of CSSM: --host, else HOST (as the services read it), else loopback; the UC apps: --host-uc, else 0.0.0.0.
import { parseArgs } from 'node:util';
import { bindHost, loadScenarioFile } from '#simulators/common';
import { startLab } from './lab.js';
import { labScenarioSchema } from './scenario.js';

const USAGE = 'usage: npm run sim -- [--scenario simulators/lab/scenarios/default-lab.yaml] [--port-cssm 8090] [--port-uc 8443] [--port-ssh 8022] [--port-plm 8444] [--host 127.0.0.1] [--host-uc 0.0.0.0] [--tls]';

const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', short: 's', default: 'simulators/lab/scenarios/default-lab.yaml' },
      'port-cssm': { type: 'string', default: '8090' },
      'port-uc': { type: 'string', default: '8443' },
      'port-ssh': { type: 'string', default: '8022' },
      // PLM's own port is 8443, which uc-apps takes in the lab; a PLM's port is configurable in smartlic.
      'port-plm': { type: 'string', default: '8444' },
      host: { type: 'string' },
      'host-uc': { type: 'string' },
      tls: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = (name: string, v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--${name}: expected a port number, got ${v}`);
    return n;
  };
  const scenario = await loadScenarioFile(values.scenario, labScenarioSchema);
  const lab = await startLab({
    scenario,
    host: bindHost(values.host, process.env, '127.0.0.1'),
    ucHost: values['host-uc'],
    cssmPort: port('port-cssm', values['port-cssm']),
    ucPort: port('port-uc', values['port-uc']),
    sshPort: port('port-ssh', values['port-ssh']),
    plmPort: port('port-plm', values['port-plm']),
    tls: values.tls,
  });
  const { cssm, ucApps, plm } = lab;
  console.log(`scenario           ${values.scenario}`);
  console.log(`CSSM token         ${cssm.tokenUrl}  (legacy ${cssm.legacyTokenUrl})`);
  console.log(`CSSM API           ${cssm.apiBaseUrl}`);
  console.log(`SSM On-Prem        ${cssm.onPremUrl}/backend/api/v1  (token ${cssm.onPremTokenUrl})`);
  console.log(`smart-agent backend ${cssm.agentUrl}`);
  console.log(`CSSM admin         ${cssm.adminUrl}/state`);
  if (ucApps) {
    console.log(`uc-apps            ${ucApps.url}  (${ucApps.clusters.size} clusters; nodes at http(s)://<node address>:${ucApps.port})`);
    console.log(`uc-apps admin      ${ucApps.url}/__admin/state`);
    console.log(`CER platform CLI   ssh -p ${ucApps.sshPort} <platform user>@<node address>  (app-adapter CAA_SSH_PORT=${ucApps.sshPort})`);
  } else {
    console.log('uc-apps            not started (the scenario has no ucApps section)');
  }
  if (plm) {
    console.log(`PLM                ${plm.state.values().map((p) => plm.plmUrl(p.address)).join(', ')}  (HTTPS, self-signed; OS admin Basic auth)`);
    console.log(`PLM admin          ${plm.url}/__admin/state`);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    lab.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
};

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  console.error(USAGE);
  process.exit(1);
});
