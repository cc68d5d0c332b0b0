import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { prepared, queryPrepared, selectAs } from '#libs/persistence';
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

@Injectable()
export class EndpointRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Several clusters at once (at most one event per cluster): one statement, one JSON document, for a provisioning batch. */
  async upsertMany(m: EntityManager, items: { cluster: ClusterProvisioning; sealed: SealedSecrets; occurredAt: string }[]): Promise<void> {
    if (!items.length) return;
    const rows = items.map((i) => ({
      cluster_id: i.cluster.id,
      customer_id: i.cluster.customerId,
      application_type: applicationTypeOf(i.cluster.type),
      cluster_type: i.cluster.type,
      version: i.cluster.version,
      nodes: i.cluster.nodes.map((n) => ({ hostname: n.hostname, address: n.address, port: n.port ?? null, publisher: n.publisher })),
      credentials_ciphertext: i.sealed.credentials,
      tls: i.cluster.tls ?? null,
      revision: i.cluster.revision ?? null,
      source_occurred_at: i.occurredAt,
      proxy: i.cluster.proxy ? proxyColumn(i.cluster.proxy) : null,
      proxy_password_ciphertext: i.sealed.proxyPassword,
    }));
    await m.query(
      `INSERT INTO endpoint AS e (cluster_id, customer_id, application_type, cluster_type, version, nodes, credentials_ciphertext, tls, revision, source_occurred_at,
         proxy, proxy_password_ciphertext)
       SELECT r.cluster_id, r.customer_id, r.application_type, r.cluster_type, r.version, r.nodes, r.credentials_ciphertext,
         CASE WHEN jsonb_typeof(r.tls) = 'null' THEN NULL ELSE r.tls END, r.revision, r.source_occurred_at,
         CASE WHEN jsonb_typeof(r.proxy) = 'null' THEN NULL ELSE r.proxy END, r.proxy_password_ciphertext
       FROM jsonb_to_recordset($1::jsonb) AS r(cluster_id text, customer_id text, application_type text, cluster_type text, version text, nodes jsonb,
         credentials_ciphertext text, tls jsonb, revision bigint, source_occurred_at timestamptz, proxy jsonb, proxy_password_ciphertext text)
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
    const rows: { cluster_id: string }[] = await this.dataSource.query(
      `SELECT e.cluster_id FROM endpoint e JOIN smart_agent_state s ON s.cluster_id = e.cluster_id
       WHERE e.application_type = $1 AND e.deleted_at IS NULL
         AND s.state->>'registrationStatus' IN ('registered', 'partially-registered', 'multiple-virtual-accounts')
       ORDER BY e.cluster_id`,
      [applicationType],
    );
    return rows.map((r) => r.cluster_id);
  }
}
