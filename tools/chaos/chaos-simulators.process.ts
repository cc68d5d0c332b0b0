// Child process of `npm run chaos`: the CSSM simulator (one smart account, the ordered and operational VAs) and the
// UC-application simulator with CHAOS_CLUSTERS clusters, all in HCS mode (the suite measures recovery, not reboots),
// off the services' CPU. Sends `{ ucPort, sshPort, tokenUrl, apiBaseUrl }` over IPC once listening; stops on 'close'.
import { startCssmSimulator } from '#simulators/cssm';
import { generateClusters, startUcAppsSimulator } from '#simulators/uc-apps';

const clusters = Number(process.env.CHAOS_CLUSTERS ?? 1000);
const cssm = await startCssmSimulator({
  host: '127.0.0.1',
  scenario: {
    smartAccounts: [
      {
        domain: 'chaos.example.com',
        name: 'Chaos',
        apiClients: [{ clientId: 'chaos', clientSecret: 'chaos-secret' }],
        virtualAccounts: [{ name: 'va-hcs-ordered' }, { name: 'va-hcs-operational' }],
      },
    ],
  },
});
const scenario = generateClusters(clusters, { addressBase: process.env.CHAOS_ADDRESS_BASE ?? '127.120.0.1', idPrefix: 'chaos' }).map((c) => ({ ...c, licenseMode: 'HCS' as const }));
const uc = await startUcAppsSimulator({ scenario: { clusters: scenario }, cssmUrl: cssm.url });
process.send?.({ ucPort: uc.port, sshPort: uc.sshPort, tokenUrl: cssm.tokenUrl, apiBaseUrl: cssm.apiBaseUrl });
process.on('message', (message) => {
  if (message !== 'close') return;
  void (async () => {
    await uc.close();
    await cssm.close();
    process.exit(0);
  })();
});
// The suite died without saying so: nothing of it should outlive it.
process.on('disconnect', () => process.exit(0));
