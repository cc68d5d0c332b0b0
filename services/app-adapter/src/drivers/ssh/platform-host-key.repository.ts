import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { columnList, selectAs } from '#libs/persistence';
import { PlatformHostKey as PlatformHostKeyRecord } from '../../database/platform-host-key.entity.js';

/** An SSH host key as the platform CLI client identifies it: `SHA256:<base64>` like OpenSSH prints fingerprints. */
export interface PlatformHostKey {
  address: string;
  port: number;
  keyType: string;
  fingerprint: string;
}

/** The host keys the platform CLI client trusted on first use, one per node address and port. */
@Injectable()
export class PlatformHostKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores `presented` unless the node already has a key, and answers the node's remembered key (one statement). */
  async remember(presented: PlatformHostKey): Promise<PlatformHostKey> {
    const rows: Pick<PlatformHostKeyRecord, 'keyType' | 'fingerprint'>[] = await this.dataSource.query(
      // The no-op update makes RETURNING answer the stored row when the key was already known.
      `INSERT INTO platform_host_key (${columnList(PlatformHostKeyRecord, ['address', 'port', 'keyType', 'fingerprint'])}) VALUES ($1, $2, $3, $4)
       ON CONFLICT (address, port) DO UPDATE SET address = platform_host_key.address
       RETURNING ${selectAs(PlatformHostKeyRecord, ['keyType', 'fingerprint'])}`,
      [presented.address, presented.port, presented.keyType, presented.fingerprint],
    );
    const row = rows[0]!;
    return { address: presented.address, port: presented.port, keyType: row.keyType, fingerprint: row.fingerprint };
  }
}
