import { useState } from 'react';
import { Badge, Button, Checkbox, Group, Modal, NumberInput, PasswordInput, Radio, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data, type paths } from '../api/client';
import { useSave } from '../api/use-save';
import { useSession } from '../auth/session';
import { EmptyState, ErrorState, LoadingState } from '../components/states';

type LicenseManager = paths['/api/v1/license-managers/{id}']['get']['responses']['200']['content']['application/json'];
type AddBody = paths['/api/v1/license-managers']['post']['requestBody']['content']['application/json'];
type UpdateBody = paths['/api/v1/license-managers/{id}']['patch']['requestBody']['content']['application/json'];

interface FormState {
  hostname: string;
  port: number | string;
  username: string;
  password: string;
  caPem: string;
  insecureSkipVerify: boolean;
}

const emptyForm: FormState = { hostname: '', port: 8443, username: '', password: '', caPem: '', insecureSkipVerify: false };

/** Add: every field; edit: what the form has, the password only when typed (empty keeps the stored one). */
export const licenseManagerBodyOf = (f: FormState, editing: boolean): AddBody | UpdateBody => {
  const tls = f.caPem.trim() || f.insecureSkipVerify ? { tls: { ...(f.caPem.trim() ? { caPem: f.caPem.trim() } : {}), ...(f.insecureSkipVerify ? { insecureSkipVerify: true } : {}) } } : {};
  const base = { hostname: f.hostname.trim(), port: Number(f.port), username: f.username.trim(), ...tls };
  return editing ? { ...base, ...(f.password ? { password: f.password } : {}) } : { ...base, password: f.password };
};

