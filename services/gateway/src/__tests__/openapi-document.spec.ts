import { HTTP_CODE_METADATA, METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod, type Type } from '@nestjs/common';
import { API_RESULT } from '../common/params/api-result.js';
import { gatewayService } from '../gateway.service-definition.js';
import { previewOpenApiDocument } from '../openapi.js';

interface Operation {
  operationId: string;
  parameters?: { in: string; name: string; schema?: unknown }[];
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** Every route handler of the gateway's controllers, with the status Nest answers it with. */
const routes = () =>
  gatewayService.imports.flatMap((module) => {
    const controllers = (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, module as Type) ?? []) as Type[];
    return controllers.flatMap((controller) =>
      Object.getOwnPropertyNames(controller.prototype)
        .filter((name) => name !== 'constructor')
        .map((name) => ({ name: `${controller.name}.${name}`, handler: (controller.prototype as Record<string, unknown>)[name] as object }))
        .filter(({ handler }) => typeof handler === 'function' && Reflect.getMetadata(PATH_METADATA, handler) !== undefined)
        .map(({ name, handler }) => {
          const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
          const status = (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (method === RequestMethod.POST ? 201 : 200);
          return { name, status, documented: Reflect.getMetadata(API_RESULT, handler) as number | undefined };
        }),
    );
  });

describe("the gateway's OpenAPI document", () => {
  it('documents the 2xx answer of every route with the status the route answers (@ApiResult)', () => {
    const all = routes();
    expect(all.length).toBeGreaterThan(40);
    expect(all.filter((r) => r.documented === undefined).map((r) => r.name)).toEqual([]);
    expect(all.filter((r) => r.documented !== r.status).map((r) => `${r.name}: answers ${r.status}, documents ${r.documented}`)).toEqual([]);
  });

  it('gives every operation a 2xx response with a schema, and every query parameter a schema', async () => {
    const document = await previewOpenApiDocument();
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item as Record<string, Operation>).filter((o) => typeof o === 'object' && 'operationId' in o));
    expect(operations.length).toBe(routes().length);
    const undocumented = operations.filter((o) => {
      const ok = Object.entries(o.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
      return ok.length === 0 || ok.some(([, r]) => Object.values(r.content ?? {}).every((c) => c.schema === undefined));
    });
    expect(undocumented.map((o) => o.operationId)).toEqual([]);
    const bareQueries = operations.flatMap((o) => (o.parameters ?? []).filter((p) => p.in === 'query' && p.schema === undefined).map((p) => `${o.operationId}: ${p.name}`));
    expect(bareQueries).toEqual([]);
  });

  it('documents the Cluster Summary from the listClusters contract: total and items with their status', async () => {
    const document = await previewOpenApiDocument();
    const op = (document.paths['/api/v1/clusters'] as Record<string, Operation>).get!;
    const schema = op.responses!['200']!.content!['application/json']!.schema as { properties: { total: unknown; items: { items: { properties: Record<string, unknown> } } } };
    expect(schema.properties.total).toEqual({ type: 'integer', minimum: expect.any(Number), maximum: expect.any(Number) });
    expect(Object.keys(schema.properties.items.items.properties)).toEqual(expect.arrayContaining(['id', 'name', 'type', 'status']));
    expect(op.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['customer', 'type', 'virtualAccountId', 'status', 'limit', 'offset']));
  });
});
