// Child process of `npm run bench:sync`: the CSSM simulator with one large smart account and a fixed latency per
// call, in its own process so that its memory is not counted as the sync service's. Prints its URLs as one JSON line.
import { generateSmartAccount, startCssmSimulator } from '#simulators/cssm';

const VIRTUAL_ACCOUNTS = Number(process.env.BENCH_VAS ?? 1000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);

const sim = await startCssmSimulator({
  scenario: {
    tokenExpiresIn: 3599,
    smartAccounts: [generateSmartAccount({ domain: 'bench.example.com', virtualAccounts: VIRTUAL_ACCOUNTS, licensesPerVa: 20, subscriptionsPerVa: 2 })],
  },
});
sim.latency.set([{ route: '*', fixedMs: LATENCY_MS }]);
process.stdout.write(`${JSON.stringify({ tokenUrl: sim.tokenUrl, apiBaseUrl: sim.apiBaseUrl })}\n`);
process.on('SIGTERM', () => {
  void sim.close().then(() => process.exit(0));
});
