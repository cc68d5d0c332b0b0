import { findSmartAgentRestError, SmartlicException, type CaaTransportSettings, type LicenseMode, type SmartAgentOperation } from '#libs/contracts';
import { smartAgentError, type CallContext } from '../app-error.mapper.js';
import { publisherOf, type ClusterTarget, type TargetNode } from '../cluster-target.js';
import type { UcHttpClient } from '../http/uc-http.client.js';
import { LicenseModeApi } from '../license-mode/license-mode.api.js';
import type { AgentStatus, AgentTransportSettings, AgentUsage, LicenseModeAnswer, SmartAgentDriver } from '../smart-agent.driver.js';
import { scrub } from '../ssh/cli-transcript.js';
import type { CliCommand, PlatformCliClient } from '../ssh/platform-cli.client.js';
import {
  CER_COMMANDS,
  commandResult,
  licenseModeOfUsage,
  licenseNameOf,
  networkClusterNodes,
  nodeStateFromStatus,
  transportFromStatus,
  usageFromOutput,
} from './cer.wire-format.js';

/** The statuses of the guide's mapping table, in the order a message is looked up (a message belongs to one row). */
const ROW_STATUSES = [400, 405, 500, 401] as const;

/** The CLI answered no HTTP status: the row is named by `mappingRow`, the REST status would only mislead. */
const withoutHttpStatus = (error: SmartlicException): SmartlicException => {
  const { httpStatus: _status, ...details } = error.details ?? {};
  return new SmartlicException({ ...error.toJSON(), details });
};

/**
 * Emergency Responder: smart licensing through its platform CLI over SSH with the platform credentials, on the
 * publisher (cer.wire-format.ts). A command that prints a message of the guide's "Smart Licensing Error Code and
 * Message Mapping" table fails with that row (a 405 row on a node whose `show network cluster` line says Subscriber
 * becomes CAA1049); any other failed command is CAA1078; an answer that cannot be read is CAA1024. License mode goes
 * through the platform API like the other applications (LicenseModeApi).
 */
export class CerDriver implements SmartAgentDriver {
  readonly applicationType = 'cer' as const;
  private readonly licenseMode: LicenseModeApi;

  constructor(
    private readonly cli: PlatformCliClient,
    http: UcHttpClient,
  ) {
    this.licenseMode = new LicenseModeApi(http);
  }

  register(target: ClusterTarget, token: string, force: boolean): Promise<TargetNode[]> {
    return this.change(target, 'register', CER_COMMANDS.register(token, force));
  }

  deregister(target: ClusterTarget): Promise<TargetNode[]> {
    return this.change(target, 'deregister', CER_COMMANDS.deregister());
  }

  renewId(target: ClusterTarget): Promise<TargetNode[]> {
    return this.change(target, 'renewID', CER_COMMANDS.renewId());
  }

  renewAuth(target: ClusterTarget): Promise<TargetNode[]> {
    return this.change(target, 'renewAuth', CER_COMMANDS.renewAuth());
  }

  async getTransport(target: ClusterTarget): Promise<CaaTransportSettings> {
    const node = publisherOf(target);
    const command = CER_COMMANDS.showLicenseStatus();
    const output = await this.show(target, node, 'licensedetails', command);
    return transportFromStatus(output) ?? this.unreadable(target, node, command, 'no Transport section');
  }

  /** Answers the settings as applied (never the proxy credentials: they stay inside app-adapter). */
  async setTransport(target: ClusterTarget, settings: AgentTransportSettings): Promise<CaaTransportSettings> {
    await this.change(target, 'transportsettings', CER_COMMANDS.transport(settings));
    if (settings.mode === 'Proxy') return { mode: 'Proxy', proxy: { host: settings.proxy!.host, port: settings.proxy!.port } };
    if (settings.mode === 'Satellite') return { mode: 'Satellite', satelliteUrl: settings.satelliteUrl ?? '' };
    return { mode: 'Direct' };
  }

  async status(target: ClusterTarget): Promise<AgentStatus> {
    const node = publisherOf(target);
    const command = CER_COMMANDS.showLicenseStatus();
    const output = await this.show(target, node, 'licensedetails', command);
    const state = nodeStateFromStatus(output, node) ?? this.unreadable(target, node, command, 'no Registration status');
    // `show license status` does not name the license mode (the usage read infers it from the entitlements).
    return { nodes: [state], licenseMode: null };
  }

