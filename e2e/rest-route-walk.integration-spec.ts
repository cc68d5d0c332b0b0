import { randomUUID } from 'node:crypto';
import type { RunningService } from '#libs/service-kit';
import { createTestEnvironment, type TestEnvironment } from '#libs/testing';
import { startServices, stopServices, testToken } from './support/start-services.js';

/**
 * Walks every REST route the gateway registers (read from its OpenAPI document, itself checked against the routes
 * Express holds) with a malformed id, an unknown id and a bad query parameter: each answer is a 4xx problem naming the
 * parameter (`path.<name>`, `query.<name>`), never a 5xx. A malformed id names nothing either, so it is a 404 like an
 * unknown one, but the gateway answers it (naming the format) before any service is asked. A new route is walked as
 * soon as it exists; a route without parameters has nothing to walk.
 */

interface JsonSchema {
  type?: string;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  enum?: unknown[];
  example?: unknown;
  anyOf?: JsonSchema[];
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: JsonSchema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
}
interface OpenApiDocument {
  paths: Record<string, Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', Operation>>>;
}
interface Problem {
  type: string;
  title: string;
  status: number;
  code?: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` passes a path parameter's documented format (the rules the gateway's id schemas export). */
const accepts = (schema: JsonSchema, value: string): boolean =>
  (schema.format !== 'uuid' || UUID.test(value)) &&
  (schema.pattern === undefined || new RegExp(schema.pattern).test(value)) &&
  (schema.maxLength === undefined || value.length <= schema.maxLength) &&
  (schema.minLength === undefined || value.length >= schema.minLength);

/** An id of the right format that names nothing. */
const unknownId = (param: Parameter): string => {
  const value = param.schema?.format === 'uuid' ? randomUUID() : `no-such-${param.name}`;
  if (!accepts(param.schema ?? {}, value)) throw new Error(`cannot make a well-formed ${param.name} for ${JSON.stringify(param.schema)}`);
  return value;
};

/** An id of the wrong format; undefined when the parameter documents none (the walk then fails for it). */
const malformedId = (param: Parameter): string | undefined =>
  param.schema?.format === undefined && param.schema?.pattern === undefined && param.schema?.maxLength === undefined
    ? undefined
    : ['not-a-uuid', 'bad id!', 'x'.repeat(300)].find((candidate) => !accepts(param.schema!, candidate));

/** A value the query parameter's schema refuses; undefined when it would take anything. */
const badQueryValue = (schema: JsonSchema): string | undefined => {
  const types = [schema, ...(schema.anyOf ?? [])];
  if (types.some((s) => s.enum)) return 'no-such-value';
  if (types.some((s) => s.type === 'integer' || s.type === 'number')) return 'not-a-number';
  if (types.some((s) => s.format === 'date-time')) return 'not-a-date';
  if (types.some((s) => s.format === 'uuid')) return 'not-a-uuid';
  if (types.some((s) => (s.minLength ?? 0) > 0)) return '';
  return undefined;
};

interface Route {
  method: string;
  template: string;
  path: Parameter[];
  query: Parameter[];
  body?: unknown;
}

describe('every REST route: malformed id, unknown id, bad query parameter', () => {
  let env: TestEnvironment;
  let services: Record<string, RunningService<unknown>>;
  let routes: Route[];
  let token: string;

  beforeAll(async () => {
    env = await createTestEnvironment('routewalk');
    // Each owner of a resource the routes name answers for its unknown ids; app-adapter is reached only through them.
    services = await startServices(env, ['sync', 'registration', 'license-mode', 'reporting', 'gateway']);
    token = await testToken(['admin']);
    const doc = (await (await fetch(`${services.gateway!.managementUrl}/api/docs-json`)).json()) as OpenApiDocument;
    routes = Object.entries(doc.paths).flatMap(([template, operations]) =>
      Object.entries(operations).map(([method, op]) => {
        const params = op.parameters ?? [];
        const route: Route = { method: method.toUpperCase(), template, path: params.filter((p) => p.in === 'path'), query: params.filter((p) => p.in === 'query') };
        const body = op.requestBody?.content?.['application/json']?.schema;
        if (body?.example !== undefined) route.body = body.example;
        else if (op.requestBody) throw new Error(`${route.method} ${template}: its request body documents no example, so the walk cannot reach its parameters`);
        return route;
      }),
    );
  });

  afterAll(async () => {
    await stopServices(services ?? {});
    await env?.cleanup();
  });

  const call = async (route: Route, values: Record<string, string>, query = ''): Promise<{ status: number; type: string | null; problem: Problem }> => {
    const path = route.template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name]!));
    const res = await fetch(`${services.gateway!.url}${path}${query}`, {
      method: route.method,
      headers: { authorization: `Bearer ${token}`, ...(route.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: route.body !== undefined ? JSON.stringify(route.body) : undefined,
    });
    return { status: res.status, type: res.headers.get('content-type'), problem: (await res.json()) as Problem };
  };

  const expectProblem = (what: string, answer: Awaited<ReturnType<typeof call>>, status: number, field: string): void => {
    const seen = `${what}: ${answer.status} ${JSON.stringify(answer.problem)}`;
    expect({ seen, status: answer.status }).toEqual({ seen, status });
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(answer.problem).toMatchObject({ status, type: expect.any(String), title: expect.any(String), code: expect.any(String) });
    expect({ seen, fields: answer.problem.errors?.map((e) => e.field) }).toEqual({ seen, fields: expect.arrayContaining([field]) });
  };

  it('reads the routes from the OpenAPI document, which has every route Express serves under /api/v1', () => {
    const router = (services.gateway!.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router;
    const served = router.stack
      .filter((layer) => layer.route?.path.startsWith('/api/v1/'))
      .flatMap((layer) => Object.keys(layer.route!.methods).filter((m) => m !== '_all').map((m) => `${m.toUpperCase()} ${layer.route!.path}`));
    const documented = routes.filter((r) => r.template.startsWith('/api/v1/')).map((r) => `${r.method} ${r.template.replace(/\{(\w+)\}/g, ':$1')}`);
    expect(served.length).toBeGreaterThan(30);
    expect([...new Set(served)].sort()).toEqual([...new Set(documented)].sort());
    // Every path parameter documents its format, else a malformed one could not be told from an unknown one.
    const unformatted = routes.flatMap((r) => r.path.filter((p) => malformedId(p) === undefined).map((p) => `${r.method} ${r.template} ${p.name}`));
    expect(unformatted).toEqual([]);
    // Every query parameter can be given a value it refuses.
    const lax = routes.flatMap((r) => r.query.filter((q) => badQueryValue(q.schema ?? {}) === undefined).map((q) => `${r.method} ${r.template} ${q.name}`));
    expect(lax).toEqual([]);
    expect(routes.filter((r) => r.path.length > 0).length).toBeGreaterThan(20);
    expect(routes.filter((r) => r.query.length > 0).length).toBeGreaterThan(5);
  });

  it('answers 404 naming path.<name> and its format for a malformed id, on every route with one', async () => {
    for (const route of routes) {
      for (const param of route.path) {
        const values = Object.fromEntries(route.path.map((p) => [p.name, p === param ? malformedId(p)! : unknownId(p)]));
        const answer = await call(route, values);
        const what = `${route.method} ${route.template} with ${param.name}=${values[param.name]}`;
        expectProblem(what, answer, 404, `path.${param.name}`);
        expect({ what, code: answer.problem.code, detail: answer.problem.detail }).toEqual({ what, code: 'NOT_FOUND', detail: expect.stringMatching(/^No such resource: path\./) });
      }
    }
  });

  it('answers 404 naming path.<name> for an unknown id, on every route with one', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.path.length > 0)) {
      const values = Object.fromEntries(route.path.map((p) => [p.name, unknownId(p)]));
      const answer = await call(route, values);
      const field = `path.${route.path.at(-1)!.name}`;
      // The service's own words, never a database's.
      const leaks = /syntax|relation|column|violates/i.test(answer.problem.detail ?? '');
      if (answer.status !== 404 || leaks || !answer.problem.errors?.some((e) => e.field === field) || !answer.problem.code) failures.push(`${route.method} ${route.template} with ${JSON.stringify(values)}: ${answer.status} ${JSON.stringify(answer.problem)}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 400 naming query.<name> for a bad query parameter, on every route with one', async () => {
    for (const route of routes) {
      const values = Object.fromEntries(route.path.map((p) => [p.name, unknownId(p)]));
      for (const param of route.query) {
        const bad = badQueryValue(param.schema ?? {})!;
        const answer = await call(route, values, `?${new URLSearchParams({ [param.name]: bad }).toString()}`);
        expectProblem(`${route.method} ${route.template}?${param.name}=${bad}`, answer, 400, `query.${param.name}`);
      }
    }
  });

  it('answers 400 with a code for a body that is not JSON, on every route that takes a body', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.body !== undefined)) {
      const path = route.template.replace(/\{(\w+)\}/g, (_, name: string) => unknownId(route.path.find((p) => p.name === name)!));
      const res = await fetch(`${services.gateway!.url}${path}`, { method: route.method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"not json' });
      const problem = (await res.json()) as Problem;
      if (res.status !== 400 || !problem.code || !res.headers.get('content-type')?.startsWith('application/problem+json')) failures.push(`${route.method} ${route.template}: ${res.status} ${JSON.stringify(problem)}`);
    }
    expect(failures).toEqual([]);
  });

  it("the issue's example: an unknown smart account's sync jobs are 404, whether its id is well formed or not, never 500", async () => {
    const get = async (path: string) => {
      const res = await fetch(`${services.gateway!.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: (await res.json()) as Problem };
    };
    expect(await get('/smart-accounts/no-such-sa/sync-jobs')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', errors: [{ field: 'path.id', message: 'must be the id of a smart account (a UUID)' }] } });
    expect(await get(`/smart-accounts/${randomUUID()}/sync-jobs`)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', errors: [{ field: 'path.id' }] } });
    expect(await get(`/smart-accounts/${randomUUID()}/sync-jobs?limit=0`)).toMatchObject({ status: 400, body: { errors: [{ field: 'query.limit' }] } });
  });
});
