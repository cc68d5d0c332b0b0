import { runServiceMain } from '#libs/service-kit';
import { licenseModeService } from './license-mode.service-definition.js';

await runServiceMain(licenseModeService);
