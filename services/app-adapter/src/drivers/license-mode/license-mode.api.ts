import type { z } from 'zod';
import { SmartlicException, type LicenseMode } from '#libs/contracts';
import { publisherOf, type ClusterTarget } from '../cluster-target.js';
import type { UcHttpClient } from '../http/uc-http.client.js';
import type { LicenseModeAnswer } from '../smart-agent.driver.js';
import {
  deploymentModeReturnSchema,
  isLicenseMode,
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

  private async call<S extends z.ZodType<PawsReturn>>(target: ClusterTarget, operation: PawsOperation, args: string[], schema: S, idempotent: boolean, expectDown = false): Promise<z.infer<S>> {
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
    if (answer?.kind === 'fault') throw this.failure(target, operation, { httpStatus: res.status, faultCode: answer.code, upstreamMessage: answer.message.slice(0, 500) });
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
