import { useState } from 'react';
import { ActionIcon, Badge, Button, Group, List, Modal, NumberInput, Pagination, Select, Stack, Table, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data, type paths } from '../api/client';
import { useSession } from '../auth/session';
import { EmptyState, ErrorState, LoadingState, paginationLabels } from '../components/states';

type SubscriptionPage = paths['/api/v1/subscriptions']['get']['responses']['200']['content']['application/json'];
type Subscription = SubscriptionPage['items'][number];
type SubscriptionQuery = NonNullable<paths['/api/v1/subscriptions']['get']['parameters']['query']>;
type LicenseModel = paths['/api/v1/subscriptions/{subscriptionId}/mapping']['put']['requestBody']['content']['application/json']['licenseModel'];

/** The guide's License Model options. */
export const LICENSE_MODELS: readonly LicenseModel[] = ['Perpetual', 'Named User', 'Named User + Perpetual', 'Enterprise Agreement'];
const PAGE = 50;

/** The customers a subscription can be mapped to (every customer reporting knows, from the per-customer dashboard). */
const useCustomers = () =>
  useQuery({
    queryKey: ['customers', 'mapper'],
    queryFn: async () => {
      const dashboard = await data(api.GET('/api/v1/dashboard/licenses', { params: { query: { level: 'customer' } } }));
      const byId = new Map<string, string>();
      for (const row of dashboard.items) if (row.licensedBy === 'Smart' && !byId.has(row.id)) byId.set(row.id, row.name);
      return [...byId].map(([value, name]) => ({ value, label: `${name} (${value})` })).sort((a, b) => a.label.localeCompare(b.label));
    },
  });

