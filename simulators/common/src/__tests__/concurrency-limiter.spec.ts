import Fastify from 'fastify';
import { request } from 'undici';
import { ConcurrencyLimiter, installConcurrencyLimiter } from '../concurrency-limiter.js';
import { startFastify } from '../start-fastify.js';

describe('ConcurrencyLimiter', () => {
  it('admits up to maxPerSecond per window', () => {
    const sut = new ConcurrencyLimiter({ maxPerSecond: 2 });
    expect(sut.tryAcquire(1000).admitted).toBe(true);
    expect(sut.tryAcquire(1001).admitted).toBe(true);
    expect(sut.tryAcquire(1002)).toEqual({ admitted: false, retryAfterSeconds: 1 });
    expect(sut.tryAcquire(2001).admitted).toBe(true);
  });

  it('answers 429 in the server error shape with Retry-After when too many requests run at once', async () => {
    const limiter = new ConcurrencyLimiter({ maxConcurrent: 1 });
    const app = Fastify();
    installConcurrencyLimiter(app, limiter, { errorBody: (_s, message) => ({ status: 'ERROR', statusMessage: message }) });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let enteredResolve!: () => void;
    const entered = new Promise<void>((r) => (enteredResolve = r));
    app.get('/slow', async () => {
      enteredResolve();
      await gate;
      return { ok: true };
    });
    app.get('/__admin/calls', async () => ({ ok: true }));
    const server = await startFastify(app);
    try {
      const slow = request(`${server.url}/slow`);
      await entered;
      // The admin API is never limited.
      expect((await request(`${server.url}/__admin/calls`)).statusCode).toBe(200);
      const rejected = await request(`${server.url}/slow`);
      expect(rejected.statusCode).toBe(429);
      expect(rejected.headers['retry-after']).toBe('1');
      expect(await rejected.body.json()).toEqual({ status: 'ERROR', statusMessage: 'Too many requests, retry later' });
      release();
      expect((await slow).statusCode).toBe(200);
      expect((await request(`${server.url}/slow`)).statusCode).toBe(200);
    } finally {
      await server.close();
    }
  });
});
