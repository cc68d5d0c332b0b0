// Child process of bench/adapter.bench.ts: the CSSM and UC-application simulators, off the benchmarked process's
// CPU. Sends `{ ucPort }` over IPC once listening; stops on 'close'.
import { startCssmSimulator } from '#simulators/cssm';
import { generateClusters, startUcAppsSimulator } from '#simulators/uc-apps';

const clusters = Number(process.env.BENCH_CLUSTERS ?? 1000);
const token = process.env.BENCH_TOKEN ?? 'bench-token';

const cssm = await startCssmSimulator({
  scenario: { smartAccounts: [{ domain: 'bench.example.com', name: 'Bench', virtualAccounts: [{ name: 'va-bench', tokens: [{ token }] }] }] },
});
const uc = await startUcAppsSimulator({ scenario: { clusters: generateClusters(clusters, { addressBase: process.env.BENCH_ADDRESS_BASE ?? '127.90.0.1' }) }, cssmUrl: cssm.url });
process.send?.({ ucPort: uc.port });
process.on('message', async (message) => {
  if (message === 'close') {
    const cpu = process.cpuUsage();
    process.stderr.write(`simulators cpu ${Math.round((cpu.user + cpu.system) / 1000)} ms\n`);
    await uc.close();
    await cssm.close();
    process.exit(0);
  }
});
