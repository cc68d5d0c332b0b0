import { registerServiceInstrumentations } from '#libs/observability';

// OpenTelemetry hooks `require` before Nest, express and pg load: they are imported below, after this line.
registerServiceInstrumentations();
const { runServiceMain } = await import('#libs/service-kit');
const { syncService } = await import('./sync.service-definition.js');

await runServiceMain(syncService);
