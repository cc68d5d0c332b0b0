import { agentErrorRow, type AgentErrorRow } from '#simulators/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { basicAuthMatches } from './basic-auth.js';
import { agentOf, clusterPeersOf, type UcNodeState } from './cluster.store.js';
import { addHours, expresswayDate } from './expressway-date.js';
import { enterNode, type UcRouteDeps } from './route-context.js';
import type { AgentOutcome } from './smart-agent.service.js';
import type { TransportSettings } from './smart-agent.state.js';

const TYPES = ['expressway-c', 'expressway-e'] as const;
const SUCCESS = { Message: 'The operation was successful' } as const;
const BASE = '/api/provisioning/common/smartlicensing';

// Expressway retries authorization every 12 hours and renews its registration after 180 days, as in the sample of
// the Expressway REST API Summary Guide (XW-API in cisco-uc-interfaces.md §1).
const AUTHORIZATION_RETRY_HOURS = 12;
const RENEWAL_HOURS = 180 * 24;

/** Expressway-style error body carrying the mapping table's message and code (WIRE-FORMATS.md). */
const sendError = (reply: FastifyReply, error: AgentErrorRow): FastifyReply =>
  reply.code(error.httpStatus).send({ Message: error.message, Code: error.code });

const sendOutcome = (reply: FastifyReply, outcome: AgentOutcome<unknown>, success: () => unknown = () => SUCCESS): FastifyReply =>
  outcome.ok ? reply.code(200).send(success()) : sendError(reply, outcome.error);

/** The status JSON exactly as Cisco documents it (Expressway REST API Summary Guide); unregistered nodes keep the shape with empty values. */
export const expresswayStatusView = (node: UcNodeState): Record<string, unknown> => {
  const registration = agentOf(node).registration;
  if (!registration) {
    return {
      ExportControlledFunctionality: 'False',
      VirtualAccount: '',
      SmartAccount: '',
      Authorization: { LicenseAuthorizationStatus: 'EVALUATION MODE', AuthorizationExpires: '', NextAuthorizationAttempt: '', LastAuthorizationAttempt: '' },
      Registration: { RegistrationStatus: 'UNREGISTERED', InitialRegistration: '', RegistrationExpires: '', NextRenewalAttempt: '' },
    };
  }
  const lastAuthorization = registration.lastRenewAuth ?? registration.registeredAt;
  const lastRenewal = registration.lastRenewId ?? registration.registeredAt;
  return {
    ExportControlledFunctionality: registration.exportControlled ? 'True' : 'False',
    VirtualAccount: registration.virtualAccount,
    SmartAccount: registration.smartAccount,
    Authorization: {
      LicenseAuthorizationStatus: registration.authorizationStatus === 'AUTHORIZED' ? 'AUTHORIZED' : 'OUT OF COMPLIANCE',
      AuthorizationExpires: expresswayDate(registration.authorizationExpires),
      NextAuthorizationAttempt: expresswayDate(addHours(lastAuthorization, AUTHORIZATION_RETRY_HOURS)),
      LastAuthorizationAttempt: expresswayDate(lastAuthorization),
    },
    Registration: {
      RegistrationStatus: 'REGISTERED',
      InitialRegistration: expresswayDate(registration.registeredAt),
      RegistrationExpires: expresswayDate(registration.registrationExpires),
      NextRenewalAttempt: expresswayDate(addHours(lastRenewal, RENEWAL_HOURS)),
    },
  };
};

const transportJson = (t: Readonly<TransportSettings>): Record<string, unknown> => ({
  Mode: t.mode,
  ...(t.proxyIp !== undefined ? { ProxyIp: t.proxyIp } : {}),
  ...(t.proxyPort !== undefined ? { ProxyPort: t.proxyPort } : {}),
  ...(t.gatewayUrl !== undefined ? { GatewayUrl: t.gatewayUrl } : {}),
});

const asRecord = (body: unknown): Record<string, unknown> => (typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {});

