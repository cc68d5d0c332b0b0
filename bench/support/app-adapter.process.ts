// Child process of bench/adapter.bench.ts: app-adapter alone, as in production (its callers are other processes).
// Reads its configuration from the environment; sends 'ready' over IPC once started; stops on 'close'.
import { registerServiceInstrumentations } from '#libs/observability';

// As a service's main.ts: OpenTelemetry's instrumentations before Nest, express and pg load (imported below).
registerServiceInstrumentations();
const { startService } = await import('#libs/service-kit');
const { appAdapterService } = await import('../../services/app-adapter/src/app-adapter.service-definition.js');
const { exitOnClose } = await import('./bench-kit.js');

const adapter = await startService(appAdapterService, { env: process.env, host: '127.0.0.1' });
process.send?.('ready');
exitOnClose('app-adapter', () => adapter.close());
