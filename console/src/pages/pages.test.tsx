import type { ReactElement } from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { jobOf, smartAccountOf, vaOf } from '../test/fixtures';
import { fakeGateway, problem, renderPage, type Answer, type Routes } from '../test/render';
import { batchesOf, JobsPage } from './JobsPage';
import { LoginPage } from './LoginPage';
import { ReportsPage } from './ReportsPage';
import { SmartAccountsPage } from './SmartAccountsPage';
import { VirtualAccountsPage } from './VirtualAccountsPage';

const report = { id: 'r-1', type: 'hlm-csv', status: 'Succeeded', fileName: 'hlm.csv', contentType: 'text/csv', bytes: 10, chunks: 1, requestedAt: '2026-12-01T10:00:00.000Z', completedAt: '2026-12-01T10:00:01.000Z', errorCode: null, statusInfo: null };

/** Each page's four states: loading, empty, refused (with the code), data. */
const PAGES: { name: string; page: () => ReactElement; route: string; others?: Routes; loading: string; empty: string; data: unknown; shows: string }[] = [
  { name: 'Smart Accounts', page: () => <SmartAccountsPage />, route: 'GET /api/v1/smart-accounts', loading: 'Loading smart accounts', empty: 'No smart account yet: add one to sync its virtual accounts from CSSM.', data: { total: 1, items: [smartAccountOf()] }, shows: 'one.example.com' },
  { name: 'Jobs', page: () => <JobsPage />, route: 'GET /api/v1/jobs', loading: 'Loading jobs', empty: 'No job yet.', data: { total: 1, items: [jobOf()] }, shows: 'Cluster: CUCM-1' },
  { name: 'Virtual Account Summary', page: () => <VirtualAccountsPage />, route: 'GET /api/v1/virtual-accounts', loading: 'Loading virtual accounts', empty: 'No virtual account: sync a smart account first.', data: { total: 1, items: [vaOf('va-1', 'VA-1')] }, shows: 'VA-1 of SA One' },
  { name: 'Reports', page: () => <ReportsPage />, route: 'GET /api/v1/reports', others: { 'GET /api/v1/reports/delivery': problem(404, 'NOT_FOUND', 'No SFTP report delivery is configured'), 'GET /api/v1/jobs': { body: { total: 0, items: [] } } }, loading: 'Loading reports', empty: 'No report generated yet.', data: { total: 1, items: [report] }, shows: 'HLM (CSV)' },
];

describe.each(PAGES)('$name', ({ page, route, others, loading, empty, data, shows }) => {
  const answer = (a: Answer) => fakeGateway({ ...others, [route]: a });
  it('loading', () => {
    answer('pending');
    renderPage(page());
    expect(screen.getByLabelText(loading)).toBeInTheDocument();
  });
  it('empty', async () => {
    answer({ body: { total: 0, items: [] } });
    renderPage(page());
    expect(await screen.findByText(empty)).toBeInTheDocument();
  });
  it('error with its code', async () => {
    answer(problem(503, 'JMS_TIMEOUT', 'The service did not answer', 'Verify the service is running'));
    renderPage(page());
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('JMS_TIMEOUT: The service did not answer');
    expect(alert).toHaveTextContent('Recommended action: Verify the service is running');
  });
  it('data', async () => {
    answer({ body: data });
    renderPage(page());
    expect(await screen.findByText(shows)).toBeInTheDocument();
  });
});

describe('Smart Accounts actions', () => {
  it('adds a smart account: the secret is sent once, the refusal names the field', async () => {
    const { requests } = fakeGateway({
      'GET /api/v1/smart-accounts': { body: { total: 0, items: [] } },
      'POST /api/v1/smart-accounts': { status: 400, body: { title: 'Bad Request', status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'domain', message: 'is required for a CSSM smart account' }] } },
    });
    renderPage(<SmartAccountsPage />, ['viewer', 'operator', 'admin']);
    await userEvent.click(await screen.findByRole('button', { name: 'Add Smart Account' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/Smart Account Name/), 'SA Two');
    await userEvent.type(within(dialog).getByLabelText(/Client ID/), 'client-2');
    await userEvent.type(within(dialog).getByLabelText(/Client Secret/), 's3cret');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('domain: is required for a CSSM smart account');
    expect(requests.find((r) => r.method === 'POST')!.body).toEqual({ name: 'SA Two', domain: '', clientId: 'client-2', clientSecret: 's3cret' });
  });

  it('never shows the client secret back: editing leaves it empty and does not send it', async () => {
    const { requests } = fakeGateway({ 'GET /api/v1/smart-accounts': { body: { total: 1, items: [smartAccountOf()] } }, 'PUT /api/v1/smart-accounts/sa-1': { body: smartAccountOf() } });
    renderPage(<SmartAccountsPage />, ['viewer', 'operator', 'admin']);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit SA One' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText(/Client Secret/)).toHaveValue('');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'PUT')).toBe(true));
    expect(requests.find((r) => r.method === 'PUT')!.body).not.toHaveProperty('clientSecret');
  });

  it('Sync now starts a sync (operator, who cannot add or edit: admin); a viewer has neither Add, Sync now nor Edit', async () => {
    const { requests } = fakeGateway({ 'GET /api/v1/smart-accounts': { body: { total: 1, items: [smartAccountOf()] } }, 'POST /api/v1/smart-accounts/sa-1/sync': { status: 202, body: jobOf({ jobType: 'Smart Account Sync', status: 'Queued' }) } });
    const { unmount } = renderPage(<SmartAccountsPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Sync now SA One' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST' && r.url.pathname.endsWith('/sync'))).toBe(true));
    expect(screen.queryByRole('button', { name: 'Add Smart Account' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit SA One' })).toBeNull();
    unmount();
    renderPage(<SmartAccountsPage />, ['viewer']);
    await screen.findByText('one.example.com');
    for (const name of ['Add Smart Account', 'Sync now SA One', 'Edit SA One']) expect(screen.queryByRole('button', { name })).toBeNull();
  });
});

