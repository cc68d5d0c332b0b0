import { useState } from 'react';
import { ActionIcon, Badge, Button, Group, List, Modal, NumberInput, Pagination, Select, Stack, Table, Text, Title, Tooltip, UnstyledButton, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data, type paths } from '../api/client';
import { useSave } from '../api/use-save';
import { useSession } from '../auth/session';
import { EmptyState, ErrorState, LoadingState, paginationLabels } from '../components/states';

type SubscriptionPage = paths['/api/v1/subscriptions']['get']['responses']['200']['content']['application/json'];
type Subscription = SubscriptionPage['items'][number];
type SubscriptionQuery = NonNullable<paths['/api/v1/subscriptions']['get']['parameters']['query']>;
type LicenseModel = paths['/api/v1/subscriptions/{subscriptionId}/mapping']['put']['requestBody']['content']['application/json']['licenseModel'];

/** The guide's License Model options. */
export const LICENSE_MODELS: readonly LicenseModel[] = ['Perpetual', 'Named User', 'Named User + Perpetual', 'Enterprise Agreement'];
const PAGE = 50;

type Customer = paths['/api/v1/customers']['get']['responses']['200']['content']['application/json']['items'][number];
interface CustomerOption {
  value: string;
  label: string;
}
/** How many customers a picker loads at a time (the gateway searches the others by name). */
const CUSTOMER_PAGE = 100;
const customerOption = (c: Customer): CustomerOption => ({ value: c.id, label: `${c.name} (${c.id})` });

/**
 * A customer picker over `GET /api/v1/customers`: the first customers by name, and as the operator types, those whose
 * name contains the text (the gateway searches, so a provider with thousands of customers finds each of them).
 */
function CustomerSelect({
  value,
  valueName,
  onChange,
  ...props
}: { value: string | null; valueName?: string | null; onChange: (customerId: string | null) => void } & Pick<SelectProps, 'label' | 'description' | 'placeholder' | 'required' | 'clearable'>) {
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<CustomerOption | undefined>(value ? { value, label: valueName ? `${valueName} (${value})` : value } : undefined);
  // Once a customer is picked the box shows its label: that is not a search.
  const typed = search.trim() !== '' && search !== picked?.label ? search.trim() : '';
  const [name] = useDebouncedValue(typed, 250);
  const customers = useQuery({
    queryKey: ['customers', 'picker', name],
    queryFn: () => data(api.GET('/api/v1/customers', { params: { query: { limit: CUSTOMER_PAGE, ...(name ? { name } : {}) } } })),
    placeholderData: keepPreviousData,
  });
  const options = customers.data?.items.map(customerOption) ?? [];
  if (picked && picked.value === value && !options.some((o) => o.value === picked.value)) options.unshift(picked);
  return (
    <Stack gap={4}>
      <Select
        {...props}
        placeholder={customers.isPending ? 'Loading customers' : props.placeholder}
        data={options}
        value={value}
        onChange={(v, option) => {
          setPicked(v && option ? { value: v, label: option.label } : undefined);
          onChange(v);
        }}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        nothingFoundMessage={customers.isFetching ? 'Searching customers' : 'No customer has this name'}
      />
      {customers.isSuccess && customers.data.total > customers.data.items.length && (
        <Text size="xs">{`${customers.data.items.length} of ${customers.data.total} customers listed: type part of a name to find the others.`}</Text>
      )}
      {customers.isError && <ErrorState error={customers.error} />}
    </Stack>
  );
}

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
  const [customerId, setCustomerId] = useState<string | null>(subscription.customerId);
  const [licenseModel, setLicenseModel] = useState<LicenseModel | null>(subscription.licenseModel);
  const save = useSave(
    (body: { customerId: string; licenseModel: LicenseModel }) =>
      data(api.PUT('/api/v1/subscriptions/{subscriptionId}/mapping', { params: { path: { subscriptionId: subscription.subscriptionId } }, body })),
    [['subscriptions'], ['dashboard']],
    onDone,
  );
  return (
    <Stack>
      <Text>{`Subscription ID: ${subscription.subscriptionId}`}</Text>
      <CustomerSelect
        label="Customer"
        description="Select the customer to which the Subscription ID is mapped (one customer per subscription)"
        placeholder="Select a customer"
        value={customerId}
        valueName={subscription.customerName}
        onChange={setCustomerId}
        required
      />
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
        <CustomerSelect
          label="Customer"
          placeholder="All customers"
          value={customerId}
          onChange={(v) => {
            setCustomerId(v);
            setPage(1);
          }}
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
