// Child process of bench/adapter.bench.ts: app-adapter alone, as in production (its callers are other processes).
// Reads its configuration from the environment; sends 'ready' over IPC once started; stops on 'close'.
import { startService } from '#libs/service-kit';
import { appAdapterService } from '../../services/app-adapter/src/app-adapter.service-definition.js';
import { exitOnClose } from './bench-kit.js';

const adapter = await startService(appAdapterService, { env: process.env, host: '127.0.0.1' });
process.send?.('ready');
exitOnClose('app-adapter', () => adapter.close());
