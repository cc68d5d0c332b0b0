import { Controller } from '@nestjs/common';
import { APPLICATION_TYPES, CaaCommands, type CommandRequest } from '#libs/contracts';
import { OnCommand } from '#libs/messaging';
import { UsageCollectionService } from './usage-collection.service.js';

type Request = CommandRequest<ReturnType<typeof CaaCommands.collectUsage>>;

/** On-demand usage collection, one command per application type (`cucm:collect`, ...): every registered cluster or one. */
@Controller()
export class UsageCollectionHandler {
  constructor(readonly collection: UsageCollectionService) {}
}

for (const type of APPLICATION_TYPES) {
  const name = `${type}:collect`;
  const descriptor: PropertyDescriptor = {
    value: function (this: UsageCollectionHandler, request: Request) {
      return request.clusterId ? this.collection.collectCluster(type, request.clusterId) : this.collection.collect(type);
    },
    writable: true,
    configurable: true,
  };
  OnCommand(CaaCommands.collectUsage(type))(UsageCollectionHandler.prototype, name, descriptor);
  Object.defineProperty(UsageCollectionHandler.prototype, name, descriptor);
}
