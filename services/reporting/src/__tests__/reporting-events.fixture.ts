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
