import { useState } from 'react';
import { Badge, Button, Group, Select, Stack, Table, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { accessToken, api, ApiError, data, type paths } from '../api/client';
import { useSession } from '../auth/session';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { ReportDelivery } from './ReportDelivery';

type ReportType = paths['/api/v1/reports']['post']['requestBody'] extends { content: { 'application/json': { type: infer T } } } | undefined ? T : never;
const TYPES: { value: ReportType; label: string }[] = [
  { value: 'service-inventory', label: 'Service Inventory' },
  { value: 'hlm-csv', label: 'HLM (CSV)' },
  { value: 'hlm-xlsx', label: 'HLM (.xlsx)' },
  { value: 'flex-usage', label: 'Flex Usage' },
];

/** Downloads a report with the bearer token (a plain link would carry none) and hands it to the browser as a file. */
const download = async (id: string, fileName: string): Promise<void> => {
  const response = await fetch(`/api/v1/reports/${encodeURIComponent(id)}/content`, { headers: { authorization: `Bearer ${accessToken() ?? ''}` } });
  if (!response.ok) throw new ApiError({ title: response.statusText, status: response.status, ...((await response.json().catch(() => ({}))) as object) });
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
};

export function ReportsPage() {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [type, setType] = useState<ReportType>('hlm-csv');
  const reports = useQuery({ queryKey: ['reports'], queryFn: () => data(api.GET('/api/v1/reports', { params: { query: { limit: 50 } } })) });
  const generate = useMutation({ mutationFn: () => data(api.POST('/api/v1/reports', { body: { type } })), onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['reports'] }) });
  const fetchFile = useMutation({ mutationFn: ({ id, fileName }: { id: string; fileName: string }) => download(id, fileName) });
  return (
    <Stack>
      <Title order={1}>Reports</Title>
      {can('operator') && (
        <Group align="end">
          <Select label="Report" data={TYPES} value={type} onChange={(v) => v && setType(v as ReportType)} allowDeselect={false} />
          <Button onClick={() => generate.mutate()} loading={generate.isPending}>
            Generate
          </Button>
        </Group>
      )}
      {generate.isError && <ErrorState error={generate.error} />}
      {fetchFile.isError && <ErrorState error={fetchFile.error} />}
      {reports.isPending ? (
        <LoadingState label="Loading reports" />
      ) : reports.isError ? (
        <ErrorState error={reports.error} />
      ) : reports.data.items.length === 0 ? (
        <EmptyState>No report generated yet.</EmptyState>
      ) : (
        <Table striped aria-label="Reports">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Report</Table.Th>
              <Table.Th>Requested</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>File</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reports.data.items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{TYPES.find((t) => t.value === r.type)?.label ?? r.type}</Table.Td>
                <Table.Td>{new Date(r.requestedAt).toLocaleString()}</Table.Td>
                <Table.Td>
                  <Badge color={r.status === 'Failed' ? 'red' : r.status === 'Succeeded' ? 'green' : 'blue'} variant="light" c="dark.9">
                    {r.errorCode ? `${r.status} (${r.errorCode})` : r.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {r.status === 'Succeeded' ? (
                    <Button size="compact-sm" variant="subtle" onClick={() => fetchFile.mutate({ id: r.id, fileName: r.fileName })} aria-label={`Download ${r.fileName}`}>
                      Download
                    </Button>
                  ) : (
                    '—'
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ReportDelivery />
    </Stack>
  );
}
