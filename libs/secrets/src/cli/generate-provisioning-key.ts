// Prints a new key pair for provisioning credentials: `node dist/libs/secrets/src/cli/generate-provisioning-key.js [kid]`.
// stdout: the private JWK Set for app-adapter's PROVISIONING_DECRYPTION_KEYS (a Kubernetes Secret); stderr: the public
// JWK for integrators (app-adapter also answers it on smartlic.cmd.app-adapter.v1.provisioning-key.get).
import { generateProvisioningKeyPair } from '../provisioning-keys.js';

const { privateJwks, publicJwk } = generateProvisioningKeyPair(process.argv[2] ?? `prov-${new Date().toISOString().slice(0, 10)}`);
process.stdout.write(`${privateJwks}\n`);
process.stderr.write(`Public key for integrators (JWK):\n${JSON.stringify(publicJwk)}\nTo rotate, prepend the new key to PROVISIONING_DECRYPTION_KEYS' "keys" and keep the old one while events encrypted with it remain in the stream.\n`);
