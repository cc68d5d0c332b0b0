import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { columnList, prepared, queryPrepared, recordsetOf, selectAs } from '#libs/persistence';
import { applicationTypeOf, type ApplicationType, type ClusterProvisioning, type ProxySettings } from '#libs/contracts';
import { Endpoint } from '../../database/endpoint.entity.js';

/** What a call to the cluster needs of its endpoint. */
export type EndpointRow = Pick<Endpoint, 'clusterId' | 'applicationType' | 'clusterType' | 'version' | 'nodes' | 'credentialsCiphertext' | 'tls'>;

/** A provisioning event's secrets, sealed by the CredentialVault: the application credentials and the proxy password. */
export interface SealedSecrets {
  credentials: string | null;
  proxyPassword: string | null;
}

/** What app-adapter keeps of a provisioned proxy in clear: where it is and its user (the password is sealed apart). */
export interface ProxyColumn {
  host: string;
  port: number;
  username: string | null;
}

export const proxyColumn = (p: ProxySettings): ProxyColumn => ({ host: p.host, port: p.port, username: p.username ?? null });

/** An event is applied when newer than the row `e`: by revision when both have one, else by when it occurred. */
export const NEWER = `((e.revision IS NOT NULL AND $R::bigint IS NOT NULL AND $R::bigint > e.revision)
  OR ((e.revision IS NULL OR $R::bigint IS NULL) AND $A::timestamptz >= e.source_occurred_at))`;

// The endpoint of a cluster about to be called (a cache miss of EndpointCache): prepared once per connection.
const FIND = prepared(
  'app-adapter.endpoint.find',
  `SELECT ${selectAs(Endpoint, ['clusterId', 'applicationType', 'clusterType', 'version', 'nodes', 'credentialsCiphertext', 'tls'])} FROM endpoint WHERE cluster_id = $1 AND deleted_at IS NULL`,
);

const BATCH_FIELDS = [
  'clusterId', 'customerId', 'applicationType', 'clusterType', 'version', 'nodes', 'credentialsCiphertext', 'tls', 'revision', 'sourceOccurredAt', 'proxy', 'proxyPasswordCiphertext',
] as const;

/** An endpoint as a provisioning batch writes it, in its JSON form: the revision a number, when it occurred ISO text. */
type EndpointBatchRow = Omit<Pick<Endpoint, (typeof BATCH_FIELDS)[number]>, 'revision' | 'sourceOccurredAt'> & { revision: number | null; sourceOccurredAt: string };

const BATCH_RECORDSET = recordsetOf(Endpoint, BATCH_FIELDS, 'r', { jsonNullAsNull: ['tls', 'proxy'] });

@Injectable()
export class EndpointRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Several clusters at once (at most one event per cluster): one statement, one JSON document, for a provisioning batch. */
  async upsertMany(m: EntityManager, items: { cluster: ClusterProvisioning; sealed: SealedSecrets; occurredAt: string }[]): Promise<void> {
    if (!items.length) return;
    const rows = items.map((i): EndpointBatchRow => ({
      clusterId: i.cluster.id,
      customerId: i.cluster.customerId,
      applicationType: applicationTypeOf(i.cluster.type),
      clusterType: i.cluster.type,
      version: i.cluster.version,
      nodes: i.cluster.nodes.map((n) => ({ hostname: n.hostname, address: n.address, port: n.port ?? null, publisher: n.publisher })),
      credentialsCiphertext: i.sealed.credentials,
      tls: i.cluster.tls ?? null,
      revision: i.cluster.revision ?? null,
      sourceOccurredAt: i.occurredAt,
      proxy: i.cluster.proxy ? proxyColumn(i.cluster.proxy) : null,
      proxyPasswordCiphertext: i.sealed.proxyPassword,
    }));
    await m.query(
      `INSERT INTO endpoint AS e (${columnList(Endpoint, BATCH_FIELDS)})
       SELECT ${BATCH_RECORDSET.select}
       FROM jsonb_to_recordset($1::jsonb) AS r(${BATCH_RECORDSET.definition})
       ON CONFLICT (cluster_id) DO UPDATE SET customer_id = excluded.customer_id, application_type = excluded.application_type,
         cluster_type = excluded.cluster_type, version = excluded.version, nodes = excluded.nodes,
         credentials_ciphertext = excluded.credentials_ciphertext, tls = excluded.tls, revision = excluded.revision,
         source_occurred_at = excluded.source_occurred_at, proxy = excluded.proxy, proxy_password_ciphertext = excluded.proxy_password_ciphertext,
         deleted_at = NULL, updated_at = now()
       WHERE ${NEWER.replaceAll('$R', 'excluded.revision').replaceAll('$A', 'excluded.source_occurred_at')}`,
      [JSON.stringify(rows)],
    );
  }

  async markDeleted(m: EntityManager, clusterId: string, revision: number | null, occurredAt: string): Promise<void> {
    await m.query(
      `UPDATE endpoint AS e SET deleted_at = now(), revision = $2, source_occurred_at = $3, updated_at = now()
       WHERE e.cluster_id = $1 AND ${NEWER.replaceAll('$R', '$2').replaceAll('$A', '$3')}`,
      [clusterId, revision, occurredAt],
    );
  }

  async find(clusterId: string): Promise<EndpointRow | undefined> {
    const rows = await queryPrepared<EndpointRow>(this.dataSource, FIND, [clusterId]);
    return rows[0];
  }

  /** Ids of the clusters of one application type whose last known smart-agent state has a registration. */
  async registeredClusterIds(applicationType: ApplicationType): Promise<string[]> {
    const rows: Pick<Endpoint, 'clusterId'>[] = await this.dataSource.query(
      `SELECT ${selectAs(Endpoint, ['clusterId'], 'e')} FROM endpoint e JOIN smart_agent_state s ON s.cluster_id = e.cluster_id
       WHERE e.application_type = $1 AND e.deleted_at IS NULL
         AND s.state->>'registrationStatus' IN ('registered', 'partially-registered', 'multiple-virtual-accounts')
       ORDER BY e.cluster_id`,
      [applicationType],
    );
    return rows.map((r) => r.clusterId);
  }
}
