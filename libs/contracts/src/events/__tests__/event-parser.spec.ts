import { randomUUID } from 'node:crypto';
import { ProvisioningEvents } from '../../provisioning/provisioning.events.js';
import { PROVISIONING_MAX_MESSAGE_BYTES } from '../../messaging/streams.js';
import { EventParser } from '../event-parser.js';

const encode = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const now = Date.parse('2026-12-02T12:00:00Z');

const cluster = (overrides: Record<string, unknown> = {}) => ({
  id: 'cl-1',
  customerId: 'cu-1',
  name: 'CUCM one',
  type: 'cucm',
  version: '14.0',
  nodes: [
    { hostname: 'pub', address: '10.0.0.1', publisher: true },
    { hostname: 'sub', address: '10.0.0.2', publisher: false },
  ],
  ...overrides,
});
const envelope = (type: string, data: unknown, overrides: Record<string, unknown> = {}) => {
  const id = randomUUID();
  return { id, type, schemaVersion: 1, occurredAt: new Date(now).toISOString(), correlationId: id, data, ...overrides };
};

describe('the provisioning contract parser (every consumer of every service parses through it)', () => {
  const sut = new EventParser(Object.values(ProvisioningEvents), { maxClockSkewMs: 5 * 60_000 });
  const created = ProvisioningEvents.clusterCreated;
  const parse = (subject: string, body: unknown) => sut.parse(subject, encode(body), now);

  it('accepts a cluster that follows the contract, typed by its subject', () => {
    const result = parse(created.subject, envelope(created.type, cluster()));
    expect(result).toMatchObject({ outcome: 'valid', event: created, envelope: { type: created.type, data: { id: 'cl-1', licensing: 'smart' } } });
  });

  it.each([
    ['an envelope whose type names another operation than its subject', ProvisioningEvents.customerUpdated.subject, envelope(ProvisioningEvents.customerDeleted.type, { id: 'cu-1' }), /^type: "hcs.provisioning.customer.deleted" does not match the subject hcs.provisioning.v1.customer.updated/],
    ['an unknown type on a known subject', created.subject, envelope('hcs.provisioning.cluster.archived', cluster()), /^type: /],
    ['schemaVersion 99', created.subject, envelope(created.type, cluster(), { schemaVersion: 99 }), /^schemaVersion: 99 is not supported/],
    ['an occurredAt in 2099', created.subject, envelope(created.type, cluster(), { occurredAt: '2099-01-01T00:00:00Z' }), /^occurredAt: 2099-01-01T00:00:00Z lies more than 300 s in the future/],
    ['a NUL in a name', created.subject, envelope(created.type, cluster({ name: 'CUCM\u0000one' })), /^data\.name: must not contain a NUL character/],
    ['a NUL in a node address', created.subject, envelope(created.type, cluster({ nodes: [{ hostname: 'pub', address: '10.0.0.1\u0000', publisher: true }] })), /^data\.nodes\.0\.address: must not contain a NUL/],
    ['no publisher node', created.subject, envelope(created.type, cluster({ nodes: [{ hostname: 'a', address: 'a', publisher: false }] })), /data\.nodes: exactly one publisher node is required \(found 0\)/],
    ['two publisher nodes', created.subject, envelope(created.type, cluster({ nodes: [{ hostname: 'a', address: 'a', publisher: true }, { hostname: 'b', address: 'b', publisher: true }] })), /data\.nodes: exactly one publisher node is required \(found 2\)/],
    ['an empty node list', created.subject, envelope(created.type, cluster({ nodes: [] })), /data\.nodes: a cluster has at least one node/],
    ['a CA bundle above 256 KiB', created.subject, envelope(created.type, cluster({ tls: { caPem: 'x'.repeat(256 * 1024 + 1) } })), /data\.tls\.caPem: Too big/],
    ['a name of 256 characters', created.subject, envelope(created.type, cluster({ name: 'n'.repeat(256) })), /data\.name: Too big/],
    ['a payload that is not JSON', created.subject, '{not json', /^payload is not JSON$/],
  ])('refuses %s, naming the field', (_what, subject, body, reason) => {
    const result = parse(subject, body);
    expect(result.outcome).toBe('invalid');
    expect((result as { reason: string }).reason).toMatch(reason);
  });

  it('takes a CA bundle of a realistic size (150 KB) and an occurredAt within the clock skew', () => {
    const result = parse(created.subject, envelope(created.type, cluster({ tls: { caPem: 'x'.repeat(150_000) } }), { occurredAt: new Date(now + 60_000).toISOString() }));
    expect(result.outcome).toBe('valid');
  });

  it('refuses a message above the contract size, with the limit in the reason', () => {
    const body = JSON.stringify(envelope(created.type, cluster())).padEnd(PROVISIONING_MAX_MESSAGE_BYTES + 1, ' ');
    expect(parse(created.subject, body)).toEqual({ outcome: 'invalid', reason: `message: ${PROVISIONING_MAX_MESSAGE_BYTES + 1} bytes exceed the contract's limit of ${PROVISIONING_MAX_MESSAGE_BYTES} bytes` });
  });

  it('reports a subject no event of its contracts has as unknown (acked and skipped: a newer publisher)', () => {
    expect(parse('hcs.provisioning.v1.cluster.archived', envelope('hcs.provisioning.cluster.archived', { id: 'cl-1' })).outcome).toBe('unknown');
  });

  it('a backslash followed by u0000 in the text is not a NUL', () => {
    expect(parse(created.subject, envelope(created.type, cluster({ name: 'C:\\u0000' }))).outcome).toBe('valid');
  });
});
