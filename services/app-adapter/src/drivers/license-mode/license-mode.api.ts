import type { z } from 'zod';
import { SmartlicException, type LicenseMode } from '#libs/contracts';
import { publisherOf, type ClusterTarget } from '../cluster-target.js';
import type { UcHttpClient } from '../http/uc-http.client.js';
import type { LicenseModeAnswer } from '../smart-agent.driver.js';
import { delay } from '#libs/resilience';
import {
  deploymentModeReturnSchema,
  isLicenseMode,
  isOperationNotFound,
  LICENSE_MODE_COP_FILES,
  UPGRADE_LOCATION_SFTP,
  UPGRADE_STAGE,
  UPGRADE_STAGES_DOWNLOADING,
  upgradeStageReturnSchema,
  type PawsArg,
  PAWS_CONTENT_TYPE,
  PAWS_CREDENTIAL,
  PAWS_RESULT,
  PAWS_SUBSCRIBER_PARAM,
  pawsAnswer,
  pawsEnvelope,
  pawsHeaders,
  pawsPath,
  pawsReturnSchema,
  restartStatusReturnSchema,
  type PawsOperation,
  type PawsReturn,
} from './paws.wire-format.js';

/** `getRestartSystemStatus`: still restarting, or done. */
export type RestartStatus = 'processing' | 'complete';

/** Where the publisher downloads the mode COP files from (CAA_COP_SFTP_*); the password is never logged. */
export interface CopServer {
  server: string;
  directory: string;
  user: string;
  password: string;
}

/** True for the failure of a setDeploymentMode the release does not have (it needs the mode COP file instead). */
export const lacksSetDeploymentMode = (error: unknown): boolean =>
  error instanceof SmartlicException && error.code === 'CAA1077' && (error.details as { setDeploymentModeMissing?: unknown } | undefined)?.setDeploymentModeMissing === true;

// Causes of a CAA1046 that mean the request never reached the node (as opposed to a connection it dropped).
const NOT_SENT = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * License mode on the publisher of a Unified CM, Unity Connection or Emergency Responder cluster, through the
 * platform's SOAP web services (PAWS) with the platform credentials (paws.wire-format.ts). Codes: a PAWS fault or an
 * unexpected answer CAA1077 ("Error occurred during PAWS call"), refused platform credentials CAA1084 (the guide's
 * code whose action names the platform credentials; CAA1035 names the admin ones), a subscriber CAA1049; missing
 * credentials (CAA1008) and an unreachable node (CAA1046) come from the HTTP client.
 */
export class LicenseModeApi {
  constructor(private readonly http: UcHttpClient) {}

  /** `DeploymentModeService.getDeploymentMode`. */
  async get(target: ClusterTarget): Promise<LicenseMode> {
    const answer = await this.call(target, 'getDeploymentMode', [], deploymentModeReturnSchema, true);
    if (!isLicenseMode(answer.deploymentMode)) {
      throw this.failure(target, 'getDeploymentMode', { deploymentMode: answer.deploymentMode ?? null, reason: 'the deployment mode is neither Enterprise nor HCS' });
    }
    return answer.deploymentMode;
  }

  /**
   * `setDeploymentMode`, then `getDeploymentMode` to verify the publisher took it (TN119377). The mode applies to the
   * licensing once the publisher has restarted (`restartPublisher`).
   */
  async set(target: ClusterTarget, mode: LicenseMode): Promise<LicenseModeAnswer> {
    await this.call(target, 'setDeploymentMode', [mode], deploymentModeReturnSchema, false);
    return { licenseMode: await this.get(target) };
  }

  /**
   * The guide's mode COP file installed through PAWS, for a release without setDeploymentMode:
   * `prepareRemoteUpgrade` (download from the COP server), `getUpgradeStage` until the download is done,
   * `startUpgrade`, `getUpgradeStage` until completed. The session id ties prepare and start together (a resumed
   * attempt passes the same one). Like setDeploymentMode, the mode applies once the publisher has restarted.
   */
  async installModeCop(target: ClusterTarget, mode: LicenseMode, cop: CopServer, sessionId: string, options: { pollMs: number; deadlineMs: number }): Promise<void> {
    const started = Date.now();
    const file = LICENSE_MODE_COP_FILES[mode];
    const upgradeFile = { name: file, path: cop.directory, password: cop.password, server: cop.server, upgradeLocation: UPGRADE_LOCATION_SFTP, upgradeType: 'patch', user: cop.user };
    await this.call(target, 'prepareRemoteUpgrade', [upgradeFile, sessionId, 'false'], pawsReturnSchema, false);
    await this.untilStage(target, file, started, options, (stage) => !UPGRADE_STAGES_DOWNLOADING.has(stage));
    try {
      await this.call(target, 'startUpgrade', [sessionId, 'false', 'false'], pawsReturnSchema, false);
    } catch (error) {
      // The install outlasting one request is no failure: "this call should always be made asynchronously"; the stage tells.
      if (!(error instanceof SmartlicException) || error.code !== 'CAA1046') throw error;
    }
    await this.untilStage(target, file, started, options, (stage) => stage === UPGRADE_STAGE.completed);
  }

