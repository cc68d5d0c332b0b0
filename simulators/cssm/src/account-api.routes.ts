import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SimulatorControls } from '#simulators/common';
import type { AccessTokenState, AccountState, CssmState, Realm, VirtualAccountState } from './cssm.state.js';
import { deviceView, envelopeError, licenseItemView, MESSAGES, ok, subscriptionViews, tokenInfoView } from './cssm.views.js';

export const CSSM_API_PREFIX = '/services/api/smart-accounts-and-licensing';
export const ONPREM_API_PREFIX = '/backend/api/v1';

type Params = { account: string; va?: string; token?: string };
type Req = FastifyRequest<{ Params: Params; Querystring: Record<string, string | undefined> }>;

interface Context {
  request: Req;
  reply: FastifyReply;
  auth: AccessTokenState;
  account: AccountState;
  va?: VirtualAccountState;
}

const pageNumber = z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]);
const pagingFields = { limit: pageNumber.optional(), offset: pageNumber.optional() };
const licensesBody = z.object({ virtualAccounts: z.array(z.string()).optional(), ...pagingFields });
const subscriptionsBody = z.object({ virtualAccounts: z.array(z.string()).optional(), status: z.array(z.string()).optional(), ...pagingFields });
const createTokenBody = z.object({
  description: z.string().default(''),
  // SSM On-Prem clients send the number as a string ("365").
  expiresAfterDays: z.coerce.number().int().min(1).max(365).default(30),
  exportControlled: z.enum(['Allowed', 'Not Allowed']).default('Allowed'),
});
const revokeBody = z.object({ tokens: z.array(z.string()).min(1) });
const removeDevicesBody = z.object({
  instanceIds: z.array(z.string()).optional(),
  devices: z.array(z.object({ instanceId: z.string() })).optional(),
});

const DEFAULT_LIMIT = 50;

const issuesText = (e: z.ZodError): string => `Invalid request body: ${e.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`;

/** Paging from the body, or else the query string; limit -1 = everything. */
const paging = (body: { limit?: number; offset?: number }, query: Record<string, string | undefined>): { limit: number; offset: number } | string => {
  const q = z.object(pagingFields).safeParse({ limit: query.limit, offset: query.offset });
  if (!q.success) return 'limit and offset must be integers';
  const limit = body.limit ?? q.data.limit ?? DEFAULT_LIMIT;
  const offset = body.offset ?? q.data.offset ?? 0;
  if (offset < 0 || limit < -1 || limit === 0) return 'limit must be -1 or positive, offset not negative';
  return { limit: limit === -1 ? Number.MAX_SAFE_INTEGER : limit, offset };
};

/** A page across the VAs' lists without materialising the unpaged result. */
const pageAcross = <T, R>(vas: VirtualAccountState[], listOf: (va: VirtualAccountState) => readonly T[], view: (va: VirtualAccountState, item: T) => R, p: { limit: number; offset: number }) => {
  let totalRecords = 0;
  const items: R[] = [];
  for (const va of vas) {
    const list = listOf(va);
    const start = Math.max(0, p.offset - totalRecords);
    for (let i = start; i < list.length && items.length < p.limit; i++) items.push(view(va, list[i]!));
    totalRecords += list.length;
  }
  return { totalRecords, items };
};

/**
 * The account-scoped Smart Accounts API, once for CSSM (`cloud`, accounts by domain) and once for SSM On-Prem
 * (`onprem`, accounts by url-encoded name). Route ids are `<cssm|onprem>.<operation>`, target = the account key.
 */
