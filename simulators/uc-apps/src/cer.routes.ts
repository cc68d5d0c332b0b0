import type { FastifyInstance } from 'fastify';
import type { UcRouteDeps } from './route-context.js';
import { registerSmartAgentRestRoutes } from './smart-agent-rest.routes.js';

/** Emergency Responder: its smart-licensing API is [NF]; our choice is `/cerappservices/smartlicense/<operation>`. */
export const registerCerRoutes = (app: FastifyInstance, deps: UcRouteDeps): void =>
  registerSmartAgentRestRoutes(app, deps, { app: 'cer', prefix: '/cerappservices/smartlicense', types: ['cer'] });
