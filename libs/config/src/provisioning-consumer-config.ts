import { CUSTOMER_WAIT_DEFAULT } from '#libs/contracts';
import { env } from './env.builders.js';

/**
 * The settings of a consumer of the provisioning contract (registration and app-adapter), defined once so that both
 * services read the same keys with the same defaults and so apply or refuse the same messages:
 * `baseServiceConfigSchema.extend({ ...provisioningConsumerConfig, ... })`.
 */
export const provisioningConsumerConfig = {
  PROVISIONING_REQUIRE_ENCRYPTED_CREDENTIALS: env
    .boolean(false)
    .describe(
      'Refuse (dead-letter, naming the field) provisioning events that carry a password in clear; set the same on registration and app-adapter, so both apply or refuse the same events. Turn on once every provisioning system encrypts (on in the lab and the demo).',
    ),
  PROVISIONING_CUSTOMER_WAIT: env
    .durationMs(CUSTOMER_WAIT_DEFAULT)
    .describe(
      "How long a cluster.created/updated whose customer is not provisioned yet waits for it (redelivered on the provisioning consumer's backoff, stretched over this window) before it is dead-lettered with the customer-exists reason; set the same on registration and app-adapter.",
    ),
};