  /** Polls getUpgradeStage until `done`; the error and cancelled stages, or the deadline, fail the install (CAA1077). */
  private async untilStage(target: ClusterTarget, file: string, started: number, options: { pollMs: number; deadlineMs: number }, done: (stage: string) => boolean): Promise<void> {
    for (;;) {
      const answer = await this.call(target, 'getUpgradeStage', [], upgradeStageReturnSchema, true);
      const stage = answer.upgradeStage ?? '';
      if (stage === UPGRADE_STAGE.error || stage === UPGRADE_STAGE.cancelled) {
        const remoteMessages = answer.remoteMessages.map((m) => ({ messageKey: m.messageKey ?? null, messageParams: m.messageParams }));
        throw this.failure(target, 'getUpgradeStage', { upgradeStage: stage, file, remoteMessages, reason: 'the COP file installation failed' });
      }
      if (done(stage)) return;
      if (Date.now() - started >= options.deadlineMs) {
        throw this.failure(target, 'getUpgradeStage', { upgradeStage: stage, file, reason: 'the COP file installation did not finish before the deadline', deadlineMs: options.deadlineMs });
      }
      await delay(options.pollMs);
    }
  }

  /**
   * `RestartSystemService.restartSystem`. A successful restart answers nothing: the publisher drops the connection as
   * it goes down (PAWS reference), so a dropped connection is the expected outcome, not a failure.
   */
  async restartPublisher(target: ClusterTarget): Promise<void> {
    try {
      await this.call(target, 'restartSystem', [], pawsReturnSchema, false);
    } catch (error) {
      const cause = error instanceof SmartlicException ? (error.details as { cause?: unknown } | undefined)?.cause : undefined;
      if (error instanceof SmartlicException && error.code === 'CAA1046' && !NOT_SENT.has(String(cause))) return;
      throw error;
    }
  }

  /**
   * `RestartSystemStatusService.getRestartSystemStatus`; not retried here: the caller polls. The publisher is expected
   * down meanwhile, so the poll goes around its circuit and sees it come back at once.
   */
  async restartStatus(target: ClusterTarget): Promise<RestartStatus> {
    const answer = await this.call(target, 'getRestartSystemStatus', [], restartStatusReturnSchema, false, true);
    if (answer.restartSystemStatus === PAWS_RESULT.processing) return 'processing';
    if (answer.restartSystemStatus === PAWS_RESULT.complete) return 'complete';
    throw this.failure(target, 'getRestartSystemStatus', { restartSystemStatus: answer.restartSystemStatus ?? null, reason: 'unknown restart status' });
  }

  private async call<S extends z.ZodType<PawsReturn>>(target: ClusterTarget, operation: PawsOperation, args: PawsArg[], schema: S, idempotent: boolean, expectDown = false): Promise<z.infer<S>> {
    const node = publisherOf(target);
    const res = await this.http.send(target, node, {
      method: 'POST',
      path: pawsPath(operation),
      credential: PAWS_CREDENTIAL,
      body: pawsEnvelope(operation, args),
      contentType: PAWS_CONTENT_TYPE,
      headers: pawsHeaders(operation),
      idempotent,
      platform: true,
      expectDown,
    });
    if (res.status === 401) throw SmartlicException.fromCode('CAA1084', { clusterId: target.clusterId, node: node.hostname, operation, httpStatus: 401 });
    const answer = pawsAnswer(res.text, operation);
    if (answer?.kind === 'fault') {
      const missing = operation === 'setDeploymentMode' && isOperationNotFound(answer.message) ? { setDeploymentModeMissing: true } : {};
      throw this.failure(target, operation, { httpStatus: res.status, faultCode: answer.code, upstreamMessage: answer.message.slice(0, 500), ...missing });
    }
    if (res.status !== 200 || !answer) throw this.failure(target, operation, { httpStatus: res.status, reason: 'not a PAWS answer', upstreamMessage: res.text.slice(0, 200) });
    const parsed = schema.safeParse(answer.value);
    if (!parsed.success) {
      throw this.failure(target, operation, { reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'return'}: ${i.message}`).join('; ') });
    }
    const value = parsed.data;
    if (value.result !== PAWS_RESULT.complete) {
      const messages = value.remoteMessages.map((m) => ({ messageKey: m.messageKey ?? null, messageParams: m.messageParams }));
      if (value.remoteMessages.some((m) => m.messageParams.includes(PAWS_SUBSCRIBER_PARAM))) {
        throw SmartlicException.fromCode('CAA1049', { clusterId: target.clusterId, node: node.hostname, operation, remoteMessages: messages });
      }
      throw this.failure(target, operation, { result: value.result, remoteMessages: messages });
    }
    return value;
  }

  private failure(target: ClusterTarget, operation: PawsOperation, details: Record<string, unknown>): SmartlicException {
    return SmartlicException.fromCode('CAA1077', { clusterId: target.clusterId, node: publisherOf(target).hostname, operation, ...details });
  }
}
