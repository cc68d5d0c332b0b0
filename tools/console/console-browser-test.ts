#!/usr/bin/env node
// `npm run test:console`: the console in Debian's Chromium against the demo lab (issue 18). Every step asserts; the
// first failure stops the run with exit code 1. Screenshots of each page go to out/console/.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import { join, resolve } from 'node:path';
import { developmentEnv } from '../dev/dev-env.js';
import { consoleOutput } from '../demo/demo-output.js';
import { runDemo } from '../demo/demo-run.js';
import { DEFAULT_LAB_SCENARIO } from '../demo/demo-lab.js';
import { launchChromium, seriousViolations } from './chromium.js';

const OUT = resolve('out/console');
const LIVE_MS = 60_000;
const PAGES = [
  { path: 'clusters', heading: 'Cluster Summary' },
  { path: 'smart-accounts', heading: 'Smart Accounts' },
  { path: 'virtual-accounts', heading: 'Virtual Account Summary' },
  { path: 'jobs', heading: 'Jobs' },
  { path: 'reports', heading: 'Reports' },
  { path: 'subscription-mapper', heading: 'Subscription Mapper' },
  { path: 'license-dashboard', heading: 'License Dashboard' },
  { path: 'license-managers', heading: 'License Manager' },
  { path: 'license-management', heading: 'License Management Summary' },
] as const;
/** Pages only an admin's menu shows. */
const ADMIN_PAGES = [{ path: 'audit-log', heading: 'Audit Log' }] as const;
/** Buttons that change something: a viewer must see none. */
const MUTATING = /^(Add Smart Account|Sync now|Edit|Assign|Unassign|Refresh status|Generate|Save|Map|Remove Mapping|Add License Manager|Delete|Configure|Run)/;

/** A dialog closes once its request is accepted; a refusal (its alert) fails the run with what it says. */
const closes = async (dialog: Locator): Promise<void> => {
  const alert = dialog.getByRole('alert');
  await Promise.race([dialog.waitFor({ state: 'hidden', timeout: LIVE_MS }), alert.waitFor({ timeout: LIVE_MS })]);
  if (await alert.isVisible()) throw new Error(`refused: ${await alert.textContent()}`);
};

/** Every open dialog and its ancestors fully opaque: Mantine's opening transition is over. */
const OPAQUE_DIALOGS = `[...document.querySelectorAll('[role="dialog"]')].every((d) => { for (let e = d; e; e = e.parentElement) if (getComputedStyle(e).opacity !== '1') return false; return true; })`;

const step = (text: string) => consoleOutput.line(`  ${new Date().toISOString().slice(11, 19)} ${text}`);

