import { useState } from 'react';
import { Badge, Button, Card, Grid, Group, Modal, NumberInput, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, data, type paths } from '../api/client';
import { EmptyState, ErrorState, LoadingState } from '../components/states';

type Dashboard = paths['/api/v1/dashboard/licenses']['get']['responses']['200']['content']['application/json'];
type Row = Dashboard['items'][number];
type Level = Dashboard['level'];
type History = paths['/api/v1/dashboard/licenses/history']['get']['responses']['200']['content']['application/json'];
type Subscription = paths['/api/v1/subscriptions']['get']['responses']['200']['content']['application/json']['items'][number];

const LEVELS: { value: Level; label: string }[] = [
  { value: 'virtual-account', label: 'Per Virtual Account' },
  { value: 'customer', label: 'Per Customer' },
];
/** Colours of the series, dark enough for AA contrast of the legend's text on white. */
const PURCHASED = '#1864ab';
const CONSUMED = '#9c3600';
const COMPLIANCE_COLORS = { 'In Compliance': '#2b8a3e', 'Out of Compliance': '#c92a2a' } as const;
/** The bar chart shows this many rows (the most consumed first); the table lists them all. */
const CHART_ROWS = 20;
/** Drawn at this size until the container is measured (and where it cannot be: jsdom). */
const CHART_SIZE = { width: 600, height: 280 };
/** Room for a virtual account's name (VA@SA) beside its bars. */
const NAME_WIDTH = 260;

/** The history windows offered, in days back from today. */
const HISTORY_WINDOWS = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
];

/** Rows with a history: reporting records virtual accounts and customers, not Prime License Managers. */
export const hasHistory = (row: Row): boolean => row.licensedBy === 'Smart';

/** The history's points as the line chart draws them: one per recorded day, summed over the licenses. */
export const historySeries = (history: History) => history.points.map((p) => ({ day: p.day, Purchased: p.purchased, Consumed: p.consumed }));

/** A row's name as the dashboard shows it: a PLM row says so (a customer's PLM row has the customer's name). */
export const rowLabel = (row: Row): string => (row.licensedBy === 'PLM' ? `${row.name} (PLM)` : row.name);

/** Compliance counts for the pie: how many rows are in and out of compliance. */
export const complianceCounts = (rows: readonly Row[]) =>
  (['In Compliance', 'Out of Compliance'] as const).map((name) => ({ name, value: rows.filter((r) => r.compliance === name).length })).filter((c) => c.value > 0);

function ComplianceBadge({ compliance }: { compliance: Row['compliance'] }) {
  return (
    <Badge color={compliance === 'In Compliance' ? 'green' : 'red'} variant="light" c="dark.9" styles={{ root: { maxWidth: 'none' }, label: { overflow: 'visible' } }}>
      {compliance}
    </Badge>
  );
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function Totals({ totals, level }: { totals: Dashboard['totals']; level: Level }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      {(['Smart', 'PLM'] as const).map((kind) => (
        <Card key={kind} withBorder aria-label={`${kind} licensing totals`} component="section">
          <Text fw={700}>{kind === 'Smart' ? 'Smart Licensing' : 'Prime License Manager'}</Text>
          <Text size="sm">{kind === 'PLM' ? count(totals.PLM.items, 'License Manager', 'License Managers') : level === 'customer' ? count(totals.Smart.items, 'customer', 'customers') : count(totals.Smart.items, 'virtual account', 'virtual accounts')}</Text>
          <Group gap="lg" mt="xs">
            <Text>{`Purchased: ${totals[kind].entitlement}`}</Text>
            <Text>{`Consumed: ${totals[kind].consumption}`}</Text>
            <Text>{`Available: ${totals[kind].headroom}`}</Text>
          </Group>
        </Card>
      ))}
    </SimpleGrid>
  );
}

