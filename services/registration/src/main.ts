import { runServiceMain } from '#libs/service-kit';
import { registrationService } from './registration.service-definition.js';

await runServiceMain(registrationService);
