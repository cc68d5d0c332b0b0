import { Agent, request } from 'undici';
import { startCssmSimulator } from '../index.js';

describe('CSSM simulator over HTTPS', () => {
  it('serves the token endpoint with a generated self-signed certificate', async () => {
    const sim = await startCssmSimulator({
      tls: true,
      scenario: { smartAccounts: [{ domain: 'a.example.com', name: 'A', apiClients: [{ clientId: 'c', clientSecret: 's' }] }] },
    });
    try {
      expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const dispatcher = new Agent({ connect: { ca: sim.certificate } });
      const res = await request(sim.tokenUrl, {
        method: 'POST',
        dispatcher,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=c&client_secret=s',
      });
      expect(res.statusCode).toBe(200);
      expect((await res.body.json()) as object).toHaveProperty('token_type', 'Bearer');
      await dispatcher.close();
    } finally {
      await sim.close();
    }
  });
});
