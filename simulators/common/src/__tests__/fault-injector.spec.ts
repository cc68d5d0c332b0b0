import Fastify, { type FastifyInstance } from 'fastify';
import { request } from 'undici';
import { FaultInjector } from '../fault-injector.js';
import { startFastify, type StartedServer } from '../start-fastify.js';

describe('FaultInjector', () => {
  let app: FastifyInstance;
  let server: StartedServer;
  const sut = new FaultInjector({ errorBody: (status) => ({ status: 'ERROR', statusMessage: `natural ${status}` }) });

  beforeAll(async () => {
    app = Fastify();
    app.get<{ Params: { target: string } }>('/r/:target', async (req, reply) => {
      if (await sut.applyFaults('cssm.licenses', req.params.target, req, reply)) return reply;
      return { status: 'OK' };
    });
    server = await startFastify(app);
  });
  afterEach(() => sut.clear());
  afterAll(() => server.close());

  const get = (target = 'a.com') => request(`${server.url}/r/${target}`);

  it('answers normally without faults', async () => {
    const res = await get();
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual({ status: 'OK' });
  });

  it("'status' answers the given status and body, or the server's natural error body", async () => {
    sut.add({ route: 'cssm.licenses', kind: 'status', status: 503, body: { custom: true }, times: 1 });
    sut.add({ route: 'cssm.*', kind: 'status', status: 500, times: 1 });
    const first = await get();
    expect([first.statusCode, await first.body.json()]).toEqual([503, { custom: true }]);
    const second = await get();
    expect([second.statusCode, await second.body.json()]).toEqual([500, { status: 'ERROR', statusMessage: 'natural 500' }]);
    expect((await get()).statusCode).toBe(200);
  });

  it('matches the target, with absent or * meaning any', async () => {
    sut.add({ route: 'cssm.licenses', target: 'b.com', kind: 'status', status: 404 });
    expect((await get('a.com')).statusCode).toBe(200);
    expect((await get('b.com')).statusCode).toBe(404);
    sut.clear();
    sut.add({ route: '*', target: '*', kind: 'status', status: 418 });
    expect((await get('c.com')).statusCode).toBe(418);
  });

  it("'times' limits how many requests a fault hits", async () => {
    sut.add({ route: 'cssm.licenses', kind: 'status', status: 500, times: 2 });
    expect((await get()).statusCode).toBe(500);
    expect((await get()).statusCode).toBe(500);
    expect((await get()).statusCode).toBe(200);
    expect(sut.size).toBe(0);
  });

  it("'malformed' answers 200 with a body that does not parse", async () => {
    sut.add({ route: 'cssm.licenses', kind: 'malformed', times: 1 });
    const res = await get();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const text = await res.body.text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it("'reset' destroys the socket", async () => {
    sut.add({ route: 'cssm.licenses', kind: 'reset', times: 1 });
    await expect(get()).rejects.toThrow();
  });

  it("'timeout' never answers until the client gives up", async () => {
    sut.add({ route: 'cssm.licenses', kind: 'timeout', times: 1 });
    await expect(request(`${server.url}/r/a.com`, { headersTimeout: 300 })).rejects.toThrow(/timeout/i);
  });

  it("'delay' lets the handler answer afterwards", async () => {
    sut.add({ route: 'cssm.licenses', kind: 'delay', delayMs: 20, times: 1 });
    expect((await get()).statusCode).toBe(200);
    expect(sut.size).toBe(0);
  });

  it('removes a fault by id', () => {
    const id = sut.add({ route: 'x', kind: 'reset' });
    expect(sut.remove(id)).toBe(true);
    expect(sut.list()).toEqual([]);
  });
});
