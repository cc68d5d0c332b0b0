import { useState } from 'react';
import { Badge, Button, Checkbox, Drawer, Group, Modal, Pagination, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data, type paths } from '../api/client';
import { useSession } from '../auth/session';
import { EmptyState, ErrorState, LoadingState, paginationLabels } from '../components/states';

type ClusterPage = paths['/api/v1/clusters']['get']['responses']['200']['content']['application/json'];
type Cluster = ClusterPage['items'][number];
type ClusterQuery = NonNullable<paths['/api/v1/clusters']['get']['parameters']['query']>;
type Batch = paths['/api/v1/virtual-accounts/{id}/clusters']['post']['responses']['202']['content']['application/json'];

/** The guide's Cluster Summary statuses (prioritised), for the status filter. */
export const CLUSTER_STATUSES = [
  'Multiple Virtual Account Registered',
  'Auto Registration Failed',
  'Manual Registration Failed',
  'Deregistration Failed',
  'Deregistered',
  'Partially Registered',
  'Auto Registration InProgress',
  'Auto Deregistration InProgress',
  'Auto Registered',
  'Manually Registered',
] as const;
const TYPES = [
  { value: 'cucm', label: 'Cisco Unified CM' },
  { value: 'cuc', label: 'Cisco Unity Connection' },
  { value: 'cer', label: 'Cisco Emergency Responder' },
  { value: 'expressway-c', label: 'Expressway-C (core)' },
  { value: 'expressway-e', label: 'Expressway-E (edge)' },
];
const PAGE = 50;

const statusColor = (status: string | null): string =>
  !status ? 'gray' : /Failed|Multiple/.test(status) ? 'red' : /InProgress|Partially/.test(status) ? 'yellow' : status === 'Deregistered' ? 'gray' : 'green';

export function StatusBadge({ status }: { status: string | null }) {
  return (
    <Badge color={statusColor(status)} variant="light" c="dark.9">
      {status ?? 'Not Assigned'}
    </Badge>
  );
}

/** What the guide requires before an Assign or Unassign job starts, checked on the selection (the jobs re-check). */
export const validateSelection = (action: 'assign' | 'unassign', clusters: Cluster[], virtualAccountId: string | null): { cluster: Cluster; problem: string }[] =>
  clusters.flatMap((cluster) => {
    if (!cluster.eligible) return [{ cluster, problem: `${cluster.type} ${cluster.version} is not a smart-licensing version the guide lists` }];
    if (action === 'assign' && virtualAccountId && cluster.virtualAccountId === virtualAccountId) return [{ cluster, problem: 'already assigned to this virtual account' }];
    if (action === 'assign' && cluster.virtualAccountId && cluster.virtualAccountId !== virtualAccountId) return [{ cluster, problem: `assigned to ${cluster.virtualAccount ?? 'another virtual account'}: unassign it first` }];
    if (action === 'unassign' && !cluster.virtualAccountId) return [{ cluster, problem: 'not assigned to a virtual account' }];
    return [];
  });

