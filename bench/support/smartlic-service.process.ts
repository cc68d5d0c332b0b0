// Child process of bench/autoreg.bench.ts: one smartlic service alone (BENCH_SERVICE), as deployed. Reads its
// configuration from the environment; sends 'ready' over IPC once started; stops on 'close'.
import { registerServiceInstrumentations } from '#libs/observability';
import type { ServiceDefinition } from '#libs/service-kit';

// As a service's main.ts: OpenTelemetry's instrumentations before Nest, express and pg load (imported below).
registerServiceInstrumentations();
const { startService } = await import('#libs/service-kit');
const { appAdapterService } = await import('../../services/app-adapter/src/app-adapter.service-definition.js');
const { licenseModeService } = await import('../../services/license-mode/src/license-mode.service-definition.js');
const { registrationService } = await import('../../services/registration/src/registration.service-definition.js');
const { syncService } = await import('../../services/sync/src/sync.service-definition.js');
const { exitOnClose } = await import('./bench-kit.js');

const definitions: Record<string, ServiceDefinition<never>> = {
  sync: syncService as unknown as ServiceDefinition<never>,
  registration: registrationService as unknown as ServiceDefinition<never>,
  'license-mode': licenseModeService as unknown as ServiceDefinition<never>,
  'app-adapter': appAdapterService as unknown as ServiceDefinition<never>,
};
const name = process.env.BENCH_SERVICE ?? '';
const definition = definitions[name];
if (!definition) throw new Error(`BENCH_SERVICE must be one of ${Object.keys(definitions).join(', ')}`);
const service = await startService(definition, { env: process.env, host: '127.0.0.1' });
process.send?.('ready');
exitOnClose(name, () => service.close());