describe('Jobs batches', () => {
  it('counts a batch N of M and groups its failures by code', () => {
    const jobs = [jobOf({ id: '1' }), jobOf({ id: '2' }), jobOf({ id: '3', status: 'Succeeded', errorCode: null }), jobOf({ id: '4', status: 'In Progress', errorCode: null }), jobOf({ id: '5', errorCode: 'SL2001' })];
    const [batch] = batchesOf(jobs);
    expect(batch).toMatchObject({ total: 5, done: 4 });
    expect(batch!.failures.map(([code, f]) => [code, f.count])).toEqual([['SL1005', 2], ['SL2001', 1]]);
  });
});

describe('Virtual Account Summary license mode', () => {
  const mode = (over: Record<string, unknown>) => ({ body: { virtualAccountId: 'va-1', smartAccountId: 'sa-1', virtualAccount: 'VA-1', mode: null, assignedClusters: 0, autoRegisteredClusters: 0, autoRegistration: false, editable: true, reason: null, ...over } });
  it('an admin sets the mode', async () => {
    const { requests } = fakeGateway({ 'GET /api/v1/virtual-accounts': { body: { total: 1, items: [vaOf('va-1', 'VA-1')] } }, 'GET /api/v1/virtual-accounts/va-1/license-mode': mode({}), 'PUT /api/v1/virtual-accounts/va-1/license-mode': mode({ mode: 'HCS' }) });
    renderPage(<VirtualAccountsPage />, ['viewer', 'operator', 'admin']);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit license mode of VA-1' }));
    await userEvent.click(await screen.findByText('HCS'));
    await userEvent.click(screen.getByRole('button', { name: 'Save License Mode' }));
    await waitFor(() => expect(requests.find((r) => r.method === 'PUT')?.body).toEqual({ mode: 'HCS' }));
  });
  it('shows why the mode cannot change while clusters are assigned, and offers no change', async () => {
    fakeGateway({ 'GET /api/v1/virtual-accounts': { body: { total: 1, items: [vaOf('va-1', 'VA-1')] } }, 'GET /api/v1/virtual-accounts/va-1/license-mode': mode({ mode: 'HCS', assignedClusters: 3, editable: false, reason: 'Unassign the clusters to change the license mode' }) });
    renderPage(<VirtualAccountsPage />, ['viewer', 'operator', 'admin']);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit license mode of VA-1' }));
    expect(await screen.findByText('Unassign the clusters to change the license mode')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save License Mode' })).toBeNull();
  });
});

describe('Login', () => {
  it('offers the development login when the gateway does, and keeps the token of the chosen role', async () => {
    const { requests } = fakeGateway({
      'GET /api/v1/console/config': { body: { authMode: 'local', rolesClaim: 'roles', devLogin: true, oidc: null } },
      'POST /api/v1/console/dev-token': { body: { accessToken: 'a.eyJzdWIiOiJkZXZlbG9wZXIiLCJyb2xlcyI6WyJ2aWV3ZXIiXX0.s', expiresAt: '2026-12-01T18:00:00.000Z', subject: 'developer', roles: ['viewer'] } },
    });
    renderPage(<LoginPage />, undefined);
    await userEvent.click(await screen.findByRole('button', { name: 'Log in as viewer' }));
    await waitFor(() => expect(sessionStorage.getItem('smartlic.session')).toContain('"roles":["viewer"]'));
    expect(requests.at(-1)!.body).toEqual({ role: 'viewer' });
  });
  it('says how to configure a login when none is offered', async () => {
    fakeGateway({ 'GET /api/v1/console/config': { body: { authMode: 'oidc', rolesClaim: 'roles', devLogin: false, oidc: null } } });
    renderPage(<LoginPage />, undefined);
    expect(await screen.findByText(/No login is configured/)).toBeInTheDocument();
  });
});
