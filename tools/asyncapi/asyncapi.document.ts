import { z } from 'zod';
import {
  clusterDeletedSchema,
  clusterNodeSchema,
  clusterSchema,
  clusterTlsSchema,
  credentialSchema,
  customerDeletedSchema,
  customerSchema,
  envelopeSchema,
  PROVISIONING_MAX_MESSAGE_BYTES,
  proxySettingsSchema,
  ProvisioningEvents,
  PROVISIONING_RULES,
  inboxPrefix,
  ProvisioningCommands,
  STREAMS,
  type EventDefinition,
} from '#libs/contracts';

/**
 * Builds the AsyncAPI 3.0 document of the public inbound provisioning contract from the zod schemas in
 * libs/contracts: every channel, message and payload schema is derived from `ProvisioningEvents` and
 * `envelopeSchema`; nothing here restates a field. `npm run asyncapi` writes it to docs/asyncapi.yaml.
 *
 * Payload schemas are emitted as draft-07 JSON Schema in the *input* shape (what a publisher may send: fields
 * with a default, such as `licensing` and `credentials`, are optional), not the parsed output shape.
 */

const SCHEMA_REF_PREFIX = '#/components/schemas/';
const NATS_MSG_ID = 'Nats-Msg-Id';

/** Shared building blocks, published once under components.schemas and referenced by $ref. */
const SHARED_SCHEMAS: Record<string, z.ZodType> = {
  ProxySettings: proxySettingsSchema,
  Credential: credentialSchema,
  ClusterNode: clusterNodeSchema,
  ClusterTls: clusterTlsSchema,
};

/** Names of the event payloads (the envelope's `data`); every ProvisioningEvents schema must appear here. */
const DATA_SCHEMAS: Record<string, z.ZodType> = {
  Customer: customerSchema,
  CustomerDeleted: customerDeletedSchema,
  Cluster: clusterSchema,
  ClusterDeleted: clusterDeletedSchema,
};

type JsonSchema = Record<string, unknown>;

const pascal = (key: string): string => key.charAt(0).toUpperCase() + key.slice(1);

const events = (): [key: string, event: EventDefinition][] => Object.entries(ProvisioningEvents) as [string, EventDefinition][];

const dataSchemaName = (event: EventDefinition): string => {
  const entry = Object.entries(DATA_SCHEMAS).find(([, schema]) => schema === event.schema);
  if (!entry) throw new Error(`Event ${event.type} has a payload schema with no name in DATA_SCHEMAS (tools/asyncapi)`);
  return entry[0];
};

/** Converts every named schema at once so that cross-references become `$ref`s into components.schemas. */
const componentSchemas = (): { schemas: Record<string, JsonSchema>; envelopeOf: Map<string, string> } => {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries({ ...SHARED_SCHEMAS, ...DATA_SCHEMAS })) registry.add(schema, { id });
  const envelopeOf = new Map<string, string>();
  for (const [key, event] of events()) {
    dataSchemaName(event);
    const id = `${pascal(key)}Envelope`;
    registry.add(envelopeSchema(event.schema).describe(`${event.summary} (${event.type}, schema version ${event.schemaVersion})`), { id });
    envelopeOf.set(key, id);
  }
  const generated = z.toJSONSchema(registry, { target: 'draft-07', io: 'input', uri: (id) => `${SCHEMA_REF_PREFIX}${id}` }) as {
    schemas: Record<string, JsonSchema>;
  };
  const schemas: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(generated.schemas)) {
    // `$schema`/`$id` are per-document keywords; inside AsyncAPI the schemaFormat says the dialect.
    const { $schema: _schema, $id: _id, ...rest } = schema;
    schemas[id] = rest;
  }
  return { schemas, envelopeOf };
};

