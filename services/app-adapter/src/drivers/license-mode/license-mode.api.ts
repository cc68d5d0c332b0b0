import { SmartlicException, type LicenseMode } from '#libs/contracts';
import { errorText, parseJsonAnswer } from '../app-error.mapper.js';
import { publisherOf, type ClusterTarget } from '../cluster-target.js';
import type { UcHttpClient } from '../http/uc-http.client.js';
import type { LicenseModeAnswer } from '../smart-agent.driver.js';
import {
  LICENSE_MODE_CREDENTIAL,
  LICENSE_MODE_PATH,
  LICENSE_MODE_SUBSCRIBER_STATUS,
  licenseModeBody,
  licenseModeChangeSchema,
  licenseModeReadSchema,
} from './license-mode.wire-format.js';

/**
 * License mode on the publisher (Unified CM, Unity Connection, Emergency Responder), with the platform credentials.
 * The platform (CLI/COP) side of HCM-F's CAA: refused platform credentials are CAA1084, a subscriber CAA1049.
 */
export class LicenseModeApi {
  constructor(private readonly http: UcHttpClient) {}

  async get(target: ClusterTarget): Promise<LicenseMode> {
    const node = publisherOf(target);
    const context = { clusterId: target.clusterId, node: node.hostname };
    const res = await this.http.send(target, node, { method: 'GET', path: LICENSE_MODE_PATH, credential: LICENSE_MODE_CREDENTIAL, idempotent: true });
    if (res.status !== 200) throw this.failure(res.status, errorText(res, ['message']).message, context);
    return parseJsonAnswer(res, licenseModeReadSchema, context).licenseMode;
  }

  async set(target: ClusterTarget, mode: LicenseMode): Promise<LicenseModeAnswer> {
    const node = publisherOf(target);
    const context = { clusterId: target.clusterId, node: node.hostname };
    const res = await this.http.send(target, node, {
      method: 'PUT',
      path: LICENSE_MODE_PATH,
      credential: LICENSE_MODE_CREDENTIAL,
      body: licenseModeBody(mode),
      contentType: 'application/json',
    });
    if (res.status !== 200 && res.status !== 202) throw this.failure(res.status, errorText(res, ['message']).message, context);
    const answer = parseJsonAnswer(res, licenseModeChangeSchema, context);
    return { licenseMode: answer.licenseMode, previousLicenseMode: answer.previousLicenseMode, rebooting: answer.rebooting };
  }

  private failure(status: number, message: string, context: { clusterId: string; node: string }): SmartlicException {
    const details = { ...context, httpStatus: status, upstreamMessage: message.slice(0, 500) };
    if (status === 401) return SmartlicException.fromCode('CAA1084', details);
    if (status === LICENSE_MODE_SUBSCRIBER_STATUS) return SmartlicException.fromCode('CAA1049', details);
    return SmartlicException.fromCode('CAA1036', details);
  }
}
