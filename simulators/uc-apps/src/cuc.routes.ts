import type { FastifyInstance } from 'fastify';
import type { UcRouteDeps } from './route-context.js';
import { registerSmartAgentRestRoutes } from './smart-agent-rest.routes.js';

/**
 * Unity Connection: CUPI `/vmrest/smartlicense/<operation>` (licensedetails and register are confirmed in
 * cisco-interfaces.md §3; the other operations follow the same pattern, see WIRE-FORMATS.md).
 */
export const registerCucRoutes = (app: FastifyInstance, deps: UcRouteDeps): void =>
  registerSmartAgentRestRoutes(app, deps, { app: 'cuc', prefix: '/vmrest/smartlicense', types: ['cuc'] });
