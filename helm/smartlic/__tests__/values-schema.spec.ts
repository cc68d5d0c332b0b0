import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { gatewayConfigSchema } from '../../../services/gateway/src/config/gateway.config.js';

// There is no helm binary here: these checks stand in for `helm lint` on what can go wrong without a cluster.
const CHART = 'helm/smartlic';
const valuesText = readFileSync(`${CHART}/values.yaml`, 'utf8');
const values = parseYaml(valuesText) as Record<string, unknown>;
const schema = JSON.parse(readFileSync(`${CHART}/values.schema.json`, 'utf8')) as object;
const templates = readdirSync(`${CHART}/templates`).map((file) => ({ file, text: readFileSync(`${CHART}/templates/${file}`, 'utf8') }));

const validator = () => new Ajv({ allErrors: true, strict: false }).compile(schema);
const clone = <T>(v: T): T => structuredClone(v);
type Tree = Record<string, unknown>;

const isObject = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);
// `env` maps are free-form (documented once per service), so they count as one value.
const leafPaths = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (isObject(v) && Object.keys(v).length > 0 && k !== 'env' ? leafPaths(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
const exists = (tree: unknown, path: string[]): boolean => {
  let node = tree;
  for (const key of path) {
    if (!isObject(node) || !(key in node)) return false;
    node = node[key];
  }
  return true;
};

// values key → service name, from the chart's own list (templates/_helpers.tpl "smartlic.services").
const helpers = templates.find((t) => t.file === '_helpers.tpl')?.text ?? '';
const serviceBlock = /define "smartlic\.services" -}}\n([^]*?)\{\{- end/.exec(helpers)?.[1] ?? '';
const SERVICES = Object.fromEntries(serviceBlock.trim().split('\n').map((line) => line.split(':').map((s) => s.trim()) as [string, string]));

describe('helm/smartlic values', () => {
  it('values.yaml is valid against values.schema.json', () => {
    const validate = validator();
    expect(validate(values) ? [] : validate.errors).toEqual([]);
  });

  it('the schema refuses an unknown key, a secret as plain env and a bad NATS URL, naming the field', () => {
    const validate = validator();
    const typo = clone(values);
    (typo.gateway as Tree).replica = 3;
    expect(validate(typo)).toBe(false);
    expect(validate.errors?.some((e) => e.instancePath === '/gateway' && e.params.additionalProperty === 'replica')).toBe(true);

    const secretInEnv = clone(values);
    ((secretInEnv.sync as Tree).env as Tree).DATABASE_URL = 'postgres://sync:pw@db/smartlic';
    expect(validate(secretInEnv)).toBe(false);
    expect(validate.errors?.some((e) => e.instancePath === '/sync/env')).toBe(true);

    const badNats = clone(values);
    (badNats.nats as Tree).url = 'http://nats:4222';
    expect(validate(badNats)).toBe(false);
    expect(validate.errors?.some((e) => e.instancePath === '/nats/url')).toBe(true);
  });

  it('documents every value with @param and documents nothing that does not exist', () => {
    const documented = [...valuesText.matchAll(/^## @param (\S+)/gm)].map((m) => m[1]);
    const leaves = leafPaths(values);
    expect(leaves.filter((p) => !documented.includes(p))).toEqual([]);
    expect(documented.filter((p) => !leaves.includes(p))).toEqual([]);
  });

  it('has one section per service with enabled, replicas, image, resources, env and existingSecret', () => {
    expect(Object.values(SERVICES)).toEqual(['gateway', 'sync', 'registration', 'license-mode', 'app-adapter', 'reporting']);
    for (const key of Object.keys(SERVICES)) {
      expect(Object.keys(values[key] as Tree)).toEqual(expect.arrayContaining(['enabled', 'replicas', 'image', 'resources', 'env', 'existingSecret']));
    }
  });

  it('keeps secrets out of values.yaml: every existingSecret is empty and no key looks like a password', () => {
    const secretish = leafPaths(values).filter((p) => /^(password|secret|token|clientSecret|encryptionKey)$/i.test(p.split('.').pop() ?? ''));
    expect(secretish).toEqual([]);
    expect(leafPaths(values).filter((p) => p.endsWith('existingSecret')).map((p) => p.split('.').reduce<unknown>((n, k) => (n as Tree)[k], values))).toEqual(
      Array(9).fill(''),
    );
  });
});

describe('helm/smartlic templates', () => {
  it.each(templates.map((t) => t.file))('%s references only values that exist', (file) => {
    const text = templates.find((t) => t.file === file)?.text ?? '';
    const global = [...text.matchAll(/\.Values((?:\.[A-Za-z_]\w*)+)/g)].map((m) => m[1].slice(1));
    const perService = [...text.matchAll(/(?:\$svc|\.svc)((?:\.[A-Za-z_]\w*)+)/g)].map((m) => m[1].slice(1));
    expect(global.filter((p) => !exists(values, p.split('.')))).toEqual([]);
    for (const key of Object.keys(SERVICES)) expect(perService.filter((p) => !exists(values[key], p.split('.')))).toEqual([]);
  });

  it.each(templates.map((t) => t.file))('%s closes every action and every if/range/with/define block', (file) => {
    const text = templates.find((t) => t.file === file)?.text ?? '';
    expect(text.split('{{').length).toBe(text.split('}}').length);
    const actions = [...text.matchAll(/\{\{-?\s*(\/\*[^]*?\*\/|[a-z]+)/g)].map((m) => m[1]);
    const opened = actions.filter((a) => ['if', 'range', 'with', 'define'].includes(a)).length;
    expect(actions.filter((a) => a === 'end').length).toBe(opened);
  });

  it('gives every pod liveness /healthz and readiness /readyz probes, secure defaults and a checksum/secret annotation', () => {
    const deployment = templates.find((t) => t.file === 'deployment.yaml')?.text ?? '';
    expect(deployment).toMatch(/livenessProbe:\n\s+httpGet: \{ path: \/healthz, port: http \}/);
    expect(deployment).toMatch(/readinessProbe:\n\s+httpGet: \{ path: \/readyz, port: http \}/);
    expect(deployment).toContain('checksum/secret:');
    expect(values.podSecurityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(values.containerSecurityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  });

  it('scrapes /metrics on the management port, keeps the probes on the API port, and binds every interface (HOST)', () => {
    const deployment = templates.find((t) => t.file === 'deployment.yaml')?.text ?? '';
    const service = templates.find((t) => t.file === 'service.yaml')?.text ?? '';
    expect(deployment).toContain('prometheus.io/port: {{ $.Values.managementPort | quote }}');
    expect(deployment).toMatch(/- name: management\n\s+containerPort: \{\{ \$\.Values\.managementPort \}\}/);
    expect(service).toMatch(/- name: management\n\s+port: \{\{ \$\.Values\.managementPort \}\}\n\s+targetPort: management/);
    expect(helpers).toMatch(/- name: MANAGEMENT_PORT\n\s+value: \{\{ \$root\.Values\.managementPort \| quote \}\}/);
    expect(helpers).toMatch(/- name: HOST\n\s+value: "0\.0\.0\.0"/);
    expect(values.managementPort).not.toBe((values.gateway as Tree).port);
  });

  it("hands the console's OIDC values to the gateway only, as the settings it reads (GET /api/v1/console/config)", () => {
    const mapped = [...helpers.matchAll(/\{\{- if \.(\w+) \}\}\n- name: (\w+)\n\s+value: \{\{ \.\1 \| quote \}\}/g)].map((m) => [m[1], m[2]]);
    expect(mapped).toEqual([['issuer', 'AUTH_ISSUER'], ['jwksUrl', 'AUTH_JWKS_URL'], ['audience', 'AUTH_AUDIENCE'], ['clientId', 'CONSOLE_OIDC_CLIENT_ID']]);
    expect(helpers).toMatch(/\{\{- if eq \.name "gateway" \}\}\n\{\{- with \$root\.Values\.console\.oidc \}\}/);
    expect(helpers).toMatch(/- name: AUTH_ROLES_CLAIM\n\s+value: \{\{ \.rolesClaim \| quote \}\}/);
    for (const name of [...mapped.map(([, env]) => env), 'AUTH_ROLES_CLAIM']) expect(Object.keys(gatewayConfigSchema.shape)).toContain(name);
    expect(Object.keys((values.console as Tree).oidc as Tree).sort()).toEqual(['audience', 'clientId', 'issuer', 'jwksUrl', 'rolesClaim']);
    const validate = validator();
    const badIssuer = clone(values);
    (((badIssuer.console as Tree).oidc as Tree).issuer as unknown) = 'idp.example.com';
    expect(validate(badIssuer)).toBe(false);
    expect(validate.errors?.some((e) => e.instancePath === '/console/oidc/issuer')).toBe(true);
  });

  it('runs the migrations as a pre-install/pre-upgrade Job with --migrate-only, reading secrets by secretKeyRef', () => {
    const job = templates.find((t) => t.file === 'migrations-job.yaml')?.text ?? '';
    expect(job).toContain('helm.sh/hook: pre-install,pre-upgrade');
    expect(job).toContain('"--migrate-only"');
    expect(helpers.match(/secretKeyRef:/g)).toHaveLength(3);
  });
});
