import { agentErrorRow, type AgentErrorRow } from '#simulators/common';
import { XMLParser } from 'fast-xml-parser';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { basicAuthMatches } from './basic-auth.js';
import type { UcNodeState } from './cluster.store.js';
import { cupiCluster, cupiError, cupiLicenseDetails, cupiTransport, cupiXml, transportInputOf } from './cuc.view.js';
import { enterNode, type UcRouteDeps } from './route-context.js';
import type { AgentOutcome } from './smart-agent.service.js';

const SMART_LICENSE = '/vmrest/smartlicense';
const xml = new XMLParser({ parseTagValue: false });

/** CUPI answers JSON to a client that asks for it, XML otherwise. */
const wantsJson = (request: FastifyRequest): boolean => (request.headers.accept ?? '').includes('json');

const send = (request: FastifyRequest, reply: FastifyReply, status: number, root: string, document: Record<string, unknown>): FastifyReply =>
  wantsJson(request) ? reply.code(status).send(document) : reply.code(status).type('application/xml').send(cupiXml(root, document));

const sendError = (request: FastifyRequest, reply: FastifyReply, row: AgentErrorRow): FastifyReply => send(request, reply, row.httpStatus, 'ErrorDetails', cupiError(row));

/** Register, deregister and renewals answer a bare 200 (CUPI shows only "Response Code: 200"). */
const sendOutcome = (request: FastifyRequest, reply: FastifyReply, outcome: AgentOutcome<unknown>): FastifyReply =>
  outcome.ok ? reply.code(200).send() : sendError(request, reply, outcome.error);

/** A PUT body, JSON or XML (`<RegisterDetails>`, `<TransportSetting>`), as its fields. */
const fieldsOf = (body: unknown, root: string): Record<string, unknown> => {
  let value = body;
  if (typeof body === 'string' && body.trim().startsWith('<')) {
    try {
      value = (xml.parse(body) as Record<string, unknown>)[root];
    } catch {
      value = undefined;
    }
  }
  if (typeof value === 'object' && value !== null && root in value) value = (value as Record<string, unknown>)[root];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
};

const isTrue = (value: unknown): boolean => value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');

/**
 * Unity Connection: CUPI's Smart Licensing API under `/vmrest/smartlicense` and its cluster resource `/vmrest/cluster`
 * (WIRE-FORMATS.md §3). Failures are the rows of the guide's error mapping table; admin basic auth (the table's
 * "All APIs" 401 row for a bad login).
 */
export const registerCucRoutes = (app: FastifyInstance, deps: UcRouteDeps): void => {
  const guarded = async (request: FastifyRequest, reply: FastifyReply, operation: string): Promise<UcNodeState | undefined> => {
    const node = await enterNode(deps, request, reply, { types: ['cuc'], routeId: `cuc.${operation}`, contentType: wantsJson(request) ? 'application/json' : 'application/xml' });
    if (!node) return undefined;
    if (!basicAuthMatches(request.headers.authorization, node.cluster.credentials.admin)) {
      reply.header('www-authenticate', 'Basic realm="Cisco Unity Connection"');
      await sendError(request, reply, agentErrorRow('all.not-authorized'));
      return undefined;
    }
    return node;
  };

  app.get(`${SMART_LICENSE}/licensedetails`, async (request, reply) => {
    const node = await guarded(request, reply, 'licensedetails');
    if (!node) return reply;
    const outcome = deps.agent.licenseDetails(node);
    return outcome.ok ? send(request, reply, 200, 'LicenseDetails', cupiLicenseDetails(node, outcome.value)) : sendError(request, reply, outcome.error);
  });

  app.put(`${SMART_LICENSE}/register`, async (request, reply) => {
    const node = await guarded(request, reply, 'register');
    if (!node) return reply;
    const body = fieldsOf(request.body, 'RegisterDetails');
    const token = typeof body.token === 'string' ? body.token : '';
    return sendOutcome(request, reply, await deps.agent.register(node, token, isTrue(body.force)));
  });

  app.put(`${SMART_LICENSE}/deregister`, async (request, reply) => {
    const node = await guarded(request, reply, 'deregister');
    if (!node) return reply;
    return sendOutcome(request, reply, await deps.agent.deregister(node));
  });

  app.put(`${SMART_LICENSE}/renewID`, async (request, reply) => {
    const node = await guarded(request, reply, 'renewID');
    if (!node) return reply;
    return sendOutcome(request, reply, await deps.agent.renewId(node));
  });

  app.put(`${SMART_LICENSE}/renewAuth`, async (request, reply) => {
    const node = await guarded(request, reply, 'renewAuth');
    if (!node) return reply;
    return sendOutcome(request, reply, await deps.agent.renewAuth(node));
  });

  app.get(`${SMART_LICENSE}/transportsettings`, async (request, reply) => {
    const node = await guarded(request, reply, 'transportsettings.get');
    if (!node) return reply;
    return send(request, reply, 200, 'TransportSetting', cupiTransport(deps.agent.transportSettings(node)));
  });

  app.put(`${SMART_LICENSE}/transportsettings`, async (request, reply) => {
    const node = await guarded(request, reply, 'transportsettings');
    if (!node) return reply;
    const outcome = deps.agent.setTransportSettings(node, transportInputOf(fieldsOf(request.body, 'TransportSetting')));
    return outcome.ok ? send(request, reply, 200, 'TransportSetting', cupiTransport(outcome.value, { echo: true })) : sendError(request, reply, outcome.error);
  });

  app.get('/vmrest/cluster', async (request, reply) => {
    const node = await guarded(request, reply, 'cluster');
    if (!node) return reply;
    return send(request, reply, 200, 'VmsServers', cupiCluster(node.cluster));
  });
};