/** Purchased against consumed per row, and how many rows are in compliance (the table below carries every figure). */
function Charts({ rows, level }: { rows: readonly Row[]; level: Level }) {
  const bars = [...rows]
    .sort((a, b) => b.consumption - a.consumption)
    .slice(0, CHART_ROWS)
    .map((r) => ({ name: rowLabel(r), Purchased: r.entitlement, Consumed: r.consumption }));
  const pie = complianceCounts(rows);
  const barsHeight = Math.max(CHART_SIZE.height, 80 + bars.length * 36);
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Card withBorder role="figure" aria-label={`Purchased vs consumed ${level === 'customer' ? 'per customer' : 'per virtual account'}`}>
          <Text fw={700}>Purchased vs Consumed</Text>
          <ResponsiveContainer width="100%" height={barsHeight} initialDimension={{ width: CHART_SIZE.width, height: barsHeight }}>
            <BarChart data={bars} layout="vertical" margin={{ top: 8, right: 16, left: 8, bottom: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} tick={{ fill: '#212529', fontSize: 12 }} />
              <YAxis type="category" dataKey="name" width={NAME_WIDTH} interval={0} tick={{ fill: '#212529', fontSize: 12 }} />
              <Tooltip />
              <Legend verticalAlign="top" />
              <Bar dataKey="Purchased" fill={PURCHASED} isAnimationActive={false} />
              <Bar dataKey="Consumed" fill={CONSUMED} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Card withBorder role="figure" aria-label="Compliance">
          <Text fw={700}>Compliance</Text>
          <ResponsiveContainer width="100%" height={280} initialDimension={CHART_SIZE}>
            <PieChart>
              <Pie data={pie} dataKey="value" nameKey="name" innerRadius={50} outerRadius={90} isAnimationActive={false}>
                {pie.map((c) => (
                  <Cell key={c.name} fill={COMPLIANCE_COLORS[c.name]} />
                ))}
              </Pie>
              <Tooltip />
              <Legend />
            </PieChart>
          </ResponsiveContainer>
        </Card>
      </Grid.Col>
    </Grid>
  );
}

/**
 * Purchased vs consumed over time of one row (issue 18): a point per day a CSSM sync or a license usage collection
 * changed it; between two points the figures held, so the lines step.
 */
