import { z } from 'zod';
import { SYNC_SERVICE } from '../events/sync.events.js';
import { commandSubject } from '../messaging/subjects.js';
import {
  licenseLineSchema,
  smartAccountConfigSchema,
  smartAccountUpdateSchema,
  smartAccountViewSchema,
  subscriptionSchema,
  syncJobViewSchema,
  transportModeSettingsSchema,
  transportModeViewSchema,
  virtualAccountViewSchema,
} from '../sync/smart-account.schemas.js';
import { defineCommand } from './command-definition.js';

const id = z.object({ id: z.string().min(1) });
const page = { limit: z.number().int().min(1).max(1000).default(100), offset: z.number().int().min(0).default(0) };
const cmd = (entity: string, verb: string) => ({ subject: commandSubject(SYNC_SERVICE, entity, verb), service: SYNC_SERVICE });

export const registrationTokenSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  exportControlled: z.boolean(),
  reused: z.boolean().describe('An existing token of the VA was returned rather than a new one'),
});
export type RegistrationToken = z.infer<typeof registrationTokenSchema>;

export const SyncCommands = {
  /**
   * A product registration token of a virtual account: a valid token that does not expire soon is reused, else one is
   * created. An export-controlled token created by hand that is the only token of the VA is used as is (guide:
   * "Registering the UC Applications in Mixed Mode"). Fails with SLM1010, or the CSSM code when CSSM fails.
   */
  getToken: defineCommand({
    ...cmd('token', 'get'),
    request: z.object({ smartAccountId: z.string().min(1), virtualAccount: z.string().min(1).describe('VA name') }),
    response: registrationTokenSchema,
    timeoutMs: 60_000,
    summary: 'Product registration token of a virtual account',
  }),
  /** Starts a Smart Account Sync job (or returns the one already running for the account). */
  syncSmartAccount: defineCommand({
    ...cmd('smart-account', 'sync'),
    request: z.object({ smartAccountId: z.string().min(1) }),
    response: z.object({ jobId: z.string() }),
    timeoutMs: 10_000,
    summary: 'Start a Smart Account Sync job',
  }),
  createSmartAccount: defineCommand({
    ...cmd('smart-account', 'create'),
    request: smartAccountConfigSchema,
    response: z.object({ smartAccount: smartAccountViewSchema, jobId: z.string() }),
    timeoutMs: 10_000,
    summary: 'Configure Smart Account Access (add); starts a sync job',
  }),
  updateSmartAccount: defineCommand({
    ...cmd('smart-account', 'update'),
    request: z.object({ id: z.string().min(1), config: smartAccountUpdateSchema }),
    response: z.object({ smartAccount: smartAccountViewSchema, jobId: z.string() }),
    timeoutMs: 10_000,
    summary: 'Configure Smart Account Access (edit); refused for transport changes while clusters are assigned; starts a sync job',
  }),
  deleteSmartAccount: defineCommand({
    ...cmd('smart-account', 'delete'),
    request: id,
    response: z.object({ id: z.string() }),
    timeoutMs: 10_000,
    summary: 'Remove a smart account (refused while clusters are assigned to its virtual accounts)',
  }),
  getSmartAccount: defineCommand({ ...cmd('smart-account', 'get'), request: id, response: smartAccountViewSchema, timeoutMs: 10_000, summary: 'One smart account' }),
  listSmartAccounts: defineCommand({
    ...cmd('smart-account', 'list'),
    request: z.object({ ...page }),
    response: z.object({ total: z.number().int(), items: z.array(smartAccountViewSchema) }),
    timeoutMs: 10_000,
    summary: 'Smart Account Summary',
  }),
  getTransportMode: defineCommand({ ...cmd('transport-mode', 'get'), request: z.object({}), response: transportModeViewSchema, timeoutMs: 10_000, summary: 'The global Transport Mode page' }),
  setTransportMode: defineCommand({
    ...cmd('transport-mode', 'set'),
    request: transportModeSettingsSchema,
    response: transportModeViewSchema,
    timeoutMs: 10_000,
    summary: 'Set the global transport mode (defaults of new CSSM smart accounts)',
  }),
  listVirtualAccounts: defineCommand({
    ...cmd('virtual-account', 'list'),
    request: z.object({ smartAccountId: z.string().min(1).optional(), name: z.string().min(1).optional(), includeRemoved: z.boolean().default(false), ...page }),
    response: z.object({ total: z.number().int(), items: z.array(virtualAccountViewSchema) }),
    timeoutMs: 10_000,
    summary: 'Virtual Account Summary',
  }),
  getVirtualAccount: defineCommand({ ...cmd('virtual-account', 'get'), request: id, response: virtualAccountViewSchema, timeoutMs: 10_000, summary: 'One virtual account' }),
  listLicenses: defineCommand({
    ...cmd('virtual-account', 'licenses'),
    request: id,
    response: z.object({ virtualAccount: z.string(), syncedAt: z.string().nullable(), items: z.array(licenseLineSchema) }),
    timeoutMs: 10_000,
    summary: 'Licenses of a virtual account (last sync)',
  }),
  listSubscriptions: defineCommand({
    ...cmd('virtual-account', 'subscriptions'),
    request: id,
    response: z.object({ virtualAccount: z.string(), items: z.array(subscriptionSchema) }),
    timeoutMs: 10_000,
    summary: 'Subscriptions of a virtual account (last sync)',
  }),
  listSyncJobs: defineCommand({
    ...cmd('sync-job', 'list'),
    request: z.object({ smartAccountId: z.string().min(1), ...page }),
    response: z.object({ total: z.number().int(), items: z.array(syncJobViewSchema) }),
    timeoutMs: 10_000,
    summary: 'Smart Account Sync jobs of a smart account, newest first',
  }),
  getSyncJob: defineCommand({ ...cmd('sync-job', 'get'), request: id, response: syncJobViewSchema, timeoutMs: 10_000, summary: 'One Smart Account Sync job' }),
};
