import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { subscriptionOf } from '../test/fixtures';
import { fakeGateway, problem, renderPage, type Routes } from '../test/render';
import { SubscriptionMapperPage } from './SubscriptionMapperPage';

/** The customers the mapper offers: GET /api/v1/customers, searched by name as the operator types. */
const CUSTOMER_LIST = [
  { id: 'customer-1', name: 'Acme' },
  { id: 'customer-2', name: 'Globex' },
];
const CUSTOMERS: Routes[string] = (url) => {
  const name = url.searchParams.get('name')?.toLowerCase();
  const items = CUSTOMER_LIST.filter((c) => !name || c.name.toLowerCase().includes(name));
  return { body: { total: items.length, items } };
};
const gateway = (subscriptions: Routes[string], more: Routes = {}) => fakeGateway({ 'GET /api/v1/subscriptions': subscriptions, 'GET /api/v1/customers': CUSTOMERS, ...more });

const mapped = subscriptionOf({ subscriptionId: 'SUB-2', customerId: 'customer-1', customerName: 'Acme', licenseModel: 'Named User' });
const perpetual = subscriptionOf({ subscriptionId: 'SUB-P', perpetual: true, startDate: null, endDate: null, customerId: null, customerName: 'Provider', licenseModel: 'Perpetual' });
const ALL = { body: { total: 3, items: [subscriptionOf(), mapped, perpetual] } };

