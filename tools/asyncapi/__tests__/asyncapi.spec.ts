import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { CLUSTER_TYPES, ProvisioningEvents } from '#libs/contracts';
import { buildAsyncApiDocument } from '../asyncapi.document.js';
import { ASYNCAPI_YAML_PATH, renderAsyncApiYaml } from '../asyncapi.yaml.js';

// DiagnosticSeverity.Error of @stoplight/types (0 = error, 1 = warning, 2 = information, 3 = hint).
const ERROR = 0;

describe('AsyncAPI document of the provisioning contract', () => {
  const parse = async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(buildAsyncApiDocument()));
    return { document, diagnostics };
  };

  it('parses with @asyncapi/parser without errors', async () => {
    const { document, diagnostics } = await parse();
    const errors = diagnostics.filter((d) => d.severity === ERROR);
    expect(errors.map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(document).toBeDefined();
    expect(document!.version()).toBe('3.0.0');
    expect(document!.info().title()).toBe('smartlic provisioning contract');
  });

  it('has one channel per provisioning event, addressed by its subject, and a send operation for each', async () => {
    const { document } = await parse();
    const channels = document!.channels().all();
    expect(channels).toHaveLength(6);
    const subjects = Object.values(ProvisioningEvents).map((e) => e.subject);
    expect(channels.map((c) => c.address()).sort()).toEqual([...subjects].sort());
    expect(subjects).toContain('hcs.provisioning.v1.cluster.created');
    const operations = document!.operations().all();
    expect(operations).toHaveLength(6);
    expect(operations.every((o) => o.action() === 'send')).toBe(true);
    expect(document!.servers().all().map((s) => s.protocol())).toEqual(['nats']);
  });

  it('describes the cluster payload as the envelope around the cluster schema', async () => {
    const { document } = await parse();
    const channel = document!.channels().all().find((c) => c.address() === ProvisioningEvents.clusterCreated.subject)!;
    const payload = channel.messages().all()[0]!.payload()!;
    expect(payload.required()).toEqual(expect.arrayContaining(['id', 'type', 'schemaVersion', 'occurredAt', 'correlationId', 'data']));
    const data = payload.properties()!['data']!;
    expect(data.required()).toEqual(expect.arrayContaining(['id', 'customerId', 'name', 'type', 'version', 'nodes']));
    // Input shape: fields with a default are optional for the publisher.
    expect(data.required()).not.toContain('licensing');
    expect(data.properties()!['type']!.enum()).toEqual([...CLUSTER_TYPES]);
    expect(data.properties()!['nodes']!.items()).toBeDefined();
  });

  it('matches the committed docs/asyncapi.yaml (run `npm run asyncapi` after changing the contract)', () => {
    const committed = readFileSync(new URL(`../../../${ASYNCAPI_YAML_PATH}`, import.meta.url), 'utf8');
    expect(committed).toBe(renderAsyncApiYaml(buildAsyncApiDocument()));
  });
});
