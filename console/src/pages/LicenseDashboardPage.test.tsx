import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardOf, dashboardRowOf, subscriptionOf } from '../test/fixtures';
import { fakeGateway, problem, renderPage, type Answer, type Routes } from '../test/render';
import { complianceCounts, LicenseDashboardPage, rowLabel } from './LicenseDashboardPage';

const NO_SUBSCRIPTIONS = { body: { total: 0, items: [] } };
const gateway = (dashboard: Routes[string], subscriptions: Answer = NO_SUBSCRIPTIONS) =>
  fakeGateway({ 'GET /api/v1/dashboard/licenses': dashboard, 'GET /api/v1/subscriptions': subscriptions });

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
    expect(within(vaRow).getAllByRole('cell').map((c) => c.textContent)).toEqual(['va-1@sa-1', 'Smart', '100', '40', '60', 'In Compliance', '1', '1 licenses']);
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
