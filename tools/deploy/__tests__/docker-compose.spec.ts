import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { SERVICE_PERMISSIONS, STREAM_PROVISIONER } from '../nats-permissions.js';

interface ComposeService {
  command?: string[];
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  profiles?: string[];
  read_only?: boolean;
  cap_drop?: string[];
}
const compose = parseYaml(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const natsConf = readFileSync('deploy/nats/nats.conf', 'utf8');
const rolesScript = readFileSync('deploy/postgres/init/10-smartlic-roles.sh', 'utf8');
const SERVICES = SERVICE_PERMISSIONS.map((p) => p.service);

// `${VAR:-default}` → VAR
const variableOf = (value: string | undefined): string | undefined => /^\$\{([A-Z0-9_]+)/.exec(value ?? '')?.[1];

/** docker-compose config -q (CI) checks the syntax; this checks that the pieces agree with each other. */
describe('docker-compose.yml', () => {
  it('runs the six services, each from the one image with its own entry point, read-only and without capabilities', () => {
    for (const name of SERVICES) {
      const svc = compose.services[name];
      expect(svc?.command).toEqual(['node', `dist/services/${name}/src/main.js`]);
      expect(svc).toMatchObject({ read_only: true, cap_drop: ['ALL'] });
      expect(svc.profiles).toBeUndefined();
    }
  });

  it('connects each service to Postgres as the role that owns its schema, created by deploy/postgres/init', () => {
    const schemas = /for schema in ([a-z_ ]+); do/.exec(rolesScript)?.[1].split(' ') ?? [];
    for (const name of SERVICES) {
      const schema = name.replace(/-/g, '_');
      expect(schemas).toContain(schema);
      const url = compose.services[name].environment?.DATABASE_URL ?? '';
      expect(url).toMatch(new RegExp(`^postgres://smartlic_${schema}:\\$\\{SMARTLIC_DB_PASSWORD_${schema.toUpperCase()}:-[^}]+\\}@postgres:5432/smartlic$`));
      expect(compose.services.postgres.environment).toHaveProperty(`SMARTLIC_DB_PASSWORD_${schema.toUpperCase()}`);
    }
  });

  it('provisions the streams as the stream-provisioner user before any service starts', () => {
    const setup = compose.services['nats-setup'];
    expect(setup?.command).toEqual(['node', 'dist/tools/deploy/provision-nats.js']);
    expect(setup?.environment?.NATS_USER).toBe(STREAM_PROVISIONER);
    expect(variableOf(setup?.environment?.NATS_PASSWORD)).toBe('NATS_PASSWORD_STREAM_PROVISIONER');
    expect(variableOf(compose.services.nats.environment?.NATS_PASSWORD_STREAM_PROVISIONER)).toBe('NATS_PASSWORD_STREAM_PROVISIONER');
    for (const name of SERVICES) expect(compose.services[name].depends_on?.['nats-setup']).toEqual({ condition: 'service_completed_successfully' });
  });

  it('connects each service to NATS as its own user, with the password nats-server reads for that user', () => {
    const natsEnv = compose.services.nats.environment ?? {};
    for (const name of SERVICES) {
      const env = compose.services[name].environment ?? {};
      expect(env.NATS_USER).toBe(name);
      const variable = `NATS_PASSWORD_${name.toUpperCase().replace(/-/g, '_')}`;
      expect(natsConf).toContain(`user: "${name}"\n      password: $${variable}`);
      expect(variableOf(env.NATS_PASSWORD)).toBe(variable);
      expect(variableOf(natsEnv[variable])).toBe(variable);
    }
  });

  it('gives nats-server every password variable its configuration references (else it refuses to start)', () => {
    const referenced = [...natsConf.matchAll(/password: \$([A-Z0-9_]+)/g)].map((m) => m[1]);
    expect(referenced.filter((v) => !(v in (compose.services.nats.environment ?? {})))).toEqual([]);
  });

  it('puts the simulators under profile lab and the telemetry stack under profile observability', () => {
    expect(compose.services.simulators.profiles).toEqual(['lab']);
    for (const name of ['otel-collector', 'prometheus', 'grafana', 'jaeger']) expect(compose.services[name].profiles).toEqual(['observability']);
  });
});
