import { Injectable } from '@nestjs/common';
import { SyncCommands } from '#libs/contracts';
import { CommandClient } from '#libs/messaging';
import type { TransportModeBody } from './transport-mode.dto.js';

@Injectable()
export class TransportModeService {
  constructor(private readonly commands: CommandClient) {}

  get() {
    return this.commands.request(SyncCommands.getTransportMode, {});
  }

  set(body: TransportModeBody) {
    return this.commands.request(SyncCommands.setTransportMode, body);
  }
}
