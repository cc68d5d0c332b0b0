import type { ReactElement } from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Routed } from '../App';
import { jobOf } from '../test/fixtures';
import { fakeGateway, problem, renderPage, type Answer, type Routes } from '../test/render';
import { AuditLogPage } from './AuditLogPage';
import { LicenseManagementSummaryPage, plmBatches } from './LicenseManagementSummaryPage';
import { LicenseManagersPage } from './LicenseManagersPage';
import { ReportDelivery } from './ReportDelivery';

const lmOf = (over: Record<string, unknown> = {}) => ({
  id: 'lm-1',
  hostname: 'plm1.example.com',
  port: 8443,
  username: 'osadmin',
  version: '11.5.1',
  licenseMode: 'HCS',
  customers: 1,
  clusters: 2,
  capacity: 1000,
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  ...over,
});
const managedOf = (over: Record<string, unknown> = {}) => ({
  clusterId: 'c-4',
  name: 'CUCM-4',
  customerId: 'customer-4',
  customerName: 'Dana Corp',
  type: 'cucm',
  version: '11.5',
  licenseManagerId: 'lm-1',
  licenseManager: 'plm1.example.com',
  status: 'Assigned',
  job: null,
  ...over,
});
const customerOf = (over: Record<string, unknown> = {}) => ({ customerId: 'customer-4', customerName: 'Dana Corp', licenseManagerId: 'lm-1', licenseManager: 'plm1.example.com', clusters: 1, ...over });
const delivery = {
  primary: { host: 'sftp1.example.com', port: 22, username: 'reports', directory: 'hcs', authentication: 'password' },
  backup: null,
  reportTypes: ['hlm-csv', 'service-inventory'],
  intervalMinutes: 1440,
  enabled: true,
  nextRunAt: '2026-12-02T10:00:00.000Z',
  lastRunAt: '2026-12-01T10:00:00.000Z',
  lastResult: 'Failed: primary SFTP server sftp1.example.com:22 failed: connection refused; no backup server configured',
};
const audit = { id: '7', at: '2026-12-01T10:00:00.000Z', actor: 'alice', roles: ['admin'], method: 'PUT', path: '/api/v1/reports/delivery', status: 200, traceId: 'a'.repeat(32) };
const empty = { body: { total: 0, items: [] } };

/** Each new page's four states: loading, empty, refused (with the code), data; `others` answer the page's other reads. */
const PAGES: { name: string; page: () => ReactElement; route: string; others: Routes; loading: string; empty: Answer; emptyText: string; data: unknown; shows: string; roles?: ('viewer' | 'operator' | 'admin')[] }[] = [
  {
    name: 'License Manager',
    page: () => <LicenseManagersPage />,
    route: 'GET /api/v1/license-managers',
    others: {},
    loading: 'Loading License Managers',
    empty,
    emptyText: 'No License Manager yet: add a standalone Prime License Manager to license 11.x clusters.',
    data: { total: 1, items: [lmOf()] },
    shows: 'plm1.example.com',
  },
  {
    name: 'License Management Summary',
    page: () => <LicenseManagementSummaryPage />,
    route: 'GET /api/v1/license-management/clusters',
    others: { 'GET /api/v1/license-management/customers': empty, 'GET /api/v1/license-managers': empty },
    loading: 'Loading clusters',
    empty,
    emptyText: 'No cluster is licensed through a License Manager.',
    data: { total: 1, items: [managedOf()] },
    shows: 'CUCM-4',
  },
  {
    name: 'Audit Log',
    page: () => <AuditLogPage />,
    route: 'GET /api/v1/audit-log',
    others: {},
    loading: 'Loading audit log',
    empty: { body: [] },
    emptyText: 'No audit log entry matches.',
    data: [audit],
    shows: '/api/v1/reports/delivery',
    roles: ['viewer', 'operator', 'admin'],
  },
  {
    name: 'SFTP Delivery',
    page: () => <ReportDelivery />,
    route: 'GET /api/v1/reports/delivery',
    others: { 'GET /api/v1/jobs': empty },
    loading: 'Loading delivery settings',
    empty: problem(404, 'NOT_FOUND', 'No SFTP report delivery is configured'),
    emptyText: 'No SFTP delivery is configured.',
    data: delivery,
    shows: 'reports@sftp1.example.com:22 hcs (password)',
  },
];

