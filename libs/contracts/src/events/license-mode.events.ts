import { z } from 'zod';
import { defineEvent } from './event-definition.js';
import { eventSubject } from '../messaging/subjects.js';
import { STREAMS } from '../messaging/stream-names.js';
import { LICENSE_MODES } from '../licensing/application-type.js';

export const vaLicenseModeChangedSchema = z.object({
  smartAccountId: z.string(),
  virtualAccount: z.string().describe('Virtual account name'),
  virtualAccountId: z.string().nullable().describe('Virtual account id (sync), when known'),
  mode: z.enum(LICENSE_MODES),
});
export type VaLicenseModeChanged = z.infer<typeof vaLicenseModeChangedSchema>;

export const LicenseModeEvents = {
  vaLicenseModeChanged: defineEvent({
    type: 'smartlic.license-mode.va-license-mode.changed',
    subject: eventSubject('license-mode', 'va-license-mode', 'changed'),
    stream: STREAMS.events,
    schemaVersion: 1,
    schema: vaLicenseModeChangedSchema,
    summary: 'The license mode of a virtual account was set or changed (guide: "Virtual Account Summary")',
  }),
} as const;
