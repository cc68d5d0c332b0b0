import { useState } from 'react';
import { Badge, Button, Checkbox, Fieldset, Group, Modal, NumberInput, PasswordInput, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, data, type paths } from '../api/client';
import { useSave } from '../api/use-save';
import { useSession } from '../auth/session';
import { EmptyState, ErrorState, LoadingState } from '../components/states';

type Delivery = paths['/api/v1/reports/delivery']['get']['responses']['200']['content']['application/json'];
type DeliveryBody = paths['/api/v1/reports/delivery']['put']['requestBody']['content']['application/json'];
type ReportType = Delivery['reportTypes'][number];
type ServerView = Delivery['primary'];

export const REPORT_LABELS: Record<ReportType, string> = {
  'service-inventory': 'Service Inventory',
  'hlm-csv': 'HLM (CSV)',
  'hlm-xlsx': 'HLM (.xlsx)',
  'flex-usage': 'Flex Usage',
};

interface ServerForm {
  host: string;
  port: number | string;
  username: string;
  password: string;
  directory: string;
}

interface DeliveryForm {
  primary: ServerForm;
  backupEnabled: boolean;
  backup: ServerForm;
  reportTypes: string[];
  intervalMinutes: number | string;
  enabled: boolean;
}

const emptyServer: ServerForm = { host: '', port: 22, username: '', password: '', directory: '.' };

/** The stored settings as a form: passwords are write-only, so they start empty and must be entered to save. */
const formOf = (d: Delivery | undefined): DeliveryForm => {
  const server = (s: ServerView | null): ServerForm => (s ? { host: s.host, port: s.port, username: s.username, password: '', directory: s.directory } : emptyServer);
  return {
    primary: server(d?.primary ?? null),
    backupEnabled: Boolean(d?.backup),
    backup: server(d?.backup ?? null),
    reportTypes: d?.reportTypes ?? ['service-inventory', 'hlm-csv'],
    intervalMinutes: d?.intervalMinutes ?? 1440,
    enabled: d?.enabled ?? true,
  };
};

export const deliveryBodyOf = (f: DeliveryForm): DeliveryBody => {
  const server = (s: ServerForm) => ({ host: s.host.trim(), port: Number(s.port), username: s.username.trim(), password: s.password, directory: s.directory.trim() || '.' });
  return {
    primary: server(f.primary),
    ...(f.backupEnabled ? { backup: server(f.backup) } : {}),
    reportTypes: f.reportTypes as ReportType[],
    intervalMinutes: Number(f.intervalMinutes),
    enabled: f.enabled,
  };
};

function ServerFields({ legend, value, onChange }: { legend: string; value: ServerForm; onChange: (v: ServerForm) => void }) {
  const set = <K extends keyof ServerForm>(key: K, v: ServerForm[K]) => onChange({ ...value, [key]: v });
  return (
    <Fieldset legend={legend}>
      <Group grow align="start">
        <TextInput label={`${legend} Host`} required value={value.host} onChange={(e) => set('host', e.currentTarget.value)} />
        <NumberInput label={`${legend} Port`} required min={1} max={65535} value={value.port} onChange={(v) => set('port', v)} />
      </Group>
      <Group grow align="start">
        <TextInput label={`${legend} User Name`} required value={value.username} onChange={(e) => set('username', e.currentTarget.value)} />
        <PasswordInput
          label={`${legend} Password`}
          required
          value={value.password}
          onChange={(e) => set('password', e.currentTarget.value)}
          description="Write-only: stored encrypted, never shown back; enter it to save"
        />
      </Group>
      <TextInput label={`${legend} Directory`} value={value.directory} onChange={(e) => set('directory', e.currentTarget.value)} />
    </Fieldset>
  );
}