  async licenseUsage(target: ClusterTarget): Promise<AgentUsage> {
    const node = publisherOf(target);
    const command = CER_COMMANDS.showLicenseUsage();
    const output = await this.show(target, node, 'licensedetails', command);
    const usage = usageFromOutput(output) ?? this.unreadable(target, node, command, 'no usage listing');
    return {
      licenseMode: licenseModeOfUsage(usage.map((u) => u.tag)),
      usage: usage.map((u) => ({ license: licenseNameOf(u.tag), count: u.count, status: u.status })),
    };
  }

  getLicenseMode(target: ClusterTarget): Promise<LicenseMode> {
    return this.licenseMode.get(target);
  }

  setLicenseMode(target: ClusterTarget, mode: LicenseMode): Promise<LicenseModeAnswer> {
    return this.licenseMode.set(target, mode);
  }

  /** A command that changes the agent, on the publisher; its failure is the mapping-table row it printed. */
  private async change(target: ClusterTarget, operation: SmartAgentOperation, command: CliCommand): Promise<TargetNode[]> {
    const node = publisherOf(target);
    const output = await this.cli.run(target, node, command);
    const failure = await this.failureOf(target, node, operation, command, output);
    if (failure) throw failure;
    return [node];
  }

  /** A `show` command's output, or its failure (a mapping-table row such as the license database being unavailable). */
  private async show(target: ClusterTarget, node: TargetNode, operation: SmartAgentOperation, command: CliCommand): Promise<string> {
    const output = await this.cli.run(target, node, command);
    const failure = await this.failureOf(target, node, operation, command, output);
    if (failure) throw failure;
    return output;
  }

  private async failureOf(target: ClusterTarget, node: TargetNode, operation: SmartAgentOperation, command: CliCommand, output: string): Promise<SmartlicException | undefined> {
    const result = commandResult(output);
    if (result.kind === 'done') return undefined;
    const context = this.context(target, node, command);
    if (result.kind === 'unknown-command') return SmartlicException.fromCode('CAA1078', { ...context, reason: 'the platform CLI does not know the command' });
    for (const line of result.lines) {
      for (const status of ROW_STATUSES) {
        const row = findSmartAgentRestError(operation, status, line);
        if (!row) continue;
        const error = withoutHttpStatus(smartAgentError(operation, row.httpStatus, line, context));
        return row.httpStatus === 405 && error.code !== 'CAA1049' ? this.subscriberAware(target, node, error) : error;
      }
    }
    return SmartlicException.fromCode('CAA1078', { ...context, upstreamMessage: scrub(result.lines.join('\n'), command.secrets).slice(0, 500) });
  }

  /**
   * The 405 rows read "registered/unregistered state OR Subscriber node": the node's own line of `show network cluster`
   * tells which. A subscriber provisioned as the publisher becomes CAA1049.
   */
  private async subscriberAware(target: ClusterTarget, node: TargetNode, error: SmartlicException): Promise<SmartlicException> {
    const output = await this.cli.run(target, node, CER_COMMANDS.showNetworkCluster()).catch(() => undefined);
    const nodes = output === undefined ? [] : networkClusterNodes(output);
    const self = nodes.find((n) => n.address === node.address || n.hostname.toLowerCase() === node.hostname.toLowerCase());
    if (self?.role !== 'Subscriber') return error;
    const publisher = nodes.find((n) => n.role === 'Publisher');
    return SmartlicException.fromCode('CAA1049', { ...error.details, reportedRole: self.role, ...(publisher ? { reportedPublisher: publisher.hostname } : {}), upstreamMessage: error.message });
  }

  private unreadable(target: ClusterTarget, node: TargetNode, command: CliCommand, reason: string): never {
    throw SmartlicException.fromCode('CAA1024', { ...this.context(target, node, command), reason: `the answer of ${command.name} could not be read: ${reason}` });
  }

  private context(target: ClusterTarget, node: TargetNode, command: CliCommand): CallContext & { command: string } {
    return { clusterId: target.clusterId, node: node.hostname, command: command.display };
  }
}