describe.each(PAGES)('$name', ({ page, route, others, loading, empty: emptyAnswer, emptyText, data, shows, roles }) => {
  const answer = (a: Answer) => fakeGateway({ ...others, [route]: a });
  it('loading', () => {
    answer('pending');
    renderPage(page(), roles);
    expect(screen.getByLabelText(loading)).toBeInTheDocument();
  });
  it('empty', async () => {
    answer(emptyAnswer);
    renderPage(page(), roles);
    expect(await screen.findByText(emptyText)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });
  it('error with its code', async () => {
    answer(problem(503, 'JMS_TIMEOUT', 'The service did not answer', 'Verify the service is running'));
    renderPage(page(), roles);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('JMS_TIMEOUT: The service did not answer');
    expect(alert).toHaveTextContent('Recommended action: Verify the service is running');
  });
  it('data', async () => {
    answer({ body: data });
    renderPage(page(), roles);
    expect(await screen.findByText(shows)).toBeInTheDocument();
  });
});

describe('SFTP delivery', () => {
  const routes = (over: Routes = {}) => ({ 'GET /api/v1/reports/delivery': { body: delivery }, 'GET /api/v1/jobs': empty, ...over });

  it('shows the last result and the runs with their code', async () => {
    const run = jobOf({ id: 'd-1', service: 'reporting', jobType: 'Report Delivery', entityType: 'SFTP Server', entityName: 'sftp1.example.com:22', errorCode: 'REPORT_DELIVERY_FAILED', statusInfo: 'REPORT_DELIVERY_FAILED: connection refused', recommendedAction: 'Check the SFTP server' });
    const { requests } = fakeGateway(routes({ 'GET /api/v1/jobs': { body: { total: 1, items: [run] } } }));
    renderPage(<ReportDelivery />, ['viewer']);
    expect(await screen.findByText(delivery.lastResult)).toBeInTheDocument();
    const runs = await screen.findByRole('table', { name: 'Delivery runs' });
    expect(within(runs).getByText('REPORT_DELIVERY_FAILED')).toBeInTheDocument();
    expect(within(runs).getByText('Check the SFTP server')).toBeInTheDocument();
    const jobs = requests.find((r) => r.url.pathname === '/api/v1/jobs')!;
    expect(Object.fromEntries(jobs.url.searchParams)).toMatchObject({ service: 'reporting', entityType: 'SFTP Server' });
    // A viewer: no edit, no run.
    for (const name of ['Edit Delivery Settings', 'Run Delivery Now']) expect(screen.queryByRole('button', { name })).toBeNull();
  });

  it('an operator runs it now and sees the refusal with its code; editing is the admin\'s', async () => {
    const { requests } = fakeGateway(routes({ 'POST /api/v1/reports/delivery/run': problem(502, 'REPORT_DELIVERY_FAILED', 'Report delivery failed: connection refused', 'Check the SFTP server') }));
    renderPage(<ReportDelivery />, ['viewer', 'operator']);
    await userEvent.click(await screen.findByRole('button', { name: 'Run Delivery Now' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('REPORT_DELIVERY_FAILED: Report delivery failed: connection refused');
    expect(requests.some((r) => r.method === 'POST' && r.url.pathname === '/api/v1/reports/delivery/run')).toBe(true);
    expect(screen.queryByRole('button', { name: 'Edit Delivery Settings' })).toBeNull();
  });

  it('an admin edits the settings: the password is never shown back and is sent only as typed', async () => {
    const { requests } = fakeGateway(routes({ 'PUT /api/v1/reports/delivery': { body: delivery } }));
    renderPage(<ReportDelivery />, ['viewer', 'operator', 'admin']);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Delivery Settings' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText(/Primary Host/)).toHaveValue('sftp1.example.com');
    expect(within(dialog).getByLabelText(/Primary Password/)).toHaveValue('');
    await userEvent.type(within(dialog).getByLabelText(/Primary Password/), 'n3w');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save Delivery Settings' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'PUT')).toBe(true));
    expect(requests.find((r) => r.method === 'PUT')!.body).toEqual({
      primary: { host: 'sftp1.example.com', port: 22, username: 'reports', password: 'n3w', directory: 'hcs' },
      reportTypes: ['hlm-csv', 'service-inventory'],
      intervalMinutes: 1440,
      enabled: true,
    });
  });

  it('an admin configures it when none is: the refusal names the field', async () => {
    fakeGateway(routes({
      'GET /api/v1/reports/delivery': problem(404, 'NOT_FOUND', 'No SFTP report delivery is configured'),
      'PUT /api/v1/reports/delivery': { status: 400, body: { title: 'Bad Request', status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'primary.host', message: 'is required' }] } },
    }));
    renderPage(<ReportDelivery />, ['viewer', 'operator', 'admin']);
    expect(screen.queryByRole('button', { name: 'Run Delivery Now' })).toBeNull();
    await userEvent.click(await screen.findByRole('button', { name: 'Configure Delivery' }));
    const dialog = await screen.findByRole('dialog');
    // The browser's required check is bypassed so the gateway's refusal shows (the API is the judge).
    dialog.querySelector('form')!.noValidate = true;
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save Delivery Settings' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('primary.host: is required');
  });
});

describe('Audit log filters and paging', () => {
  it('sends the filters to the gateway and pages by offset', async () => {
    const { requests } = fakeGateway({ 'GET /api/v1/audit-log': { body: Array.from({ length: 50 }, (_, i) => ({ ...audit, id: String(i) })) } });
    renderPage(<AuditLogPage />, ['viewer', 'operator', 'admin']);
    await screen.findByRole('table', { name: 'Audit log' });
    await userEvent.type(screen.getByLabelText('Actor'), 'bob');
    await userEvent.click(screen.getByRole('combobox', { name: 'Method' }));
    await userEvent.click((await screen.findAllByRole('option', { name: 'DELETE', hidden: true })).at(-1)!);
    await waitFor(() => expect(Object.fromEntries(requests.at(-1)!.url.searchParams)).toEqual({ limit: '50', offset: '0', actor: 'bob', method: 'DELETE' }));
    await userEvent.click(screen.getByRole('button', { name: 'Older entries' }));
    await waitFor(() => expect(requests.at(-1)!.url.searchParams.get('offset')).toBe('50'));
    expect(screen.getByRole('button', { name: 'Newer entries' })).toBeEnabled();
  });
});

describe('License Manager actions', () => {
  it('an admin adds a License Manager: the refusal shows its code, the password is sent once', async () => {
    const { requests } = fakeGateway({
      'GET /api/v1/license-managers': empty,
      'POST /api/v1/license-managers': problem(409, 'PLM_DEMO_MODE', 'The License Manager is in demo mode', 'Install licenses on PLM first'),
    });
    renderPage(<LicenseManagersPage />, ['viewer', 'operator', 'admin']);
    await userEvent.click(await screen.findByRole('button', { name: 'Add License Manager' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/Hostname/), 'plm2.example.com');
    await userEvent.type(within(dialog).getByLabelText(/OS Admin User Name/), 'osadmin');
    await userEvent.type(within(dialog).getByLabelText(/OS Admin Password/), 'pw');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('PLM_DEMO_MODE: The License Manager is in demo mode');
    expect(requests.find((r) => r.method === 'POST')!.body).toEqual({ hostname: 'plm2.example.com', port: 8443, username: 'osadmin', password: 'pw' });
    // The theme (axe-core in the browser test): the close button has a name, descriptions are darker than dimmed grey.
    expect(screen.getByRole('button', { name: 'Close dialog' })).toBeInTheDocument();
    expect(within(dialog).getByText('Stored encrypted and never shown again')).toHaveStyle({ color: 'var(--mantine-color-gray-7)' });
  });

  it('editing never shows the password back and leaves it out unless typed', async () => {
    const { requests } = fakeGateway({ 'GET /api/v1/license-managers': { body: { total: 1, items: [lmOf()] } }, 'PATCH /api/v1/license-managers/lm-1': { body: lmOf() } });
    renderPage(<LicenseManagersPage />, ['viewer', 'operator', 'admin']);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit plm1.example.com' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText(/OS Admin Password/)).toHaveValue('');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'PATCH')).toBe(true));
    expect(requests.find((r) => r.method === 'PATCH')!.body).toEqual({ hostname: 'plm1.example.com', port: 8443, username: 'osadmin' });
  });

  it('delete is refused while in use, with the code', async () => {
    fakeGateway({
      'GET /api/v1/license-managers': { body: { total: 1, items: [lmOf()] } },
      'DELETE /api/v1/license-managers/lm-1': problem(409, 'LICENSE_MANAGER_IN_USE', 'Customers are assigned to the License Manager', 'Unassign them first'),
    });
    renderPage(<LicenseManagersPage />, ['viewer', 'operator', 'admin']);
    await userEvent.click(await screen.findByRole('button', { name: 'Delete plm1.example.com' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Delete License Manager' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('LICENSE_MANAGER_IN_USE');
  });

  it('the summary shows the licenses; an operator assigns a customer but cannot add, edit, delete or change the mode', async () => {
    const summary = { licenseManager: lmOf(), licenses: [{ licenseType: 'CUCM Enhanced Plus (11.x)', installed: 10, required: 12, available: -2, status: 'Insufficient' }], compliance: 'Insufficient', customers: [{ customerId: 'customer-4', customerName: 'Dana Corp', clusters: 2 }], readAt: '2026-12-01T10:00:00.000Z' };
    const { requests } = fakeGateway({
      'GET /api/v1/license-managers': { body: { total: 1, items: [lmOf()] } },
      'GET /api/v1/license-managers/lm-1/summary': { body: summary },
      'POST /api/v1/license-managers/lm-1/customers': { status: 201, body: { id: 'lm-1', customerId: 'customer-5' } },
    });
    renderPage(<LicenseManagersPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Summary of plm1.example.com' }));
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('CUCM Enhanced Plus (11.x)')).toBeInTheDocument();
    expect(within(dialog).getAllByText('Insufficient').length).toBeGreaterThan(0);
    await userEvent.type(within(dialog).getByLabelText(/Customer ID/), 'customer-5');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Assign Customer' }));
    await waitFor(() => expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ customerId: 'customer-5' }));
    expect(within(dialog).queryByRole('button', { name: 'Save License Mode' })).toBeNull();
    for (const name of ['Add License Manager', 'Edit plm1.example.com', 'Delete plm1.example.com']) expect(screen.queryByRole('button', { name })).toBeNull();
  });
});

describe('License Management Summary actions', () => {
  it('groups the selection by License Manager and says which clusters cannot go', () => {
    const clusters = [managedOf(), managedOf({ clusterId: 'c-5', name: 'CUC-5', licenseManagerId: null, licenseManager: null, status: null }), managedOf({ clusterId: 'c-6', name: 'CER-6', customerId: 'customer-9', licenseManagerId: null, licenseManager: null, status: null })] as Parameters<typeof plmBatches>[1];
    const customers = [customerOf()] as Parameters<typeof plmBatches>[2];
    const assign = plmBatches('assign', clusters, customers);
    expect(assign.batches).toEqual([['lm-1', ['c-5']]]);
    expect(assign.problems.map((p) => [p.cluster.name, p.problem])).toEqual([['CUCM-4', 'already assigned to plm1.example.com'], ['CER-6', 'its customer is assigned to no License Manager']]);
    expect(plmBatches('unassign', clusters, customers).batches).toEqual([['lm-1', ['c-4']]]);
  });

  it('an operator unassigns a selected cluster from PLM and sees its job; a viewer has no selection or action', async () => {
    const { requests } = fakeGateway({
      'GET /api/v1/license-management/clusters': { body: { total: 1, items: [managedOf()] } },
      'GET /api/v1/license-management/customers': { body: { total: 1, items: [customerOf()] } },
      'GET /api/v1/license-managers': { body: { total: 1, items: [lmOf()] } },
      'POST /api/v1/license-managers/lm-1/unassign': { status: 202, body: { licenseManagerId: 'lm-1', jobs: [{ clusterId: 'c-4', jobId: 'j-9', status: 'Queued', errorCode: null, statusInfo: null, recommendedAction: null }] } },
    });
    const { unmount } = renderPage(<LicenseManagementSummaryPage />);
    await userEvent.click(await screen.findByLabelText('Select CUCM-4'));
    expect(screen.getByRole('button', { name: 'Assign to PLM' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Unassign from PLM' }));
    await waitFor(() => expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ clusterIds: ['c-4'] }));
    expect(await screen.findByText('CUCM-4: Queued')).toBeInTheDocument();
    unmount();
    renderPage(<LicenseManagementSummaryPage />, ['viewer']);
    await screen.findByText('CUCM-4');
    expect(screen.queryByLabelText('Select CUCM-4')).toBeNull();
    for (const name of ['Assign to PLM', 'Unassign from PLM']) expect(screen.queryByRole('button', { name })).toBeNull();
  });
});

describe('Menu', () => {
  const gateway = () => fakeGateway({ 'GET /api/v1/events/stream': 'pending', 'GET /api/v1/clusters': empty, 'GET /api/v1/virtual-accounts': empty });
  it('shows the Audit Log to an admin only, and the License Management pages to every role', async () => {
    gateway();
    const { unmount } = renderPage(<Routed />, ['viewer', 'operator']);
    const menu = await screen.findByRole('navigation', { name: 'Smart Licensing' });
    expect(within(menu).getByRole('link', { name: 'License Manager' })).toBeInTheDocument();
    expect(within(menu).getByRole('link', { name: 'License Management Summary' })).toBeInTheDocument();
    expect(within(menu).queryByRole('link', { name: 'Audit Log' })).toBeNull();
    unmount();
    gateway();
    renderPage(<Routed />, ['viewer', 'operator', 'admin']);
    expect(within(await screen.findByRole('navigation', { name: 'Smart Licensing' })).getByRole('link', { name: 'Audit Log' })).toBeInTheDocument();
  });
});
