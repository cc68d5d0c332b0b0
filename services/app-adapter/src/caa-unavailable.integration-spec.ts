import { CaaCommands, caaJmsTimeoutCode, type ApplicationType, type CaaOperation, type ErrorCode } from '#libs/contracts';
import { CommandClient, connectNats, isTransportError, NoRespondersError, RequestTimeoutError, type NatsHandles } from '#libs/messaging';
import { createTestEnvironment, type TestEnvironment } from '#libs/testing';

/**
 * app-adapter down: the caller's request finds no responder (or, when it hangs, times out) and the caller reports
 * the guide's JMS-timeout code for that operation and application type, as HLM does when a CAA service is stopped.
 */
describe('a caller when app-adapter does not answer', () => {
  let env: TestEnvironment;
  let handles: NatsHandles;
  let caller: CommandClient;

  /** What a caller (registration, license-mode) does: the JMS-timeout code when app-adapter does not answer. */
  const callerCode = async (operation: CaaOperation, type: ApplicationType, send: () => Promise<unknown>): Promise<{ kind: string; code: ErrorCode }> => {
    try {
      await send();
    } catch (e) {
      if (isTransportError(e)) return { kind: e.kind, code: caaJmsTimeoutCode(operation, type) };
      throw e;
    }
    throw new Error('expected no answer');
  };

  beforeAll(async () => {
    env = await createTestEnvironment('caa-down');
    handles = await connectNats({ url: env.natsUrl, name: 'caller', namespace: env.namespace });
    caller = new CommandClient(handles);
  });
  afterAll(async () => {
    await handles?.nc.close();
    await env?.cleanup();
  });

  it.each([
    ['register', 'cucm', () => caller.request(CaaCommands.register('cucm'), { clusterId: 'c1', token: 't' }), 'SLM1002'],
    ['deregister', 'cer', () => caller.request(CaaCommands.deregister('cer'), { clusterId: 'c1' }), 'SLM1021'],
    ['transport.set', 'cuc', () => caller.request(CaaCommands.setTransport('cuc'), { clusterId: 'c1', mode: 'Direct' }), 'SLM1024'],
    ['transport.set', 'cer', () => caller.request(CaaCommands.setTransport('cer'), { clusterId: 'c1', mode: 'Direct' }), 'SLM1023'],
    ['license-mode.set', 'cucm', () => caller.request(CaaCommands.setLicenseMode('cucm'), { clusterId: 'c1', mode: 'HCS' }), 'SLMCT1005'],
    ['status', 'expressway', () => caller.request(CaaCommands.status('expressway'), { clusterId: 'c1' }), 'CAA1001'],
  ] as const)('%s for %s finds no responder → %s', async (operation, type, send, code) => {
    await expect(send()).rejects.toBeInstanceOf(NoRespondersError);
    expect(await callerCode(operation, type, send)).toEqual({ kind: 'no-responders', code });
  });

  it('a hung app-adapter makes the request time out → the same code', async () => {
    const command = CaaCommands.register('cuc');
    const mute = handles.nc.subscribe(handles.subjects.qualify(command.subject), { callback: () => undefined });
    try {
      const send = () => caller.request(command, { clusterId: 'c1', token: 't' }, { timeoutMs: 200 });
      await expect(send()).rejects.toBeInstanceOf(RequestTimeoutError);
      expect(await callerCode('register', 'cuc', send)).toEqual({ kind: 'timeout', code: 'SLM1002' });
    } finally {
      mute.unsubscribe();
    }
  });
});
