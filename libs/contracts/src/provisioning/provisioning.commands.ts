import { z } from 'zod';
import { defineCommand } from '../commands/command-definition.js';
import { commandSubject } from '../messaging/subjects.js';

/** The deployment's public X25519 key as a JSON Web Key (RFC 8037): what an integrator encrypts provisioning credentials with. */
export const provisioningPublicJwkSchema = z
  .object({
    kty: z.literal('OKP'),
    crv: z.literal('X25519'),
    x: z.string().min(1),
    kid: z.string().min(1).describe('Key id; the JWE header names it so that app-adapter picks the matching private key'),
    alg: z.literal('ECDH-ES'),
    use: z.literal('enc'),
  })
  .describe('Public key (JWK) of the deployment for encrypting provisioning credentials');

export const ProvisioningCommands = {
  /**
   * The deployment's public key for provisioning credentials (JWKS, current key first). The `provisioning` NATS user may
   * send this command and nothing else of smartlic's; app-adapter answers it.
   */
  encryptionKey: defineCommand({
    subject: commandSubject('app-adapter', 'provisioning-key', 'get'),
    service: 'app-adapter',
    request: z.object({}),
    response: z.object({ keys: z.array(provisioningPublicJwkSchema) }),
    timeoutMs: 5_000,
    summary: 'Public key (JWKS) that provisioning systems encrypt credentials with (JWE: ECDH-ES with X25519, A256GCM)',
  }),
} as const;
