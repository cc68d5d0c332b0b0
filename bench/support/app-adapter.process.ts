// Child process of bench/adapter.bench.ts: app-adapter alone, as in production (its callers are other processes).
// Reads its configuration from the environment; sends 'ready' over IPC once started; stops on 'close'.
import { startService } from '#libs/service-kit';
import { appAdapterService } from '../../services/app-adapter/src/app-adapter.service-definition.js';

const adapter = await startService(appAdapterService, { env: process.env, host: '127.0.0.1' });
process.send?.('ready');
process.on('message', async (message) => {
  if (message === 'close') {
    const cpu = process.cpuUsage();
    process.stderr.write(`app-adapter cpu ${Math.round((cpu.user + cpu.system) / 1000)} ms\n`);
    await adapter.close();
    process.exit(0);
  }
});
