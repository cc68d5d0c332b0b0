import { spawn, type ChildProcess } from 'node:child_process';
import { SERVICE_NODE_FLAGS } from '#libs/service-kit';
import { developmentEnv } from './dev-env.js';

/** `npm start`: the six services against local Postgres and NATS, one process each, logs prefixed. */
const SERVICES = [
  ['gateway', 3000],
  ['sync', 3001],
  ['registration', 3002],
  ['license-mode', 3003],
  ['app-adapter', 3004],
  ['reporting', 3005],
] as const;

const children: ChildProcess[] = [];
const env = { ...process.env, ...developmentEnv() };

for (const [name, port] of SERVICES) {
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, `dist/services/${name}/src/main.js`], { env: { ...env, PORT: process.env[`${name.toUpperCase().replace('-', '_')}_PORT`] ?? String(port), MANAGEMENT_PORT: String(port + 6464) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${name}] `.padEnd(16);
  const forward = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
    let buffer = '';
    stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) out.write(`${prefix}${line}\n`);
    });
  };
  forward(child.stdout!, process.stdout);
  forward(child.stderr!, process.stderr);
  child.on('exit', (code) => {
    process.stderr.write(`${prefix}exited with code ${code}\n`);
    if (!stopping) stop(code ?? 1);
  });
  children.push(child);
}
process.stdout.write(`smartlic: REST API on http://127.0.0.1:3000/api/v1, OpenAPI on http://127.0.0.1:9464/api/docs (metrics on 9464-9469); a token: npm run token -- --role admin\n`);

let stopping = false;
const stop = (code = 0) => {
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 12_000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r))))).then(() => process.exit(code));
};
process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));
