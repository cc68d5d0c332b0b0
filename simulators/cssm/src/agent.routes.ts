import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SIM_LICENSE_MODES, type SimulatorControls } from '#simulators/common';
import type { CssmState } from './cssm.state.js';
import { agentView } from './cssm.views.js';

export const AGENT_PREFIX = '/sim/agent';

const usageSchema = z.array(z.object({ license: z.string().min(1), count: z.number().int().nonnegative() }));
const registerBody = z.object({
  token: z.string().min(1),
  instanceId: z.string().min(1),
  productType: z.enum(['cucm', 'cuc', 'cer', 'expressway']),
  hostname: z.string().default(''),
  licenseMode: z.enum(SIM_LICENSE_MODES).default('HCS'),
  usage: usageSchema.default([]),
});
const instanceBody = z.object({ instanceId: z.string().min(1) });
const usageBody = z.object({ instanceId: z.string().min(1), usage: usageSchema, licenseMode: z.enum(SIM_LICENSE_MODES).optional() });

/**
 * The smart agent ↔ CSSM conversation, for the uc-apps simulator. A simulator-internal API, not Cisco's:
 * route ids `agent.<operation>`, target = the smart-account domain / on-prem account name.
 */
export const registerAgentRoutes = (app: FastifyInstance, state: CssmState, controls: SimulatorControls): void => {
  const badRequest = (reply: FastifyReply, e: z.ZodError) =>
    reply.code(400).send({ error: 'BAD_REQUEST', message: e.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') });

  app.post(`${AGENT_PREFIX}/register`, async (request, reply) => {
    const parsed = registerBody.safeParse(request.body);
    const token = parsed.success ? state.registrationToken(parsed.data.token) : undefined;
    if (await controls.enter('agent.register', token?.account.key ?? '*', request, reply)) return reply;
    if (!parsed.success) return badRequest(reply, parsed.error);
    if (!token || state.tokenValidity(token) !== 'VALID') return reply.code(400).send({ error: 'INVALID_TOKEN' });
    const { token: _t, ...input } = parsed.data;
    return agentView(state, state.registerInstance(token, input));
  });

  /** Routes addressed by instance id: controls with the instance's account as target, 404 when unknown. */
  const byInstance = <T extends { instanceId: string }>(operation: string, schema: z.ZodType<T>, act: (instanceId: string, body: T) => unknown) =>
    app.post(`${AGENT_PREFIX}/${operation}`, async (request: FastifyRequest, reply: FastifyReply) => {
      const parsed = schema.safeParse(request.body);
      const instance = parsed.success ? state.instance(parsed.data.instanceId) : undefined;
      if (await controls.enter(`agent.${operation}`, instance?.virtualAccount.account.key ?? '*', request, reply)) return reply;
      if (!parsed.success) return badRequest(reply, parsed.error);
      // Re-read: a fault delay may have let a deregister through meanwhile.
      if (!state.instance(parsed.data.instanceId)) return reply.code(404).send({ error: 'NOT_REGISTERED' });
      return act(parsed.data.instanceId, parsed.data);
    });

  byInstance('deregister', instanceBody, (id) => {
    const removed = state.removeInstance(id)!;
    return { instanceId: id, smartAccount: removed.virtualAccount.account.key, virtualAccount: removed.virtualAccount.name, deregistered: true };
  });
  byInstance('usage', usageBody, (id, body) => agentView(state, state.reportUsage(state.instance(id)!, body.usage, body.licenseMode)));
  byInstance('renew-id', instanceBody, (id) => {
    const i = state.instance(id)!;
    state.renewRegistration(i);
    return agentView(state, i);
  });
  byInstance('renew-auth', instanceBody, (id) => {
    // An authorization renewal re-evaluates compliance, so licenses freed meanwhile are picked up.
    return agentView(state, state.reportUsage(state.instance(id)!));
  });
  app.get<{ Params: { instanceId: string } }>(`${AGENT_PREFIX}/instances/:instanceId`, async (request, reply) => {
    const i = state.instance(request.params.instanceId);
    return i ? agentView(state, i) : reply.code(404).send({ error: 'NOT_REGISTERED' });
  });
};