const main = async (): Promise<void> => {
  mkdirSync(OUT, { recursive: true });
  const dev = developmentEnv();
  step('starting the demo lab (simulators, Postgres, NATS, the six services) and its scenario');
  const demo = await runDemo({
    scenarioPath: DEFAULT_LAB_SCENARIO,
    outDir: resolve('out/console-demo'),
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    database: process.env.CONSOLE_TEST_DATABASE ?? 'smartlic_console_test',
    natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    namespace: process.env.CONSOLE_TEST_NATS_NAMESPACE ?? 'consoletest',
    serviceEnv: { SMARTLIC_ENCRYPTION_KEYS: dev.SMARTLIC_ENCRYPTION_KEYS, CONSOLE_DEV_LOGIN: 'true' },
    authSecret: dev.AUTH_LOCAL_SECRET,
    collectTraces: false,
    output: { line: () => undefined },
  });
  const browser = await launchChromium();
  try {
    const base = `${demo.gatewayUrl}/console`;
    const page = await browser.context.newPage();
    const login = async (role: 'viewer' | 'operator' | 'admin') => {
      await page.goto(`${base}/`);
      if (await page.getByRole('button', { name: 'Log out' }).isVisible()) await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('button', { name: `Log in as ${role}` }).click();
      await page.getByRole('heading', { name: 'Cluster Summary', level: 1 }).waitFor();
    };
    const open = async (path: string, heading: string) => {
      await page.getByRole('navigation', { name: 'Smart Licensing' }).getByRole('link', { name: heading }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      // Not networkidle: the live events stream never idles. The page is drawn when no loader is left.
      await page.waitForFunction('!document.querySelector(\'[aria-busy="true"]\')', undefined, { timeout: 30_000 });
    };

    step('operator logs in (development login); each page: screenshot and axe-core (no serious or critical violation)');
    await login('operator');
    await page.getByText('live', { exact: true }).waitFor({ timeout: 10_000 });
    for (const p of PAGES) {
      await open(p.path, p.heading);
      await page.getByRole('table').first().waitFor({ timeout: 30_000 }).catch(() => undefined);
      await page.screenshot({ path: join(OUT, `${p.path}.png`), fullPage: true });
      const violations = await seriousViolations(page);
      assert.deepEqual(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), [], `${p.heading}: axe-core`);
    }

    await login('admin');
    // The lab's one CSSM account is the demo's already (one account per domain): this one is another domain of the
    // same API client, which the CSSM simulator does not know. Its sync fails with the guide's code, shown in its jobs.
    step('as admin (the API lets an admin configure accounts), adds a smart account, syncs it, reads its sync job with its code');
    await open('smart-accounts', 'Smart Accounts');
    await page.getByRole('button', { name: 'Add Smart Account' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Smart Account Name').fill('Console SA');
    await dialog.getByLabel('Domain').fill('console.example.com');
    await dialog.getByLabel('Client ID').fill('smartlic-lab-client');
    await dialog.getByLabel('Client Secret').fill('smartlic-lab-secret');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await closes(dialog);
    const row = page.getByRole('row').filter({ hasText: 'Console SA' });
    await row.waitFor();
    await row.getByRole('button', { name: 'Sync now Console SA' }).click();
    // Live: the row's sync status changes without a reload.
    await row.getByText(/^(Succeeded|Failed)$/).waitFor({ timeout: LIVE_MS });
    await row.getByRole('button', { name: 'Sync jobs of Console SA' }).click();
    const jobs = page.getByRole('dialog').getByRole('table', { name: 'Sync jobs' });
    await jobs.waitFor();
    const firstJob = jobs.getByRole('row').nth(1);
    // Adding the account started a sync too: the newest job (Sync now's) settles live in the open dialog.
    await firstJob.getByRole('cell').nth(1).getByText(/^(Succeeded|Failed)$/).waitFor({ timeout: LIVE_MS });
    const outcome = (await firstJob.getByRole('cell').nth(1).textContent()) ?? '';
    const code = (await firstJob.getByRole('cell').nth(2).textContent()) ?? '';
    assert.ok(outcome === 'Succeeded' || /^[A-Z]+[_0-9A-Z]*\d|[A-Z_]{4,}/.test(code), `a failed sync shows its code (got ${outcome} ${code})`);
    step(`   sync ${outcome}${code && code !== '—' ? ` with ${code}` : ''}`);
    await page.screenshot({ path: join(OUT, 'smart-account-sync-jobs.png') });
    await page.keyboard.press('Escape');

    step("as admin, sets a virtual account's license mode");
    await open('virtual-accounts', 'Virtual Account Summary');
    const vaRow = page.getByRole('row').filter({ hasText: 'va-customer-3' }).first();
    await vaRow.getByRole('button', { name: /license mode of/ }).click();
    const vaDialog = page.getByRole('dialog');
    await vaDialog.getByText(/License mode:/).waitFor();
    if (await vaDialog.getByRole('button', { name: 'Save License Mode' }).isVisible()) {
      const current = await vaDialog.getByText(/License mode:/).textContent();
      await vaDialog.getByText(current?.includes('HCS') ? 'Enterprise' : 'HCS', { exact: true }).click();
      await vaDialog.getByRole('button', { name: 'Save License Mode' }).click();
      await closes(vaDialog);
    } else {
      throw new Error(`va-customer-3's license mode is not editable: ${await vaDialog.textContent()}`);
    }

    step('operator unassigns two clusters, then assigns them again, and watches their jobs finish live');
    await login('operator');
    const summary = page.getByRole('table', { name: 'Clusters' });
    await summary.waitFor({ timeout: 30_000 });
    const registered = summary.getByRole('row').filter({ hasText: /Registered/ }).filter({ hasText: 'va-hcs-operational' });
    const names = [await registered.nth(0).getByRole('cell').nth(1).textContent(), await registered.nth(1).getByRole('cell').nth(1).textContent()] as string[];
    for (const name of names) await page.getByLabel(`Select ${name}`).check();
    await page.getByRole('button', { name: 'Unassign', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Start Unassign jobs' }).click();
    for (const name of names) await summary.getByRole('row').filter({ hasText: name }).getByText('Deregistered').waitFor({ timeout: LIVE_MS });
    for (const name of names) await page.getByLabel(`Select ${name}`).check();
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    const assign = page.getByRole('dialog');
    await assign.getByRole('combobox', { name: 'Virtual Account' }).click();
    await page.getByRole('option', { name: /^va-hcs-operational/ }).last().click();
    await assign.getByLabel('Validation').getByText('All selected clusters can be submitted.').waitFor();
    await assign.getByRole('button', { name: 'Start Assign jobs' }).click();
    // No reload: the statuses change through the live events.
    for (const name of names) await summary.getByRole('row').filter({ hasText: name }).getByText('Manually Registered').waitFor({ timeout: LIVE_MS });
    await page.screenshot({ path: join(OUT, 'clusters-after-assign.png'), fullPage: true });

    step("opens a failed cluster's recommended action");
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: /Registration Failed/ }).first().click();
    const failed = summary.getByRole('row').nth(1);
    await failed.getByRole('button', { name: /job details of/ }).click();
    const details = page.getByRole('dialog');
    await details.getByText(/^Recommended action: /).waitFor();
    await details.getByText(/^Error code: /).waitFor();
    await page.screenshot({ path: join(OUT, 'cluster-job-details.png') });
    await page.keyboard.press('Escape');

    step('generates and downloads a report');
    await open('reports', 'Reports');
    await page.getByRole('button', { name: 'Generate' }).click();
    const download = page.waitForEvent('download', { timeout: LIVE_MS });
    await page.getByRole('button', { name: /^Download / }).first().click({ timeout: LIVE_MS });
    const file = await (await download).path();
    assert.ok(statSync(file).size > 0, 'the downloaded report is empty');
    assert.match(readFileSync(file, 'utf8').split('\n')[0]!, /,/, 'the HLM report is a CSV');

    step("operator removes the demo's subscription mapping and maps the subscription again (Subscription Mapper)");
    await open('subscription-mapper', 'Subscription Mapper');
    const subscriptions = page.getByRole('table', { name: 'Subscriptions' });
    const mappedRow = subscriptions.getByRole('row').filter({ has: page.getByRole('button', { name: /^Remove Mapping of / }) }).first();
    await mappedRow.waitFor({ timeout: 30_000 });
    const [subscriptionId, , , , customer, model] = (await mappedRow.getByRole('cell').allTextContents()) as [string, string, string, string, string, string];
    const subscriptionRow = subscriptions.getByRole('row').filter({ has: page.getByRole('cell', { name: subscriptionId, exact: true }) });
    await subscriptionRow.getByRole('button', { name: `Remove Mapping of ${subscriptionId}` }).click();
    await subscriptionRow.getByText('Not mapped').waitFor({ timeout: 30_000 });
    await subscriptionRow.getByRole('button', { name: `Map ${subscriptionId}` }).click();
    const mapDialog = page.getByRole('dialog');
    await mapDialog.getByLabel(/^Customer/).click();
    await page.getByRole('option').filter({ hasText: `${customer} (` }).first().click();
    await mapDialog.getByLabel(/^License Model/).click();
    await page.getByRole('option', { name: model, exact: true }).click();
    await mapDialog.getByRole('button', { name: 'Save Mapping' }).click();
    await closes(mapDialog);
    await subscriptionRow.getByText(customer, { exact: true }).waitFor({ timeout: 30_000 });
    step(`   ${subscriptionId} mapped again to ${customer} (${model})`);

    step('as admin, configures SFTP delivery (to a server that refuses), and reads it in the Audit Log (screenshot, axe-core)');
    await login('admin');
    await open('reports', 'Reports');
    await page.getByRole('button', { name: 'Configure Delivery' }).click();
    const sftp = page.getByRole('dialog');
    await sftp.getByLabel('Primary Host').fill('127.0.0.1');
    await sftp.getByLabel('Primary Port').fill('1');
    await sftp.getByLabel('Primary User Name').fill('reports');
    await sftp.getByLabel('Primary Password').fill('sftp-secret');
    await sftp.getByRole('button', { name: 'Save Delivery Settings' }).click();
    await closes(sftp);
    await page.getByRole('table', { name: 'Delivery settings' }).getByText('reports@127.0.0.1:1 . (password)').waitFor();
    assert.equal(await page.getByText('sftp-secret').count(), 0, 'the SFTP password is shown back');
    for (const p of ADMIN_PAGES) {
      await open(p.path, p.heading);
      await page.getByRole('table').first().waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(OUT, `${p.path}.png`), fullPage: true });
      const violations = await seriousViolations(page);
      assert.deepEqual(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), [], `${p.heading}: axe-core`);
    }
    await page.getByRole('table', { name: 'Audit log' }).getByRole('row').filter({ hasText: '/api/v1/reports/delivery' }).filter({ hasText: 'PUT' }).first().waitFor();
    await open('license-managers', 'License Manager');
    await page.getByRole('button', { name: /^Summary of / }).first().click();
    const plm = page.getByRole('dialog');
    // Read from PLM: drawn once its license mode line shows (the licenses table, or that none is installed).
    await plm.getByText(/^License mode: /).waitFor({ timeout: 30_000 });
    await plm.getByRole('button', { name: 'Save License Mode' }).waitFor();
    // Past the dialog's opening transition (a half-opaque dialog would fail axe-core's contrast check and look dimmed).
    await page.waitForFunction(OPAQUE_DIALOGS, undefined, { timeout: 10_000 });
    await page.screenshot({ path: join(OUT, 'license-manager-summary.png'), fullPage: true });
    const plmViolations = await seriousViolations(page);
    assert.deepEqual(plmViolations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), [], 'License Management Summary of a License Manager: axe-core');
    await page.keyboard.press('Escape');

    step('operator runs the delivery now: it fails with its code, shown with the run');
    await login('operator');
    assert.equal(await page.getByRole('navigation', { name: 'Smart Licensing' }).getByRole('link', { name: 'Audit Log' }).count(), 0, 'an operator sees the Audit Log in the menu');
    await open('reports', 'Reports');
    await page.getByRole('button', { name: 'Run Delivery Now' }).click();
    await page.getByRole('alert').filter({ hasText: 'REPORT_DELIVERY_FAILED' }).waitFor({ timeout: LIVE_MS });
    const runs = page.getByRole('table', { name: 'Delivery runs' });
    await runs.getByRole('row').filter({ hasText: 'REPORT_DELIVERY_FAILED' }).first().waitFor({ timeout: LIVE_MS });
    await page.screenshot({ path: join(OUT, 'reports-delivery.png'), fullPage: true });

    step('restarts the gateway: the live badge goes back to live, and a delivery run started afterwards reaches the open page');
    const badge = page.getByLabel('Live updates');
    const runsBefore = await runs.getByRole('row').count();
    const restarted = demo.restartGateway();
    await page.waitForFunction(`document.querySelector('[aria-label="Live updates"]')?.textContent !== 'live'`, undefined, { timeout: LIVE_MS });
    step(`   live badge: ${await badge.textContent()}`);
    await restarted;
    await page.waitForFunction(`document.querySelector('[aria-label="Live updates"]')?.textContent === 'live'`, undefined, { timeout: LIVE_MS });
    step('   live again');
    // Started outside the page (through the REST API): only the live events can bring it to the open table.
    const token = ((await (await fetch(`${demo.gatewayUrl}/api/v1/console/dev-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'operator' }) })).json()) as { accessToken: string }).accessToken;
    const run = await fetch(`${demo.gatewayUrl}/api/v1/reports/delivery/run`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    assert.ok(run.status >= 400, `the delivery to a refusing server answered ${run.status}`);
    await page.waitForFunction(`document.querySelectorAll('table[aria-label="Delivery runs"] tr').length > ${runsBefore}`, undefined, { timeout: LIVE_MS });

    step('a viewer sees no mutating action on any page, and no Audit Log');
    await login('viewer');
    assert.equal(await page.getByRole('navigation', { name: 'Smart Licensing' }).getByRole('link', { name: 'Audit Log' }).count(), 0, 'a viewer sees the Audit Log in the menu');
    for (const p of PAGES) {
      await open(p.path, p.heading);
      await page.getByRole('table').first().waitFor({ timeout: 30_000 });
      const buttons = await page.getByRole('button').allTextContents();
      assert.deepEqual(buttons.filter((b) => MUTATING.test(b.trim())), [], `${p.heading} shows a viewer a mutating action`);
    }
    await open('license-managers', 'License Manager');
    await page.getByRole('button', { name: /^Summary of / }).first().click();
    await page.getByRole('dialog').getByText(/^License mode: /).waitFor({ timeout: 30_000 });
    const summaryButtons = await page.getByRole('dialog').getByRole('button').allTextContents();
    assert.deepEqual(summaryButtons.filter((b) => MUTATING.test(b.trim())), [], "a License Manager's summary shows a viewer a mutating action");
    await page.keyboard.press('Escape');
    step(`passed; screenshots in ${OUT}`);
  } catch (error) {
    for (const p of browser.context.pages()) await p.screenshot({ path: join(OUT, 'failure.png'), fullPage: true }).catch(() => undefined);
    throw error;
  } finally {
    await browser.close();
    await demo.stop();
  }
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    consoleOutput.line(`console browser test failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);

