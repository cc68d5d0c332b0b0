import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { posix } from 'node:path';
import ssh2, { type Connection } from 'ssh2';

const { Server: SshServer, utils } = ssh2;
const { STATUS_CODE, OPEN_MODE } = utils.sftp;

export interface SftpFileServerOptions {
  /** The one account, password authentication only. */
  user: string;
  password: string;
  /** Files by absolute path (`/cop/ciscocm.HCSMode_v4.cop.sgn`): read-only. */
  files: Record<string, Buffer | string>;
  host?: string;
  /** Default 0 (random). */
  port?: number;
}

export interface SftpFileServer {
  port: number;
  /** Paths of the files read to the end, in order (a download the client finished). */
  readonly downloads: readonly string[];
  /** Failed logins (wrong user or password). */
  readonly refusedLogins: number;
  close(): Promise<void>;
}

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const generateHostKey = (): string => {
  // ssh2's ed25519 generator can drop a leading zero byte of the public key (about one key in 400): draw again.
  for (;;) {
    const keys = utils.generateKeyPairSync('ed25519');
    const parsed = utils.parseKey(keys.public);
    if (!(parsed instanceof Error) && !Array.isArray(parsed)) return keys.private;
  }
};

/**
 * A small read-only SFTP server with one password account, the file server a UC platform downloads upgrade and COP
 * files from (PAWS prepareRemoteUpgrade, `upgradefile.location.remote.sftp`). It answers what a download needs:
 * REALPATH, STAT/LSTAT/FSTAT, OPEN for reading, READ, CLOSE, and OPENDIR/READDIR for a listing; writing is refused.
 */
export const startSftpFileServer = async (options: SftpFileServerOptions): Promise<SftpFileServer> => {
  const files = new Map(Object.entries(options.files).map(([path, content]) => [posix.normalize(path), Buffer.from(content)]));
  const downloads: string[] = [];
  let refusedLogins = 0;
  const connections = new Set<Connection>();
  const attrsOf = (size: number, directory: boolean) => {
    const now = Math.floor(Date.now() / 1000);
    return { mode: (directory ? 0o040000 : 0o100000) | 0o644, uid: 0, gid: 0, size, atime: now, mtime: now };
  };
  const isDirectory = (path: string) => path === '/' || [...files.keys()].some((f) => f.startsWith(`${path}/`));

  const server = new SshServer({ hostKeys: [generateHostKey()] }, (client) => {
    connections.add(client);
    client.on('close', () => connections.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && sameText(ctx.username, options.user) && sameText(ctx.password, options.password)) return ctx.accept();
      if (ctx.method === 'password') refusedLogins++;
      return ctx.reject(['password']);
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          // Open handles: a file being read (path, and whether it was read to the end) or a directory listing.
          const handles = new Map<number, { path: string; file?: Buffer; listed?: boolean; end?: boolean }>();
          let nextHandle = 1;
          const handleOf = (buffer: Buffer) => (buffer.length === 4 ? handles.get(buffer.readUInt32BE(0)) : undefined);
          const newHandle = (entry: { path: string; file?: Buffer }) => {
            const id = nextHandle++;
            handles.set(id, entry);
            const buffer = Buffer.alloc(4);
            buffer.writeUInt32BE(id, 0);
            return buffer;
          };
          const resolve = (path: string) => posix.normalize(path.startsWith('/') ? path : `/${path}`).replace(/\/+$/, '') || '/';

          sftp.on('REALPATH', (reqid, path) => {
            const full = resolve(path === '.' ? '/' : path);
            sftp.name(reqid, [{ filename: full, longname: full, attrs: attrsOf(0, true) }]);
          });
          const stat = (reqid: number, path: string) => {
            const full = resolve(path);
            const file = files.get(full);
            if (file) return sftp.attrs(reqid, attrsOf(file.length, false));
            if (isDirectory(full)) return sftp.attrs(reqid, attrsOf(0, true));
            return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE, 'No such file');
          };
          sftp.on('STAT', stat);
          sftp.on('LSTAT', stat);
          sftp.on('OPEN', (reqid, filename, flags) => {
            if (flags & (OPEN_MODE.WRITE | OPEN_MODE.APPEND | OPEN_MODE.CREAT | OPEN_MODE.TRUNC)) return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, 'Read-only server');
            const full = resolve(filename);
            const file = files.get(full);
            if (!file) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE, 'No such file');
            return sftp.handle(reqid, newHandle({ path: full, file }));
          });
          sftp.on('FSTAT', (reqid, handle) => {
            const open = handleOf(handle);
            if (!open?.file) return sftp.status(reqid, STATUS_CODE.FAILURE, 'Bad handle');
            return sftp.attrs(reqid, attrsOf(open.file.length, false));
          });
          sftp.on('READ', (reqid, handle, offset, length) => {
            const open = handleOf(handle) as { path: string; file?: Buffer; end?: boolean } | undefined;
            if (!open?.file) return sftp.status(reqid, STATUS_CODE.FAILURE, 'Bad handle');
            if (offset >= open.file.length) {
              open.end = true;
              return sftp.status(reqid, STATUS_CODE.EOF);
            }
            const chunk = open.file.subarray(offset, Math.min(open.file.length, offset + length));
            if (offset + chunk.length >= open.file.length) open.end = true;
            return sftp.data(reqid, chunk);
          });
          sftp.on('OPENDIR', (reqid, path) => {
            const full = resolve(path);
            if (!isDirectory(full)) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE, 'No such directory');
            return sftp.handle(reqid, newHandle({ path: full }));
          });
          sftp.on('READDIR', (reqid, handle) => {
            const open = handleOf(handle);
            if (!open || open.file) return sftp.status(reqid, STATUS_CODE.FAILURE, 'Bad handle');
            if (open.listed) return sftp.status(reqid, STATUS_CODE.EOF);
            open.listed = true;
            const prefix = open.path === '/' ? '/' : `${open.path}/`;
            const names = [...files.entries()].filter(([f]) => f.startsWith(prefix) && !f.slice(prefix.length).includes('/'));
            return sftp.name(
              reqid,
              names.map(([f, content]) => ({ filename: f.slice(prefix.length), longname: f.slice(prefix.length), attrs: attrsOf(content.length, false) })),
            );
          });
          sftp.on('CLOSE', (reqid, handle) => {
            const open = handleOf(handle) as { path: string; file?: Buffer; end?: boolean } | undefined;
            if (!open) return sftp.status(reqid, STATUS_CODE.FAILURE, 'Bad handle');
            if (open.file && open.end) downloads.push(open.path);
            handles.delete(handle.readUInt32BE(0));
            return sftp.status(reqid, STATUS_CODE.OK);
          });
          for (const op of ['WRITE', 'REMOVE', 'RENAME', 'MKDIR', 'RMDIR', 'SETSTAT', 'FSETSTAT', 'SYMLINK', 'READLINK'] as const) {
            sftp.on(op, (reqid: number) => sftp.status(reqid, STATUS_CODE.OP_UNSUPPORTED, 'Read-only server'));
          }
        });
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    downloads,
    get refusedLogins() {
      return refusedLogins;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of connections) c.end();
        server.close(() => resolve());
      }),
  };
};
