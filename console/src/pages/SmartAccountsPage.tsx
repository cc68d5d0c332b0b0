import { useState } from 'react';
import { Badge, Button, Group, Modal, NumberInput, PasswordInput, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data, type paths } from '../api/client';
import { useSave } from '../api/use-save';
import { useSession } from '../auth/session';
import { EmptyState, ErrorState, LoadingState } from '../components/states';

type SmartAccount = paths['/api/v1/smart-accounts/{id}']['get']['responses']['200']['content']['application/json'];
type CreateBody = paths['/api/v1/smart-accounts']['post']['requestBody'] extends { content: { 'application/json': infer B } } | undefined ? B : never;

interface FormState {
  name: string;
  domain: string;
  clientId: string;
  clientSecret: string;
  transportMode: string;
  proxyHost: string;
  proxyPort: number | string;
  opted: boolean;
  orderedVirtualAccount: string;
  operationalVirtualAccount: string;
  autoRegistration: boolean;
}

const emptyForm: FormState = { name: '', domain: '', clientId: '', clientSecret: '', transportMode: 'Global', proxyHost: '', proxyPort: 3128, opted: false, orderedVirtualAccount: '', operationalVirtualAccount: '', autoRegistration: false };

/** The form of an existing account: the client secret is never shown back (left empty, it keeps the stored one). */
const formOf = (sa: SmartAccount): FormState => ({
  name: sa.name,
  domain: sa.domain,
  clientId: sa.clientId,
  clientSecret: '',
  transportMode: sa.transportInherited ? 'Global' : sa.transportMode,
  proxyHost: sa.proxy?.host ?? '',
  proxyPort: sa.proxy?.port ?? 3128,
  opted: sa.operationalLicenses.opted,
  orderedVirtualAccount: sa.operationalLicenses.orderedVirtualAccount ?? '',
  operationalVirtualAccount: sa.operationalLicenses.operationalVirtualAccount ?? '',
  autoRegistration: sa.operationalLicenses.autoRegistration,
});

const bodyOf = (f: FormState): CreateBody => {
  const body: Record<string, unknown> = { name: f.name, domain: f.domain, clientId: f.clientId };
  if (f.clientSecret) body.clientSecret = f.clientSecret;
  if (f.transportMode !== 'Global') body.transportMode = f.transportMode;
  if (f.transportMode === 'Proxy') body.proxy = { host: f.proxyHost, port: Number(f.proxyPort) };
  if (f.opted || f.autoRegistration || f.operationalVirtualAccount)
    body.operationalLicenses = { opted: f.opted, orderedVirtualAccount: f.orderedVirtualAccount || undefined, operationalVirtualAccount: f.operationalVirtualAccount || undefined, autoRegistration: f.autoRegistration };
  return body as CreateBody;
};

