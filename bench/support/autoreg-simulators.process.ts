// Child process of bench/autoreg.bench.ts: the CSSM simulator (one smart account with the ordered and operational
// VAs) and the UC-application simulator with BENCH_CLUSTERS clusters, off the benchmarked processes' CPU. Sends
// `{ ucPort, sshPort, tokenUrl, apiBaseUrl }` over IPC once listening; stops on 'close'.
import { startCssmSimulator } from '#simulators/cssm';
import { generateClusters, startUcAppsSimulator } from '#simulators/uc-apps';
import { exitOnClose } from './bench-kit.js';

const clusters = Number(process.env.BENCH_CLUSTERS ?? 5000);
const cssm = await startCssmSimulator({
  scenario: {
    smartAccounts: [
      {
        domain: 'bench.example.com',
        name: 'Bench',
        apiClients: [{ clientId: 'bench', clientSecret: 'bench-secret' }],
        virtualAccounts: [{ name: 'va-hcs-ordered' }, { name: 'va-hcs-operational' }],
      },
    ],
  },
});
// Every cluster in HCS mode already: the time measured is registration, not publisher reboots.
const scenario = generateClusters(clusters, { addressBase: process.env.BENCH_ADDRESS_BASE ?? '127.100.0.1', idPrefix: 'auto' }).map((c) => ({ ...c, licenseMode: 'HCS' as const }));
const uc = await startUcAppsSimulator({ scenario: { clusters: scenario }, cssmUrl: cssm.url });
process.send?.({ ucPort: uc.port, sshPort: uc.sshPort, tokenUrl: cssm.tokenUrl, apiBaseUrl: cssm.apiBaseUrl });
exitOnClose('simulators', async () => {
  await uc.close();
  await cssm.close();
});