const DESCRIPTION = [
  "The public inbound provisioning contract of smartlic: what a service provider's provisioning systems (BSS,",
  'Unified CDM, VOSS, ...) publish about customers and UC clusters so that smartlic can fulfil Smart Licensing for them.',
  '',
  '## Transport',
  `Every channel is a subject of the NATS JetStream stream \`${STREAMS.provisioning}\`; publish with a JetStream`,
  'publish (and wait for the PubAck) so that the message is stored and replayable. Delivery to smartlic is',
  'at-least-once: a message may be delivered, and applied, more than once.',
  '',
  '## Envelope',
  'Every payload is a JSON envelope (`id`, `type`, `schemaVersion`, `occurredAt`, `correlationId`, `causationId`)',
  'around the event `data`. `type` and `schemaVersion` must match the message (see each message `name`).',
  '',
  '## Validation',
  'The subject decides the operation: an envelope whose `type` is not the one of its subject, an unsupported',
  '`schemaVersion`, an `occurredAt` more than a few minutes in the future (EVENT_MAX_CLOCK_SKEW_MS, default 5 min),',
  'a string holding a NUL, a field above its limit, or a cluster without exactly one publisher node among at least',
  'one node is refused: smartlic copies the message to its dead-letter stream with the field in the reason and',
  `changes nothing. The stream stores messages of at most ${PROVISIONING_MAX_MESSAGE_BYTES} bytes and refuses a larger publish.`,
  'A subject of this contract that a smartlic release does not know yet is acknowledged and skipped.',
  '',
  '## The customer exists (publish a customer before its clusters)',
  `A \`${ProvisioningEvents.clusterCreated.type}\` or \`${ProvisioningEvents.clusterUpdated.type}\` whose \`customerId\` names a customer`,
  'smartlic does not know (no customer created yet, or deleted) is neither applied nor lost: it waits, redelivered with',
  'growing delays over a window (PROVISIONING_CUSTOMER_WAIT, default 5 min), and is applied once as soon as its',
  'customer is created. A customer created in the same batch counts. When the window ends without the customer, the',
  `message is dead-lettered once with the reason \`${PROVISIONING_RULES.customerExists}: customer <id> of cluster <id> does not exist ...\`.`,
  'Every smartlic service that consumes cluster events (registration, app-adapter) applies this rule through the same',
  'implementation and setting, so all of them apply or refuse the same message. Delete a customer after its clusters.',
  '',
  '## De-duplication',
  `Publishers should set the \`${NATS_MSG_ID}\` header to the envelope \`id\`; JetStream then drops a re-published`,
  'duplicate inside its de-duplication window. Re-publish a retried message with the same envelope id.',
  '',
  '## Tracing',
  'A message may carry a W3C Trace Context `traceparent` (and `tracestate`) header; smartlic continues that trace.',
  '',
  '## Ordering',
  'Customers and clusters carry an optional, monotonic `revision`. smartlic ignores a message whose revision is',
  'older than the revision it has already applied for the same id, so out-of-order or replayed messages are',
  'harmless. Publishers that can should always send `revision`.',
  '',
  '## Secrets: encrypt every password for app-adapter',
  'Cluster credentials (`credentials.admin|platform|http`) and proxy passwords are secrets, and these messages are kept',
  `in \`${STREAMS.provisioning}\` (and dead-letter copies) for weeks: send each password as \`encryptedPassword\`, never`,
  'as `password`. `encryptedPassword` is a compact JWE (RFC 7516) with `alg` `ECDH-ES` and `enc` `A256GCM`, made with',
  "the deployment's X25519 public key (RFC 8037) and its `kid` in the protected header; the plaintext is the password",
  'in UTF-8. Only app-adapter holds the private key; it decrypts just before sealing the password at rest.',
  '',
  `The public key (a JWK Set, current key first) is the reply to a NATS request on \`${ProvisioningCommands.encryptionKey.subject}\``,
  '(an empty JSON object as body; the reply is `{"ok":true,"data":{"keys":[{"kty":"OKP","crv":"X25519","x":…,"kid":…}]}}`),',
  'or is handed over by the operator. With any JOSE library, e.g. jose for Node.js:',
  '`new CompactEncrypt(utf8(password)).setProtectedHeader({alg:"ECDH-ES",enc:"A256GCM",kid}).encrypt(await importJWK(jwk,"ECDH-ES"))`.',
  'Ask again for the key when app-adapter refuses a `kid` (the operator rotated the key).',
  '',
  'A deployment that requires encrypted credentials (PROVISIONING_REQUIRE_ENCRYPTED_CREDENTIALS, on in the lab and the',
  'demo) refuses a message carrying a clear `password`: it is dead-lettered with the field named, and its dead-letter',
  "copy has the clear password removed. A password app-adapter cannot decrypt (another key, altered) is dead-lettered",
  'the same way, still encrypted. Without that setting a clear `password` is still accepted (migration).',
  '',
  '## Authorisation',
  `Connect as the \`provisioning\` NATS user with the inbox prefix \`${inboxPrefix('provisioning')}\` (nats.js: \`inboxPrefix\`;`,
  'Go: `nats.CustomInboxPrefix`; Java: `Options.Builder.inboxPrefix`): it may publish these subjects, read the PubAcks',
  'and the key reply on that inbox, and ask for the encryption key; nothing else.',
].join('\n');

/** The AsyncAPI 3.0.0 document, as a plain object ready for YAML or JSON serialisation. */
export const buildAsyncApiDocument = (): object => {
  const { schemas, envelopeOf } = componentSchemas();
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};

  for (const [key, event] of events()) {
    const envelopeId = envelopeOf.get(key)!;
    messages[key] = {
      name: event.type,
      title: event.summary,
      summary: event.summary,
      contentType: 'application/json',
      correlationId: { description: 'Ties together every message caused by one action', location: '$message.payload#/correlationId' },
      headers: {
        type: 'object',
        properties: {
          [NATS_MSG_ID]: { type: 'string', description: 'Envelope id, for JetStream de-duplication' },
          traceparent: { type: 'string', description: 'W3C Trace Context traceparent (optional)' },
          tracestate: { type: 'string', description: 'W3C Trace Context tracestate (optional)' },
        },
      },
      payload: { schemaFormat: 'application/schema+json;version=draft-07', schema: { $ref: `${SCHEMA_REF_PREFIX}${envelopeId}` } },
    };
    channels[key] = {
      address: event.subject,
      title: event.type,
      description: `${event.summary}. Subject of JetStream stream ${event.stream}.`,
      messages: { [key]: { $ref: `#/components/messages/${key}` } },
    };
    operations[`send${pascal(key)}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${key}` },
      summary: `Publish ${event.type}`,
      description: `${event.summary}. Publish to JetStream stream ${event.stream} with ${NATS_MSG_ID} = envelope id.`,
      messages: [{ $ref: `#/channels/${key}/messages/${key}` }],
    };
  }

  return {
    asyncapi: '3.0.0',
    info: { title: 'smartlic provisioning contract', version: '1.0.0', description: DESCRIPTION },
    defaultContentType: 'application/json',
    servers: {
      example: {
        host: 'localhost:4222',
        protocol: 'nats',
        description: 'Example NATS server with JetStream; use your deployment address.',
      },
    },
    channels,
    operations,
    components: { schemas, messages },
  };
};
