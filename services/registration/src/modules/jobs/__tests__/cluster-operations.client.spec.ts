import { jest } from '@jest/globals';
import { LicenseModeCommands } from '#libs/contracts';
import { NoRespondersError, ReplyLostError, RequestTimeoutError, type CommandClient } from '#libs/messaging';
import type { RegistrationConfig } from '../../../config/registration.config.js';
import { ClusterOperationsClient } from '../cluster-operations.client.js';

type Request = (definition: unknown, payload: unknown, options: { timeoutMs: number }) => Promise<unknown>;

/**
 * A license-mode killed while it worked on a job's request never answers: the job asks again after
 * REGISTRATION_LICENSE_MODE_ATTEMPT_MS instead of waiting out REGISTRATION_LICENSE_MODE_TIMEOUT_MS.
 */
describe('ClusterOperationsClient.setClusterLicenseMode asks again on a short per-attempt timeout', () => {
  const clientWith = (request: jest.Mock<Request>, attemptMs: number, timeoutMs: number) =>
    new ClusterOperationsClient({ request } as unknown as CommandClient, { REGISTRATION_LICENSE_MODE_ATTEMPT_MS: attemptMs, REGISTRATION_LICENSE_MODE_TIMEOUT_MS: timeoutMs } as RegistrationConfig);

  it('a lost reply costs one attempt: the same request is sent again and its answer returned', async () => {
    const request = jest.fn<Request>().mockRejectedValueOnce(new RequestTimeoutError('set', 50)).mockResolvedValueOnce({ changed: true });
    const started = Date.now();
    await expect(clientWith(request, 50, 60_000).setClusterLicenseMode('cl-1', 'cucm', 'HCS')).resolves.toEqual({ changed: true });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(request).toHaveBeenCalledTimes(2);
    for (const [definition, payload, options] of request.mock.calls) {
      expect(definition).toBe(LicenseModeCommands.setCluster);
      expect(payload).toEqual({ clusterId: 'cl-1', applicationType: 'cucm', mode: 'HCS' });
      expect(options.timeoutMs).toBe(50);
    }
  });

  it('no answer at all: asks until the total timeout, the last attempt shortened to it, then throws the timeout', async () => {
    const request = jest.fn<Request>().mockImplementation(async (_d, _p, { timeoutMs }) => {
      await new Promise((r) => setTimeout(r, timeoutMs));
      throw new RequestTimeoutError('set', timeoutMs);
    });
    const started = Date.now();
    await expect(clientWith(request, 100, 250).setClusterLicenseMode('cl-1', 'cucm', 'HCS')).rejects.toBeInstanceOf(RequestTimeoutError);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(240);
    expect(elapsed).toBeLessThan(1_000);
    const timeouts = request.mock.calls.map(([, , o]) => o.timeoutMs);
    expect(timeouts.length).toBe(3);
    expect(timeouts.slice(0, 2)).toEqual([100, 100]);
    expect(timeouts[2]).toBeLessThanOrEqual(50);
  });

  it('no responder (license-mode down) fails at once, as before: the job retries the step on its own backoff', async () => {
    const request = jest.fn<Request>().mockRejectedValue(new NoRespondersError('set'));
    await expect(clientWith(request, 50, 60_000).setClusterLicenseMode('cl-1', 'cucm', 'HCS')).rejects.toBeInstanceOf(NoRespondersError);
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('a reply lost with the NATS connection is asked again after a pause, not in a tight loop', async () => {
    const request = jest.fn<Request>().mockRejectedValueOnce(new ReplyLostError('set', 50)).mockResolvedValueOnce({ changed: false });
    const started = Date.now();
    await expect(clientWith(request, 50, 60_000).setClusterLicenseMode('cl-1', 'cucm', 'HCS')).resolves.toEqual({ changed: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(request).toHaveBeenCalledTimes(2);
  });
});
