import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardOf, dashboardRowOf, subscriptionOf } from '../test/fixtures';
import { fakeGateway, problem, renderPage, type Answer, type Routes } from '../test/render';
import { complianceCounts, hasHistory, historySeries, LicenseDashboardPage, rowLabel } from './LicenseDashboardPage';

const NO_SUBSCRIPTIONS = { body: { total: 0, items: [] } };
const historyOf = (url: URL, points: { day: string; purchased: number; consumed: number }[] = []) => ({
  level: url.searchParams.get('level') as 'virtual-account' | 'customer',
  id: url.searchParams.get('id')!,
  name: points.length ? 'va-1@sa-1' : null,
  days: Number(url.searchParams.get('days')),
  points: points.map((p) => ({ ...p, licenses: [{ license: 'CUCM_Enhanced', purchased: p.purchased, consumed: p.consumed }] })),
});
const NO_HISTORY: Routes[string] = (url) => ({ body: historyOf(url) });
const gateway = (dashboard: Routes[string], subscriptions: Answer = NO_SUBSCRIPTIONS, history: Routes[string] = NO_HISTORY) =>
  fakeGateway({ 'GET /api/v1/dashboard/licenses': dashboard, 'GET /api/v1/subscriptions': subscriptions, 'GET /api/v1/dashboard/licenses/history': history });

// jsdom lays nothing out: the charts' containers measure as wide and high as a browser would draw them.
const SIZES = { clientWidth: 600, clientHeight: 280 } as const;
const inherited = Object.fromEntries(Object.keys(SIZES).map((k) => [k, Object.getOwnPropertyDescriptor(Element.prototype, k)!]));
beforeAll(() => {
  for (const [key, size] of Object.entries(SIZES))
    Object.defineProperty(HTMLElement.prototype, key, {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('recharts-responsive-container') ? size : (inherited[key]!.get!.call(this) as number);
      },
    });
});
afterAll(() => {
  for (const key of Object.keys(SIZES)) delete (HTMLElement.prototype as unknown as Record<string, unknown>)[key];
});

describe('License Dashboard states', () => {
  it('loading', () => {
    gateway('pending');
    renderPage(<LicenseDashboardPage />);
    expect(screen.getByLabelText('Loading license dashboard')).toBeInTheDocument();
  });

  it('empty', async () => {
    gateway({ body: dashboardOf([]) });
    renderPage(<LicenseDashboardPage />);
    expect(await screen.findByText('No virtual account or License Manager yet: sync a smart account first.')).toBeInTheDocument();
    expect(await screen.findByText('No subscription ends within 30 days.')).toBeInTheDocument();
  });

  it('error with its code', async () => {
    gateway(problem(503, 'JMS_TIMEOUT', 'The service did not answer', 'Verify the service is running'));
    renderPage(<LicenseDashboardPage />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('JMS_TIMEOUT: The service did not answer');
    expect(alert).toHaveTextContent('Recommended action: Verify the service is running');
  });

  it('data: totals, charts, a row per virtual account and License Manager, subscriptions nearing expiry', async () => {
    const rows = [
      dashboardRowOf({ id: 'sa-1/va-1', name: 'va-1@sa-1', entitlement: 100, consumption: 40, headroom: 60, subscriptionsExpiringSoon: 1 }),
      dashboardRowOf({ id: 'plm/plm-1', name: 'plm-1.example.com', licensedBy: 'PLM', entitlement: 10, consumption: 12, headroom: -2, compliance: 'Out of Compliance' }),
    ];
    gateway({ body: dashboardOf(rows) }, { body: { total: 1, items: [subscriptionOf({ subscriptionId: 'SUB-9', endDate: '2026-12-20', customerName: 'Acme' })] } });
    renderPage(<LicenseDashboardPage />);
    const table = await screen.findByRole('table', { name: 'Licenses per virtual account' });
    const vaRow = within(table).getByRole('row', { name: /va-1@sa-1/ });
    expect(within(vaRow).getAllByRole('cell').map((c) => c.textContent)).toEqual(['va-1@sa-1', 'Smart', '100', '40', '60', 'In Compliance', '1', '1 licenses', 'History']);
    expect(within(table).getByRole('row', { name: /plm-1.example.com/ })).toHaveTextContent('Out of Compliance');
    expect(screen.getByRole('region', { name: 'Smart licensing totals' })).toHaveTextContent('Smart Licensing1 virtual accountPurchased: 100Consumed: 40Available: 60');
    expect(screen.getByRole('region', { name: 'PLM licensing totals' })).toHaveTextContent('Prime License Manager1 License ManagerPurchased: 10Consumed: 12Available: -2');
    // The bar chart draws one bar per row and series (the pie one sector per compliance state).
    const bars = screen.getByRole('figure', { name: 'Purchased vs consumed per virtual account' });
    await waitFor(() => expect(bars.querySelectorAll('.recharts-bar-rectangle')).toHaveLength(4));
    expect(within(bars).getByText('plm-1.example.com (PLM)')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('figure', { name: 'Compliance' }).querySelectorAll('.recharts-pie-sector')).toHaveLength(2));
    const expiring = await screen.findByRole('table', { name: 'Subscriptions nearing expiry' });
    expect(within(expiring).getByRole('row', { name: /SUB-9/ })).toHaveTextContent('2026-12-20');
  });
});

