import { useState } from 'react';
import { Badge, Button, Checkbox, Group, Pagination, Select, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data, type paths } from '../api/client';
import { useSession } from '../auth/session';
import { EmptyState, ErrorState, LoadingState, paginationLabels } from '../components/states';

type ClusterQuery = NonNullable<paths['/api/v1/license-management/clusters']['get']['parameters']['query']>;
type ManagedCluster = paths['/api/v1/license-management/clusters']['get']['responses']['200']['content']['application/json']['items'][number];
type ManagedCustomer = paths['/api/v1/license-management/customers']['get']['responses']['200']['content']['application/json']['items'][number];
type JobRef = paths['/api/v1/license-managers/{id}/assign']['post']['responses']['202']['content']['application/json']['jobs'][number];

export const PLM_STATUSES = ['Assigning', 'Assigned', 'Unassigning', 'Unassignment Failed'] as const;
const TYPES = [
  { value: 'cucm', label: 'Cisco Unified CM' },
  { value: 'cuc', label: 'Cisco Unity Connection' },
  { value: 'cer', label: 'Cisco Emergency Responder' },
];
const PAGE = 50;

/**
 * The License Manager each selected cluster goes to (Assign: its customer's; Unassign: its own), grouped, with the
 * clusters that cannot: the guide's rules before the jobs start (the jobs check again).
 */
export const plmBatches = (action: 'assign' | 'unassign', clusters: ManagedCluster[], customers: ManagedCustomer[]) => {
  const lmOfCustomer = new Map(customers.map((c) => [c.customerId, c.licenseManagerId]));
  const batches = new Map<string, string[]>();
  const problems: { cluster: ManagedCluster; problem: string }[] = [];
  for (const cluster of clusters) {
    const lm = action === 'assign' ? lmOfCustomer.get(cluster.customerId) : cluster.licenseManagerId;
    if (action === 'assign' && cluster.licenseManagerId) problems.push({ cluster, problem: `already assigned to ${cluster.licenseManager ?? 'a License Manager'}` });
    else if (!lm) problems.push({ cluster, problem: action === 'assign' ? 'its customer is assigned to no License Manager' : 'not assigned to a License Manager' });
    else batches.set(lm, [...(batches.get(lm) ?? []), cluster.clusterId]);
  }
  return { batches: [...batches.entries()], problems };
};

const statusColor = (status: string | null) => (!status ? 'gray' : status === 'Assigned' ? 'green' : /Failed/.test(status) ? 'red' : 'yellow');