describe('Subscription Mapper states', () => {
  it('loading', () => {
    gateway('pending');
    renderPage(<SubscriptionMapperPage />);
    expect(screen.getByLabelText('Loading subscriptions')).toBeInTheDocument();
  });

  it('empty', async () => {
    gateway({ body: { total: 0, items: [] } });
    renderPage(<SubscriptionMapperPage />);
    expect(await screen.findByText('No subscription ID yet: sync a smart account to retrieve them from CSSM.')).toBeInTheDocument();
  });

  it('error with its code', async () => {
    gateway(problem(503, 'JMS_TIMEOUT', 'The service did not answer', 'Verify the service is running'));
    renderPage(<SubscriptionMapperPage />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('JMS_TIMEOUT: The service did not answer');
    expect(alert).toHaveTextContent('Recommended action: Verify the service is running');
  });

  it("data: the guide's fields, sorted by End Date first", async () => {
    const { requests } = gateway(ALL);
    renderPage(<SubscriptionMapperPage />);
    const table = await screen.findByRole('table', { name: 'Subscriptions' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Subscription ID', 'License Details', 'Start Date', 'End Date ▲', 'Customer', 'License Model', 'Mapping']);
    expect(within(within(table).getByRole('row', { name: /SUB-1/ })).getAllByRole('cell').map((c) => c.textContent)).toEqual(['SUB-1', '40 of 100i', '2026-01-01', '2027-01-01', 'Not mapped', '—', 'Map']);
    expect(within(table).getByRole('row', { name: /SUB-2/ })).toHaveTextContent('AcmeNamed User');
    expect(within(table).getByRole('row', { name: /SUB-P/ })).toHaveTextContent('Provider (perpetual)');
    const list = requests.find((r) => r.url.pathname === '/api/v1/subscriptions')!;
    expect(list.url.searchParams.get('sort')).toBe('endDate');
    expect(list.url.searchParams.get('order')).toBe('asc');
  });
});

describe('Subscription Mapper actions', () => {
  it('sorts by End Date descending, filters by customer and expiry window', async () => {
    const { requests } = gateway(ALL);
    renderPage(<SubscriptionMapperPage />);
    await screen.findByRole('table', { name: 'Subscriptions' });
    await userEvent.click(screen.getByRole('button', { name: 'Sort by End Date' }));
    await waitFor(() => expect(requests.some((r) => r.url.pathname === '/api/v1/subscriptions' && r.url.searchParams.get('order') === 'desc')).toBe(true));
    expect(screen.getByRole('columnheader', { name: /End Date/ })).toHaveAttribute('aria-sort', 'descending');
    await userEvent.click(screen.getByPlaceholderText('All customers'));
    await waitFor(() => expect(screen.getAllByRole('option', { hidden: true }).map((o) => o.textContent)).toEqual(['Acme (customer-1)', 'Globex (customer-2)']));
    await userEvent.click((await screen.findAllByRole('option', { name: 'Globex (customer-2)', hidden: true })).at(-1)!);
    await waitFor(() => expect(requests.some((r) => r.url.searchParams.get('customerId') === 'customer-2')).toBe(true));
    await userEvent.type(screen.getByLabelText('Expiring within (days)'), '60');
    await waitFor(() => expect(requests.some((r) => r.url.searchParams.get('customerId') === 'customer-2' && r.url.searchParams.get('expiringWithinDays') === '60')).toBe(true));
  });

  it('an operator maps a subscription to a customer with a license model', async () => {
    const { requests } = gateway(ALL, { 'PUT /api/v1/subscriptions/SUB-1/mapping': { body: { ...subscriptionOf(), customerId: 'customer-2', customerName: 'Globex', licenseModel: 'Enterprise Agreement' } } });
    renderPage(<SubscriptionMapperPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Map SUB-1' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('button', { name: 'Save Mapping' })).toBeDisabled();
    await userEvent.click(within(dialog).getByLabelText(/^Customer/));
    await userEvent.click((await screen.findAllByRole('option', { name: 'Globex (customer-2)', hidden: true })).at(-1)!);
    await userEvent.click(within(dialog).getByLabelText(/^License Model/));
    await userEvent.click((await screen.findAllByRole('option', { name: 'Enterprise Agreement', hidden: true })).at(-1)!);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save Mapping' }));
    await waitFor(() => expect(requests.find((r) => r.method === 'PUT')?.body).toEqual({ customerId: 'customer-2', licenseModel: 'Enterprise Agreement' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('shows the refusal of a mapping with its code and field, dialog left open', async () => {
    gateway(ALL, {
      'PUT /api/v1/subscriptions/SUB-2/mapping': { status: 400, body: { title: 'Bad Request', status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'customerId', message: 'subscription SUB-2 is already mapped to customer customer-1; unmap it first' }] } },
    });
    renderPage(<SubscriptionMapperPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Map SUB-2' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByLabelText(/^Customer/));
    await userEvent.click((await screen.findAllByRole('option', { name: 'Globex (customer-2)', hidden: true })).at(-1)!);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save Mapping' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('VALIDATION_FAILED: Bad Request');
    expect(alert).toHaveTextContent('customerId: subscription SUB-2 is already mapped to customer customer-1; unmap it first');
  });

  it('an operator removes a mapping; perpetual subscriptions and unmapped ones offer no removal', async () => {
    const { requests } = gateway(ALL, { 'DELETE /api/v1/subscriptions/SUB-2/mapping': { body: { ...mapped, customerId: null, customerName: null, licenseModel: null } } });
    renderPage(<SubscriptionMapperPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Remove Mapping of SUB-2' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'DELETE' && r.url.pathname === '/api/v1/subscriptions/SUB-2/mapping')).toBe(true));
    expect(screen.queryByRole('button', { name: 'Remove Mapping of SUB-1' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Map SUB-P' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Remove Mapping of SUB-P' })).toBeNull();
  });

  it('a viewer sees the mapping but no mutating action', async () => {
    gateway(ALL);
    renderPage(<SubscriptionMapperPage />, ['viewer']);
    const table = await screen.findByRole('table', { name: 'Subscriptions' });
    expect(within(table).getByRole('row', { name: /SUB-2/ })).toHaveTextContent('Acme');
    expect(within(table).queryByRole('columnheader', { name: 'Mapping' })).toBeNull();
    expect(screen.queryAllByRole('button').map((b) => b.getAttribute('aria-label') ?? b.textContent).filter((n) => /^(Map|Remove Mapping|Save)/.test(n ?? ''))).toEqual([]);
  });

  it('finds a customer beyond the first page by asking the gateway for the name typed', async () => {
    const { requests } = gateway(ALL, {
      'GET /api/v1/customers': (url) =>
        url.searchParams.get('name') === 'initech' ? { body: { total: 1, items: [{ id: 'customer-7', name: 'Initech' }] } } : { body: { total: 250, items: CUSTOMER_LIST } },
    });
    renderPage(<SubscriptionMapperPage />);
    expect(await screen.findByText('2 of 250 customers listed: type part of a name to find the others.')).toBeInTheDocument();
    expect(requests.find((r) => r.url.pathname === '/api/v1/customers')!.url.searchParams.get('limit')).toBe('100');
    await userEvent.type(screen.getByPlaceholderText('All customers'), 'initech');
    await userEvent.click((await screen.findAllByRole('option', { name: 'Initech (customer-7)', hidden: true })).at(-1)!);
    await waitFor(() => expect(requests.some((r) => r.url.pathname === '/api/v1/subscriptions' && r.url.searchParams.get('customerId') === 'customer-7')).toBe(true));
    expect(screen.getByPlaceholderText('All customers')).toHaveValue('Initech (customer-7)');
  });

  it("shows the customer list's error with its code", async () => {
    gateway(ALL, { 'GET /api/v1/customers': problem(504, 'JMS_TIMEOUT', 'reporting did not answer', 'Verify that reporting is running') });
    renderPage(<SubscriptionMapperPage />);
    expect(await screen.findByRole('alert')).toHaveTextContent('JMS_TIMEOUT: reporting did not answer');
  });

  it("lists a subscription's license types behind its i icon", async () => {
    gateway(ALL);
    renderPage(<SubscriptionMapperPage />);
    await userEvent.hover(await screen.findByRole('button', { name: 'License details of SUB-1' }));
    expect(await screen.findByText('CUCM_Enhanced (TERM): 40 of 100 consumed, va-1')).toBeInTheDocument();
  });
});
