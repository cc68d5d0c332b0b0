import { z } from 'zod';
import { defineEvent } from './event-definition.js';
import { eventSubject } from '../messaging/subjects.js';
import { STREAMS } from '../messaging/stream-names.js';
import { licenseLineSchema, SMART_ACCOUNT_TYPES, subscriptionSchema, syncCountsSchema, SMART_ACCOUNT_TRANSPORT_MODES } from '../sync/smart-account.schemas.js';

export const SYNC_SERVICE = 'sync';
const stream = STREAMS.events;

/** A smart account as other services may know it: settings without any secret (no client secret, no proxy password). */
export const smartAccountUpsertedSchema = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.string(),
  type: z.enum(SMART_ACCOUNT_TYPES),
  transportMode: z.enum(SMART_ACCOUNT_TRANSPORT_MODES),
  proxy: z.object({ host: z.string(), port: z.number().int() }).nullable(),
  satellite: z.object({ host: z.string(), port: z.number().int(), registrationUrl: z.string(), localAccount: z.string() }).nullable(),
  operationalLicenses: z.object({
    opted: z.boolean(),
    orderedVirtualAccount: z.string().nullable(),
    operationalVirtualAccount: z.string().nullable(),
    autoRegistration: z.boolean(),
  }),
});
export type SmartAccountUpserted = z.infer<typeof smartAccountUpsertedSchema>;

export const smartAccountRemovedSchema = z.object({ id: z.string(), name: z.string(), domain: z.string(), type: z.enum(SMART_ACCOUNT_TYPES) });

/** A virtual account of a smart account (CSSM) or local account (satellite). */
export const virtualAccountEventSchema = z.object({
  id: z.string(),
  smartAccountId: z.string(),
  smartAccountName: z.string(),
  smartAccountDomain: z.string().describe('CSSM domain, or the satellite local account'),
  smartAccountType: z.enum(SMART_ACCOUNT_TYPES),
  name: z.string(),
  description: z.string(),
  accessLevel: z.string(),
  isDefault: z.boolean(),
});
export type VirtualAccountEvent = z.infer<typeof virtualAccountEventSchema>;

export const subscriptionRemovedSchema = subscriptionSchema.pick({ subscriptionId: true, smartAccountId: true, virtualAccount: true, license: true });

export const licenseSnapshotSchema = z.object({
  smartAccountId: z.string(),
  virtualAccount: z.string(),
  licenses: z.array(licenseLineSchema.omit({ billingType: true })),
});
export type LicenseSnapshot = z.infer<typeof licenseSnapshotSchema>;

export const smartAccountSyncedSchema = z.object({
  smartAccountId: z.string(),
  jobId: z.string(),
  counts: syncCountsSchema,
  completedAt: z.string(),
});
export type SmartAccountSynced = z.infer<typeof smartAccountSyncedSchema>;

const event = <S extends z.ZodType>(entity: string, verb: string, schema: S, summary: string) =>
  defineEvent({ type: `smartlic.sync.${entity}.${verb}`, subject: eventSubject(SYNC_SERVICE, entity, verb), stream, schemaVersion: 1, schema, summary });

/** Events of sync (stream SMARTLIC_EVENTS, through the outbox). Only changes are published: an unchanged VA is not re-announced. */
export const SyncEvents = {
  smartAccountUpserted: event('smart-account', 'upserted', smartAccountUpsertedSchema, 'A smart account was configured or its settings changed'),
  smartAccountRemoved: event('smart-account', 'removed', smartAccountRemovedSchema, 'A smart account was removed from smartlic'),
  virtualAccountUpserted: event('virtual-account', 'upserted', virtualAccountEventSchema, 'A virtual account appeared or changed in CSSM'),
  virtualAccountRemoved: event('virtual-account', 'removed', virtualAccountEventSchema, 'A virtual account disappeared from CSSM (or its smart account was removed)'),
  subscriptionUpserted: event('subscription', 'upserted', subscriptionSchema, 'A subscription line (subscription id × license) of a VA appeared or changed'),
  subscriptionRemoved: event('subscription', 'removed', subscriptionRemovedSchema, 'A subscription line disappeared from CSSM'),
  licenseSnapshotUpdated: event('license-snapshot', 'updated', licenseSnapshotSchema, 'The licenses of a virtual account changed (full snapshot of the VA)'),
  smartAccountSynced: event('smart-account', 'synced', smartAccountSyncedSchema, 'A Smart Account Sync job succeeded'),
} as const;
