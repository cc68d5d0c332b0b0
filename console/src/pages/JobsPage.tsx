import { useState } from 'react';
import { Badge, Group, Pagination, Progress, Select, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, data, type paths } from '../api/client';
import { EmptyState, ErrorState, LoadingState, paginationLabels } from '../components/states';

type Job = paths['/api/v1/jobs/{id}']['get']['responses']['200']['content']['application/json'];
const STATUSES = ['Queued', 'In Progress', 'Succeeded', 'Failed', 'Cancelled'];
const PAGE = 50;
const DONE = new Set(['Succeeded', 'Failed', 'Cancelled']);

/** A batch (jobs sharing a correlation id, e.g. one Assign of 500 clusters): done N of M, failures grouped by code. */
export const batchesOf = (jobs: Job[]) => {
  const batches = new Map<string, Job[]>();
  for (const job of jobs) if (job.correlationId) batches.set(job.correlationId, [...(batches.get(job.correlationId) ?? []), job]);
  return [...batches.entries()]
    .filter(([, list]) => list.length > 1)
    .map(([id, list]) => {
      const failures = new Map<string, { count: number; message: string | null; recommendedAction: string | null }>();
      for (const j of list.filter((j) => j.status === 'Failed')) {
        const code = j.errorCode ?? 'no code';
        const current = failures.get(code);
        failures.set(code, { count: (current?.count ?? 0) + 1, message: current?.message ?? j.statusInfo, recommendedAction: current?.recommendedAction ?? j.recommendedAction });
      }
      return { id, jobType: list[0]!.jobType, total: list.length, done: list.filter((j) => DONE.has(j.status)).length, failures: [...failures.entries()] };
    });
};

export function JobsPage() {
  const [status, setStatus] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const query = { limit: PAGE, offset: (page - 1) * PAGE, ...(status ? { status: status as Job['status'] } : {}) };
  const jobs = useQuery({ queryKey: ['jobs', query], queryFn: () => data(api.GET('/api/v1/jobs', { params: { query } })), placeholderData: keepPreviousData });
  return (
    <Stack>
      <Title order={1}>Jobs</Title>
      <Group>
        <Select label="Status" data={STATUSES} value={status} onChange={(v) => { setStatus(v); setPage(1); }} clearable />
      </Group>
      {jobs.isPending ? (
        <LoadingState label="Loading jobs" />
      ) : jobs.isError ? (
        <ErrorState error={jobs.error} />
      ) : jobs.data.items.length === 0 ? (
        <EmptyState>No job yet.</EmptyState>
      ) : (
        <>
          {batchesOf(jobs.data.items).map((b) => (
            <Stack key={b.id} gap={4} aria-label={`Batch ${b.jobType}`}>
              <Text fw={600}>{`${b.jobType}: ${b.done} of ${b.total} done`}</Text>
              <Progress value={(100 * b.done) / b.total} aria-label={`${b.jobType} progress`} />
              {b.failures.map(([code, f]) => (
                <Text size="sm" key={code}>{`${f.count} failed with ${code}: ${f.message ?? ''}${f.recommendedAction ? ` — Recommended action: ${f.recommendedAction}` : ''}`}</Text>
              ))}
            </Stack>
          ))}
          <Table striped aria-label="Jobs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Job Type</Table.Th>
                <Table.Th>Entity</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Status Info</Table.Th>
                <Table.Th>Recommended Action</Table.Th>
                <Table.Th>Initiated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {jobs.data.items.map((j) => (
                <Table.Tr key={j.id}>
                  <Table.Td>{j.jobType}</Table.Td>
                  <Table.Td>{`${j.entityType}: ${j.entityName}`}</Table.Td>
                  <Table.Td>
                    <Badge color={j.status === 'Failed' ? 'red' : j.status === 'Succeeded' ? 'green' : 'blue'} variant="light" c="dark.9">
                      {j.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{j.errorCode ? `${j.errorCode}: ${j.statusInfo ?? ''}` : (j.statusInfo ?? '—')}</Table.Td>
                  <Table.Td>{j.recommendedAction ?? '—'}</Table.Td>
                  <Table.Td>{new Date(j.initiatedAt).toLocaleString()}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pagination getControlProps={paginationLabels} total={Math.max(1, Math.ceil(jobs.data.total / PAGE))} value={page} onChange={setPage} aria-label="Pages" />
        </>
      )}
    </Stack>
  );
}
