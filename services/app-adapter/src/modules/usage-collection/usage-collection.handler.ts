import { Controller } from '@nestjs/common';
import { APPLICATION_TYPES, CaaCommands } from '#libs/contracts';
import { OnCommand } from '#libs/messaging';
import { UsageCollectionService } from './usage-collection.service.js';

/** On-demand usage collection, one command per application type (`cucm:collect`, ...). */
@Controller()
export class UsageCollectionHandler {
  constructor(readonly collection: UsageCollectionService) {}
}

for (const type of APPLICATION_TYPES) {
  const name = `${type}:collect`;
  const descriptor: PropertyDescriptor = {
    value: function (this: UsageCollectionHandler) {
      return this.collection.collect(type);
    },
    writable: true,
    configurable: true,
  };
  OnCommand(CaaCommands.collectUsage(type))(UsageCollectionHandler.prototype, name, descriptor);
  Object.defineProperty(UsageCollectionHandler.prototype, name, descriptor);
}