/** License Management > License Management Summary: customers and clusters licensed through PLM. */
export function LicenseManagementSummaryPage() {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [licenseManagerId, setLicenseManagerId] = useState<string | null>(null);
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [type, setType] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Map<string, ManagedCluster>>(new Map());
  const [jobs, setJobs] = useState<JobRef[] | undefined>();

  const query: ClusterQuery = {
    limit: PAGE,
    offset: (page - 1) * PAGE,
    ...(licenseManagerId ? { licenseManagerId } : {}),
    ...(customerId ? { customerId } : {}),
    ...(type ? { type: type as ClusterQuery['type'] } : {}),
    ...(status ? { status: status as ClusterQuery['status'] } : {}),
  };
  const clusters = useQuery({ queryKey: ['license-management', 'clusters', query], queryFn: () => data(api.GET('/api/v1/license-management/clusters', { params: { query } })), placeholderData: keepPreviousData });
  const customers = useQuery({
    queryKey: ['license-management', 'customers', licenseManagerId],
    queryFn: () => data(api.GET('/api/v1/license-management/customers', { params: { query: { limit: 1000, ...(licenseManagerId ? { licenseManagerId } : {}) } } })),
  });
  const managers = useQuery({ queryKey: ['license-managers'], queryFn: () => data(api.GET('/api/v1/license-managers', { params: { query: { limit: 1000 } } })) });
  const filter = (set: (v: string | null) => void) => (v: string | null) => {
    set(v);
    setPage(1);
    setSelected(new Map());
  };

  const run = useMutation({
    mutationFn: async (action: 'assign' | 'unassign') => {
      const { batches } = plmBatches(action, [...selected.values()], customers.data?.items ?? []);
      const path = action === 'assign' ? '/api/v1/license-managers/{id}/assign' : '/api/v1/license-managers/{id}/unassign';
      const answers = await Promise.all(batches.map(([id, clusterIds]) => data(api.POST(path, { params: { path: { id } }, body: { clusterIds } }))));
      return answers.flatMap((a) => a.jobs);
    },
    onSuccess: (started) => {
      setJobs(started);
      setSelected(new Map());
      void queryClient.invalidateQueries({ queryKey: ['license-management'] });
      void queryClient.invalidateQueries({ queryKey: ['license-managers'] });
    },
  });
  const toggle = (c: ManagedCluster) =>
    setSelected((current) => {
      const next = new Map(current);
      if (next.has(c.clusterId)) next.delete(c.clusterId);
      else next.set(c.clusterId, c);
      return next;
    });
  const check = (action: 'assign' | 'unassign') => plmBatches(action, [...selected.values()], customers.data?.items ?? []);
  const nameOf = (id: string) => clusters.data?.items.find((c) => c.clusterId === id)?.name ?? id;

  return (
    <Stack>
      <Title order={1}>License Management Summary</Title>
      <Group align="end" wrap="wrap">
        <Select label="License Manager" data={(managers.data?.items ?? []).map((m) => ({ value: m.id, label: m.hostname }))} value={licenseManagerId} onChange={filter(setLicenseManagerId)} clearable />
        <Select
          label="Customer"
          data={(customers.data?.items ?? []).map((c) => ({ value: c.customerId, label: c.customerName ?? c.customerId }))}
          value={customerId}
          onChange={filter(setCustomerId)}
          clearable
          searchable
        />
        <Select label="Application Type" data={TYPES} value={type} onChange={filter(setType)} clearable />
        <Select label="Status" data={[...PLM_STATUSES]} value={status} onChange={filter(setStatus)} clearable />
      </Group>

      <Title order={2}>Customers</Title>
      {customers.isPending ? (
        <LoadingState label="Loading customers" />
      ) : customers.isError ? (
        <ErrorState error={customers.error} />
      ) : customers.data.items.length === 0 ? (
        <EmptyState>No customer is assigned to a License Manager.</EmptyState>
      ) : (
        <Table aria-label="Customers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Customer</Table.Th>
              <Table.Th>License Manager</Table.Th>
              <Table.Th>Clusters Assigned</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {customers.data.items.map((c) => (
              <Table.Tr key={c.customerId}>
                <Table.Td>{c.customerName ?? c.customerId}</Table.Td>
                <Table.Td>{c.licenseManager}</Table.Td>
                <Table.Td>{c.clusters}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      <Group justify="space-between">
        <Title order={2}>Clusters</Title>
        {can('operator') && (
          <Group>
            <Text size="sm">{`${selected.size} selected`}</Text>
            <Button disabled={selected.size === 0 || check('assign').batches.length === 0} onClick={() => run.mutate('assign')} loading={run.isPending && run.variables === 'assign'}>
              Assign to PLM
            </Button>
            <Button variant="default" disabled={selected.size === 0 || check('unassign').batches.length === 0} onClick={() => run.mutate('unassign')} loading={run.isPending && run.variables === 'unassign'}>
              Unassign from PLM
            </Button>
          </Group>
        )}
      </Group>
      {can('operator') && selected.size > 0 && (
        <Stack gap={2} aria-label="Validation">
          {[...check('assign').problems, ...check('unassign').problems]
            .filter((p, i, all) => all.findIndex((q) => q.problem === p.problem && q.cluster.clusterId === p.cluster.clusterId) === i)
            .map((p) => (
              <Text size="sm" key={`${p.cluster.clusterId}:${p.problem}`}>{`${p.cluster.name}: ${p.problem}`}</Text>
            ))}
        </Stack>
      )}
      {run.isError && <ErrorState error={run.error} />}
      {jobs && (
        <Stack gap={2} role="status">
          {jobs.map((j) => (
            <Text size="sm" key={j.jobId}>{`${nameOf(j.clusterId)}: ${j.status}${j.errorCode ? ` ${j.errorCode}` : ''}${j.statusInfo ? ` — ${j.statusInfo}` : ''}${j.recommendedAction ? ` Recommended action: ${j.recommendedAction}` : ''}`}</Text>
          ))}
        </Stack>
      )}
      {clusters.isPending ? (
        <LoadingState label="Loading clusters" />
      ) : clusters.isError ? (
        <ErrorState error={clusters.error} />
      ) : clusters.data.items.length === 0 ? (
        <EmptyState>No cluster is licensed through a License Manager.</EmptyState>
      ) : (
        <>
          <Table striped aria-label="PLM clusters">
            <Table.Thead>
              <Table.Tr>
                {can('operator') && <Table.Th>Select</Table.Th>}
                <Table.Th>Cluster Name</Table.Th>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Application Type</Table.Th>
                <Table.Th>Version</Table.Th>
                <Table.Th>License Manager</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Last Job</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {clusters.data.items.map((c) => (
                <Table.Tr key={c.clusterId}>
                  {can('operator') && (
                    <Table.Td>
                      <Checkbox checked={selected.has(c.clusterId)} onChange={() => toggle(c)} aria-label={`Select ${c.name}`} />
                    </Table.Td>
                  )}
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td>{c.customerName ?? c.customerId}</Table.Td>
                  <Table.Td>{TYPES.find((t) => t.value === c.type)?.label ?? c.type}</Table.Td>
                  <Table.Td>{c.version}</Table.Td>
                  <Table.Td>{c.licenseManager ?? '—'}</Table.Td>
                  <Table.Td>
                    <Badge color={statusColor(c.status)} variant="light" c="dark.9" miw="max-content">
                      {c.status ?? 'Not Assigned'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {c.job
                      ? `${c.job.jobType}: ${c.job.status}${c.job.errorCode ? ` (${c.job.errorCode})` : ''}${c.job.statusInfo ? ` — ${c.job.statusInfo}` : ''}${c.job.recommendedAction ? ` Recommended action: ${c.job.recommendedAction}` : ''}`
                      : '—'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pagination getControlProps={paginationLabels} total={Math.max(1, Math.ceil(clusters.data.total / PAGE))} value={page} onChange={setPage} aria-label="Pages" />
        </>
      )}
    </Stack>
  );
}
