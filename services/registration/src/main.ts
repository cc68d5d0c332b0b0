import { registerAutoInstrumentations } from '#libs/observability';

// OpenTelemetry hooks `require` before Nest, express and pg load: they are imported below, after this line.
registerAutoInstrumentations();
const { runServiceMain } = await import('#libs/service-kit');
const { registrationService } = await import('./registration.service-definition.js');

await runServiceMain(registrationService);
