import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createEnvelope, Subjects, type EventData, type EventDefinition } from '#libs/contracts';

/** Publishes contract events the way the producing services' outbox relays do (envelope, Nats-Msg-Id). */
export class EventPublisher {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly subjects: Subjects,
  ) {}

  static async connect(natsUrl: string, namespace: string): Promise<EventPublisher> {
    return new EventPublisher(await connect({ servers: natsUrl }), new Subjects(namespace));
  }

  async publish<E extends EventDefinition>(event: E, data: EventData<E>, occurredAt: Date = new Date()): Promise<void> {
    const envelope = createEnvelope(event.type, event.schemaVersion, event.schema.parse(data), { occurredAt });
    await jetstream(this.nc).publish(this.subjects.qualify(event.subject), JSON.stringify(envelope), { msgID: envelope.id });
  }

  close(): Promise<void> {
    return this.nc.close();
  }
}

const day = (offsetDays: number): string => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
export const daysFromToday = day;

/** The guide's Service Inventory sample: smart account domain, satellite local account, VA and license counts. */
export const SAMPLE = {
  domain: 'smart-account.cisco.com',
  virtualAccount: 'virtual-account1',
  localAccount: 'local-account',
  subscriptionId: '1000',
  endDate: '2021-11-26',
  cssm: 'sa-cssm',
  satellite: 'sa-satellite',
  cssmLicenses: [
    ['HCS Emergency Responder User License', 10010, 0],
    ['HCS Cisco UCM TelePresence Room License', 45000, 0],
    ['HCS Cisco UCM Essential License', 56000, 0],
    ['HCS Cisco UCM Foundation License', 46000, 2],
    ['HCS Unity Connection SpeechConnect Port License', 0, 0],
    ['HCS Unity Connection Basic License', 13010, 0],
    ['HCS Unity Connection Standard Messaging License', 2000, 0],
  ] as [string, number, number][],
  satelliteLicenses: [
    ['HCS Cisco UCM Basic License', 56010, 0],
    ['HCS Cisco UCM Standard License', 46000, 0],
    ['HCS Unity Connection Standard License', 13000, 0],
  ] as [string, number, number][],
} as const;

export const licenseLines = (licenses: readonly [string, number, number][], subscriptionId: string, endDate: string) =>
  licenses.map(([license, quantity, inUse]) => ({
    license,
    quantity,
    inUse,
    available: quantity - inUse,
    status: 'In Compliance',
    licenseDetails: [{ licenseType: 'TERM', quantity, subscriptionId, startDate: '2020-11-27', endDate, status: 'Active' }],
  }));

/** The guide's PLM sample ("200.0.X.XXX", its PLMINF0 license counts) licensing one 10.x cluster of C1 and one of C2. */
export const SAMPLE_PLM = {
  id: 'plm-sample',
  hostname: '200.0.X.XXX',
  licenses: [
    ['HCER_User', 10010, 0], ['HUCM_TelePresenceRoom', 45000, 0], ['HUCM_Essential', 56000, 0], ['HUCM_Basic', 56010, 0], ['HUCM_Foundation', 46000, 2],
    ['HUCM_Standard', 46000, 0], ['HCUC_SpeechConnectPort', 0, 0], ['HCUC_BasicMessaging', 13010, 0], ['HCUC_EnhancedMessaging', 13000, 0], ['HCUC_StandardMessaging', 2000, 0],
  ] as [string, number, number][],
  clusters: [['c1-cucm-plm', 'C1'], ['c2-cucm-plm', 'C2']] as [string, string][],
  clusterUsage: [['HUCM_TelePresenceRoom', 0], ['HUCM_Essential', 0], ['HUCM_Foundation', 1], ['HUCM_Standard', 0], ['HUCM_Basic', 0]] as [string, number][],
} as const;

/** A `plm-inventory.reported` payload: the sample PLM's licenses, or other clusters of it. */
export const plmInventory = (licenseManagerId: string, hostname: string, reportedAt: string, clusters: readonly (readonly [string, string])[] = SAMPLE_PLM.clusters) => ({
  licenseManagerId,
  hostname,
  version: '11.5.1.12000-1',
  licenseMode: 'HCS' as const,
  reportedAt,
  licenses: SAMPLE_PLM.licenses.map(([licenseType, installed, required]) => ({ licenseType, installed, required, available: installed - required })),
  customerIds: [...new Set(clusters.map(([, customerId]) => customerId))],
  clusters: clusters.map(([clusterId, customerId]) => ({ clusterId, customerId, type: 'cucm' as const, version: '10.5.2', licenses: SAMPLE_PLM.clusterUsage.map(([licenseType, count]) => ({ licenseType, count })) })),
});

/**
 * The guide's Service Inventory license-summary rows ("Smart Licensing Reports": its PLM sample rows and its format
 * lines), in the order of its sample: PLM license rows, smart license rows, PLM cluster rows, smart cluster rows,
 * customer tiers.
 */
export const SERVICE_INVENTORY_FORMATS: [string, RegExp][] = [
  ['PLMINF0', /^\|SUMMARY\|PLMINF0\|[^|,]+\|H[A-Z]+\|(\d+|~)\|[^|]+\|\d+\|\d+\|-?\d+\|(VALID|INSUFFICIENT)\|$/],
  ['PLMINFO', /^\|SUMMARY\|PLMINFO\|[^|@,]+@[^|,]+,(CSSM|Satellite),[^|,]+,[^|,]+,[^|,]+\|(H[A-Z]+|~)\|(\d+|~)\|[^|]+\|\d+\|\d+\|-?\d+\|(In Compliance|Out of Compliance)\|$/],
  ['CUSTLICENSEINF0', /^\|SUMMARY\|CUSTLICENSEINF0\|[^|,]+\|~\|~\|[^|]+\|(H[A-Z]+|~)\|[^|]+\|[^|]+\|\d+\|$/],
  ['CUSTLICENSEINFO', /^\|SUMMARY\|CUSTLICENSEINFO\|([^|@,]+@[^|,]+,(CSSM|Satellite)|~)\|~\|~\|[^|]+\|(H[A-Z]+|~)\|[^|]+\|[^|]+\|\d+\|$/],
  ['SITELICENSEINFO', /^\|SUMMARY\|SITELICENSEINFO\|~\|~\|[^|]+\|~\|[^|]+\|\d+\|$/],
];

/** The sections of a license summary's rows in order; throws on a row no format of the guide matches. */
export const summarySections = (text: string): string[] => {
  const lines = text.split('\n');
  if (lines[0] !== '|LICENSESUMMARYSTART|' || lines.at(-2) !== '|LICENSESUMMARYEND|' || lines.at(-1) !== '') throw new Error('not one LICENSESUMMARYSTART/END block');
  return lines.slice(1, -2).map((line) => {
    const format = SERVICE_INVENTORY_FORMATS.find(([, pattern]) => pattern.test(line));
    if (!format) throw new Error(`a row matches no format of the guide: ${line}`);
    return format[0];
  });
};

/** Whether the sections come in the guide's order (each section's rows together). */
export const inGuideOrder = (sections: string[]): boolean => {
  const order = SERVICE_INVENTORY_FORMATS.map(([name]) => name);
  return sections.every((s, i) => i === 0 || order.indexOf(sections[i - 1]!) <= order.indexOf(s));
};
