import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const hasXmllint = (): boolean => spawnSync('xmllint', ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * xmllint (Debian's libxml2-utils) for schema validation: installed with apt-get when the tests run as root (CI
 * images), otherwise the run stops at once with what to install.
 */
export const ensureXmllint = (): void => {
  if (hasXmllint()) return;
  if (process.getuid?.() === 0) {
    const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'libxml2-utils'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (install().status !== 0) {
      spawnSync('apt-get', ['update'], { stdio: 'ignore' });
      install();
    }
  }
  if (!hasXmllint()) throw new Error("xmllint is missing: install Debian's libxml2-utils (apt-get install libxml2-utils)");
};

export interface SchemaVerdict {
  name: string;
  valid: boolean;
  errors: string[];
}

/**
 * Validates many documents against one schema in a single xmllint run (loading Cisco's 3.7 MB AXL schema costs
 * ~0.4 s per run). Each document is written to its own file; xmllint reports `<file> validates` or `<file> fails to
 * validate` with `<file>:<line>: ... error : ...` lines before it.
 */
export const validateWithSchema = (schemaPath: string, documents: readonly { name: string; xml: string }[]): SchemaVerdict[] => {
  const dir = mkdtempSync(join(tmpdir(), 'xmllint-'));
  try {
    const files = documents.map((doc, i) => {
      const file = join(dir, `${String(i).padStart(4, '0')}.xml`);
      writeFileSync(file, doc.xml);
      return file;
    });
    if (files.length === 0) return [];
    // xmllint reports on stderr and exits 3 when a document is invalid.
    const run = spawnSync('xmllint', ['--noout', '--schema', schemaPath, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.error) throw run.error;
    if (run.status !== 0 && run.status !== 3) throw new Error(`xmllint failed (${run.status}): ${run.stderr.slice(0, 2000)}`);
    const output = `${run.stdout}${run.stderr}`;
    return documents.map((doc, i) => {
      const file = files[i]!;
      const lines = output.split('\n');
      const verdict = lines.find((l) => l === `${file} validates` || l === `${file} fails to validate`);
      if (verdict === undefined) throw new Error(`xmllint said nothing about ${doc.name}:\n${output.slice(0, 2000)}`);
      return { name: doc.name, valid: verdict.endsWith(' validates'), errors: lines.filter((l) => l.startsWith(`${file}:`)).map((l) => l.slice(file.length + 1)) };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const xmlnsDeclarations = (attributes: string): Map<string, string> =>
  new Map([...attributes.matchAll(/\s(xmlns(?::[\w.-]+)?)\s*=\s*("[^"]*"|'[^']*')/g)].map((m) => [m[1]!, m[2]!]));

/**
 * The one element inside `<outer>` (e.g. the SOAP Body's child, or a Fault's `detail` child), cut out of the document
 * as it was sent, with the namespace declarations of its ancestors copied onto it so it stands alone.
 */
export const soleChildOf = (xml: string, outer: string): string => {
  const open = new RegExp(`<([\\w.-]+:)?${outer}\\b([^>]*?)>`).exec(xml);
  if (!open || open[2]!.endsWith('/')) throw new Error(`no <${outer}> with content in ${xml.slice(0, 300)}`);
  const close = xml.indexOf(`</${open[1] ?? ''}${outer}>`, open.index + open[0].length);
  if (close < 0) throw new Error(`<${outer}> is not closed`);
  const inner = xml.slice(open.index + open[0].length, close).trim();
  const child = /^<([\w.:-]+)([^>]*?)(\/?)>/.exec(inner);
  if (!child) throw new Error(`<${outer}> holds no element: ${inner.slice(0, 200)}`);
  if (!(child[3] === '/' ? inner === child[0] : inner.endsWith(`</${child[1]}>`))) throw new Error(`<${outer}> holds more than one element`);
  // Declarations in scope: the document's start tags up to <outer>, nearest last; the child's own win.
  const inScope = new Map<string, string>();
  for (const tag of xml.slice(0, open.index + open[0].length).matchAll(/<[\w.:-]+([^>]*)>/g)) for (const [k, v] of xmlnsDeclarations(tag[1]!)) inScope.set(k, v);
  const own = xmlnsDeclarations(child[2]!);
  const added = [...inScope].filter(([k]) => !own.has(k)).map(([k, v]) => ` ${k}=${v}`).join('');
  return `<${child[1]}${added}${child[2]}${child[3]}>${inner.slice(child[0].length)}`;
};
