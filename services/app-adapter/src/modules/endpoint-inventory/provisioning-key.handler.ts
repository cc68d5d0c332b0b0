import { Controller } from '@nestjs/common';
import { ProvisioningCommands } from '#libs/contracts';
import { OnCommand } from '#libs/messaging';
import { ProvisioningCredentials } from './provisioning-credentials.js';

/** Publishes the deployment's public key to provisioning systems (the `provisioning` NATS user may ask for it). */
@Controller()
export class ProvisioningKeyHandler {
  constructor(private readonly credentials: ProvisioningCredentials) {}

  @OnCommand(ProvisioningCommands.encryptionKey)
  encryptionKey() {
    return { keys: this.credentials.publicKeys() };
  }
}
