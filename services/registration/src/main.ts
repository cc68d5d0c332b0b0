import { registerServiceInstrumentations } from '#libs/observability';

// OpenTelemetry hooks `require` before Nest, express and pg load: they are imported below, after this line.
registerServiceInstrumentations();
const { runServiceMain } = await import('#libs/service-kit');
const { registrationService } = await import('./registration.service-definition.js');

await runServiceMain(registrationService);
