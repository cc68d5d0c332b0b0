import type { SimulatorControls } from '#simulators/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { PlmInstance } from './plm.state.js';
import type { PlmState } from './plm.state.js';
import {
  PLM_ABOUT_PATH,
  PLM_API_VERSIONS,
  PLM_AUTH_REALM,
  PLM_DEPLOYMENT_MODES,
  PLM_ERROR_CODES,
  PLM_LICENSE_TYPES,
  PLM_MAX_CLUSTERS,
  PLM_PATHS,
  PLM_PRODUCTS,
  PLM_UNSUPPORTED_VERSION_MESSAGE,
  plmApiPrefix,
  plmApiVersionsOf,
  type PlmApiVersion,
  type PlmProduct,
} from './plm.wire-format.js';

export const plmError = (code: string, message: string) => ({ code, message });

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export const basicAuthMatches = (header: string | undefined, expected: { username: string; password: string }): boolean => {
  if (!header?.toLowerCase().startsWith('basic ')) return false;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && same(decoded.slice(0, colon), expected.username) && same(decoded.slice(colon + 1), expected.password);
};

const addBody = z.object({
  name: z.string().min(1),
  product: z.enum(PLM_PRODUCTS as [PlmProduct, ...PlmProduct[]]),
  version: z.string().regex(/^\d+(\.\d+)*/, 'expected a version such as 11.5.1'),
  hostname: z.string().min(1),
  force: z.boolean().default(false),
});
const modeBody = z.object({ deploymentMode: z.enum(PLM_DEPLOYMENT_MODES) });
const issues = (e: z.ZodError): string => e.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

/**
 * Every PLM route: resolves the PLM from the Host header (the server already reset connections for unknown hosts),
 * runs the test controls under `routeId` with the PLM's address as target, then checks the OS admin credentials
 * and, for versioned routes, that this PLM serves the API version. Undefined = already answered.
 */
const enter = async (
  state: PlmState,
  controls: SimulatorControls,
  request: FastifyRequest,
  reply: FastifyReply,
  routeId: string,
  apiVersion?: PlmApiVersion,
): Promise<PlmInstance | undefined> => {
  const plm = state.byHostHeader(request.headers.host ?? '');
  if (!plm) {
    await reply.code(404).send(plmError(PLM_ERROR_CODES.notFound, 'No License Manager at this address'));
    return undefined;
  }
  if (await controls.enter(routeId, plm.address, request, reply)) return undefined;
  if (!basicAuthMatches(request.headers.authorization, plm.osAdmin)) {
    await reply
      .code(401)
      .header('www-authenticate', `Basic realm="${PLM_AUTH_REALM}"`)
      .send(plmError(PLM_ERROR_CODES.notAuthorized, 'Invalid user name or password'));
    return undefined;
  }
  if (apiVersion && !plmApiVersionsOf(plm.version).includes(apiVersion)) {
    await reply.code(404).send(plmError(PLM_ERROR_CODES.notFound, `API ${apiVersion} is not served by License Manager ${plm.version}`));
    return undefined;
  }
  return plm;
};

/** PLM's REST resources (plm.wire-format.ts), under every API version. */
export const registerPlmRoutes = (app: FastifyInstance, state: PlmState, controls: SimulatorControls): void => {
  app.get(PLM_ABOUT_PATH, async (request, reply) => {
    const plm = await enter(state, controls, request, reply, 'plm.about');
    if (!plm) return reply;
    return {
      product: 'Cisco Prime License Manager',
      version: plm.version,
      apiVersions: plmApiVersionsOf(plm.version),
      deploymentMode: plm.deploymentMode,
      demoMode: plm.demoMode,
    };
  });

  for (const v of PLM_API_VERSIONS) {
    const base = plmApiPrefix(v);
    app.get(`${base}${PLM_PATHS.deploymentMode}`, async (request, reply) => {
      const plm = await enter(state, controls, request, reply, 'plm.deploymentMode.get', v);
      if (!plm) return reply;
      return { deploymentMode: plm.deploymentMode };
    });
    app.put(`${base}${PLM_PATHS.deploymentMode}`, async (request, reply) => {
      const plm = await enter(state, controls, request, reply, 'plm.deploymentMode.set', v);
      if (!plm) return reply;
      const parsed = modeBody.safeParse(request.body);
      if (!parsed.success) return reply.code(400).send(plmError(PLM_ERROR_CODES.badRequest, issues(parsed.error)));
      plm.deploymentMode = parsed.data.deploymentMode;
      return { deploymentMode: plm.deploymentMode };
    });
    app.get(`${base}${PLM_PATHS.licenses}`, async (request, reply) => {
      const plm = await enter(state, controls, request, reply, 'plm.licenses', v);
      if (!plm) return reply;
      return { demoMode: plm.demoMode, licenses: plm.licenseRows() };
    });
    app.get(`${base}${PLM_PATHS.productInstances}`, async (request, reply) => {
      const plm = await enter(state, controls, request, reply, 'plm.productInstances.list', v);
      if (!plm) return reply;
      return { productInstances: [...plm.clusters.values()], capacity: PLM_MAX_CLUSTERS };
    });
    app.post(`${base}${PLM_PATHS.productInstances}`, async (request, reply) => {
      const plm = await enter(state, controls, request, reply, 'plm.productInstances.add', v);
      if (!plm) return reply;
      const parsed = addBody.safeParse(request.body);
      if (!parsed.success) return reply.code(400).send(plmError(PLM_ERROR_CODES.badRequest, issues(parsed.error)));
      const { force, ...cluster } = parsed.data;
      const result = plm.addCluster(cluster, force);
      if (result === 'unsupported-version') return reply.code(422).send(plmError(PLM_ERROR_CODES.unsupportedVersion, PLM_UNSUPPORTED_VERSION_MESSAGE));
      if (result === 'already-exists') return reply.code(409).send(plmError(PLM_ERROR_CODES.alreadyExists, `${cluster.name} is already registered to this License Manager`));
      if (result === 'capacity-reached') {
        return reply.code(409).send(plmError(PLM_ERROR_CODES.capacityReached, `This License Manager already serves ${PLM_MAX_CLUSTERS} clusters`));
      }
      return reply.code(201).send(result);
    });
    app.delete<{ Params: { name: string } }>(`${base}/product-instances/:name`, async (request, reply) => {
      const plm = await enter(state, controls, request, reply, 'plm.productInstances.remove', v);
      if (!plm) return reply;
      if (!plm.removeCluster(request.params.name)) return reply.code(404).send(plmError(PLM_ERROR_CODES.notFound, `No product instance ${request.params.name}`));
      return reply.code(204).send();
    });
    app.get<{ Params: { name: string } }>(`${base}/product-instances/:name/usage`, async (request, reply) => {
      const plm = await enter(state, controls, request, reply, 'plm.productInstances.usage', v);
      if (!plm) return reply;
      const c = plm.clusters.get(request.params.name);
      if (!c) return reply.code(404).send(plmError(PLM_ERROR_CODES.notFound, `No product instance ${request.params.name}`));
      const types = PLM_LICENSE_TYPES[c.product] as readonly string[];
      return { name: c.name, product: c.product, usage: types.map((licenseType) => ({ licenseType, count: c.usage[licenseType as keyof typeof c.usage] ?? 0 })) };
    });
  }
};
