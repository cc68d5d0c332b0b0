import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ApplicationType, LicenseMode } from '#libs/contracts';

/** The license mode last set on each cluster, and the one before it. */
@Injectable()
export class ClusterLicenseModeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A null `previous` (not read from the application) keeps the previous mode already recorded. */
  async record(clusterId: string, applicationType: ApplicationType, mode: LicenseMode, previous: LicenseMode | null): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO cluster_license_mode (cluster_id, application_type, mode, previous_mode) VALUES ($1, $2, $3, $4)
       ON CONFLICT (cluster_id) DO UPDATE SET application_type = excluded.application_type, mode = excluded.mode,
         previous_mode = COALESCE(excluded.previous_mode, cluster_license_mode.previous_mode), changed_at = now()`,
      [clusterId, applicationType, mode, previous],
    );
  }
}