function SmartAccountForm({ initial, id, onDone }: { initial: FormState; id?: string; onDone: () => void }) {
  const [f, setF] = useState(initial);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setF((current) => ({ ...current, [key]: value }));
  const save = useSave(
    () => (id ? data(api.PUT('/api/v1/smart-accounts/{id}', { params: { path: { id } }, body: bodyOf(f) as never })) : data(api.POST('/api/v1/smart-accounts', { body: bodyOf(f) }))),
    [['smart-accounts']],
    onDone,
  );
  return (
    <form onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
      <Stack>
        <TextInput label="Smart Account Name" required value={f.name} onChange={(e) => set('name', e.currentTarget.value)} />
        <TextInput label="Domain" value={f.domain} onChange={(e) => set('domain', e.currentTarget.value)} placeholder="example.com" />
        <TextInput label="Client ID" required value={f.clientId} onChange={(e) => set('clientId', e.currentTarget.value)} />
        <PasswordInput
          label="Client Secret"
          required={!id}
          value={f.clientSecret}
          onChange={(e) => set('clientSecret', e.currentTarget.value)}
          description={id ? 'Stored encrypted and never shown: leave empty to keep it' : 'Stored encrypted and never shown again'}
        />
        <Select label="Transport Mode" data={['Global', 'Direct', 'Proxy']} value={f.transportMode} onChange={(v) => set('transportMode', v ?? 'Global')} description="Global: follow the Transport Mode page" />
        {f.transportMode === 'Proxy' && (
          <Group grow>
            <TextInput label="Proxy Host" required value={f.proxyHost} onChange={(e) => set('proxyHost', e.currentTarget.value)} />
            <NumberInput label="Proxy Port" required value={f.proxyPort} onChange={(v) => set('proxyPort', v)} min={1} max={65535} />
          </Group>
        )}
        <Switch label="Operational Licenses" checked={f.opted} onChange={(e) => set('opted', e.currentTarget.checked)} />
        <TextInput label="Ordered Virtual Account" value={f.orderedVirtualAccount} onChange={(e) => set('orderedVirtualAccount', e.currentTarget.value)} disabled={!f.opted} />
        <TextInput label="Operational Virtual Account" value={f.operationalVirtualAccount} onChange={(e) => set('operationalVirtualAccount', e.currentTarget.value)} />
        <Switch label="Auto Registration" checked={f.autoRegistration} onChange={(e) => set('autoRegistration', e.currentTarget.checked)} />
        {save.isError && <ErrorState error={save.error} />}
        <Group justify="end">
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function SyncJobs({ id }: { id: string }) {
  const jobs = useQuery({ queryKey: ['smart-accounts', id, 'sync-jobs'], queryFn: () => data(api.GET('/api/v1/smart-accounts/{id}/sync-jobs', { params: { path: { id }, query: { limit: 10 } } })) });
  if (jobs.isPending) return <LoadingState label="Loading sync jobs" />;
  if (jobs.isError) return <ErrorState error={jobs.error} />;
  if (jobs.data.items.length === 0) return <EmptyState>No sync job yet.</EmptyState>;
  return (
    <Table aria-label="Sync jobs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Started</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Code</Table.Th>
          <Table.Th>Status Info</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {jobs.data.items.map((j) => (
          <Table.Tr key={j.id}>
            <Table.Td>{new Date(j.initiatedAt).toLocaleString()}</Table.Td>
            <Table.Td>{j.status}</Table.Td>
            <Table.Td>{j.errorCode ?? '—'}</Table.Td>
            <Table.Td>{j.statusInfo ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function SmartAccountsPage() {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<{ form: FormState; id?: string } | undefined>();
  const [jobsOf, setJobsOf] = useState<SmartAccount | undefined>();
  const accounts = useQuery({ queryKey: ['smart-accounts'], queryFn: () => data(api.GET('/api/v1/smart-accounts', { params: { query: { limit: 1000 } } })) });
  const sync = useMutation({
    mutationFn: (id: string) => data(api.POST('/api/v1/smart-accounts/{id}/sync', { params: { path: { id } } })),
    onSuccess: (_job, id) => {
      void queryClient.invalidateQueries({ queryKey: ['smart-accounts'] });
      void queryClient.invalidateQueries({ queryKey: ['smart-accounts', id, 'sync-jobs'] });
    },
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Smart Accounts</Title>
        {/* Configuring an account is the administrator's (the API's role), syncing it the operator's. */}
        {can('admin') && <Button onClick={() => setEditing({ form: emptyForm })}>Add Smart Account</Button>}
      </Group>
      {sync.isError && <ErrorState error={sync.error} />}
      {accounts.isPending ? (
        <LoadingState label="Loading smart accounts" />
      ) : accounts.isError ? (
        <ErrorState error={accounts.error} />
      ) : accounts.data.items.length === 0 ? (
        <EmptyState>No smart account yet: add one to sync its virtual accounts from CSSM.</EmptyState>
      ) : (
        <Table striped aria-label="Smart accounts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Smart Account Name</Table.Th>
              <Table.Th>Domain</Table.Th>
              <Table.Th>Transport Mode</Table.Th>
              <Table.Th>VA#</Table.Th>
              <Table.Th>Last SyncUp</Table.Th>
              <Table.Th>Sync Status</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {accounts.data.items.map((sa) => (
              <Table.Tr key={sa.id}>
                <Table.Td>{sa.name}</Table.Td>
                <Table.Td>{sa.domain}</Table.Td>
                <Table.Td>{sa.transportInherited ? `${sa.transportMode} (global)` : sa.transportMode}</Table.Td>
                <Table.Td>{sa.virtualAccounts}</Table.Td>
                <Table.Td>{sa.lastSyncAt ? new Date(sa.lastSyncAt).toLocaleString() : '—'}</Table.Td>
                <Table.Td>
                  <Badge color={sa.lastSyncStatus === 'Failed' ? 'red' : sa.lastSyncStatus === 'Succeeded' ? 'green' : 'gray'} variant="light" c="dark.9">
                    {sa.lastSyncStatus}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Button size="compact-sm" variant="subtle" onClick={() => setJobsOf(sa)} aria-label={`Sync jobs of ${sa.name}`}>
                      Sync jobs
                    </Button>
                    {can('operator') && (
                      <Button size="compact-sm" variant="light" onClick={() => sync.mutate(sa.id)} aria-label={`Sync now ${sa.name}`}>
                        Sync now
                      </Button>
                    )}
                    {can('admin') && (
                      <Button size="compact-sm" variant="subtle" onClick={() => setEditing({ form: formOf(sa), id: sa.id })} aria-label={`Edit ${sa.name}`}>
                        Edit
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={editing !== undefined} onClose={() => setEditing(undefined)} title={editing?.id ? 'Edit Smart Account' : 'Configure Smart Account Access'} size="lg">
        {editing && <SmartAccountForm initial={editing.form} id={editing.id} onDone={() => setEditing(undefined)} />}
      </Modal>
      <Modal opened={jobsOf !== undefined} onClose={() => setJobsOf(undefined)} title={jobsOf ? `Sync jobs: ${jobsOf.name}` : ''} size="xl">
        {jobsOf && <SyncJobs id={jobsOf.id} />}
      </Modal>
      <Text size="xs">
        Client secrets and proxy passwords are write-only: the gateway never returns them.
      </Text>
    </Stack>
  );
}
