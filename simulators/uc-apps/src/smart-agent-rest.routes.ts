import { agentErrorRow, type SimClusterType, type AgentErrorRow } from '#simulators/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { basicAuthMatches } from './basic-auth.js';
import { licenseDetailsView, transportView } from './license-details.view.js';
import { enterNode, type UcRouteDeps } from './route-context.js';
import type { AgentOutcome } from './smart-agent.service.js';
import type { TransportSettingsInput } from './transport-settings.js';

/** Which application serves the routes: route ids are `<app>.<operation>`, paths `<prefix>/<operation>`. */
export interface SmartAgentRestMount {
  app: 'cucm' | 'cer';
  prefix: string;
  types: readonly SimClusterType[];
}

export const SUCCESS_BODY = { code: 'SUCCESS', message: 'The requested operation was successful' } as const;

const sendError = (reply: FastifyReply, error: AgentErrorRow): FastifyReply =>
  reply.code(error.httpStatus).send({ code: error.code, message: error.message });

const sendOutcome = (reply: FastifyReply, outcome: AgentOutcome<unknown>, success: () => unknown = () => SUCCESS_BODY): FastifyReply =>
  outcome.ok ? reply.code(200).send(success()) : sendError(reply, outcome.error);

const asRecord = (body: unknown): Record<string, unknown> => (typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {});

const asBoolean = (value: unknown): boolean => value === true || value === 'true' || value === 'True' || value === 1;

/**
 * The invented smart-agent REST contract (not Cisco's), left for Unified CM's and Emergency Responder's routes until
 * they move to AXL and the platform CLI; then delete this file. Unity Connection answers CUPI (cuc.routes.ts).
 * The operations of the guide's error mapping table (transportsettings, register, deregister, renewID, renewAuth,
 * licensedetails), answered with exactly the table's HTTP status, code and message. Authenticated with the
 * cluster's admin credentials; a bad login answers the table's "All APIs" 401 row.
 */
export const registerSmartAgentRestRoutes = (app: FastifyInstance, deps: UcRouteDeps, mount: SmartAgentRestMount): void => {
  const guarded = async (request: FastifyRequest, reply: FastifyReply, operation: string) => {
    const node = await enterNode(deps, request, reply, { types: mount.types, routeId: `${mount.app}.${operation}` });
    if (!node) return undefined;
    if (!basicAuthMatches(request.headers.authorization, node.cluster.credentials.admin)) {
      reply.header('www-authenticate', 'Basic realm="Smart Licensing"');
      await sendError(reply, agentErrorRow('all.not-authorized'));
      return undefined;
    }
    return node;
  };

  app.get(`${mount.prefix}/licensedetails`, async (request, reply) => {
    const node = await guarded(request, reply, 'licensedetails');
    if (!node) return reply;
    const outcome = deps.agent.licenseDetails(node);
    return sendOutcome(reply, outcome, () => (outcome.ok ? licenseDetailsView(node, outcome.value) : undefined));
  });

  app.put(`${mount.prefix}/register`, async (request, reply) => {
    const node = await guarded(request, reply, 'register');
    if (!node) return reply;
    const body = asRecord(request.body);
    const token = typeof body.token === 'string' ? body.token : '';
    return sendOutcome(reply, await deps.agent.register(node, token, asBoolean(body.force)));
  });

  app.put(`${mount.prefix}/deregister`, async (request, reply) => {
    const node = await guarded(request, reply, 'deregister');
    if (!node) return reply;
    return sendOutcome(reply, await deps.agent.deregister(node));
  });

  app.put(`${mount.prefix}/renewID`, async (request, reply) => {
    const node = await guarded(request, reply, 'renewID');
    if (!node) return reply;
    return sendOutcome(reply, await deps.agent.renewId(node));
  });

  app.put(`${mount.prefix}/renewAuth`, async (request, reply) => {
    const node = await guarded(request, reply, 'renewAuth');
    if (!node) return reply;
    return sendOutcome(reply, await deps.agent.renewAuth(node));
  });

  app.get(`${mount.prefix}/transportsettings`, async (request, reply) => {
    const node = await guarded(request, reply, 'transportsettings.get');
    if (!node) return reply;
    return reply.code(200).send(transportView(deps.agent.transportSettings(node)));
  });

  app.put(`${mount.prefix}/transportsettings`, async (request, reply) => {
    const node = await guarded(request, reply, 'transportsettings');
    if (!node) return reply;
    const outcome = deps.agent.setTransportSettings(node, asRecord(request.body) as TransportSettingsInput);
    return sendOutcome(reply, outcome, () => (outcome.ok ? { ...SUCCESS_BODY, ...transportView(outcome.value) } : undefined));
  });
};
