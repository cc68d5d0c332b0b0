// Child process of bench/adapter.bench.ts: the CSSM and UC-application simulators, off the benchmarked process's
// CPU. Sends `{ ucPort, sshPort }` over IPC once listening; stops on 'close'.
import { startCssmSimulator } from '#simulators/cssm';
import { generateClusters, startUcAppsSimulator } from '#simulators/uc-apps';
import { exitOnClose } from './bench-kit.js';

const clusters = Number(process.env.BENCH_CLUSTERS ?? 1000);
const token = process.env.BENCH_TOKEN ?? 'bench-token';

const cssm = await startCssmSimulator({
  scenario: { smartAccounts: [{ domain: 'bench.example.com', name: 'Bench', virtualAccounts: [{ name: 'va-bench', tokens: [{ token }] }] }] },
});
const uc = await startUcAppsSimulator({ scenario: { clusters: generateClusters(clusters, { addressBase: process.env.BENCH_ADDRESS_BASE ?? '127.90.0.1' }) }, cssmUrl: cssm.url });
process.send?.({ ucPort: uc.port, sshPort: uc.sshPort });
exitOnClose('simulators', async () => {
  await uc.close();
  await cssm.close();
});