export const registerAccountApiRoutes = (app: FastifyInstance, state: CssmState, controls: SimulatorControls, realm: Realm): void => {
  const ns = realm === 'cloud' ? 'cssm' : 'onprem';
  const v1 = realm === 'cloud' ? `${CSSM_API_PREFIX}/v1` : ONPREM_API_PREFIX;
  const v2 = realm === 'cloud' ? `${CSSM_API_PREFIX}/v2` : ONPREM_API_PREFIX;

  const fail = (reply: FastifyReply, code: number, message: string) => reply.code(code).send(envelopeError(message));

  const authenticate = (request: FastifyRequest, reply: FastifyReply): AccessTokenState | undefined => {
    const header = request.headers.authorization;
    if (!header) {
      // SSM On-Prem answers an unauthenticated call with 403 (the readiness probe of cisco-interfaces.md §2).
      void fail(reply, realm === 'onprem' ? 403 : 401, realm === 'onprem' ? MESSAGES.accessDenied : MESSAGES.unauthorized);
      return undefined;
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const verdict = match ? state.verifyAccessToken(realm, match[1]!) : 'invalid';
    if (verdict === 'invalid' || verdict === 'expired') {
      void reply
        .code(401)
        .header('www-authenticate', `Bearer error="invalid_token"`)
        .send(envelopeError(verdict === 'expired' ? MESSAGES.expired : MESSAGES.unauthorized));
      return undefined;
    }
    return verdict;
  };

  /** Wraps an account-scoped handler: controls, auth, account and VA lookup, in that order. */
  const scoped =
    (routeId: string, handler: (ctx: Context) => unknown) =>
    async (request: Req, reply: FastifyReply): Promise<unknown> => {
      const key = request.params.account;
      if (await controls.enter(`${ns}.${routeId}`, key, request, reply)) return reply;
      const auth = authenticate(request, reply);
      if (!auth) return reply;
      const account = state.account(realm, key);
      if (!account) return fail(reply, 404, MESSAGES.unknownAccount);
      if (!auth.accounts.has(key)) return fail(reply, 403, MESSAGES.noAccess);
      let va: VirtualAccountState | undefined;
      if (request.params.va !== undefined) {
        va = account.virtualAccounts.get(request.params.va);
        if (!va) return fail(reply, 404, `Virtual Account '${request.params.va}' does not exist`);
      }
      return handler({ request, reply, auth, account, va });
    };

  const parseBody = <S extends z.ZodType>(schema: S, ctx: Context): z.output<S> | undefined => {
    const parsed = schema.safeParse(ctx.request.body ?? {});
    if (parsed.success) return parsed.data;
    void fail(ctx.reply, 400, issuesText(parsed.error));
    return undefined;
  };

  /** The VAs named in a filter (all when empty); a string = the unknown VA. */
  const selectVas = (account: AccountState, names: string[] | undefined): VirtualAccountState[] | string => {
    if (!names || names.length === 0) return account.vaList;
    const out: VirtualAccountState[] = [];
    for (const name of names) {
      const va = account.virtualAccounts.get(name);
      if (!va) return name;
      out.push(va);
    }
    return out;
  };

  // --- accounts of the caller ---
  const accountsRoute = async (request: FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply: FastifyReply) => {
    if (await controls.enter(`${ns}.accounts`, request.query.domain ?? '*', request, reply)) return reply;
    const auth = authenticate(request, reply);
    if (!auth) return reply;
    const accounts = [...auth.accounts]
      .map((k) => state.account(realm, k))
      .filter((a): a is AccountState => a !== undefined && (request.query.domain === undefined || a.key === request.query.domain));
    return ok({
      accounts: accounts.map((a) => ({
        accountName: a.name,
        accountDomain: a.domain,
        accountStatus: a.status,
        accountType: a.type,
        roles: [{ role: 'SMART_ACCOUNT_USER' }],
      })),
    });
  };
  app.get(realm === 'cloud' ? `${v2}/accounts` : `${ONPREM_API_PREFIX}/accounts`, accountsRoute);

  if (realm === 'cloud') {
    app.get(`${v1}/accounts/search`, async (request: FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply) => {
      if (await controls.enter('cssm.accounts.search', request.query.domain ?? '*', request, reply)) return reply;
      const auth = authenticate(request, reply);
      if (!auth) return reply;
      const p = paging({}, request.query);
      if (typeof p === 'string') return fail(reply, 400, p);
      const { name, domain, type } = request.query;
      const matches = [...auth.accounts]
        .map((k) => state.account('cloud', k))
        .filter((a): a is AccountState => a !== undefined)
        .filter((a) => (!name || a.name.toLowerCase().includes(name.toLowerCase())) && (!domain || a.domain.includes(domain)) && (!type || a.type === type))
        // Cisco caps a search at 1000 rows.
        .slice(0, 1000);
      return ok({
        totalRecords: matches.length,
        accounts: matches.slice(p.offset, p.offset + p.limit).map((a) => ({ domain: a.domain, name: a.name, id: a.domain, type: a.type, status: a.status })),
      });
    });
  }

  // --- virtual accounts ---
  const vaList = scoped('virtual-accounts', ({ account }) =>
    ok({
      virtualAccounts: account.vaList.map((va) => ({
        name: va.name,
        description: va.description,
        // CSSM serialises the flag as a string.
        isDefault: va.isDefault ? 'true' : 'false',
        commerceAccessLevel: va.commerceAccessLevel,
      })),
    }),
  );
  if (realm === 'cloud') {
    app.get(`${v1}/accounts/:account/customer/virtual-accounts`, vaList);
    app.get(`${v1}/accounts/:account/CUSTOMER/virtual-accounts`, vaList);
  } else {
    app.get(`${v1}/accounts/:account/virtual-accounts`, vaList);
    app.get(`${v1}/accounts/:account/customer/virtual-accounts`, vaList);
  }

  // --- licenses ---
  app.post(
    `${v1}/accounts/:account/licenses`,
    scoped('licenses', (ctx) => {
      const body = parseBody(licensesBody, ctx);
      if (!body) return ctx.reply;
      const p = paging(body, ctx.request.query);
      if (typeof p === 'string') return fail(ctx.reply, 400, p);
      const vas = selectVas(ctx.account, body.virtualAccounts);
      if (typeof vas === 'string') return fail(ctx.reply, 404, `Virtual Account '${vas}' does not exist`);
      const { totalRecords, items } = pageAcross(vas, (va) => va.poolList, licenseItemView, p);
      return ok({ totalRecords, licenses: items });
    }),
  );

  // --- license subscriptions ---
  app.post(
    `${v1}/accounts/:account/license-subscriptions`,
    scoped('subscriptions', (ctx) => {
      const body = parseBody(subscriptionsBody, ctx);
      if (!body) return ctx.reply;
      const p = paging(body, ctx.request.query);
      if (typeof p === 'string') return fail(ctx.reply, 400, p);
      const vas = selectVas(ctx.account, body.virtualAccounts);
      if (typeof vas === 'string') return fail(ctx.reply, 404, `Virtual Account '${vas}' does not exist`);
      const statuses = body.status && body.status.length > 0 ? new Set(body.status) : undefined;
      const rows = vas.flatMap(subscriptionViews).filter((s) => !statuses || statuses.has(s.status));
      return ok({ totalRecords: rows.length, subscriptions: rows.slice(p.offset, p.offset + p.limit) });
    }),
  );

  // --- product registration tokens ---
  const tokensPath = `${v1}/accounts/:account/virtual-accounts/:va/tokens`;
  app.post(
    tokensPath,
    scoped('tokens.create', (ctx) => {
      const body = parseBody(createTokenBody, ctx);
      if (!body) return ctx.reply;
      const t = state.createRegistrationToken(ctx.va!, { ...body, createdBy: ctx.auth.clientId });
      return ok({ tokenInfo: tokenInfoView(state, t) });
    }),
  );
  app.get(
    tokensPath,
    scoped('tokens.list', ({ va }) => ok({ tokens: [...va!.tokens.values()].map((t) => tokenInfoView(state, t)) })),
  );
  const revoke = (va: VirtualAccountState, tokens: string[]) => {
    const revoked: string[] = [];
    const notFound: string[] = [];
    for (const token of tokens) {
      const t = va.tokens.get(token);
      if (!t) notFound.push(token);
      else {
        t.revoked = true;
        revoked.push(token);
      }
    }
    return { revoked, notFound };
  };
  app.delete(
    `${tokensPath}/:token`,
    scoped('tokens.revoke', ({ va, request, reply }) => {
      const result = revoke(va!, [request.params.token!]);
      if (result.notFound.length > 0) return fail(reply, 404, 'Token does not exist');
      return ok(result);
    }),
  );
  app.post(
    `${tokensPath}/revoke`,
    scoped('tokens.revoke', (ctx) => {
      const body = parseBody(revokeBody, ctx);
      if (!body) return ctx.reply;
      return ok(revoke(ctx.va!, body.tokens));
    }),
  );

  // --- product instances ("devices") ---
  const devices = scoped('devices', ({ va, request, reply }) => {
    const p = paging({}, request.query);
    if (typeof p === 'string') return fail(reply, 400, p);
    const ids = [...va!.instances];
    return ok({
      totalRecords: ids.length,
      devices: ids.slice(p.offset, p.offset + p.limit).map((id) => deviceView(state, state.instance(id)!)),
    });
  });
  app.get(`${v1}/accounts/:account/virtual-accounts/:va/devices`, devices);
  if (realm === 'cloud') app.get(`${v2}/accounts/:account/virtual-accounts/:va/devices`, devices);

  const removeDevices = scoped('devices.remove', (ctx) => {
    const body = parseBody(removeDevicesBody, ctx);
    if (!body) return ctx.reply;
    const ids = [...(body.instanceIds ?? []), ...(body.devices ?? []).map((d) => d.instanceId)];
    if (ids.length === 0) return fail(ctx.reply, 400, 'Invalid request body: instanceIds: expected at least one instance id');
    const removed: string[] = [];
    const notFound: string[] = [];
    for (const id of ids) {
      if (ctx.va!.instances.has(id) && state.removeInstance(id)) removed.push(id);
      else notFound.push(id);
    }
    return ok({ removed, notFound });
  });
  app.post(`${v2}/accounts/:account/virtual-accounts/:va/devices/remove`, removeDevices);
  if (realm === 'cloud') app.post(`${v1}/accounts/:account/virtual-accounts/:va/devices/remove`, removeDevices);
};