function DeliveryFormView({ initial, onDone }: { initial: DeliveryForm; onDone: () => void }) {
  const [f, setF] = useState(initial);
  const save = useSave(() => data(api.PUT('/api/v1/reports/delivery', { body: deliveryBodyOf(f) })), [['reports', 'delivery']], onDone);
  return (
    <form onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
      <Stack>
        <ServerFields legend="Primary" value={f.primary} onChange={(primary) => setF({ ...f, primary })} />
        <Switch label="Backup SFTP server" checked={f.backupEnabled} onChange={(e) => setF({ ...f, backupEnabled: e.currentTarget.checked })} />
        {f.backupEnabled && <ServerFields legend="Backup" value={f.backup} onChange={(backup) => setF({ ...f, backup })} />}
        <Checkbox.Group label="Reports delivered" value={f.reportTypes} onChange={(reportTypes) => setF({ ...f, reportTypes })}>
          <Group mt="xs">
            {Object.entries(REPORT_LABELS).map(([value, label]) => (
              <Checkbox key={value} value={value} label={label} />
            ))}
          </Group>
        </Checkbox.Group>
        <NumberInput label="Interval (minutes)" required min={5} max={10080} value={f.intervalMinutes} onChange={(intervalMinutes) => setF({ ...f, intervalMinutes })} />
        <Switch label="Scheduled delivery enabled" checked={f.enabled} onChange={(e) => setF({ ...f, enabled: e.currentTarget.checked })} />
        {save.isError && <ErrorState error={save.error} />}
        <Group justify="end">
          <Button type="submit" loading={save.isPending}>
            Save Delivery Settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const serverText = (s: ServerView) => `${s.username}@${s.host}:${s.port} ${s.directory} (${s.authentication === 'privateKey' ? 'private key' : 'password'})`;

/** The delivery runs: the reporting service's "Report Delivery" jobs (entity: the SFTP server). */
function DeliveryRuns() {
  const runs = useQuery({
    // Under 'reports': a job event refreshes it (live/events.ts).
    queryKey: ['reports', 'delivery-runs'],
    queryFn: () => data(api.GET('/api/v1/jobs', { params: { query: { service: 'reporting', entityType: 'SFTP Server', limit: 10 } } })),
  });
  if (runs.isPending) return <LoadingState label="Loading delivery runs" />;
  if (runs.isError) return <ErrorState error={runs.error} />;
  if (runs.data.items.length === 0) return <EmptyState>No delivery run yet.</EmptyState>;
  return (
    <Table aria-label="Delivery runs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Started</Table.Th>
          <Table.Th>SFTP Server</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Code</Table.Th>
          <Table.Th>Status Info</Table.Th>
          <Table.Th>Recommended Action</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {runs.data.items.map((j) => (
          <Table.Tr key={j.id}>
            <Table.Td>{new Date(j.initiatedAt).toLocaleString()}</Table.Td>
            <Table.Td>{j.entityName}</Table.Td>
            <Table.Td>
              <Badge color={j.status === 'Failed' ? 'red' : j.status === 'Succeeded' ? 'green' : 'blue'} variant="light" c="dark.9" miw="max-content">
                {j.status}
              </Badge>
            </Table.Td>
            <Table.Td>{j.errorCode ?? '—'}</Table.Td>
            <Table.Td>{j.statusInfo ?? '—'}</Table.Td>
            <Table.Td>{j.recommendedAction ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Reports > SFTP delivery: the settings (credentials write-only; admin edits), Run now (operator), the runs. */
export function ReportDelivery() {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const delivery = useQuery({ queryKey: ['reports', 'delivery'], queryFn: () => data(api.GET('/api/v1/reports/delivery')) });
  const run = useMutation({
    mutationFn: () => data(api.POST('/api/v1/reports/delivery/run')),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['reports'] }),
  });
  const notConfigured = delivery.error instanceof ApiError && delivery.error.problem.status === 404;
  const d = delivery.data;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>SFTP Delivery</Title>
        <Group>
          {can('admin') && !delivery.isPending && (notConfigured || d) && (
            <Button variant="default" onClick={() => setEditing(true)}>
              {d ? 'Edit Delivery Settings' : 'Configure Delivery'}
            </Button>
          )}
          {can('operator') && d && (
            <Button onClick={() => run.mutate()} loading={run.isPending}>
              Run Delivery Now
            </Button>
          )}
        </Group>
      </Group>
      {delivery.isPending ? (
        <LoadingState label="Loading delivery settings" />
      ) : notConfigured ? (
        <EmptyState>No SFTP delivery is configured.</EmptyState>
      ) : delivery.isError ? (
        <ErrorState error={delivery.error} />
      ) : (
        <Table variant="vertical" aria-label="Delivery settings" layout="fixed">
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={220}>Primary SFTP Server</Table.Th>
              <Table.Td>{serverText(d!.primary)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Backup SFTP Server</Table.Th>
              <Table.Td>{d!.backup ? serverText(d!.backup) : '—'}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Reports</Table.Th>
              <Table.Td>{d!.reportTypes.map((t) => REPORT_LABELS[t]).join(', ')}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Schedule</Table.Th>
              <Table.Td>{d!.enabled ? `Every ${d!.intervalMinutes} minutes` : 'Disabled'}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Next Run</Table.Th>
              <Table.Td>{d!.nextRunAt ? new Date(d!.nextRunAt).toLocaleString() : '—'}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Last Run</Table.Th>
              <Table.Td>{d!.lastRunAt ? new Date(d!.lastRunAt).toLocaleString() : '—'}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Last Result</Table.Th>
              <Table.Td>{d!.lastResult ?? '—'}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      )}
      {run.isError && <ErrorState error={run.error} />}
      {run.isSuccess && (
        <Text role="status">{`Delivered ${run.data.files.join(', ')} to the ${run.data.server} server ${run.data.host}${run.data.primaryError ? ` (primary failed: ${run.data.primaryError})` : ''}`}</Text>
      )}
      <Title order={3}>Delivery Runs</Title>
      <DeliveryRuns />
      <Modal opened={editing} onClose={() => setEditing(false)} title="SFTP Delivery Settings" size="xl">
        {editing && <DeliveryFormView initial={formOf(d)} onDone={() => setEditing(false)} />}
      </Modal>
    </Stack>
  );
}