/** License Details: the licenses consumed by the subscription; the i icon lists its license types. */
function LicenseDetails({ s }: { s: Subscription }) {
  const consumed = s.licensesConsumed ?? 0;
  return (
    <Group gap={4} wrap="nowrap">
      <Text size="sm">{`${consumed} of ${s.licenseCount}`}</Text>
      <Tooltip
        multiline
        w={360}
        withArrow
        label={
          <List size="sm">
            {s.licenseDetails.map((l) => (
              <List.Item key={`${l.smartAccountId}/${l.virtualAccount}/${l.license}`}>{`${l.license} (${l.licenseType}): ${l.consumed ?? 0} of ${l.quantity} consumed, ${l.virtualAccount}`}</List.Item>
            ))}
          </List>
        }
      >
        <ActionIcon variant="subtle" size="sm" aria-label={`License details of ${s.subscriptionId}`}>
          i
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

/** Select Customer ID and Select Licensing Model for one subscription (the gateway re-checks the guide's rules). */
function MappingForm({ subscription, onDone }: { subscription: Subscription; onDone: () => void }) {
  const queryClient = useQueryClient();
  const customers = useCustomers();
  const [customerId, setCustomerId] = useState<string | null>(subscription.customerId);
  const [licenseModel, setLicenseModel] = useState<LicenseModel | null>(subscription.licenseModel);
  const save = useMutation({
    mutationFn: (body: { customerId: string; licenseModel: LicenseModel }) =>
      data(api.PUT('/api/v1/subscriptions/{subscriptionId}/mapping', { params: { path: { subscriptionId: subscription.subscriptionId } }, body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['subscriptions'] });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      onDone();
    },
  });
  return (
    <Stack>
      <Text>{`Subscription ID: ${subscription.subscriptionId}`}</Text>
      <Select
        label="Customer"
        description="Select the customer to which the Subscription ID is mapped (one customer per subscription)"
        placeholder={customers.isPending ? 'Loading customers' : 'Select a customer'}
        data={customers.data ?? []}
        value={customerId}
        onChange={setCustomerId}
        searchable
        required
      />
      {customers.isError && <ErrorState error={customers.error} />}
      <Select label="License Model" data={[...LICENSE_MODELS]} value={licenseModel} onChange={(v) => setLicenseModel(v as LicenseModel | null)} allowDeselect={false} required />
      {save.isError && <ErrorState error={save.error} />}
      <Group justify="end">
        <Button onClick={() => customerId && licenseModel && save.mutate({ customerId, licenseModel })} disabled={!customerId || !licenseModel} loading={save.isPending}>
          Save Mapping
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * HCM-F's Subscription Mapper: the subscription IDs synced from CSSM and satellites, each mapped to one customer with a
 * license model (perpetual licenses belong to the provider); sort by End Date to see which are about to expire.
 */
export function SubscriptionMapperPage() {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const customers = useCustomers();
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [days, setDays] = useState<number | ''>('');
  const [expiringWithinDays] = useDebouncedValue(days, 300);
  const [sort, setSort] = useState<{ by: NonNullable<SubscriptionQuery['sort']>; order: NonNullable<SubscriptionQuery['order']> }>({ by: 'endDate', order: 'asc' });
  const [page, setPage] = useState(1);
  const [mapping, setMapping] = useState<Subscription | undefined>();
  const query: SubscriptionQuery = {
    sort: sort.by,
    order: sort.order,
    limit: PAGE,
    offset: (page - 1) * PAGE,
    ...(customerId ? { customerId } : {}),
    ...(expiringWithinDays !== '' ? { expiringWithinDays } : {}),
  };
  const subscriptions = useQuery({ queryKey: ['subscriptions', 'mapper', query], queryFn: () => data(api.GET('/api/v1/subscriptions', { params: { query } })), placeholderData: keepPreviousData });
  const unmap = useMutation({
    mutationFn: (subscriptionId: string) => data(api.DELETE('/api/v1/subscriptions/{subscriptionId}/mapping', { params: { path: { subscriptionId } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['subscriptions'] });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
    },
  });
  const sortBy = (by: typeof sort.by) => {
    setSort((s) => ({ by, order: s.by === by && s.order === 'asc' ? 'desc' : 'asc' }));
    setPage(1);
  };
  const sortHeader = (by: typeof sort.by, label: string) => (
    <Table.Th aria-sort={sort.by === by ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton onClick={() => sortBy(by)} fw={700} fz="sm" aria-label={`Sort by ${label}`}>
        {`${label}${sort.by === by ? (sort.order === 'asc' ? ' ▲' : ' ▼') : ''}`}
      </UnstyledButton>
    </Table.Th>
  );
  return (
    <Stack>
      <Title order={1}>Subscription Mapper</Title>
      <Text size="sm">Subscription IDs retrieved from CSSM and satellites at each sync. Map each to a customer and a license model: the Flex Usage report uses the mapping for compliance and true forward. All perpetual licenses are mapped to the provider.</Text>
      <Group align="end">
        <Select
          label="Customer"
          placeholder="All customers"
          data={customers.data ?? []}
          value={customerId}
          onChange={(v) => {
            setCustomerId(v);
            setPage(1);
          }}
          searchable
          clearable
        />
        <NumberInput
          label="Expiring within (days)"
          placeholder="Any end date"
          min={0}
          max={3650}
          allowDecimal={false}
          allowNegative={false}
          value={days}
          onChange={(v) => {
            setDays(typeof v === 'number' ? v : '');
            setPage(1);
          }}
          w={180}
        />
      </Group>
      {unmap.isError && <ErrorState error={unmap.error} />}
      {subscriptions.isPending ? (
        <LoadingState label="Loading subscriptions" />
      ) : subscriptions.isError ? (
        <ErrorState error={subscriptions.error} />
      ) : subscriptions.data.items.length === 0 ? (
        <EmptyState>{customerId || expiringWithinDays !== '' ? 'No subscription matches these filters.' : 'No subscription ID yet: sync a smart account to retrieve them from CSSM.'}</EmptyState>
      ) : (
        <>
          <Table striped aria-label="Subscriptions">
            <Table.Thead>
              <Table.Tr>
                {sortHeader('subscriptionId', 'Subscription ID')}
                <Table.Th>License Details</Table.Th>
                <Table.Th>Start Date</Table.Th>
                {sortHeader('endDate', 'End Date')}
                <Table.Th>Customer</Table.Th>
                <Table.Th>License Model</Table.Th>
                {can('operator') && <Table.Th>Mapping</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {subscriptions.data.items.map((s) => (
                <Table.Tr key={s.subscriptionId}>
                  <Table.Td>{s.subscriptionId}</Table.Td>
                  <Table.Td>
                    <LicenseDetails s={s} />
                  </Table.Td>
                  <Table.Td>{s.startDate ?? '—'}</Table.Td>
                  <Table.Td>{s.endDate ?? '—'}</Table.Td>
                  <Table.Td>
                    {s.customerName ?? (
                      <Badge color="yellow" variant="light" c="dark.9">
                        Not mapped
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{s.licenseModel ?? '—'}</Table.Td>
                  {can('operator') && (
                    <Table.Td>
                      {s.perpetual ? (
                        <Text size="sm">Provider (perpetual)</Text>
                      ) : (
                        <Group gap="xs" wrap="nowrap">
                          <Button size="compact-sm" variant="light" onClick={() => setMapping(s)} aria-label={`Map ${s.subscriptionId}`}>
                            Map
                          </Button>
                          {s.customerId && (
                            <Button
                              size="compact-sm"
                              variant="subtle"
                              color="red"
                              loading={unmap.isPending && unmap.variables === s.subscriptionId}
                              onClick={() => unmap.mutate(s.subscriptionId)}
                              aria-label={`Remove Mapping of ${s.subscriptionId}`}
                            >
                              Remove Mapping
                            </Button>
                          )}
                        </Group>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pagination getControlProps={paginationLabels} total={Math.max(1, Math.ceil(subscriptions.data.total / PAGE))} value={page} onChange={setPage} aria-label="Pages" />
        </>
      )}
      <Modal opened={mapping !== undefined} onClose={() => setMapping(undefined)} title={mapping ? `Map Subscription ID ${mapping.subscriptionId}` : ''}>
        {mapping && <MappingForm subscription={mapping} onDone={() => setMapping(undefined)} />}
      </Modal>
    </Stack>
  );
}