/**
 * Expressway-C/E (X12.6+): registration is per node, so each node answers for its own smart agent and a cluster can
 * be partially registered or registered to several virtual accounts. Every node also answers its cluster's
 * clustering configuration (the peers), which HCM-F compares with its inventory before registering. Admin basic auth.
 */
export const registerExpresswayRoutes = (app: FastifyInstance, deps: UcRouteDeps): void => {
  const guarded = async (request: FastifyRequest, reply: FastifyReply, routeId: string): Promise<UcNodeState | undefined> => {
    const node = await enterNode(deps, request, reply, { types: TYPES, routeId });
    if (!node) return undefined;
    if (!basicAuthMatches(request.headers.authorization, node.cluster.credentials.admin)) {
      reply.header('www-authenticate', 'Basic realm="Expressway API"');
      await sendError(reply, agentErrorRow('all.not-authorized'));
      return undefined;
    }
    return node;
  };

  const status = async (request: FastifyRequest, reply: FastifyReply) => {
    const node = await guarded(request, reply, 'expressway.status');
    if (!node) return reply;
    const outcome = deps.agent.licenseDetails(node);
    return sendOutcome(reply, outcome, () => expresswayStatusView(node));
  };
  app.get('/api/v1/status/common/smartlicensing/licensing', status);
  app.get('/api/status/common/smartlicensing/licensing', status);

  // The clustering configuration's peers (every peer holds the replicated configuration), each as `{PeerAddress}`.
  const peers = async (request: FastifyRequest, reply: FastifyReply) => {
    const node = await guarded(request, reply, 'expressway.cluster.peers');
    if (!node) return reply;
    return reply.code(200).send(clusterPeersOf(node.cluster).map((address) => ({ PeerAddress: address })));
  };
  app.get('/api/v1/provisioning/common/cluster/peers', peers);
  app.get('/api/provisioning/common/cluster/peers', peers);

  app.post(`${BASE}/registration`, async (request, reply) => {
    const node = await guarded(request, reply, 'expressway.register');
    if (!node) return reply;
    const body = asRecord(request.body);
    const reregister = body.Reregister ?? 'No';
    if (reregister !== 'Yes' && reregister !== 'No') return reply.code(400).send({ Message: "Reregister must be 'Yes' or 'No'", Code: 'INVALID_PARAMETER' });
    const token = typeof body.Token === 'string' ? body.Token : '';
    return sendOutcome(reply, await deps.agent.register(node, token, reregister === 'Yes'));
  });

  app.post(`${BASE}/deregistration`, async (request, reply) => {
    const node = await guarded(request, reply, 'expressway.deregister');
    if (!node) return reply;
    return sendOutcome(reply, await deps.agent.deregister(node));
  });

  app.post(`${BASE}/renewal`, async (request, reply) => {
    const node = await guarded(request, reply, 'expressway.renew');
    if (!node) return reply;
    const kind = asRecord(request.body).Type;
    if (kind !== 'ID' && kind !== 'Authorization') return reply.code(400).send({ Message: "Type must be 'ID' or 'Authorization'", Code: 'INVALID_PARAMETER' });
    return sendOutcome(reply, kind === 'ID' ? await deps.agent.renewId(node) : await deps.agent.renewAuth(node));
  });

  app.get(`${BASE}/transport`, async (request, reply) => {
    const node = await guarded(request, reply, 'expressway.transport.get');
    if (!node) return reply;
    return reply.code(200).send(transportJson(deps.agent.transportSettings(node)));
  });

  app.put(`${BASE}/transport`, async (request, reply) => {
    const node = await guarded(request, reply, 'expressway.transport');
    if (!node) return reply;
    const body = asRecord(request.body);
    const outcome = deps.agent.setTransportSettings(node, { mode: body.Mode, proxyIp: body.ProxyIp, proxyPort: body.ProxyPort, gatewayUrl: body.GatewayUrl });
    return sendOutcome(reply, outcome);
  });
};
