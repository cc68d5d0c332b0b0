import { defineEvent } from '../events/event-definition.js';
import { provisioningSubject } from '../messaging/subjects.js';
import { STREAMS } from '../messaging/stream-names.js';
import { clusterDeletedSchema, clusterSchema, customerDeletedSchema, customerSchema } from './provisioning.schemas.js';

const stream = STREAMS.provisioning;

export const ProvisioningEvents = {
  customerCreated: defineEvent({ type: 'hcs.provisioning.customer.created', subject: provisioningSubject('customer', 'created'), stream, schemaVersion: 1, schema: customerSchema, summary: 'A customer was created' }),
  customerUpdated: defineEvent({ type: 'hcs.provisioning.customer.updated', subject: provisioningSubject('customer', 'updated'), stream, schemaVersion: 1, schema: customerSchema, summary: 'A customer changed (name, proxy settings)' }),
  customerDeleted: defineEvent({ type: 'hcs.provisioning.customer.deleted', subject: provisioningSubject('customer', 'deleted'), stream, schemaVersion: 1, schema: customerDeletedSchema, summary: 'A customer was deleted' }),
  clusterCreated: defineEvent({ type: 'hcs.provisioning.cluster.created', subject: provisioningSubject('cluster', 'created'), stream, schemaVersion: 1, schema: clusterSchema, summary: 'A UC cluster was provisioned' }),
  clusterUpdated: defineEvent({ type: 'hcs.provisioning.cluster.updated', subject: provisioningSubject('cluster', 'updated'), stream, schemaVersion: 1, schema: clusterSchema, summary: 'A UC cluster changed (version, nodes, credentials, addresses, proxy)' }),
  clusterDeleted: defineEvent({ type: 'hcs.provisioning.cluster.deleted', subject: provisioningSubject('cluster', 'deleted'), stream, schemaVersion: 1, schema: clusterDeletedSchema, summary: 'A UC cluster was deleted' }),
} as const;
