import { runServiceMain } from '#libs/service-kit';
import { reportingService } from './reporting.service-definition.js';

await runServiceMain(reportingService);
