import { Controller } from '@nestjs/common';
import { APPLICATION_TYPES, CAA_OPERATIONS, caaCommand, type ApplicationType, type CaaOperation, type CommandResponse } from '#libs/contracts';
import { OnCommand } from '#libs/messaging';
import { SmartAgentService } from './smart-agent.service.js';

type Request = Record<string, unknown> & { clusterId: string };
type Operation = (sut: SmartAgentService, type: ApplicationType, r: Request) => Promise<CommandResponse<ReturnType<typeof caaCommand>>>;

/** Each CAA operation: the validated request (the command server names a bad field) to one service call. */
const OPERATIONS: Record<CaaOperation, Operation> = {
  register: (s, type, r) => s.register(type, r.clusterId, r.token as string, r.force === true, r.nodes as string[] | undefined),
  deregister: (s, type, r) => s.deregister(type, r.clusterId),
  'renew-id': (s, type, r) => s.renewId(type, r.clusterId),
  'renew-auth': (s, type, r) => s.renewAuth(type, r.clusterId),
  'transport.get': (s, type, r) => s.getTransport(type, r.clusterId),
  'transport.set': (s, type, { clusterId, ...settings }) => s.setTransport(type, clusterId, settings as never),
  status: (s, type, r) => s.status(type, r.clusterId, r.source as 'application' | 'last-known'),
  'license-usage': (s, type, r) => s.licenseUsage(type, r.clusterId),
  'license-mode.get': (s, type, r) => s.getLicenseMode(type, r.clusterId),
  'license-mode.set': (s, type, r) => s.setLicenseMode(type, r.clusterId, r.mode as 'HCS' | 'Enterprise', r.rebootDeadlineMs as number | undefined),
};

/**
 * CAA commands, one subject (and queue group) per application type and operation; the deployment subscribes only
 * to the types in CAA_APP_TYPES. The handler methods are generated: `cucm:register`, `cuc:status`, ...
 */
@Controller()
export class SmartAgentHandler {
  constructor(readonly smartAgent: SmartAgentService) {}
}

for (const type of APPLICATION_TYPES) {
  for (const operation of CAA_OPERATIONS) {
    const name = `${type}:${operation}`;
    const descriptor: PropertyDescriptor = {
      value: function (this: SmartAgentHandler, request: Request) {
        return OPERATIONS[operation](this.smartAgent, type, request);
      },
      writable: true,
      configurable: true,
    };
    OnCommand(caaCommand(type, operation))(SmartAgentHandler.prototype, name, descriptor);
    Object.defineProperty(SmartAgentHandler.prototype, name, descriptor);
  }
}
