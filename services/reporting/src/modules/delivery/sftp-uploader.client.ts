import { Injectable } from '@nestjs/common';
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import SftpClient from 'ssh2-sftp-client';

export interface SftpTarget {
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string;
  directory: string;
}

export interface UploadFile {
  name: string;
  content: () => AsyncIterable<Buffer>;
}

/** The SFTP port: uploads files as streams to one server. */
@Injectable()
export class SftpUploader {
  async upload(target: SftpTarget, files: readonly UploadFile[], timeoutMs: number): Promise<string[]> {
    const client = new SftpClient('smartlic-reporting');
    try {
      await client.connect({
        host: target.host,
        port: target.port,
        username: target.username,
        password: target.password,
        privateKey: target.privateKey,
        readyTimeout: timeoutMs,
        retries: 0,
      });
      const written: string[] = [];
      for (const file of files) {
        const remote = posix.join(target.directory, file.name);
        // Written under a temporary name and renamed, so a collector never picks up half a report.
        await client.put(Readable.from(file.content()), `${remote}.part`);
        await client.rename(`${remote}.part`, remote);
        written.push(remote);
      }
      return written;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
