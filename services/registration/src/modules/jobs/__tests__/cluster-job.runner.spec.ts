import { jest } from '@jest/globals';
import { catalogueEntry, type SmartAgentStatus } from '#libs/contracts';
import { CommandFailedError, NoRespondersError, RequestTimeoutError } from '#libs/messaging';
import type { ClusterJob, ClusterJobContext, JobStep } from '../cluster-job.js';
import { ClusterJobRunner } from '../cluster-job.runner.js';
import type { ClusterOperationsClient } from '../cluster-operations.client.js';

const status = (registrationStatus: SmartAgentStatus['registrationStatus'], virtualAccount: string | null = null): SmartAgentStatus => ({
  clusterId: 'cl-1',
  applicationType: 'cucm',
  registrationStatus,
  authorizationStatus: null,
  smartAccount: null,
  virtualAccount,
  virtualAccounts: [],
  registrationExpires: null,
  authorizationExpires: null,
  licenseMode: 'HCS',
  nodes: [],
  known: true,
  checkedAt: null,
});

const job = (step: JobStep, context: ClusterJobContext = {}, jobType: ClusterJob['jobType'] = 'Assign Cluster'): ClusterJob => ({
  id: 'job-1',
  jobType,
  entityType: 'Cluster',
  entityId: 'cl-1',
  entityName: 'CUCM 1',
  trigger: 'manual',
  params: { clusterId: 'cl-1', clusterType: 'cucm', applicationType: 'cucm', customerId: 'c-1', virtualAccountId: 'va-id', smartAccountId: 'sa-1', virtualAccount: 'va-1', licenseMode: 'HCS', transport: { mode: 'Direct' } },
  status: 'In Progress',
  step,
  attempt: 0,
  context,
  description: '',
  statusInfo: null,
  errorCode: null,
  recommendedAction: null,
  correlationId: null,
  initiatedAt: new Date(),
  completedAt: null,
});

type Call = (...args: unknown[]) => Promise<unknown>;
const resolves = (value: unknown) => jest.fn<Call>().mockResolvedValue(value);
const rejects = (error: Error) => jest.fn<Call>().mockRejectedValue(error);

/** A test double of the command port (the scenario specs use the real services and simulators). */
const fakeOps = (over: Partial<Record<Exclude<keyof ClusterOperationsClient, 'forgetToken'>, jest.Mock<Call>>> = {}) => {
  const ops = {
    setClusterLicenseMode: resolves({ changed: false }),
    registrationToken: resolves('token-1'),
    status: resolves(status('evaluation')),
    setTransport: resolves(undefined),
    register: resolves(undefined),
    deregister: resolves(undefined),
    renewId: resolves(undefined),
    renewAuth: resolves(undefined),
    forgetToken: jest.fn<(...args: unknown[]) => void>(),
    ...over,
  };
  return ops;
};

