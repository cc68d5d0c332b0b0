import { allStreamDefinitions, PROVISIONING_ROOT, STREAMS } from '#libs/contracts';
import { eventually, startPrivateNats, type PrivateNats } from '#libs/testing';
import { connectNats, ensureStreams, type NatsHandles } from '../index.js';

// A three-node JetStream cluster on loopback (private nats-server processes): NATS_STREAM_REPLICAS=3 gives every
// stream three replicas, and a stream keeps taking messages with one node down.
describe('stream replicas on a three-node JetStream cluster', () => {
  let cluster: PrivateNats;
  let nats: NatsHandles;

  beforeAll(async () => {
    cluster = await startPrivateNats({ nodes: 3, label: 'replicas-spec' });
    nats = await connectNats({ url: cluster.url, name: 'replicas-test', namespace: 'R' });
    // The cluster elects its JetStream meta leader a moment after the servers answer.
    await eventually(async () => (await nats.jsm.getAccountInfo()) !== undefined, { timeoutMs: 30_000, intervalMs: 250, what: 'JetStream on the cluster' });
  }, 60_000);

  afterAll(async () => {
    await nats?.nc.close();
    await cluster?.close();
  });

  it('creates every stream with the configured replicas, and an R1 stream is raised to R3', async () => {
    const provisioning = nats.subjects.stream(STREAMS.provisioning);
    await ensureStreams(nats.jsm, nats.subjects, allStreamDefinitions().filter((d) => d.name === STREAMS.provisioning), { replicas: 1 });
    expect((await nats.jsm.streams.info(provisioning)).config.num_replicas).toBe(1);
    await ensureStreams(nats.jsm, nats.subjects, undefined, { replicas: 3 });
    for (const def of allStreamDefinitions()) {
      const info = await nats.jsm.streams.info(nats.subjects.stream(def.name));
      expect([def.name, info.config.num_replicas]).toEqual([def.name, 3]);
    }
    await eventually(async () => ((await nats.jsm.streams.info(provisioning)).cluster?.replicas?.length ?? 0) === 2, { timeoutMs: 30_000, intervalMs: 250, what: 'two peers of the leader' });
  }, 90_000);

  it('with one node killed, publishes to an R3 stream still succeed', async () => {
    const provisioning = nats.subjects.stream(STREAMS.provisioning);
    const leader = (await nats.jsm.streams.info(provisioning)).cluster?.leader;
    // Kill a node that is not the one this client is connected to, so only the stream loses a peer.
    const connectedPort = Number(new URL(`http://${nats.nc.getServer()}`).port);
    const victim = cluster.nodes.find((n) => n.port !== connectedPort && n.name === leader) ?? cluster.nodes.find((n) => n.port !== connectedPort)!;
    await victim.stop(true);
    try {
      const ack = await eventually(async () => nats.js.publish(nats.subjects.qualify(`${PROVISIONING_ROOT}.customer.created`), '{}', { timeout: 5_000 }), { timeoutMs: 30_000, intervalMs: 500, what: 'a publish acknowledged with a node down' });
      expect(ack.stream).toBe(provisioning);
    } finally {
      await victim.start();
    }
  }, 90_000);
});
