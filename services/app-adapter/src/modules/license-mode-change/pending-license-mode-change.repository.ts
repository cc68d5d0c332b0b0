import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, type Repository } from 'typeorm';
import type { ApplicationType, LicenseMode } from '#libs/contracts';
import { prepared, queryPrepared, queryReturning } from '#libs/persistence';
import { PendingLicenseModeChange, type LicenseModeChangeStep } from './pending-license-mode-change.entity.js';

/** The columns under the entity's property names, for the statements written by hand. */
const AS_ENTITY = `cluster_id AS "clusterId", application_type AS "applicationType", node, target_mode AS "targetMode", previous_mode AS "previousMode",
  step, change_id AS "changeId", started_at AS "startedAt", updated_at AS "updatedAt", owner, lease_until AS "leaseUntil"`;
// Read by every license-mode.get (each assignment's license-mode step): prepared, as the other statements of a job's calls.
const FIND = prepared('app-adapter.pending-license-mode-change.find', `SELECT ${AS_ENTITY} FROM pending_license_mode_change WHERE cluster_id = $1`);
const leaseEnd = (param: string) => `now() + ${param}::float8 * interval '1 millisecond'`;

/** The license mode changes in flight, one per cluster (see PendingLicenseModeChange), and who works on each. */
@Injectable()
export class PendingLicenseModeChangeRepository {
  private readonly rows: Repository<PendingLicenseModeChange>;

  constructor(private readonly dataSource: DataSource) {
    this.rows = dataSource.getRepository(PendingLicenseModeChange);
  }

  async find(clusterId: string): Promise<PendingLicenseModeChange | undefined> {
    return (await queryPrepared<PendingLicenseModeChange>(this.dataSource, FIND, [clusterId]))[0];
  }

  /** The changes of the given application types whose owner's lease expired (it stopped mid-change), oldest first. */
  async abandoned(types: readonly ApplicationType[]): Promise<PendingLicenseModeChange[]> {
    return queryReturning<PendingLicenseModeChange>(
      this.rows.manager,
      `SELECT ${AS_ENTITY} FROM pending_license_mode_change WHERE application_type = ANY($1::text[]) AND lease_until < now() ORDER BY started_at`,
      [types],
    );
  }

  /** Lists every change of the types (tests, diagnostics). */
  list(types: readonly ApplicationType[]): Promise<PendingLicenseModeChange[]> {
    return this.rows.find({ where: { applicationType: In([...types]) }, order: { startedAt: 'ASC' } });
  }

  /** Records a change about to be set, owned by `owner`; replaces the cluster's earlier one (a new wanted mode supersedes it). */
  async begin(
    change: { clusterId: string; applicationType: ApplicationType; node: string; targetMode: LicenseMode; previousMode: LicenseMode },
    owner: string,
    leaseMs: number,
  ): Promise<PendingLicenseModeChange> {
    const rows = await queryReturning<PendingLicenseModeChange>(
      this.rows.manager,
      `INSERT INTO pending_license_mode_change (cluster_id, application_type, node, target_mode, previous_mode, step, change_id, owner, lease_until)
       VALUES ($1, $2, $3, $4, $5, 'setting', $6, $7, ${leaseEnd('$8')})
       ON CONFLICT (cluster_id) DO UPDATE SET application_type = excluded.application_type, node = excluded.node, target_mode = excluded.target_mode,
         previous_mode = excluded.previous_mode, step = 'setting', change_id = excluded.change_id, owner = excluded.owner, lease_until = excluded.lease_until,
         started_at = now(), updated_at = now()
       RETURNING ${AS_ENTITY}`,
      [change.clusterId, change.applicationType, change.node, change.targetMode, change.previousMode, randomUUID(), owner, leaseMs],
    );
    return rows[0]!;
  }

  /**
   * Takes the change over for `owner`: when nobody holds it (released after a failure), `owner` already does, or its
   * owner's lease expired. Undefined when another live process holds it, or the change is gone.
   */
  async claim(clusterId: string, owner: string, leaseMs: number): Promise<PendingLicenseModeChange | undefined> {
    const rows = await queryReturning<PendingLicenseModeChange>(
      this.rows.manager,
      `UPDATE pending_license_mode_change SET owner = $2, lease_until = ${leaseEnd('$3')}, updated_at = now()
       WHERE cluster_id = $1 AND (owner IS NULL OR owner = $2 OR lease_until < now()) RETURNING ${AS_ENTITY}`,
      [clusterId, owner, leaseMs],
    );
    return rows[0];
  }

  /** Extends the owner's lease while it works (a long restart outlasts one lease). */
  async renew(clusterId: string, owner: string, leaseMs: number): Promise<void> {
    await this.rows.manager.query(`UPDATE pending_license_mode_change SET lease_until = ${leaseEnd('$3')} WHERE cluster_id = $1 AND owner = $2`, [clusterId, owner, leaseMs]);
  }

  /** Gives the change up after a failure: it stays for the next request (not resumed on its own). */
  async release(clusterId: string, owner: string): Promise<void> {
    await this.rows.update({ clusterId, owner }, { owner: null, leaseUntil: null });
  }

  async advance(clusterId: string, step: LicenseModeChangeStep): Promise<void> {
    await this.rows.update({ clusterId }, { step, updatedAt: () => 'now()' });
  }

  async remove(clusterId: string): Promise<void> {
    await this.rows.delete({ clusterId });
  }
}
