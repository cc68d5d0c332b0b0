import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { clusterOf, jobOf, vaOf } from '../test/fixtures';
import { fakeGateway, problem, renderPage } from '../test/render';
import { ClusterSummaryPage, validateSelection } from './ClusterSummaryPage';

const vas = { body: { total: 2, items: [vaOf('va-1', 'VA-1'), vaOf('va-2', 'VA-2')] } };

describe('Cluster Summary', () => {
  it('shows a loader while the clusters load', () => {
    fakeGateway({ 'GET /api/v1/clusters': 'pending', 'GET /api/v1/virtual-accounts': vas });
    renderPage(<ClusterSummaryPage />);
    expect(screen.getByLabelText('Loading clusters')).toBeInTheDocument();
  });

  it('says so when no cluster matches', async () => {
    fakeGateway({ 'GET /api/v1/clusters': { body: { total: 0, items: [] } }, 'GET /api/v1/virtual-accounts': vas });
    renderPage(<ClusterSummaryPage />);
    expect(await screen.findByText('No cluster matches these filters.')).toBeInTheDocument();
  });

  it("shows a refusal with the guide's code and recommended action", async () => {
    fakeGateway({ 'GET /api/v1/clusters': problem(503, 'SERVICE_UNAVAILABLE', 'Registration is not answering', 'Check the registration service'), 'GET /api/v1/virtual-accounts': vas });
    renderPage(<ClusterSummaryPage />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('SERVICE_UNAVAILABLE: Registration is not answering');
    expect(alert).toHaveTextContent('Recommended action: Check the registration service');
  });

  it('lists the clusters with their status, and opens a failed job with code, message and recommended action', async () => {
    const failed = clusterOf({ id: 'cucm-2', name: 'CUCM-2', status: 'Manual Registration Failed', virtualAccountId: 'va-1', virtualAccount: 'VA-1', job: jobOf(), agentState: { registrationStatus: 'partially-registered', smartAccount: null, virtualAccount: 'VA-1', virtualAccounts: ['VA-1'], registrationExpires: null, authorizationStatus: null, authorizationExpires: null, nodes: [{ hostname: 'exp-c-1', registrationStatus: 'Registered', virtualAccount: 'VA-1' }], checkedAt: null, refreshError: null } as never });
    fakeGateway({ 'GET /api/v1/clusters': { body: { total: 2, items: [clusterOf(), failed] } }, 'GET /api/v1/virtual-accounts': vas });
    renderPage(<ClusterSummaryPage />);
    const table = await screen.findByRole('table', { name: 'Clusters' });
    expect(within(table).getByText('Manual Registration Failed')).toBeInTheDocument();
    expect(within(table).getByText('Not Assigned')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Failed: job details of CUCM-2' }));
    expect(await screen.findByText('Error code: SL1005')).toBeInTheDocument();
    expect(screen.getByText('Recommended action: Generate a new token in CSSM and retry')).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Node states' })).toHaveTextContent('exp-c-1');
  });

  it('sends the filters to the gateway (server-side filtering and paging)', async () => {
    const { requests } = fakeGateway({ 'GET /api/v1/clusters': { body: { total: 120, items: [clusterOf()] } }, 'GET /api/v1/virtual-accounts': vas });
    renderPage(<ClusterSummaryPage />);
    await screen.findByRole('table', { name: 'Clusters' });
    await userEvent.type(screen.getByLabelText('Customer'), 'acme');
    await waitFor(() => expect(requests.some((r) => r.url.searchParams.get('customer') === 'acme')).toBe(true));
    await userEvent.click(screen.getByRole('button', { name: '2' }));
    await waitFor(() => expect(requests.at(-1)!.url.searchParams.get('offset')).toBe('50'));
  });

  it('validates the selection before the Assign jobs start, then starts them for the valid ones', async () => {
    const assigned = clusterOf({ id: 'cuc-1', name: 'CUC-1', type: 'cuc', virtualAccountId: 'va-2', virtualAccount: 'VA-2' });
    const { requests } = fakeGateway({
      'GET /api/v1/clusters': { body: { total: 2, items: [clusterOf(), assigned] } },
      'GET /api/v1/virtual-accounts': vas,
      'POST /api/v1/virtual-accounts/va-1/clusters': { status: 202, body: { virtualAccountId: 'va-1', jobs: [{ clusterId: 'cucm-1', jobId: 'j1', status: 'Queued', errorCode: null, statusInfo: null, recommendedAction: null }] } },
    });
    renderPage(<ClusterSummaryPage />);
    await userEvent.click(await screen.findByLabelText('Select CUCM-1'));
    await userEvent.click(screen.getByLabelText('Select CUC-1'));
    await userEvent.click(screen.getByRole('button', { name: 'Assign' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByLabelText('Virtual Account'));
    await userEvent.click((await screen.findAllByRole('option', { name: 'VA-1 (SA One)', hidden: true })).at(-1)!);
    expect(within(dialog).getByLabelText('Validation')).toHaveTextContent('CUC-1: assigned to VA-2: unassign it first');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Start Assign jobs' }));
    expect(await screen.findByRole('status')).toHaveTextContent('1 job(s) started');
    expect(requests.find((r) => r.method === 'POST')!.body).toEqual({ clusterIds: ['cucm-1', 'cuc-1'] });
  });

  it('shows a viewer no mutating action', async () => {
    fakeGateway({ 'GET /api/v1/clusters': { body: { total: 1, items: [clusterOf()] } }, 'GET /api/v1/virtual-accounts': vas });
    renderPage(<ClusterSummaryPage />, ['viewer']);
    await screen.findByRole('table', { name: 'Clusters' });
    for (const name of ['Assign', 'Unassign', 'Refresh status']) expect(screen.queryByRole('button', { name })).toBeNull();
    expect(screen.queryByLabelText('Select CUCM-1')).toBeNull();
  });
});

describe('validateSelection', () => {
  it("refuses what the guide refuses: ineligible versions, clusters of another VA, unassigning an unassigned one", () => {
    const old = clusterOf({ id: 'old', eligible: false, version: '11.5' });
    const mine = clusterOf({ id: 'mine', virtualAccountId: 'va-1' });
    expect(validateSelection('assign', [old, mine, clusterOf()], 'va-1').map((p) => [p.cluster.id, p.problem])).toEqual([
      ['old', 'cucm 11.5 is not a smart-licensing version the guide lists'],
      ['mine', 'already assigned to this virtual account'],
    ]);
    expect(validateSelection('unassign', [clusterOf()], null)).toHaveLength(1);
  });
});
