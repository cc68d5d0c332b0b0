import { SIM_LICENSE_MODES } from '#simulators/common';
import { parseScenario, registerAdminRoutes } from '#simulators/common';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { agentNodeOf, agentOf, isExpressway, type ClusterStore, type UcClusterState, type UcNodeState } from './cluster.store.js';
import { clusterSnapshot } from './cluster.view.js';
import type { UcRouteDeps } from './route-context.js';
import { CLUSTER_CONDITIONS, licenseUsageSchema, ucAppsScenarioSchema, type UcAppsScenario } from './scenario.schema.js';

const credential = z.object({ username: z.string().min(1), password: z.string() });
const credentialsBody = z.object({ admin: credential.optional(), platform: credential.optional() });
const licenseModeBody = z.object({ licenseMode: z.enum(SIM_LICENSE_MODES), reboot: z.boolean().default(false) });
const conditionsBody = z.partialRecord(z.enum(CLUSTER_CONDITIONS), z.boolean());
const usageBody = z.object({ usage: z.array(licenseUsageSchema) });
const clusteringBody = z.object({ peers: z.array(z.string().min(1)).max(6).nullable() });
/** Agent nodes by host name; every agent of the cluster when absent (each Expressway node, else the publisher). */
const agentNodes = z.array(z.string().min(1)).min(1).optional();
const agentRegisterBody = z.object({ token: z.string().min(1), force: z.boolean().default(false), nodes: agentNodes });
const agentDeregisterBody = z.object({ nodes: agentNodes });
const agentStateBody = z.object({
  nodes: agentNodes,
  state: z.enum(['EVALUATION', 'REGISTERED', 'DEREGISTERED']),
  /** Required for REGISTERED: what the agent reports (it is not registered in the CSSM simulator). */
  registration: z
    .object({
      smartAccount: z.string().min(1),
      virtualAccount: z.string().min(1),
      registrationExpires: z.iso.datetime().optional(),
      authorizationExpires: z.iso.datetime().optional(),
      authorizationStatus: z.enum(['AUTHORIZED', 'OUT_OF_COMPLIANCE']).default('AUTHORIZED'),
    })
    .optional(),
});

const issues = (error: z.ZodError) => ({ error: 'BAD_REQUEST', issues: error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) });

/** Summary of the whole simulator, or one cluster with `?cluster=<id>`. */
const stateView = (store: ClusterStore, query: Record<string, string>): unknown => {
  if (query.cluster !== undefined) {
    const cluster = store.get(query.cluster);
    return cluster ? clusterSnapshot(store, cluster) : { error: 'NOT_FOUND' };
  }
  let nodes = 0;
  for (const cluster of store.values()) nodes += cluster.nodes.length;
  return { clusters: store.size, nodes };
};

/**
 * The admin API lives under `/__admin/` on the same server. It is routed by path, never by Host: no UC application
 * path starts with `/__admin/`, so the admin API answers whatever Host the request names.
 */
