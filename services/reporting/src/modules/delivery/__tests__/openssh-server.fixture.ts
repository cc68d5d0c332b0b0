import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });

export interface OpenSshServer {
  port: number;
  username: string;
  /** Directory the test user uploads into. */
  inbox: string;
  stop(): Promise<void>;
}

/** A client key pair whose public half every server of `root` accepts. */
export const clientKey = (root: string): string => {
  const key = join(root, 'client_ed25519');
  if (!existsSync(key)) {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'smartlic-test', '-f', key]);
    writeFileSync(join(root, 'authorized_keys'), readFileSync(`${key}.pub`));
  }
  return readFileSync(key, 'utf8');
};

/**
 * A real OpenSSH sshd on loopback (its own host key, config, port and pid file under `root`), serving SFTP through
 * internal-sftp to the current user with the key of {@link clientKey}. Fails clearly when sshd is not installed.
 */
export const startOpenSshServer = async (root: string, name: string): Promise<OpenSshServer> => {
  if (!existsSync(SSHD)) {
    throw new Error(`OpenSSH server not found at ${SSHD}: install it (apt-get install -y openssh-server); .ci/run installs it when missing`);
  }
  const dir = join(root, name);
  const inbox = join(dir, 'inbox');
  mkdirSync(inbox, { recursive: true });
  // sshd running as root checks its privilege separation directory.
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const hostKey = join(dir, 'ssh_host_ed25519_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  const port = await freePort();
  const config = join(dir, 'sshd_config');
  writeFileSync(config, [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${hostKey}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(root, 'authorized_keys')}`,
    'StrictModes no',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'UsePAM no',
    'Subsystem sftp internal-sftp',
    '',
  ].join('\n'));
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; !(await accepts(port)); i++) {
    if (child.exitCode !== null || i > 100) throw new Error(`sshd did not start on 127.0.0.1:${port}: ${stderr.trim()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    username: userInfo().username,
    inbox,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
};