function LicenseHistory({ level, row }: { level: Level; row: Row }) {
  const [days, setDays] = useState('90');
  const history = useQuery({
    queryKey: ['dashboard', 'history', level, row.id, days],
    queryFn: () => data(api.GET('/api/v1/dashboard/licenses/history', { params: { query: { level, id: row.id, days: Number(days) } } })),
  });
  const name = rowLabel(row);
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="end">
        <Title order={2} size="h3">
          {`Purchased vs consumed over time: ${name}`}
        </Title>
        <SegmentedControl aria-label="History window" data={HISTORY_WINDOWS} value={days} onChange={setDays} />
      </Group>
      {history.isPending ? (
        <LoadingState label="Loading license history" />
      ) : history.isError ? (
        <ErrorState error={history.error} />
      ) : history.data.points.length === 0 ? (
        <EmptyState>{`No history of ${name} in the last ${days} days: a point is recorded at each CSSM sync and license usage collection.`}</EmptyState>
      ) : (
        <Card withBorder role="figure" aria-label={`Purchased vs consumed over time of ${name}`}>
          <Text size="sm">{`${history.data.points.length} ${history.data.points.length === 1 ? 'day' : 'days'} recorded, ${history.data.points[0]!.day} to ${history.data.points.at(-1)!.day}; last: purchased ${history.data.points.at(-1)!.purchased}, consumed ${history.data.points.at(-1)!.consumed}.`}</Text>
          <ResponsiveContainer width="100%" height={CHART_SIZE.height} initialDimension={CHART_SIZE}>
            <LineChart data={historySeries(history.data)} margin={{ top: 8, right: 16, left: 8, bottom: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" tick={{ fill: '#212529', fontSize: 12 }} />
              <YAxis allowDecimals={false} tick={{ fill: '#212529', fontSize: 12 }} />
              <Tooltip />
              <Legend verticalAlign="top" />
              <Line type="stepAfter" dataKey="Purchased" stroke={PURCHASED} strokeWidth={2} dot isAnimationActive={false} />
              <Line type="stepAfter" dataKey="Consumed" stroke={CONSUMED} strokeWidth={2} dot isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </Card>
      )}
    </Stack>
  );
}

function Licenses({ row }: { row: Row }) {
  return (
    <Table striped aria-label={`Licenses of ${rowLabel(row)}`}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>License</Table.Th>
          <Table.Th>Purchased</Table.Th>
          <Table.Th>Consumed</Table.Th>
          <Table.Th>Available</Table.Th>
          <Table.Th>Compliance</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {row.licenses.map((l) => (
          <Table.Tr key={l.license}>
            <Table.Td>{l.license}</Table.Td>
            <Table.Td>{l.entitlement}</Table.Td>
            <Table.Td>{l.consumption}</Table.Td>
            <Table.Td>{l.headroom}</Table.Td>
            <Table.Td>
              <ComplianceBadge compliance={l.compliance} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Subscriptions whose end date falls within the window, soonest first (Subscription Mapper's end date sort). */
function ExpiringSubscriptions({ withinDays }: { withinDays: number }) {
  const expiring = useQuery({
    queryKey: ['subscriptions', 'expiring', withinDays],
    queryFn: () => data(api.GET('/api/v1/subscriptions', { params: { query: { expiringWithinDays: withinDays, sort: 'endDate', order: 'asc', limit: 100 } } })),
  });
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        Subscriptions Nearing Expiry
      </Title>
      {expiring.isPending ? (
        <LoadingState label="Loading subscriptions nearing expiry" />
      ) : expiring.isError ? (
        <ErrorState error={expiring.error} />
      ) : expiring.data.items.length === 0 ? (
        <EmptyState>{`No subscription ends within ${withinDays} days.`}</EmptyState>
      ) : (
        <Table striped aria-label="Subscriptions nearing expiry">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Subscription ID</Table.Th>
              <Table.Th>End Date</Table.Th>
              <Table.Th>Customer</Table.Th>
              <Table.Th>License Model</Table.Th>
              <Table.Th>Licenses</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {expiring.data.items.map((s: Subscription) => (
              <Table.Tr key={s.subscriptionId}>
                <Table.Td>{s.subscriptionId}</Table.Td>
                <Table.Td>{s.endDate ?? '—'}</Table.Td>
                <Table.Td>{s.customerName ?? 'Not mapped'}</Table.Td>
                <Table.Td>{s.licenseModel ?? '—'}</Table.Td>
                <Table.Td>{s.licenseCount}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {expiring.isSuccess && expiring.data.total > expiring.data.items.length && <Text size="sm">{`${expiring.data.items.length} of ${expiring.data.total} shown: see the Subscription Mapper for all.`}</Text>}
    </Stack>
  );
}

/**
 * HCM-F's License Dashboard: licenses per virtual account (and Prime License Manager) or per customer, purchased
 * against consumed, compliance, subscriptions nearing expiry. The figures are the current ones (CSSM's last sync, the
 * last usage collection); the selected row's purchased vs consumed over time comes from reporting's daily history.
 */
export function LicenseDashboardPage() {
  const [level, setLevel] = useState<Level>('virtual-account');
  const [days, setDays] = useState<number>(30);
  const [withinDays] = useDebouncedValue(days, 300);
  const [shown, setShown] = useState<Row | undefined>();
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const dashboard = useQuery({
    queryKey: ['dashboard', level, withinDays],
    queryFn: () => data(api.GET('/api/v1/dashboard/licenses', { params: { query: { level, expiringWithinDays: withinDays } } })),
    placeholderData: keepPreviousData,
  });
  // The history follows the row chosen at this level, else the first one that has a history.
  const withHistory = dashboard.data?.items.filter(hasHistory) ?? [];
  const selected = withHistory.find((r) => r.id === selectedId) ?? withHistory[0];
  return (
    <Stack>
      <Title order={1}>License Dashboard</Title>
      <Group align="end">
        <SegmentedControl
          aria-label="Level"
          data={LEVELS}
          value={level}
          onChange={(v) => {
            setLevel(v as Level);
            setSelectedId(undefined);
          }}
        />
        <NumberInput
          label="Expiring within (days)"
          min={0}
          max={3650}
          allowDecimal={false}
          allowNegative={false}
          value={days}
          onChange={(v) => typeof v === 'number' && setDays(v)}
          w={180}
        />
      </Group>
      <Text size="sm">Current figures: purchased from CSSM&apos;s last sync, consumed from the last license usage collection.</Text>
      {dashboard.isPending ? (
        <LoadingState label="Loading license dashboard" />
      ) : dashboard.isError ? (
        <ErrorState error={dashboard.error} />
      ) : dashboard.data.items.length === 0 ? (
        <EmptyState>{level === 'customer' ? 'No customer yet: provision customers and sync a smart account.' : 'No virtual account or License Manager yet: sync a smart account first.'}</EmptyState>
      ) : (
        <>
          <Totals totals={dashboard.data.totals} level={dashboard.data.level} />
          <Charts rows={dashboard.data.items} level={dashboard.data.level} />
          <Table striped aria-label={dashboard.data.level === 'customer' ? 'Licenses per customer' : 'Licenses per virtual account'}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{dashboard.data.level === 'customer' ? 'Customer' : 'Virtual Account / License Manager'}</Table.Th>
                <Table.Th>Licensed By</Table.Th>
                <Table.Th>Purchased</Table.Th>
                <Table.Th>Consumed</Table.Th>
                <Table.Th>Available</Table.Th>
                <Table.Th>Compliance</Table.Th>
                <Table.Th>{`Subscriptions expiring within ${withinDays} days`}</Table.Th>
                <Table.Th>Licenses</Table.Th>
                <Table.Th>History</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {dashboard.data.items.map((r) => (
                <Table.Tr key={`${r.licensedBy}/${r.id}`}>
                  <Table.Td>{r.name}</Table.Td>
                  <Table.Td>{r.licensedBy}</Table.Td>
                  <Table.Td>{r.entitlement}</Table.Td>
                  <Table.Td>{r.consumption}</Table.Td>
                  <Table.Td>{r.headroom}</Table.Td>
                  <Table.Td>
                    <ComplianceBadge compliance={r.compliance} />
                  </Table.Td>
                  <Table.Td>{r.subscriptionsExpiringSoon}</Table.Td>
                  <Table.Td>
                    <Button size="compact-sm" variant="subtle" onClick={() => setShown(r)} aria-label={`${r.licenses.length} licenses of ${rowLabel(r)}`} disabled={r.licenses.length === 0}>
                      {`${r.licenses.length} licenses`}
                    </Button>
                  </Table.Td>
                  <Table.Td>
                    {hasHistory(r) ? (
                      <Button size="compact-sm" variant={selected?.id === r.id ? 'light' : 'subtle'} aria-pressed={selected?.id === r.id} aria-label={`History of ${rowLabel(r)}`} onClick={() => setSelectedId(r.id)}>
                        History
                      </Button>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {selected && <LicenseHistory level={dashboard.data.level} row={selected} />}
        </>
      )}
      <ExpiringSubscriptions withinDays={withinDays} />
      <Modal opened={shown !== undefined} onClose={() => setShown(undefined)} title={shown ? `Licenses: ${rowLabel(shown)}` : ''} size="xl">
        {shown && <Licenses row={shown} />}
      </Modal>
    </Stack>
  );
}
