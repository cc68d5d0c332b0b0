// Child process of bench/autoreg.bench.ts: one smartlic service alone (BENCH_SERVICE), as deployed. Reads its
// configuration from the environment; sends 'ready' over IPC once started; stops on 'close'.
import { startService, type ServiceDefinition } from '#libs/service-kit';
import { appAdapterService } from '../../services/app-adapter/src/app-adapter.service-definition.js';
import { licenseModeService } from '../../services/license-mode/src/license-mode.service-definition.js';
import { registrationService } from '../../services/registration/src/registration.service-definition.js';
import { syncService } from '../../services/sync/src/sync.service-definition.js';
import { exitOnClose } from './bench-kit.js';

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
