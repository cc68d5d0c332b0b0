import { runServiceMain } from '#libs/service-kit';
import { appAdapterService } from './app-adapter.service-definition.js';

await runServiceMain(appAdapterService);