export function ClusterSummaryPage() {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [customer, setCustomer] = useState('');
  const [debouncedCustomer] = useDebouncedValue(customer, 250);
  const [type, setType] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [virtualAccountId, setVirtualAccountId] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Map<string, Cluster>>(new Map());
  const [action, setAction] = useState<'assign' | 'unassign' | undefined>();
  const [target, setTarget] = useState<string | null>(null);
  const [details, setDetails] = useState<Cluster | undefined>();
  const [batch, setBatch] = useState<Batch | undefined>();

  const filters = {
    ...(debouncedCustomer ? { customer: debouncedCustomer } : {}),
    ...(type ? { type } : {}),
    ...(status ? { status: status as ClusterQuery['status'] } : {}),
    ...(virtualAccountId ? { virtualAccountId } : {}),
  };
  const query: ClusterQuery = { ...filters, eligible: 'all', limit: PAGE, offset: (page - 1) * PAGE };
  const clusters = useQuery({ queryKey: ['clusters', query], queryFn: () => data(api.GET('/api/v1/clusters', { params: { query } })), placeholderData: keepPreviousData });
  const vas = useQuery({ queryKey: ['virtual-accounts', 'all'], queryFn: () => data(api.GET('/api/v1/virtual-accounts', { params: { query: { limit: 1000 } } })) });
  const vaOptions = (vas.data?.items ?? []).map((va) => ({ value: va.id, label: `${va.name} (${va.smartAccountName})` }));

  const run = useMutation({
    mutationFn: async () => {
      const clusterIds = [...selected.keys()];
      const vaId = action === 'assign' ? target! : target ?? [...selected.values()][0]!.virtualAccountId!;
      const path = action === 'assign' ? '/api/v1/virtual-accounts/{id}/clusters' : '/api/v1/virtual-accounts/{id}/clusters/unassign';
      return data(api.POST(path, { params: { path: { id: vaId } }, body: { clusterIds } }));
    },
    onSuccess: (result) => {
      setBatch(result);
      setAction(undefined);
      setSelected(new Map());
      void queryClient.invalidateQueries({ queryKey: ['clusters'] });
      void queryClient.invalidateQueries({ queryKey: ['jobs'] });
    },
  });
  const refresh = useMutation({
    mutationFn: () => data(api.POST('/api/v1/clusters/status-refresh', { body: { ...filters, eligible: true } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['clusters'] }),
  });

  const toggle = (cluster: Cluster) =>
    setSelected((current) => {
      const next = new Map(current);
      if (next.has(cluster.id)) next.delete(cluster.id);
      else next.set(cluster.id, cluster);
      return next;
    });
  const problems = action ? validateSelection(action, [...selected.values()], action === 'assign' ? target : null) : [];
  const unassignVas = new Set([...selected.values()].map((c) => c.virtualAccountId));

  return (
    <Stack>
      <Title order={1}>Cluster Summary</Title>
      <Group align="end" wrap="wrap">
        <TextInput label="Customer" value={customer} onChange={(e) => { setCustomer(e.currentTarget.value); setPage(1); }} placeholder="Customer name" />
        <Select label="Application Type" data={TYPES} value={type} onChange={(v) => { setType(v); setPage(1); }} clearable />
        <Select label="Status" data={[...CLUSTER_STATUSES]} value={status} onChange={(v) => { setStatus(v); setPage(1); }} clearable />
        <Select label="Virtual Account" data={vaOptions} value={virtualAccountId} onChange={(v) => { setVirtualAccountId(v); setPage(1); }} clearable searchable />
        {can('operator') && (
          <>
            <Button onClick={() => setAction('assign')} disabled={selected.size === 0}>
              Assign
            </Button>
            <Button variant="outline" onClick={() => setAction('unassign')} disabled={selected.size === 0}>
              Unassign
            </Button>
            <Button variant="subtle" onClick={() => refresh.mutate()} loading={refresh.isPending}>
              Refresh status
            </Button>
          </>
        )}
      </Group>
      {refresh.isError && <ErrorState error={refresh.error} />}
      {batch && (
        <Text role="status">{`${batch.jobs.length} job(s) started: ${batch.jobs.filter((j) => j.status === 'Failed').length} refused at once. Follow them on the Jobs page.`}</Text>
      )}
      {clusters.isPending ? (
        <LoadingState label="Loading clusters" />
      ) : clusters.isError ? (
        <ErrorState error={clusters.error} />
      ) : clusters.data.items.length === 0 ? (
        <EmptyState>No cluster matches these filters.</EmptyState>
      ) : (
        <>
          <Text size="sm">{`${clusters.data.total} clusters`}</Text>
          <Table striped highlightOnHover aria-label="Clusters">
            <Table.Thead>
              <Table.Tr>
                {can('operator') && <Table.Th>Select</Table.Th>}
                <Table.Th>Cluster Name</Table.Th>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Application Type</Table.Th>
                <Table.Th>Version</Table.Th>
                <Table.Th>Smart Account</Table.Th>
                <Table.Th>Virtual Account</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Job Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {clusters.data.items.map((c) => (
                <Table.Tr key={c.id}>
                  {can('operator') && (
                    <Table.Td>
                      <Checkbox aria-label={`Select ${c.name}`} checked={selected.has(c.id)} onChange={() => toggle(c)} />
                    </Table.Td>
                  )}
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td>{c.customerName ?? c.customerId}</Table.Td>
                  <Table.Td>{c.type}</Table.Td>
                  <Table.Td>{c.version}</Table.Td>
                  <Table.Td>{c.smartAccount ?? '—'}</Table.Td>
                  <Table.Td>{c.virtualAccount ?? '—'}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={c.status} />
                  </Table.Td>
                  <Table.Td>
                    {c.job ? (
                      <Button variant="subtle" size="compact-sm" onClick={() => setDetails(c)} aria-label={`${c.job.status}: job details of ${c.name}`}>
                        {c.job.status}
                      </Button>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pagination getControlProps={paginationLabels} total={Math.max(1, Math.ceil(clusters.data.total / PAGE))} value={page} onChange={setPage} aria-label="Pages" />
        </>
      )}

      <Modal opened={action !== undefined} onClose={() => setAction(undefined)} title={action === 'assign' ? 'Assign to a Virtual Account' : 'Unassign from the Virtual Account'}>
        <Stack>
          {action === 'assign' && <Select label="Virtual Account" data={vaOptions} value={target} onChange={setTarget} searchable />}
          {action === 'unassign' && unassignVas.size > 1 && <Text c="red">The selected clusters are assigned to different virtual accounts: unassign them one virtual account at a time.</Text>}
          <Text>{`${selected.size} cluster(s) selected.`}</Text>
          {problems.length > 0 ? (
            <Stack gap={4} aria-label="Validation">
              <Text fw={600}>{`${problems.length} cluster(s) will be refused:`}</Text>
              {problems.map((p) => (
                <Text size="sm" key={p.cluster.id}>{`${p.cluster.name}: ${p.problem}`}</Text>
              ))}
            </Stack>
          ) : (
            <Text size="sm" aria-label="Validation">All selected clusters can be submitted.</Text>
          )}
          {run.isError && <ErrorState error={run.error} />}
          <Group justify="end">
            <Button variant="default" onClick={() => setAction(undefined)}>
              Cancel
            </Button>
            <Button
              onClick={() => run.mutate()}
              loading={run.isPending}
              disabled={(action === 'assign' && !target) || (action === 'unassign' && unassignVas.size > 1) || problems.length === selected.size}
            >
              {action === 'assign' ? 'Start Assign jobs' : 'Start Unassign jobs'}
            </Button>
          </Group>
        </Stack>
      </Modal>

      <Drawer opened={details !== undefined} onClose={() => setDetails(undefined)} title={details ? `Job Status: ${details.name}` : ''} position="right">
        {details?.job && (
          <Stack gap="xs">
            <Text>{`${details.job.jobType}: ${details.job.status}`}</Text>
            <Text size="sm">{details.job.description}</Text>
            {details.job.errorCode && <Text fw={600}>{`Error code: ${details.job.errorCode}`}</Text>}
            {details.job.statusInfo && <Text size="sm">{`Message: ${details.job.statusInfo}`}</Text>}
            {(details.job.recommendedAction ?? details.statusDetails?.recommendedAction) && (
              <Text size="sm">{`Recommended action: ${details.job.recommendedAction ?? details.statusDetails?.recommendedAction}`}</Text>
            )}
            {details.agentState && details.agentState.nodes.length > 0 && (
              <Table aria-label="Node states">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Node</Table.Th>
                    <Table.Th>Registration Status</Table.Th>
                    <Table.Th>Virtual Account</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {details.agentState.nodes.map((n) => (
                    <Table.Tr key={n.hostname}>
                      <Table.Td>{n.hostname}</Table.Td>
                      <Table.Td>{n.registrationStatus}</Table.Td>
                      <Table.Td>{n.virtualAccount ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        )}
      </Drawer>
    </Stack>
  );
}