export const registerUcAdminRoutes = (app: FastifyInstance, deps: UcRouteDeps): void => {
  const { store } = deps;
  registerAdminRoutes(app, {
    faults: deps.controls.faults,
    latency: deps.controls.latency,
    counter: deps.controls.counter,
    limiter: deps.controls.limiter,
    seed: (scenario) => store.seed(parseScenario(scenario, ucAppsScenarioSchema) as UcAppsScenario),
    snapshot: (query) => stateView(store, query),
  });

  const withCluster = async (id: string, reply: FastifyReply, run: (clusterId: string) => unknown): Promise<unknown> => {
    if (!store.get(id)) return reply.code(404).send({ error: 'NOT_FOUND', message: `unknown cluster ${id}` });
    return run(id);
  };

  app.get('/__admin/clusters', async () => ({ count: store.size, ids: [...store.values()].map((c) => c.id) }));

  app.post('/__admin/clusters', async (request, reply) => {
    const list = Array.isArray(request.body) ? request.body : [request.body];
    const added: string[] = [];
    try {
      for (const cluster of list) added.push(store.add(cluster).id);
    } catch (e) {
      return reply.code(e instanceof z.ZodError ? 400 : 409).send(e instanceof z.ZodError ? issues(e) : { error: 'CONFLICT', message: (e as Error).message, added });
    }
    return reply.code(201).send({ added });
  });

  app.get<{ Params: { id: string } }>('/__admin/clusters/:id', async (request, reply) =>
    withCluster(request.params.id, reply, (id) => clusterSnapshot(store, store.require(id))),
  );

  app.delete<{ Params: { id: string } }>('/__admin/clusters/:id', async (request, reply) =>
    withCluster(request.params.id, reply, (id) => ({ removed: store.remove(id) })),
  );

  app.put<{ Params: { id: string } }>('/__admin/clusters/:id/credentials', async (request, reply) => {
    const parsed = credentialsBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(issues(parsed.error));
    return withCluster(request.params.id, reply, (id) => clusterSnapshot(store, store.setCredentials(id, parsed.data)).credentials);
  });

  app.put<{ Params: { id: string } }>('/__admin/clusters/:id/license-mode', async (request, reply) => {
    const parsed = licenseModeBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(issues(parsed.error));
    return withCluster(request.params.id, reply, (id) => deps.licenseMode.change(store.require(id), parsed.data.licenseMode, { reboot: parsed.data.reboot }));
  });

  app.put<{ Params: { id: string } }>('/__admin/clusters/:id/conditions', async (request, reply) => {
    const parsed = conditionsBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(issues(parsed.error));
    return withCluster(request.params.id, reply, (id) => ({ conditions: store.conditionsOf(store.setConditions(id, parsed.data)) }));
  });

  // Expressway's clustering configuration (System > Clustering): {"peers": [addresses]}, [] for none, null for the nodes.
  app.put<{ Params: { id: string } }>('/__admin/clusters/:id/clustering', async (request, reply) => {
    const parsed = clusteringBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(issues(parsed.error));
    return withCluster(request.params.id, reply, (id) => {
      if (!isExpressway(store.require(id))) return reply.code(400).send({ error: 'BAD_REQUEST', issues: [`cluster ${id} is not an Expressway cluster`] });
      return { clusterPeers: clusterSnapshot(store, store.setClusterPeers(id, parsed.data.peers)).clusterPeers };
    });
  });

  // The smart agent as an operator changes it on the box itself (outside smartlic): register or deregister through
  // the agent (CSSM knows), or set its state directly (a registration removed in CSSM, expired, or never made).
  const agentsOf = (cluster: UcClusterState, hostnames: string[] | undefined): UcNodeState[] | string => {
    const agents = isExpressway(cluster) ? cluster.nodes : cluster.nodes.filter((n) => n.publisher);
    if (!hostnames) return agents;
    const unknown = hostnames.filter((h) => !agents.some((n) => n.hostname === h));
    return unknown.length ? `not an agent node of ${cluster.id}: ${unknown.join(', ')}` : agents.filter((n) => hostnames.includes(n.hostname));
  };
  const agentsView = (cluster: UcClusterState) => ({ agents: (isExpressway(cluster) ? cluster.nodes : cluster.nodes.filter((n) => n.publisher)).map((n) => ({ hostname: n.hostname, ...agentOf(n) })) });

  app.post<{ Params: { id: string } }>('/__admin/clusters/:id/smart-agent/register', async (request, reply) => {
    const parsed = agentRegisterBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(issues(parsed.error));
    return withCluster(request.params.id, reply, async (id) => {
      const cluster = store.require(id);
      const nodes = agentsOf(cluster, parsed.data.nodes);
      if (typeof nodes === 'string') return reply.code(400).send({ error: 'BAD_REQUEST', issues: [nodes] });
      for (const node of nodes) {
        const outcome = await deps.agent.register(node, parsed.data.token, parsed.data.force);
        if (!outcome.ok) return reply.code(409).send({ error: 'REGISTER_FAILED', node: node.hostname, row: outcome.error });
      }
      return agentsView(cluster);
    });
  });

  app.post<{ Params: { id: string } }>('/__admin/clusters/:id/smart-agent/deregister', async (request, reply) => {
    const parsed = agentDeregisterBody.safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send(issues(parsed.error));
    return withCluster(request.params.id, reply, async (id) => {
      const cluster = store.require(id);
      const nodes = agentsOf(cluster, parsed.data.nodes);
      if (typeof nodes === 'string') return reply.code(400).send({ error: 'BAD_REQUEST', issues: [nodes] });
      for (const node of nodes) {
        const outcome = await deps.agent.deregister(node);
        if (!outcome.ok) return reply.code(409).send({ error: 'DEREGISTER_FAILED', node: node.hostname, row: outcome.error });
      }
      return agentsView(cluster);
    });
  });

  app.put<{ Params: { id: string } }>('/__admin/clusters/:id/smart-agent', async (request, reply) => {
    const parsed = agentStateBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(issues(parsed.error));
    const { state, registration } = parsed.data;
    if (state === 'REGISTERED' && !registration) return reply.code(400).send({ error: 'BAD_REQUEST', issues: ['registration: required for state REGISTERED'] });
    return withCluster(request.params.id, reply, (id) => {
      const cluster = store.require(id);
      const nodes = agentsOf(cluster, parsed.data.nodes);
      if (typeof nodes === 'string') return reply.code(400).send({ error: 'BAD_REQUEST', issues: [nodes] });
      const now = Date.now();
      for (const node of nodes) {
        const target = agentNodeOf(node);
        const transport = { ...agentOf(node).transport };
        target.agent =
          state === 'REGISTERED'
            ? {
                state,
                transport,
                registration: {
                  smartAccount: registration!.smartAccount,
                  virtualAccount: registration!.virtualAccount,
                  registeredAt: new Date(now).toISOString(),
                  registrationExpires: registration!.registrationExpires ?? new Date(now + 365 * 86_400_000).toISOString(),
                  authorizationExpires: registration!.authorizationExpires ?? new Date(now + 90 * 86_400_000).toISOString(),
                  authorizationStatus: registration!.authorizationStatus,
                  exportControlled: false,
                },
              }
            : { state, transport };
      }
      return agentsView(cluster);
    });
  });

  app.put<{ Params: { id: string } }>('/__admin/clusters/:id/usage', async (request, reply) => {
    const parsed = usageBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(issues(parsed.error));
    return withCluster(request.params.id, reply, async (id) => {
      const cluster = store.require(id);
      cluster.usage = parsed.data.usage;
      // A registered agent reports the new consumption right away, as the real one does at its next usage report.
      await deps.agent.reportUsage(cluster);
      return { usage: cluster.usage };
    });
  });
};
