import { bindHost, loadScenarioFile } from '#simulators/common';
import { parseArgs } from 'node:util';
import { ucAppsScenarioSchema } from './scenario.schema.js';
import { generateClusters } from './generate-clusters.js';
import { startUcAppsSimulator } from './uc-apps.simulator.js';

// `uc-apps --cssm-url http://127.0.0.1:8090 [--scenario lab.yaml | --generate 10000] [--port 8443] [--ssh-port 8022] [--host 0.0.0.0] [--tls] [--reboot-ms 2000] [--cop-sftp-port 22]`
// The bind address: --host, else HOST, else 0.0.0.0 (every 127.x node address on one port).
const { values } = parseArgs({
  options: {
    'cssm-url': { type: 'string' },
    scenario: { type: 'string' },
    generate: { type: 'string' },
    port: { type: 'string', default: '0' },
    'ssh-port': { type: 'string', default: '0' },
    host: { type: 'string' },
    tls: { type: 'boolean', default: false },
    'reboot-ms': { type: 'string' },
    'cop-sftp-port': { type: 'string' },
  },
});

if (!values['cssm-url']) {
  console.error('--cssm-url is required');
  process.exit(2);
}

const scenario = values.scenario
  ? await loadScenarioFile(values.scenario, ucAppsScenarioSchema)
  : { clusters: values.generate ? generateClusters(Number(values.generate)) : [] };

const sim = await startUcAppsSimulator({
  scenario,
  cssmUrl: values['cssm-url'],
  port: Number(values.port),
  sshPort: Number(values['ssh-port']),
  host: bindHost(values.host, process.env, '0.0.0.0'),
  tls: values.tls,
  ...(values['reboot-ms'] ? { rebootMs: Number(values['reboot-ms']) } : {}),
  ...(values['cop-sftp-port'] ? { copSftpPort: Number(values['cop-sftp-port']) } : {}),
});
console.log(JSON.stringify({ url: sim.url, port: sim.port, sshPort: sim.sshPort, clusters: sim.clusters.size }));

const stop = async (): Promise<void> => {
  await sim.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
