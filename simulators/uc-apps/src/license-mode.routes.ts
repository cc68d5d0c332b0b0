import { SIM_LICENSE_MODES, agentErrorRow, type SimLicenseMode } from '#simulators/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { basicAuthMatches } from './basic-auth.js';
import type { UcNodeState } from './cluster.store.js';
import { enterNode, type UcRouteDeps } from './route-context.js';

export const LICENSE_MODE_PATH = '/platformcom/api/v1/licensemode';

const TYPES = ['cucm', 'cuc', 'cer'] as const;

/**
 * License mode as an API ([NF]: the real mechanism is the COP file `ciscocm.HCSMode_v4.cop.sgn` /
 * `ciscocm.EnterpriseMode_v4.cop.sgn` installed on the publisher). Platform credentials, publisher only for changes.
 */
export const registerLicenseModeRoutes = (app: FastifyInstance, deps: UcRouteDeps): void => {
  const guarded = async (request: FastifyRequest, reply: FastifyReply, routeId: string): Promise<UcNodeState | undefined> => {
    const node = await enterNode(deps, request, reply, { types: TYPES, routeId });
    if (!node) return undefined;
    if (!basicAuthMatches(request.headers.authorization, node.cluster.credentials.platform)) {
      const error = agentErrorRow('all.not-authorized');
      await reply.code(401).header('www-authenticate', 'Basic realm="Platform API"').send({ code: error.code, message: error.message });
      return undefined;
    }
    return node;
  };

  app.get(LICENSE_MODE_PATH, async (request, reply) => {
    const node = await guarded(request, reply, 'license-mode.get');
    if (!node) return reply;
    return { licenseMode: node.cluster.licenseMode };
  });

  app.put(LICENSE_MODE_PATH, async (request, reply) => {
    const node = await guarded(request, reply, 'license-mode.set');
    if (!node) return reply;
    if (!node.publisher) {
      return reply.code(405).send({ code: 'METHOD_NOT_ALLOWED', message: 'The license mode can be changed on the publisher node only' });
    }
    const wanted = (request.body as { licenseMode?: unknown } | undefined)?.licenseMode;
    if (!SIM_LICENSE_MODES.includes(wanted as SimLicenseMode)) {
      return reply.code(400).send({ code: 'INVALID_PARAMETER', message: `licenseMode must be one of ${SIM_LICENSE_MODES.join(', ')}` });
    }
    const change = deps.licenseMode.change(node.cluster, wanted as SimLicenseMode);
    return reply.code(change.rebooting ? 202 : 200).send({
      licenseMode: change.licenseMode,
      previousLicenseMode: change.previousLicenseMode,
      rebooting: change.rebooting,
      ...(change.rebooting ? { rebootUntil: new Date(change.rebootUntil).toISOString() } : {}),
    });
  });
};
