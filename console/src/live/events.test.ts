import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { applyEvent, parseSse } from './events';

describe('live events', () => {
  it('parses server-sent events across chunk boundaries, skipping heartbeats', () => {
    const first = parseSse(': connected\n\nevent: job\ndata: {"id":"j1","status":"Queued"}\n\nevent: clu');
    expect(first.events).toEqual([{ type: 'job', data: { id: 'j1', status: 'Queued' } }]);
    const second = parseSse(`${first.rest}ster\ndata: {"clusterId":"c1"}\n\n`);
    expect(second).toEqual({ events: [{ type: 'cluster', data: { clusterId: 'c1' } }], rest: '' });
  });

  it('patches a job in the cached job lists in place, adds a new one on top, and marks the pages showing it stale', () => {
    const client = new QueryClient();
    client.setQueryData(['jobs', { limit: 50 }], { total: 2, items: [{ id: 'j1', status: 'Queued' }, { id: 'j2', status: 'Queued' }] });
    const stale = new Set<string>();
    applyEvent(client, { type: 'job', data: { id: 'j2', status: 'Succeeded' } }, stale);
    applyEvent(client, { type: 'job', data: { id: 'j3', status: 'Queued' } }, stale);
    expect(client.getQueryData(['jobs', { limit: 50 }])).toEqual({ total: 3, items: [{ id: 'j3', status: 'Queued' }, { id: 'j1', status: 'Queued' }, { id: 'j2', status: 'Succeeded' }] });
    expect([...stale].sort()).toEqual(['clusters', 'license-management', 'license-managers', 'reports', 'smart-accounts', 'virtual-accounts']);
    const clusterOnly = new Set<string>();
    applyEvent(client, { type: 'cluster', data: { clusterId: 'c1' } }, clusterOnly);
    expect([...clusterOnly]).toEqual(['clusters']);
  });
});