function LicenseManagerForm({ lm, onDone }: { lm?: LicenseManager; onDone: () => void }) {
  const [f, setF] = useState<FormState>(lm ? { ...emptyForm, hostname: lm.hostname, port: lm.port, username: lm.username } : emptyForm);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setF((current) => ({ ...current, [key]: value }));
  const save = useSave(
    () =>
      lm
        ? data(api.PATCH('/api/v1/license-managers/{id}', { params: { path: { id: lm.id } }, body: licenseManagerBodyOf(f, true) }))
        : data(api.POST('/api/v1/license-managers', { body: licenseManagerBodyOf(f, false) as AddBody })),
    [['license-managers']],
    onDone,
  );
  return (
    <form onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
      <Stack>
        <Group grow align="start">
          <TextInput label="Hostname / IP Address" required value={f.hostname} onChange={(e) => set('hostname', e.currentTarget.value)} />
          <NumberInput label="Port" required min={1} max={65535} value={f.port} onChange={(v) => set('port', v)} />
        </Group>
        <TextInput label="OS Admin User Name" required value={f.username} onChange={(e) => set('username', e.currentTarget.value)} />
        <PasswordInput
          label="OS Admin Password"
          required={!lm}
          value={f.password}
          onChange={(e) => set('password', e.currentTarget.value)}
          description={lm ? 'Stored encrypted and never shown: leave empty to keep it' : 'Stored encrypted and never shown again'}
        />
        <Textarea label="CA certificate (PEM)" description="Trusted for the License Manager's HTTPS certificate" minRows={3} value={f.caPem} onChange={(e) => set('caPem', e.currentTarget.value)} />
        <Checkbox label="Skip certificate verification (labs only; logged)" checked={f.insecureSkipVerify} onChange={(e) => set('insecureSkipVerify', e.currentTarget.checked)} />
        <Text size="sm">The License Manager is validated on PLM before it is saved, and its deployment mode set to HCS.</Text>
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

/** License Management Summary of one License Manager: license types, installed/required/available, customers. */
function LicenseManagerSummary({ lm }: { lm: LicenseManager }) {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [customerId, setCustomerId] = useState('');
  const [mode, setMode] = useState<string>('');
  const summary = useQuery({ queryKey: ['license-managers', lm.id, 'summary'], queryFn: () => data(api.GET('/api/v1/license-managers/{id}/summary', { params: { path: { id: lm.id } } })) });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['license-managers'] });
  const assign = useMutation({
    mutationFn: () => data(api.POST('/api/v1/license-managers/{id}/customers', { params: { path: { id: lm.id } }, body: { customerId: customerId.trim() } })),
    onSuccess: () => {
      setCustomerId('');
      refresh();
      void queryClient.invalidateQueries({ queryKey: ['license-management'] });
    },
  });
  const unassign = useMutation({
    mutationFn: (id: string) => data(api.DELETE('/api/v1/license-managers/{id}/customers/{customerId}', { params: { path: { id: lm.id, customerId: id } } })),
    onSuccess: () => {
      refresh();
      void queryClient.invalidateQueries({ queryKey: ['license-management'] });
    },
  });
  const setLicenseMode = useMutation({
    mutationFn: () => data(api.PUT('/api/v1/license-managers/{id}/license-mode', { params: { path: { id: lm.id } }, body: { licenseMode: mode as 'HCS' | 'Enterprise' } })),
    onSuccess: refresh,
  });
  if (summary.isPending) return <LoadingState label="Loading License Management Summary" />;
  if (summary.isError) return <ErrorState error={summary.error} />;
  const s = summary.data;
  return (
    <Stack>
      <Group>
        <Badge color={s.compliance === 'Compliant' ? 'green' : 'red'} variant="light" c="dark.9">
          {s.compliance}
        </Badge>
        <Text size="sm">{`License mode: ${s.licenseManager.licenseMode ?? 'unknown'} · read from PLM ${new Date(s.readAt).toLocaleString()}`}</Text>
      </Group>
      {s.licenses.length === 0 ? (
        <EmptyState>No license installed on this License Manager.</EmptyState>
      ) : (
        <Table aria-label="Licenses">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>License Type</Table.Th>
              <Table.Th>Installed</Table.Th>
              <Table.Th>Required</Table.Th>
              <Table.Th>Available</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.licenses.map((l) => (
              <Table.Tr key={l.licenseType}>
                <Table.Td>{l.licenseType}</Table.Td>
                <Table.Td>{l.installed}</Table.Td>
                <Table.Td>{l.required}</Table.Td>
                <Table.Td>{l.available}</Table.Td>
                <Table.Td>{l.status}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={3}>Customers</Title>
      {s.customers.length === 0 ? (
        <EmptyState>No customer assigned.</EmptyState>
      ) : (
        <Table aria-label="Assigned customers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Customer</Table.Th>
              <Table.Th>Clusters</Table.Th>
              {can('operator') && <Table.Th>Actions</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.customers.map((c) => (
              <Table.Tr key={c.customerId}>
                <Table.Td>{c.customerName ?? c.customerId}</Table.Td>
                <Table.Td>{c.clusters}</Table.Td>
                {can('operator') && (
                  <Table.Td>
                    <Button size="compact-sm" variant="subtle" color="red" onClick={() => unassign.mutate(c.customerId)} aria-label={`Unassign customer ${c.customerName ?? c.customerId}`}>
                      Unassign
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {unassign.isError && <ErrorState error={unassign.error} />}
      {can('operator') && (
        <form onSubmit={(e) => { e.preventDefault(); assign.mutate(); }}>
          <Group align="end">
            <TextInput label="Customer ID" required value={customerId} onChange={(e) => setCustomerId(e.currentTarget.value)} description="The provisioning system's customer id" />
            <Button type="submit" loading={assign.isPending}>
              Assign Customer
            </Button>
          </Group>
        </form>
      )}
      {assign.isError && <ErrorState error={assign.error} />}
      {can('admin') && (
        <form onSubmit={(e) => { e.preventDefault(); setLicenseMode.mutate(); }}>
          <Group align="end">
            <Radio.Group label="License Mode" value={mode || (s.licenseManager.licenseMode ?? '')} onChange={setMode}>
              <Group mt="xs">
                <Radio value="HCS" label="HCS" />
                <Radio value="Enterprise" label="Enterprise" />
              </Group>
            </Radio.Group>
            <Button type="submit" variant="default" disabled={!mode || mode === s.licenseManager.licenseMode} loading={setLicenseMode.isPending}>
              Save License Mode
            </Button>
          </Group>
        </form>
      )}
      {setLicenseMode.isError && <ErrorState error={setLicenseMode.error} />}
    </Stack>
  );
}

/** License Management > License Manager: standalone Prime License Managers for 11.x clusters. */
export function LicenseManagersPage() {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<{ lm?: LicenseManager } | undefined>();
  const [summaryOf, setSummaryOf] = useState<LicenseManager | undefined>();
  const [deleting, setDeleting] = useState<LicenseManager | undefined>();
  const managers = useQuery({ queryKey: ['license-managers'], queryFn: () => data(api.GET('/api/v1/license-managers', { params: { query: { limit: 1000 } } })) });
  const remove = useMutation({
    mutationFn: (id: string) => data(api.DELETE('/api/v1/license-managers/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      setDeleting(undefined);
      void queryClient.invalidateQueries({ queryKey: ['license-managers'] });
    },
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>License Manager</Title>
        {can('admin') && <Button onClick={() => setEditing({})}>Add License Manager</Button>}
      </Group>
      {managers.isPending ? (
        <LoadingState label="Loading License Managers" />
      ) : managers.isError ? (
        <ErrorState error={managers.error} />
      ) : managers.data.items.length === 0 ? (
        <EmptyState>No License Manager yet: add a standalone Prime License Manager to license 11.x clusters.</EmptyState>
      ) : (
        <Table striped aria-label="License Managers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Hostname</Table.Th>
              <Table.Th>Port</Table.Th>
              <Table.Th>OS Admin User</Table.Th>
              <Table.Th>Version</Table.Th>
              <Table.Th>License Mode</Table.Th>
              <Table.Th>Customers</Table.Th>
              <Table.Th>Clusters</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {managers.data.items.map((lm) => (
              <Table.Tr key={lm.id}>
                <Table.Td>{lm.hostname}</Table.Td>
                <Table.Td>{lm.port}</Table.Td>
                <Table.Td>{lm.username}</Table.Td>
                <Table.Td>{lm.version ?? '—'}</Table.Td>
                <Table.Td>{lm.licenseMode ?? '—'}</Table.Td>
                <Table.Td>{lm.customers}</Table.Td>
                <Table.Td>{`${lm.clusters} of ${lm.capacity}`}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Button size="compact-sm" variant="subtle" onClick={() => setSummaryOf(lm)} aria-label={`Summary of ${lm.hostname}`}>
                      Summary
                    </Button>
                    {can('admin') && (
                      <>
                        <Button size="compact-sm" variant="subtle" onClick={() => setEditing({ lm })} aria-label={`Edit ${lm.hostname}`}>
                          Edit
                        </Button>
                        <Button size="compact-sm" variant="subtle" color="red" onClick={() => setDeleting(lm)} aria-label={`Delete ${lm.hostname}`}>
                          Delete
                        </Button>
                      </>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={editing !== undefined} onClose={() => setEditing(undefined)} title={editing?.lm ? `Edit License Manager ${editing.lm.hostname}` : 'Add License Manager'} size="lg">
        {editing && <LicenseManagerForm lm={editing.lm} onDone={() => setEditing(undefined)} />}
      </Modal>
      <Modal opened={summaryOf !== undefined} onClose={() => setSummaryOf(undefined)} title={summaryOf ? `License Management Summary: ${summaryOf.hostname}` : ''} size="xl">
        {summaryOf && <LicenseManagerSummary lm={summaryOf} />}
      </Modal>
      <Modal opened={deleting !== undefined} onClose={() => { setDeleting(undefined); remove.reset(); }} title="Delete License Manager">
        {deleting && (
          <Stack>
            <Text>{`Delete ${deleting.hostname}? Its customers and clusters must be unassigned first.`}</Text>
            {remove.isError && <ErrorState error={remove.error} />}
            <Group justify="end">
              <Button color="red" onClick={() => remove.mutate(deleting.id)} loading={remove.isPending}>
                Delete License Manager
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
