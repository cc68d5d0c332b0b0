import Fastify from 'fastify';
import { request } from 'undici';
import { startFastify } from '../start-fastify.js';
import { registerAdminRoutes } from '../admin.routes.js';
import { SimulatorControls } from '../simulator-controls.js';

describe('registerAdminRoutes', () => {
  it('drives faults, latency, calls, limits, scenario and state', async () => {
    const controls = new SimulatorControls();
    let seeded: unknown;
    const app = Fastify();
    registerAdminRoutes(app, {
      faults: controls.faults,
      latency: controls.latency,
      counter: controls.counter,
      limiter: controls.limiter,
      seed: (s) => {
        if (!s || typeof s !== 'object') throw new Error('scenario: (root): expected object');
        seeded = s;
      },
      snapshot: () => ({ seeded }),
    });
    // app.inject (light-my-request) cannot load under ESM jest, so talk to a real server.
    const server = await startFastify(app);
    const call = async (o: { method?: string; url: string; payload?: unknown; headers?: Record<string, string> }) => {
      const body = o.payload === undefined ? undefined : typeof o.payload === 'string' ? o.payload : JSON.stringify(o.payload);
      const res = await request(server.url + o.url, {
        method: (o.method ?? 'GET') as 'GET',
        body,
        headers: body === undefined ? {} : { 'content-type': 'application/json', ...o.headers },
      });
      const text = await res.body.text();
      return { statusCode: res.statusCode, json: () => JSON.parse(text) };
    };
    const add = await call({ method: 'POST', url: '/__admin/faults', payload: [{ route: 'cssm.*', kind: 'status', status: 500 }] });
    expect(add.statusCode).toBe(201);
    expect(controls.faults.list()).toHaveLength(1);
    expect((await call({ method: 'POST', url: '/__admin/faults', payload: { route: 'x', kind: 'explode' } })).statusCode).toBe(400);
    await call({ method: 'DELETE', url: '/__admin/faults' });
    expect(controls.faults.size).toBe(0);

    expect((await call({ method: 'PUT', url: '/__admin/latency', payload: { rules: [{ route: '*', fixedMs: 3 }] } })).statusCode).toBe(200);
    expect(controls.latency.delayFor('any')).toBe(3);

    controls.counter.increment('cssm.licenses', 'a.com');
    expect((await call({ url: '/__admin/calls' })).json()).toEqual({ calls: { 'cssm.licenses': { total: 1, targets: { 'a.com': 1 } } } });
    await call({ method: 'DELETE', url: '/__admin/calls' });
    expect(controls.counter.count('cssm.licenses')).toBe(0);

    expect((await call({ method: 'PUT', url: '/__admin/limits', payload: { maxPerSecond: 5 } })).json()).toEqual({ maxPerSecond: 5 });

    const bad = await call({ method: 'POST', url: '/__admin/scenario', payload: '"x"', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('expected object');
    await call({ method: 'POST', url: '/__admin/scenario', payload: { a: 1 } });
    expect((await call({ url: '/__admin/state' })).json()).toEqual({ seeded: { a: 1 } });
    await server.close();
  });
});
