import { finished } from 'node:stream/promises';
import { ChunkWriter, CHUNK_BYTES } from '../chunk.writer.js';
import { put } from '../report-output.js';

describe('ChunkWriter', () => {
  it('stores what it receives as numbered chunks of at most CHUNK_BYTES, in order, nothing lost', async () => {
    const stored: [number, Buffer][] = [];
    const sut = new ChunkWriter(async (seq, data) => {
      stored.push([seq, data]);
    });
    const line = 'x'.repeat(999) + '\n';
    const lines = Math.ceil((2.5 * CHUNK_BYTES) / line.length);
    for (let i = 0; i < lines; i++) await put(sut, line);
    sut.end();
    await finished(sut);
    expect(stored.map(([seq]) => seq)).toEqual([0, 1, 2]);
    expect(stored.slice(0, 2).every(([, d]) => d.length === CHUNK_BYTES)).toBe(true);
    expect(Buffer.concat(stored.map(([, d]) => d)).toString()).toBe(line.repeat(lines));
    expect(sut.bytes).toBe(line.length * lines);
    expect(sut.chunks).toBe(3);
  });

  it('fails the stream when a chunk cannot be stored', async () => {
    const sut = new ChunkWriter(async () => {
      throw new Error('database gone');
    });
    sut.write(Buffer.alloc(CHUNK_BYTES + 1));
    sut.end();
    await expect(finished(sut)).rejects.toThrow('database gone');
  });
});
