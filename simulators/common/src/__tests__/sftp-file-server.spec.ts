import SftpClient from 'ssh2-sftp-client';
import { startSftpFileServer, type SftpFileServer } from '../sftp-file-server.js';

describe('the SFTP file server (COP files for PAWS prepareRemoteUpgrade)', () => {
  let server: SftpFileServer;
  const client = new SftpClient('sftp-file-server-spec');

  beforeAll(async () => {
    server = await startSftpFileServer({ user: 'copadmin', password: 'cop-secret', files: { '/cop/ciscocm.HCSMode_v4.cop.sgn': Buffer.alloc(100_000, 7), '/cop/other.txt': 'x' } });
  });
  afterAll(async () => {
    await client.end().catch(() => undefined);
    await server.close();
  });

  it('refuses a wrong password, then serves listings and whole downloads to the account; writing is refused', async () => {
    await expect(new SftpClient('wrong').connect({ host: '127.0.0.1', port: server.port, username: 'copadmin', password: 'nope', retries: 0, readyTimeout: 5_000 })).rejects.toThrow(/authentication/i);
    expect(server.refusedLogins).toBe(1);

    await client.connect({ host: '127.0.0.1', port: server.port, username: 'copadmin', password: 'cop-secret', retries: 0 });
    expect((await client.list('/cop')).map((f) => [f.name, f.size]).sort()).toEqual([
      ['ciscocm.HCSMode_v4.cop.sgn', 100_000],
      ['other.txt', 1],
    ]);
    const content = (await client.get('/cop/ciscocm.HCSMode_v4.cop.sgn')) as Buffer;
    expect(content.equals(Buffer.alloc(100_000, 7))).toBe(true);
    // The client's CLOSE of the handle may reach the server just after the data resolved the read.
    for (let i = 0; i < 100 && server.downloads.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(server.downloads).toEqual(['/cop/ciscocm.HCSMode_v4.cop.sgn']);
    await expect(client.get('/cop/missing.cop.sgn')).rejects.toThrow(/No such file|not exist/i);
    await expect(client.put(Buffer.from('x'), '/cop/new.txt')).rejects.toThrow();
    expect(server.downloads).toHaveLength(1);
  });
});