describe('ClusterJobRunner', () => {
  const checkpoint = async (_context: ClusterJobContext): Promise<void> => undefined;

  it('a resumed register step reads the status first and never registers twice', async () => {
    const ops = fakeOps({ status: resolves(status('registered', 'va-1')) });
    const sut = new ClusterJobRunner(ops as unknown as ClusterOperationsClient);
    const outcome = await sut.run(job('register', { registerAttempted: true }), checkpoint);
    expect(outcome).toMatchObject({ kind: 'next', step: 'verify' });
    expect(ops.register).not.toHaveBeenCalled();
  });

  it('a resumed Expressway register cut short between nodes registers only the nodes it did not reach', async () => {
    const node = (hostname: string, registrationStatus: 'registered' | 'evaluation', virtualAccount: string | null) => ({ hostname, address: hostname, registrationStatus, authorizationStatus: null, smartAccount: null, virtualAccount });
    const partial = { ...status('partially-registered'), applicationType: 'expressway' as const, nodes: [node('exp-1', 'registered', 'va-1'), node('exp-2', 'evaluation', null)] };
    const ops = fakeOps({ status: resolves(partial) });
    const outcome = await new ClusterJobRunner(ops as unknown as ClusterOperationsClient).run(job('register', { registerAttempted: true }), checkpoint);
    expect(outcome).toMatchObject({ kind: 'next', step: 'verify' });
    expect(ops.register).toHaveBeenCalledTimes(1);
    expect(ops.register.mock.calls[0]![4]).toEqual(['exp-2']);
  });

  it('a resumed register with a node registered to another virtual account names no nodes (the usual register decides)', async () => {
    const node = (hostname: string, registrationStatus: 'registered' | 'evaluation', virtualAccount: string | null) => ({ hostname, address: hostname, registrationStatus, authorizationStatus: null, smartAccount: null, virtualAccount });
    const partial = { ...status('partially-registered'), nodes: [node('exp-1', 'registered', 'va-other'), node('exp-2', 'evaluation', null)] };
    const ops = fakeOps({ status: resolves(partial) });
    await new ClusterJobRunner(ops as unknown as ClusterOperationsClient).run(job('register', { registerAttempted: true }), checkpoint);
    expect(ops.register.mock.calls[0]![4]).toBeUndefined();
  });

  it('persists registerAttempted before the register command leaves', async () => {
    const ops = fakeOps();
    const order: string[] = [];
    ops.register.mockImplementation(async () => {
      order.push('register');
    });
    const sut = new ClusterJobRunner(ops as unknown as ClusterOperationsClient);
    await sut.run(job('register'), async (ctx) => {
      order.push(`checkpoint:${String(ctx.registerAttempted)}`);
    });
    expect(order).toEqual(['checkpoint:true', 'register']);
  });

  const refusedWhileRegistered = () => rejects(new CommandFailedError('s', { code: 'CAA1041', message: 'Edit Transport Settings operation is not allowed since product is in Registered state' }));

  it('sets the transport of a cluster not registered yet in one call, without reading its state', async () => {
    const ops = fakeOps();
    const outcome = await new ClusterJobRunner(ops as unknown as ClusterOperationsClient).run(job('transport'), checkpoint);
    expect(outcome).toMatchObject({ kind: 'next', step: 'token' });
    expect(ops.setTransport).toHaveBeenCalledWith('cucm', 'cl-1', { mode: 'Direct' });
    expect(ops.status).not.toHaveBeenCalled();
  });

  it('skips transport and register when the application, refusing the transport (CAA1041), is registered to the virtual account', async () => {
    const ops = fakeOps({ setTransport: refusedWhileRegistered(), status: resolves(status('registered', 'va-1')) });
    const outcome = await new ClusterJobRunner(ops as unknown as ClusterOperationsClient).run(job('transport'), checkpoint);
    expect(outcome).toMatchObject({ kind: 'next', step: 'verify', context: { alreadyRegistered: true } });
    expect(ops.setTransport).toHaveBeenCalledTimes(1);
  });

  it('re-registers with force a cluster registered to another virtual account (transport refused, CAA1041)', async () => {
    const ops = fakeOps({ setTransport: refusedWhileRegistered(), status: resolves(status('registered', 'va-other')) });
    const outcome = await new ClusterJobRunner(ops as unknown as ClusterOperationsClient).run(job('transport'), checkpoint);
    expect(outcome).toMatchObject({ kind: 'next', step: 'token', context: { force: true } });
  });

  it('sets the transport again when the cluster that refused it turns out deregistered meanwhile', async () => {
    const setTransport = jest.fn<Call>().mockRejectedValueOnce(new CommandFailedError('s', { code: 'CAA1041', message: 'refused' })).mockResolvedValueOnce(undefined);
    const ops = fakeOps({ setTransport, status: resolves(status('deregistered')) });
    const outcome = await new ClusterJobRunner(ops as unknown as ClusterOperationsClient).run(job('transport'), checkpoint);
    expect(outcome).toMatchObject({ kind: 'next', step: 'token' });
    expect(ops.setTransport).toHaveBeenCalledTimes(2);
  });

  it('a license mode change that finds no platform credentials fails the job with SLM1008 ("Smart Licensing Cluster Operation - Cluster does\'t have platform credentials")', async () => {
    const refused = new CommandFailedError('s', { code: 'SLMCT1013', message: "Cluster application doesn't have platform credentials", details: { cause: { code: 'CAA1008' } } });
    const outcome = await new ClusterJobRunner(fakeOps({ setClusterLicenseMode: rejects(refused) }) as unknown as ClusterOperationsClient).run(job('license-mode'), checkpoint);
    expect(outcome).toMatchObject({
      kind: 'failed',
      error: {
        code: 'SLM1008',
        message: catalogueEntry('SLM1008').message,
        recommendedAction: 'Check if platform credentials are configured for cluster application',
        details: { step: 'license-mode', cause: { code: 'SLMCT1013' } },
      },
    });
  });

  it('"Cluster License Mode did not change successfully" (SLMCT1003) reaches the job with the guide\'s message and action', async () => {
    const notChanged = new CommandFailedError('s', { code: 'SLMCT1003', message: catalogueEntry('SLMCT1003').message, recommendedAction: catalogueEntry('SLMCT1003').recommendedAction });
    const outcome = await new ClusterJobRunner(fakeOps({ setClusterLicenseMode: rejects(notChanged) }) as unknown as ClusterOperationsClient).run(job('license-mode'), checkpoint);
    expect(outcome).toMatchObject({ kind: 'failed', error: { code: 'SLMCT1003', message: 'Cluster License Mode did not change successfully', recommendedAction: 'Check HLM Logs for more details' } });
  });

  it.each([
    ['license-mode', 'setClusterLicenseMode', 'SLMCT1004'],
    ['transport', 'setTransport', 'SLM1018'],
    ['register', 'register', 'SLM1002'],
  ] as const)('a NATS timeout at %s is retried with the JMS-timeout code %s', async (step, method, code) => {
    const ops = fakeOps({ [method]: rejects(new RequestTimeoutError('subject', 10)) });
    const outcome = await new ClusterJobRunner(ops as unknown as ClusterOperationsClient).run(job(step), checkpoint);
    expect(outcome).toMatchObject({ kind: 'retry', error: { code } });
  });

  it('no responders on deregister gives SLM1011 for Unified CM', async () => {
    const ops = fakeOps({ status: resolves(status('registered', 'va-1')), deregister: rejects(new NoRespondersError('s')) });
    const outcome = await new ClusterJobRunner(ops as unknown as ClusterOperationsClient).run(job('deregister', {}, 'Unassign Cluster'), checkpoint);
    expect(outcome).toMatchObject({ kind: 'retry', error: { code: 'SLM1011' } });
  });

  it('an application failure fails the job with its catalogue code', async () => {
    const ops = fakeOps({ register: rejects(new CommandFailedError('s', { code: 'CAA1048', message: 'invalid token', recommendedAction: 'x' })) });
    const outcome = await new ClusterJobRunner(ops as unknown as ClusterOperationsClient).run(job('register'), checkpoint);
    expect(outcome).toMatchObject({ kind: 'failed', error: { code: 'CAA1048' } });
  });

  it('verify: partially registered Expressway fails the job and reports the agent state', async () => {
    const ops = fakeOps({ status: resolves(status('partially-registered')) });
    const outcome = await new ClusterJobRunner(ops as unknown as ClusterOperationsClient).run(job('verify'), checkpoint);
    expect(outcome).toMatchObject({ kind: 'failed', agentStatus: 'partially-registered', error: { code: 'SLM1001' } });
  });

  it('verify checks the state app-adapter read right after register, without another status command', async () => {
    const ops = fakeOps({ register: resolves(status('registered', 'va-1')), status: resolves(status('evaluation')) });
    const sut = new ClusterJobRunner(ops as unknown as ClusterOperationsClient);
    expect(await sut.run(job('register'), checkpoint)).toMatchObject({ kind: 'next', step: 'verify' });
    expect(await sut.run(job('verify', { registerAttempted: true }), checkpoint)).toMatchObject({ kind: 'succeeded', agentStatus: 'registered' });
    expect(ops.status).not.toHaveBeenCalled();
    // Used once: a verify run again (retried, resumed) reads the application.
    expect(await sut.run(job('verify', { registerAttempted: true }), checkpoint)).toMatchObject({ kind: 'failed', error: { code: 'SLM1001' } });
    expect(ops.status).toHaveBeenCalledTimes(1);
  });

  it('verify reads the status when register came back without one (app-adapter could not read it)', async () => {
    const ops = fakeOps({ register: resolves(undefined), status: resolves(status('registered', 'va-1')) });
    const sut = new ClusterJobRunner(ops as unknown as ClusterOperationsClient);
    await sut.run(job('register'), checkpoint);
    expect(await sut.run(job('verify', { registerAttempted: true }), checkpoint)).toMatchObject({ kind: 'succeeded' });
    expect(ops.status).toHaveBeenCalledTimes(1);
  });
});
