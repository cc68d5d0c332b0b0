import { jest } from '@jest/globals';
import { CaaCommands } from '#libs/contracts';
import type { CommandClient } from '#libs/messaging';
import type { LicenseModeConfig } from '../../../config/license-mode.config.js';
import type { ClusterLicenseModeRepository } from '../cluster-license-mode.repository.js';
import { ClusterLicenseModeService } from '../cluster-license-mode.service.js';

type Request = (definition: { subject: string }, payload: unknown, options?: unknown) => Promise<unknown>;

/** Registration asks again while a change is under way: the request joins it, the mode is set once. */
describe('ClusterLicenseModeService.set joins a request asked again while it changes the mode', () => {
  const setup = () => {
    let finishSet!: () => void;
    const setDone = new Promise<void>((resolve) => (finishSet = resolve));
    const request = jest.fn<Request>().mockImplementation(async (definition) => {
      if (definition.subject === CaaCommands.getLicenseMode('cucm').subject) return { licenseMode: 'Enterprise' };
      await setDone;
      return { licenseMode: 'HCS' };
    });
    const record = jest.fn<ClusterLicenseModeRepository['record']>().mockResolvedValue(undefined);
    const service = new ClusterLicenseModeService({ record } as unknown as ClusterLicenseModeRepository, { request } as unknown as CommandClient, {
      LICENSE_MODE_REBOOT_DEADLINE_MS: 60_000,
      LICENSE_MODE_REBOOT_POLL_MS: 10,
    } as LicenseModeConfig);
    const sets = () => request.mock.calls.filter(([d]) => d.subject === CaaCommands.setLicenseMode('cucm').subject).length;
    return { service, request, sets, finishSet };
  };

  it('the same cluster and mode asked again during the change: one change, both get its answer', async () => {
    const { service, request, sets, finishSet } = setup();
    const first = service.set('cl-1', 'cucm', 'HCS');
    await new Promise((r) => setTimeout(r, 20));
    const again = service.set('cl-1', 'cucm', 'HCS');
    finishSet();
    const expected = { clusterId: 'cl-1', mode: 'HCS', previousMode: 'Enterprise', changed: true };
    await expect(first).resolves.toEqual(expected);
    await expect(again).resolves.toEqual(expected);
    expect(sets()).toBe(1);
    // The first request read the mode and set it; the one asked again joined the set without a read.
    expect(request).toHaveBeenCalledTimes(2);
  });

  it('asked again while the first request only reads the mode (its reply may be lost with app-adapter): read again, still one change', async () => {
    const { service, request, sets, finishSet } = setup();
    let answerRead!: () => void;
    const read = new Promise<void>((resolve) => (answerRead = resolve));
    const get = request.getMockImplementation()!;
    request.mockImplementationOnce(async (definition, payload) => {
      await read;
      return get(definition, payload);
    });
    const first = service.set('cl-1', 'cucm', 'HCS');
    await new Promise((r) => setTimeout(r, 20));
    const again = service.set('cl-1', 'cucm', 'HCS');
    // The second request read on its own and started the change; the first, answered later, joins it.
    await new Promise((r) => setTimeout(r, 20));
    answerRead();
    await new Promise((r) => setTimeout(r, 20));
    finishSet();
    await expect(again).resolves.toMatchObject({ changed: true });
    await expect(first).resolves.toMatchObject({ changed: true });
    expect(request.mock.calls.filter(([d]) => d.subject === CaaCommands.getLicenseMode('cucm').subject)).toHaveLength(2);
    expect(sets()).toBe(1);
  });

  it('once answered, a new request is made anew (nothing is cached)', async () => {
    const { service, sets, finishSet } = setup();
    finishSet();
    await service.set('cl-1', 'cucm', 'HCS');
    await service.set('cl-1', 'cucm', 'HCS');
    expect(sets()).toBe(2);
  });

  it('another cluster is not joined', async () => {
    const { service, sets, finishSet } = setup();
    const a = service.set('cl-1', 'cucm', 'HCS');
    const b = service.set('cl-2', 'cucm', 'HCS');
    finishSet();
    await Promise.all([a, b]);
    expect(sets()).toBe(2);
  });
});
