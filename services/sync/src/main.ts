import { runServiceMain } from '#libs/service-kit';
import { syncService } from './sync.service-definition.js';

await runServiceMain(syncService);
