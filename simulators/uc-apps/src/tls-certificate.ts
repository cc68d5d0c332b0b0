import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SelfSignedCertificate {
  keyPem: string;
  /** Self-signed, so it doubles as the CA bundle clients trust. */
  certPem: string;
}

// The subjectAltName list is bounded: a certificate with 20,000 names would be larger than any client accepts.
const MAX_ALT_NAMES = 1000;

/**
 * A self-signed P-256 certificate made with the `openssl` CLI (no X.509 library is installed). Its subjectAltName
 * holds localhost, 127.0.0.1 and the first node addresses of the scenario; clients reaching other addresses keep
 * the chain check (caPem) and relax the name check (WIRE-FORMATS.md, "TLS").
 */
export const createSelfSignedCertificate = async (addresses: readonly string[]): Promise<SelfSignedCertificate> => {
  const names = [...new Set(['localhost', '127.0.0.1', ...addresses])].slice(0, MAX_ALT_NAMES);
  const altNames = names.map((n) => (isIP(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
  const dir = await mkdtemp(join(tmpdir(), 'uc-apps-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', key, '-out', cert, '-days', '30', '-subj', '/CN=smartlic-uc-apps-simulator',
      '-addext', `subjectAltName=${altNames}`, '-addext', 'basicConstraints=critical,CA:TRUE',
    ]);
    return { keyPem: await readFile(key, 'utf8'), certPem: await readFile(cert, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
