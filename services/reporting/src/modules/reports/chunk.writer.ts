import { Writable } from 'node:stream';

/** Size of a stored chunk: small enough for one NATS reply once base64-encoded. */
export const CHUNK_BYTES = 256 * 1024;

/** A Writable that stores what it receives as numbered chunks of at most CHUNK_BYTES. */
export class ChunkWriter extends Writable {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private seq = 0;
  bytes = 0;

  constructor(private readonly store: (seq: number, data: Buffer) => Promise<void>) {
    super({ highWaterMark: CHUNK_BYTES });
  }

  get chunks(): number {
    return this.seq;
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.pending.push(buf);
    this.pendingBytes += buf.length;
    this.bytes += buf.length;
    if (this.pendingBytes < CHUNK_BYTES) return callback();
    this.drainFull().then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.drainFull()
      .then(() => (this.pendingBytes > 0 ? this.flush(this.pendingBytes) : undefined))
      .then(() => callback(), callback);
  }

  private async drainFull(): Promise<void> {
    while (this.pendingBytes >= CHUNK_BYTES) await this.flush(CHUNK_BYTES);
  }

  private async flush(size: number): Promise<void> {
    const all = Buffer.concat(this.pending);
    const data = all.subarray(0, size);
    const rest = all.subarray(size);
    this.pending = rest.length ? [Buffer.from(rest)] : [];
    this.pendingBytes = rest.length;
    await this.store(this.seq++, Buffer.from(data));
  }
}
