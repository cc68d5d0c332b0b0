// `npm run bench:sim`: memory and throughput of the simulators at the scale (1,000 VAs, 10,000 clusters).
// Prints progress on stderr and, as its LAST stdout line, one JSON object with the figures.
import autocannon from 'autocannon';
import { request } from 'undici';
import { generateSmartAccount, startCssmSimulator } from '#simulators/cssm';
import { generateClusters, startUcAppsSimulator } from '#simulators/uc-apps';

const VIRTUAL_ACCOUNTS = Number(process.env.BENCH_VAS ?? 1000);
const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 10_000);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DOMAIN = 'bench.example.com';

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

const main = async (): Promise<void> => {
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const cssm = await startCssmSimulator({
    scenario: { smartAccounts: [generateSmartAccount({ domain: DOMAIN, virtualAccounts: VIRTUAL_ACCOUNTS, licensesPerVa: 20, subscriptionsPerVa: 2 })] },
  });
  const ucApps = CLUSTERS > 0 ? await startUcAppsSimulator({ scenario: { clusters: generateClusters(CLUSTERS) }, cssmUrl: cssm.url, host: '127.0.0.1' }) : undefined;
  const seedMs = Math.round(performance.now() - t0);
  (globalThis as { gc?: () => void }).gc?.();
  const rss = process.memoryUsage().rss;
  const heapUsed = process.memoryUsage().heapUsed;
  console.error(`seeded ${VIRTUAL_ACCOUNTS} VAs and ${ucApps?.clusters.size ?? 0} clusters in ${seedMs} ms; rss ${mb(rss)} MB (heap ${mb(heapUsed)} MB)`);

  const tokenRes = await request(cssm.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=bench-client&client_secret=bench-secret',
  });
  const { access_token: bearer } = (await tokenRes.body.json()) as { access_token: string };
  const headers = { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', accept: 'application/json' };

  // A fixed, spread-out request list (static so autocannon can run it in a worker thread): per VA, one license
  // POST (all 20 LicenseItems of the VA) and one VA-scoped GET (its registration tokens).
  const account = cssm.state.account('cloud', DOMAIN)!;
  const sample = Array.from({ length: 100 }, (_, i) => account.vaList[(i * 37) % account.vaList.length]!.name);
  const base = `/services/api/smart-accounts-and-licensing/v1/accounts/${DOMAIN}`;
  const requests = sample.flatMap((va) => [
    { method: 'POST' as const, path: `${base}/licenses`, headers, body: JSON.stringify({ virtualAccounts: [va], limit: 50, offset: 0 }) },
    { method: 'GET' as const, path: `${base}/virtual-accounts/${va}/tokens`, headers },
  ]);

  const result = await autocannon({ url: cssm.url, connections: CONNECTIONS, duration: DURATION_S, requests, workers: 1 });
  const non2xx = result.non2xx + result.errors + result.timeouts;
  console.error(`autocannon: ${result.requests.average} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx/errors ${non2xx}`);

  await ucApps?.close();
  await cssm.close();
  console.log(
    JSON.stringify({
      rss_mb: mb(rss),
      rss_baseline_mb: mb(rssBefore),
      heap_used_mb: mb(heapUsed),
      seed_ms: seedMs,
      virtual_accounts: VIRTUAL_ACCOUNTS,
      licenses: VIRTUAL_ACCOUNTS * 20,
      clusters: ucApps ? CLUSTERS : 0,
      requests_per_second: result.requests.average,
      latency_p50_ms: result.latency.p50,
      latency_p99_ms: result.latency.p99,
      total_requests: result.requests.total,
      non_2xx_or_errors: non2xx,
      connections: CONNECTIONS,
      duration_s: DURATION_S,
      mix: 'POST licenses (1 VA, 20 items) / GET VA tokens, 1:1',
    }),
  );
};

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