describe('License Dashboard history states (purchased vs consumed over time)', () => {
  const rows = [
    dashboardRowOf({ id: 'plm/plm-1', name: 'plm-1.example.com', licensedBy: 'PLM' }),
    dashboardRowOf({ id: 'sa-1/va-1', name: 'va-1@sa-1' }),
    dashboardRowOf({ id: 'sa-1/va-2', name: 'va-2@sa-1' }),
  ];

  it('loading', async () => {
    gateway({ body: dashboardOf(rows) }, NO_SUBSCRIPTIONS, 'pending');
    renderPage(<LicenseDashboardPage />);
    expect(await screen.findByLabelText('Loading license history')).toBeInTheDocument();
    // The first row with a history is shown: a License Manager has none.
    expect(screen.getByRole('heading', { name: 'Purchased vs consumed over time: va-1@sa-1' })).toBeInTheDocument();
  });

  it('empty', async () => {
    gateway({ body: dashboardOf(rows) });
    renderPage(<LicenseDashboardPage />);
    expect(await screen.findByText('No history of va-1@sa-1 in the last 90 days: a point is recorded at each CSSM sync and license usage collection.')).toBeInTheDocument();
  });

  it('error with its code', async () => {
    gateway({ body: dashboardOf(rows) }, NO_SUBSCRIPTIONS, problem(504, 'JMS_TIMEOUT', 'reporting did not answer', 'Verify that reporting is running'));
    renderPage(<LicenseDashboardPage />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('JMS_TIMEOUT: reporting did not answer');
  });

  it('data: a line per series with a point per recorded day, for the row chosen and the window chosen', async () => {
    const { requests } = gateway({ body: dashboardOf(rows) }, NO_SUBSCRIPTIONS, (url) => ({
      body: historyOf(url, url.searchParams.get('id') === 'sa-1/va-2' ? [{ day: '2026-11-01', purchased: 50, consumed: 10 }, { day: '2026-11-20', purchased: 50, consumed: 30 }, { day: '2026-12-03', purchased: 80, consumed: 45 }] : [{ day: '2026-12-01', purchased: 100, consumed: 40 }]),
    }));
    renderPage(<LicenseDashboardPage />);
    const first = await screen.findByRole('figure', { name: 'Purchased vs consumed over time of va-1@sa-1' });
    expect(first).toHaveTextContent('1 day recorded, 2026-12-01 to 2026-12-01; last: purchased 100, consumed 40.');
    const table = screen.getByRole('table', { name: 'Licenses per virtual account' });
    expect(within(within(table).getByRole('row', { name: /plm-1/ })).queryByRole('button', { name: /History/ })).toBeNull();
    expect(within(table).getByRole('button', { name: 'History of va-1@sa-1' })).toHaveAttribute('aria-pressed', 'true');

    await userEvent.click(within(table).getByRole('button', { name: 'History of va-2@sa-1' }));
    const second = await screen.findByRole('figure', { name: 'Purchased vs consumed over time of va-2@sa-1' });
    expect(second).toHaveTextContent('3 days recorded, 2026-11-01 to 2026-12-03; last: purchased 80, consumed 45.');
    expect(within(table).getByRole('button', { name: 'History of va-2@sa-1' })).toHaveAttribute('aria-pressed', 'true');
    // Two lines (purchased, consumed), each with a dot per day.
    await waitFor(() => expect(second.querySelectorAll('.recharts-line')).toHaveLength(2));
    await waitFor(() => expect(second.querySelectorAll('.recharts-line-dot')).toHaveLength(6));
    expect(requests.filter((r) => r.url.pathname === '/api/v1/dashboard/licenses/history').map((r) => [r.url.searchParams.get('level'), r.url.searchParams.get('id'), r.url.searchParams.get('days')])).toEqual([
      ['virtual-account', 'sa-1/va-1', '90'],
      ['virtual-account', 'sa-1/va-2', '90'],
    ]);

    await userEvent.click(screen.getByText('1 year'));
    await waitFor(() => expect(requests.some((r) => r.url.pathname === '/api/v1/dashboard/licenses/history' && r.url.searchParams.get('id') === 'sa-1/va-2' && r.url.searchParams.get('days') === '365')).toBe(true));
  });

  it('asks per customer for the customer row', async () => {
    const { requests } = gateway((url) => ({ body: dashboardOf(url.searchParams.get('level') === 'customer' ? [dashboardRowOf({ id: 'customer-1', name: 'Acme', level: 'customer' })] : rows) }));
    renderPage(<LicenseDashboardPage />);
    await screen.findByRole('heading', { name: 'Purchased vs consumed over time: va-1@sa-1' });
    await userEvent.click(screen.getByText('Per Customer'));
    expect(await screen.findByRole('heading', { name: 'Purchased vs consumed over time: Acme' })).toBeInTheDocument();
    await waitFor(() => expect(requests.some((r) => r.url.pathname === '/api/v1/dashboard/licenses/history' && r.url.searchParams.get('level') === 'customer' && r.url.searchParams.get('id') === 'customer-1')).toBe(true));
  });

  it('draws the summed figures of each day and has no history for a License Manager', () => {
    const url = new URL('http://x/?level=customer&id=c-1&days=30');
    expect(historySeries(historyOf(url, [{ day: '2026-12-01', purchased: 5, consumed: 7 }]))).toEqual([{ day: '2026-12-01', Purchased: 5, Consumed: 7 }]);
    expect(rows.map(hasHistory)).toEqual([false, true, true]);
  });
});

describe('License Dashboard actions', () => {
  it('asks per customer and for the chosen expiry window', async () => {
    const { requests } = gateway((url) => ({ body: dashboardOf(url.searchParams.get('level') === 'customer' ? [dashboardRowOf({ id: 'customer-1', name: 'Acme', level: 'customer' })] : [dashboardRowOf()]) }));
    renderPage(<LicenseDashboardPage />);
    await screen.findByRole('table', { name: 'Licenses per virtual account' });
    await userEvent.click(screen.getByText('Per Customer'));
    const table = await screen.findByRole('table', { name: 'Licenses per customer' });
    expect(within(table).getByRole('row', { name: /Acme/ })).toBeInTheDocument();
    const days = screen.getByLabelText('Expiring within (days)');
    await userEvent.clear(days);
    await userEvent.type(days, '90');
    await waitFor(() => expect(requests.some((r) => r.url.pathname === '/api/v1/dashboard/licenses' && r.url.searchParams.get('level') === 'customer' && r.url.searchParams.get('expiringWithinDays') === '90')).toBe(true));
    await waitFor(() => expect(requests.some((r) => r.url.pathname === '/api/v1/subscriptions' && r.url.searchParams.get('expiringWithinDays') === '90' && r.url.searchParams.get('sort') === 'endDate')).toBe(true));
    expect(requests.find((r) => r.url.pathname === '/api/v1/dashboard/licenses')!.url.searchParams.get('level')).toBe('virtual-account');
  });

  it("shows a row's licenses", async () => {
    gateway({ body: dashboardOf([dashboardRowOf()]) });
    renderPage(<LicenseDashboardPage />);
    await userEvent.click(await screen.findByRole('button', { name: '1 licenses of va-1@sa-1' }));
    const licenses = await screen.findByRole('table', { name: 'Licenses of va-1@sa-1' });
    expect(within(licenses).getByRole('row', { name: /CUCM_Enhanced/ })).toHaveTextContent('CUCM_Enhanced1004060In Compliance');
  });

  it('counts rows per compliance state and names PLM rows', () => {
    const rows = [dashboardRowOf(), dashboardRowOf({ id: 'b' }), dashboardRowOf({ id: 'plm/1', name: 'plm', licensedBy: 'PLM', compliance: 'Out of Compliance' })];
    expect(complianceCounts(rows)).toEqual([
      { name: 'In Compliance', value: 2 },
      { name: 'Out of Compliance', value: 1 },
    ]);
    expect(complianceCounts([dashboardRowOf()])).toEqual([{ name: 'In Compliance', value: 1 }]);
    expect(rows.map(rowLabel)).toEqual(['va-1@sa-1', 'va-1@sa-1', 'plm (PLM)']);
  });
});
