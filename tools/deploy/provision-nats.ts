// `npm run nats-provision` (in the image: `node dist/tools/deploy/provision-nats.js`): creates or updates the JetStream
// streams as the stream-provisioner NATS user, before the services start and at every upgrade (compose `nats-setup`,
// the chart's pre-install/pre-upgrade Job). Services may only read streams (deploy/nats/nats.conf).
import { baseServiceConfigSchema, loadConfig } from '#libs/config';
import { connectNats, ensureStreams } from '#libs/messaging';

const config = loadConfig(baseServiceConfigSchema.pick({ NATS_URL: true, NATS_USER: true, NATS_PASSWORD: true, NATS_NAMESPACE: true, NATS_STREAM_REPLICAS: true }), process.env);
const handles = await connectNats({ url: config.NATS_URL, name: 'nats-provision', namespace: config.NATS_NAMESPACE, user: config.NATS_USER, pass: config.NATS_PASSWORD });
try {
  await ensureStreams(handles.jsm, handles.subjects, undefined, { waitForProvisionerMs: 0, replicas: config.NATS_STREAM_REPLICAS });
  process.stdout.write('streams provisioned\n');
} catch (error) {
  process.stderr.write(`nats-provision failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await handles.nc.close();
}
