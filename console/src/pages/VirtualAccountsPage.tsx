import { useState } from 'react';
import { Button, Group, Modal, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, data, type paths } from '../api/client';
import { useSave } from '../api/use-save';
import { useSession } from '../auth/session';
import { EmptyState, ErrorState, LoadingState } from '../components/states';

type VirtualAccount = paths['/api/v1/virtual-accounts/{id}']['get']['responses']['200']['content']['application/json'];

/** Edit Virtual Account: the license mode, with the guide's rules (not while clusters are assigned) and warning. */
function LicenseModeEditor({ va, onDone }: { va: VirtualAccount; onDone: () => void }) {
  const { can } = useSession();
  const mode = useQuery({ queryKey: ['license-mode', va.id], queryFn: () => data(api.GET('/api/v1/virtual-accounts/{id}/license-mode', { params: { path: { id: va.id } } })) });
  const [chosen, setChosen] = useState<'HCS' | 'Enterprise' | undefined>();
  const save = useSave(
    (m: 'HCS' | 'Enterprise') => data(api.PUT('/api/v1/virtual-accounts/{id}/license-mode', { params: { path: { id: va.id } }, body: { mode: m } })),
    [['license-mode', va.id], ['virtual-accounts']],
    onDone,
  );
  if (mode.isPending) return <LoadingState label="Loading license mode" />;
  if (mode.isError) return <ErrorState error={mode.error} />;
  const value = chosen ?? mode.data.mode ?? undefined;
  return (
    <Stack>
      <Text>{`License mode: ${mode.data.mode ?? 'not set'}`}</Text>
      <Text size="sm">{`Clusters assigned: ${mode.data.assignedClusters}`}</Text>
      {!mode.data.editable && mode.data.reason && (
        <Text size="sm" fw={600}>
          {mode.data.reason}
        </Text>
      )}
      {can('admin') && mode.data.editable && (
        <>
          <SegmentedControl aria-label="License Mode" data={['HCS', 'Enterprise']} value={value ?? ''} onChange={(v) => setChosen(v as 'HCS' | 'Enterprise')} />
          <Text size="sm">The license mode applies to every cluster assigned to this virtual account later; it cannot change while clusters are assigned.</Text>
          {save.isError && <ErrorState error={save.error} />}
          <Group justify="end">
            <Button onClick={() => value && save.mutate(value)} disabled={!value || value === mode.data.mode} loading={save.isPending}>
              Save License Mode
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}

export function VirtualAccountsPage() {
  const { can } = useSession();
  const [editing, setEditing] = useState<VirtualAccount | undefined>();
  const vas = useQuery({ queryKey: ['virtual-accounts', 'all'], queryFn: () => data(api.GET('/api/v1/virtual-accounts', { params: { query: { limit: 1000 } } })) });
  return (
    <Stack>
      <Title order={1}>Virtual Account Summary</Title>
      {vas.isPending ? (
        <LoadingState label="Loading virtual accounts" />
      ) : vas.isError ? (
        <ErrorState error={vas.error} />
      ) : vas.data.items.length === 0 ? (
        <EmptyState>No virtual account: sync a smart account first.</EmptyState>
      ) : (
        <Table striped aria-label="Virtual accounts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Virtual Account</Table.Th>
              <Table.Th>SA Name</Table.Th>
              <Table.Th>Description</Table.Th>
              <Table.Th>Clusters #</Table.Th>
              <Table.Th>Customer#</Table.Th>
              <Table.Th>License Mode</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {vas.data.items.map((va) => (
              <Table.Tr key={va.id}>
                <Table.Td>{va.removed ? `${va.name} (removed in CSSM)` : va.name}</Table.Td>
                <Table.Td>{va.smartAccountName}</Table.Td>
                <Table.Td>{va.description}</Table.Td>
                <Table.Td>{va.clusters}</Table.Td>
                <Table.Td>{va.customers}</Table.Td>
                <Table.Td>
                  <Button size="compact-sm" variant="subtle" onClick={() => setEditing(va)} aria-label={`${can('admin') ? 'Edit' : 'View'} license mode of ${va.name}`}>
                    {can('admin') ? 'Edit' : 'View'}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={editing !== undefined} onClose={() => setEditing(undefined)} title={editing ? `Edit Virtual Account: ${editing.name}` : ''}>
        {editing && <LicenseModeEditor va={editing} onDone={() => setEditing(undefined)} />}
      </Modal>
    </Stack>
  );
}
