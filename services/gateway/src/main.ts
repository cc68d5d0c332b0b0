import { runServiceMain } from '#libs/service-kit';
import { gatewayService } from './gateway.service-definition.js';

await runServiceMain(gatewayService);
