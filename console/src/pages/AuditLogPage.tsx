import { useState } from 'react';
import { Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, data, type paths } from '../api/client';
import { EmptyState, ErrorState, LoadingState } from '../components/states';

type Query = NonNullable<paths['/api/v1/audit-log']['get']['parameters']['query']>;
const METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];
const OUTCOMES = [
  { value: 'succeeded', label: 'Succeeded (below 400)' },
  { value: 'failed', label: 'Failed (400 or above)' },
];
export const AUDIT_PAGE = 50;

/** Administration > Audit Log (admin): every mutation through the REST API, who, what, outcome, trace id. */
export function AuditLogPage() {
  const [actor, setActor] = useState('');
  const [path, setPath] = useState('');
  const [method, setMethod] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [since, setSince] = useState('');
  const [page, setPage] = useState(0);
  const [debouncedActor] = useDebouncedValue(actor.trim(), 250);
  const [debouncedPath] = useDebouncedValue(path.trim(), 250);
  const query: Query = {
    limit: AUDIT_PAGE,
    offset: page * AUDIT_PAGE,
    ...(debouncedActor ? { actor: debouncedActor } : {}),
    ...(debouncedPath ? { path: debouncedPath } : {}),
    ...(method ? { method: method as Query['method'] } : {}),
    ...(outcome ? { outcome: outcome as Query['outcome'] } : {}),
    ...(since && !Number.isNaN(Date.parse(since)) ? { since: new Date(since).toISOString() } : {}),
  };
  const entries = useQuery({ queryKey: ['audit-log', query], queryFn: () => data(api.GET('/api/v1/audit-log', { params: { query } })), placeholderData: keepPreviousData });
  const filter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(0);
  };
  return (
    <Stack>
      <Title order={1}>Audit Log</Title>
      <Group align="end">
        <TextInput label="Actor" value={actor} onChange={(e) => filter(setActor)(e.currentTarget.value)} />
        <Select label="Method" data={METHODS} value={method} onChange={filter(setMethod)} clearable />
        <TextInput label="Path" value={path} onChange={(e) => filter(setPath)(e.currentTarget.value)} placeholder="/api/v1/smart-accounts" />
        <Select label="Outcome" data={OUTCOMES} value={outcome} onChange={filter(setOutcome)} clearable />
        <TextInput label="Since" type="datetime-local" value={since} onChange={(e) => filter(setSince)(e.currentTarget.value)} />
      </Group>
      {entries.isPending ? (
        <LoadingState label="Loading audit log" />
      ) : entries.isError ? (
        <ErrorState error={entries.error} />
      ) : entries.data.length === 0 ? (
        <EmptyState>{page > 0 ? 'No more entries.' : 'No audit log entry matches.'}</EmptyState>
      ) : (
        <Table striped aria-label="Audit log">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th>Actor</Table.Th>
              <Table.Th>Roles</Table.Th>
              <Table.Th>Method</Table.Th>
              <Table.Th>Path</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Trace ID</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.data.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{new Date(e.at).toLocaleString()}</Table.Td>
                <Table.Td>{e.actor}</Table.Td>
                <Table.Td>{e.roles.join(', ')}</Table.Td>
                <Table.Td>{e.method}</Table.Td>
                <Table.Td>{e.path}</Table.Td>
                <Table.Td>
                  <Badge color={e.status >= 400 ? 'red' : 'green'} variant="light" c="dark.9">
                    {e.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text ff="monospace" size="xs">
                    {e.traceId ?? '—'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group>
        <Button variant="default" size="xs" disabled={page === 0} onClick={() => setPage(page - 1)}>
          Newer entries
        </Button>
        <Text size="sm">{`Page ${page + 1}`}</Text>
        <Button variant="default" size="xs" disabled={!entries.data || entries.data.length < AUDIT_PAGE} onClick={() => setPage(page + 1)}>
          Older entries
        </Button>
      </Group>
    </Stack>
  );
}
