import type { EntityManager } from 'typeorm';
import { JobEvents, RegistrationEvents, type Job } from '#libs/contracts';
import { ContractViolationError, enqueueEvent, enqueueEvents, outboxItem, outboxRecord, outboxRows, type OutboxItem } from '../index.js';

// The outbox is typed by the event definition: a wrong payload does not compile (`npm run typecheck` fails when an
// `@ts-expect-error` below has no error to expect), and the event's schema parses the data at run time as well,
// before anything reaches the database.
const job: Job = {
  id: 'job-typed-1',
  service: 'registration',
  jobType: 'Auto Registration',
  entityType: 'Cluster',
  entityId: 'cl-1',
  entityName: 'cucm-customer-1',
  status: 'In Progress',
  description: 'Auto-register cucm-customer-1',
  statusInfo: null,
  errorCode: null,
  recommendedAction: null,
  initiatedAt: '2026-12-02T10:00:00.000Z',
  completedAt: null,
  correlationId: null,
};

// Never reached: every call below fails its parse before the first query.
const noDatabase = new Proxy({}, { get: () => () => Promise.reject(new Error('the database was reached')) }) as EntityManager;

describe('outbox typed by the event definition', () => {
  it('accepts the data of the event it is given, with the schema defaults applied', () => {
    const record = outboxRecord(RegistrationEvents.vaAssignmentsChanged, { smartAccountId: 'sa-1', virtualAccount: 'va-1', clusters: 2, customers: 1 });
    expect(record.subject).toBe(RegistrationEvents.vaAssignmentsChanged.subject);
    expect(JSON.parse(record.payload).data).toEqual({ smartAccountId: 'sa-1', virtualAccount: 'va-1', clusters: 2, customers: 1, autoRegistered: 0 });
  });

  it('refuses a job update with a status outside the Jobs page, naming the event and the field', async () => {
    const written = enqueueEvent(
      noDatabase,
      JobEvents.updated,
      // @ts-expect-error 'Done' is not a job status
      { ...job, status: 'Done' },
    );
    await expect(written).rejects.toThrow(ContractViolationError);
    await expect(written).rejects.toThrow(/^The event data of smartlic\.job\.v1\.updated does not match its contract: status: /);
  });

  it('refuses the data of another event, naming every missing field', () => {
    // @ts-expect-error a cluster status change is not a job
    const wrong = () => outboxRecord(JobEvents.updated, { clusterId: 'cl-1', changedAt: '2026-12-02T10:00:00.000Z' });
    expect(wrong).toThrow(/jobType: .*entityType: /s);
  });

  it('refuses a missing field in a batch item, and writes none of the batch', async () => {
    const { jobType: _jobType, ...withoutType } = job;
    // @ts-expect-error jobType is required
    const bad = () => outboxItem(JobEvents.updated, withoutType);
    await expect(enqueueEvents(noDatabase, [outboxItem(JobEvents.updated, job), bad()])).rejects.toThrow(/updated does not match its contract: jobType: /);
  });

  it('takes batch items only from outboxItem: a hand-written { event, data } does not compile', () => {
    // @ts-expect-error the item was not checked by outboxItem
    const unchecked: OutboxItem = { event: JobEvents.updated, data: { status: 'Done' } };
    expect(() => outboxRows([unchecked])).toThrow(ContractViolationError);
  });
});
