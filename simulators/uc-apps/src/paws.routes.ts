import { SIM_LICENSE_MODES, type SimLicenseMode } from '#simulators/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { basicAuthMatches } from './basic-auth.js';
import { hasCondition } from './cluster.store.js';
import { enterNode, type UcRouteDeps } from './route-context.js';
import { PAWS_NAMESPACE, PAWS_RESULT, pawsFault, pawsResponse, parsePawsRequest, SOAP_CONTENT_TYPE, type PawsReturn, type SoapVersion } from './paws-soap.js';

/** `https://{paws_host}/platform-services/services/{service}` [C]; Axis2's per-binding endpoints `{service}.{service}Http(s)Soap1x Endpoint/` [I] land here too. */
export const PAWS_PATH_PREFIX = '/platform-services/services/';

/** The PAWS services the simulator implements, their operations and route ids (faults, latency, call counts). */
const SERVICES: Record<string, Record<string, string>> = {
  DeploymentModeService: { getDeploymentMode: 'paws.deployment-mode.get', setDeploymentMode: 'paws.deployment-mode.set' },
  RestartSystemService: { restartSystem: 'paws.restart' },
  RestartSystemStatusService: { getRestartSystemStatus: 'paws.restart.status' },
  PrepareRemoteUpgradeService: { prepareRemoteUpgrade: 'paws.upgrade.prepare' },
  StartUpgradeService: { startUpgrade: 'paws.upgrade.start' },
  UpgradeStageService: { getUpgradeStage: 'paws.upgrade.stage' },
};

/** PAWS is a VOS platform service: Unified CM, Unity Connection and Emergency Responder; Expressway has none. */
const TYPES = ['cucm', 'cuc', 'cer'] as const;

// Tomcat's page for a failed basic login ("the system returns an HTTP 401 Access Denied error" [C]; page [I]).
const UNAUTHORIZED_HTML =
  '<!doctype html><html lang="en"><head><title>HTTP Status 401 – Unauthorized</title></head>' +
  '<body><h1>HTTP Status 401 – Unauthorized</h1><p><b>Description</b> The request has not been applied to the target resource because it lacks valid authentication credentials for that resource.</p></body></html>';

/**
 * The simulator's refusal of the license-mode operations on a subscriber [I]: a failed result whose remote message
 * names the node's role in the reference's `ClusterNodesService` words (the deployment mode is the publisher's,
 * where the guide installs the mode COP files).
 */
const SUBSCRIBER_REFUSAL = { messageKey: 'error.node.notprimary', messageParams: 'cluster.node.type.secondary' };

const serviceOf = (endpoint: string): string => endpoint.split('.')[0] ?? endpoint;

// The `xsi:type` of each operation's `<return>` [I: the reference shows DeploymentModeResponse's; the others follow it].
const RETURN_TYPES: Record<string, string> = {
  getRestartSystemStatus: 'RestartSystemStatusResponse',
  restartSystem: 'RestartSystemResponse',
  prepareRemoteUpgrade: 'PrepareRemoteUpgradeResponse',
  startUpgrade: 'StartUpgradeResponse',
  getUpgradeStage: 'UpgradeStageResponse',
};
const returnType = (operation: string): string => RETURN_TYPES[operation] ?? 'DeploymentModeResponse';

// Axis2's fault for an operation the service does not have [I: Axis2's wording]; a release without setDeploymentMode.
const operationNotFound = (url: string, action: string | undefined): string => `The endpoint reference (EPR) for the Operation not found is ${url} and the WSA Action = ${action ?? 'null'}`;

/** The failed answer of an operation (its own response type, `result` internal.request.failed). */
const failed = (operation: string, message: { messageKey: string; messageParams: string }): PawsReturn => ({
  type: returnType(operation),
  result: PAWS_RESULT.failed,
  remoteMessages: [message],
  ...(operation.endsWith('DeploymentMode') ? { fields: [['deploymentMode', null]] as [string, null][] } : {}),
});

const soapOf = (request: FastifyRequest): SoapVersion => (String(request.headers['content-type'] ?? '').includes('soap+xml') ? '1.2' : '1.1');

/**
 * PAWS `DeploymentModeService` (get/set), `RestartSystemService` and `RestartSystemStatusService` on the publishers,
 * with the platform credentials (WIRE-FORMATS.md §7).
 */
export const registerPawsRoutes = (app: FastifyInstance, deps: UcRouteDeps): void => {
  const handle = async (request: FastifyRequest<{ Params: { endpoint: string } }>, reply: FastifyReply): Promise<unknown> => {
    const service = SERVICES[serviceOf(request.params.endpoint)];
    const paws = typeof request.body === 'string' ? parsePawsRequest(request.body) : undefined;
    const routeId = (paws?.operation !== undefined ? service?.[paws.operation] : undefined) ?? 'paws.other';
    const node = await enterNode(deps, request, reply, { types: TYPES, routeId, contentType: SOAP_CONTENT_TYPE[paws?.soap ?? soapOf(request)] });
    if (!node) return reply;
    if (!service) return reply.code(404).send({ error: 'NOT_FOUND', message: `${request.url} is not a PAWS service of this simulator` });
    if (!basicAuthMatches(request.headers.authorization, node.cluster.credentials.platform)) {
      return reply.code(401).header('www-authenticate', 'Basic realm="Cisco Platform Administrative Web Services"').type('text/html').send(UNAUTHORIZED_HTML);
    }
    const fault = (soap: SoapVersion, sender: boolean, reason: string) => reply.code(500).type(SOAP_CONTENT_TYPE[soap]).send(pawsFault(soap, sender, reason));
    if (!paws) return fault(soapOf(request), true, 'The request is not a SOAP 1.1 or 1.2 envelope');
    const operation = paws.operation;
    if (operation === undefined || service[operation] === undefined) {
      return fault(paws.soap, true, operationNotFound(request.url, paws.action));
    }
    if (paws.namespace !== undefined && paws.namespace !== PAWS_NAMESPACE) return fault(paws.soap, true, `${operation}: unexpected namespace ${paws.namespace}`);
    if (paws.action !== undefined && paws.action !== `urn:${operation}`) return fault(paws.soap, true, `WSA Action ${paws.action} does not match ${operation}`);
    const answer = (ret: PawsReturn) => reply.code(200).type(SOAP_CONTENT_TYPE[paws.soap]).send(pawsResponse(paws, operation, ret));
    if (!node.publisher) return answer(failed(operation, SUBSCRIBER_REFUSAL));

    const cluster = node.cluster;
    switch (operation) {
      case 'getDeploymentMode':
        return answer({ type: 'DeploymentModeResponse', result: PAWS_RESULT.complete, fields: [['deploymentMode', deps.licenseMode.deploymentMode(cluster)]] });
      case 'setDeploymentMode': {
        if (hasCondition(cluster, 'noSetDeploymentMode')) return fault(paws.soap, true, operationNotFound(request.url, paws.action));
        const wanted = paws.args[0];
        if (wanted === undefined) return fault(paws.soap, true, 'setDeploymentMode: args0 (the deployment mode) is missing');
        // HCS-LE is a PAWS mode too, but not on the 12.5(1)SU7 / 14(1)SU1 releases HCS smart licensing runs [C].
        if (!SIM_LICENSE_MODES.includes(wanted as SimLicenseMode)) return answer(failed(operation, { messageKey: 'error.validation.invalid', messageParams: 'deploymentMode' }));
        deps.licenseMode.setDeploymentMode(cluster, wanted as SimLicenseMode);
        return answer({ type: 'DeploymentModeResponse', result: PAWS_RESULT.complete, fields: [['deploymentMode', null]] });
      }
      case 'restartSystem':
        // "This service does not return a response when successful, since the reboot occurs before the final
        // response can be returned" [C]: the connection drops and the cluster reboots.
        deps.licenseMode.restart(cluster);
        reply.hijack();
        request.raw.socket.destroy();
        return reply;
      case 'prepareRemoteUpgrade': {
        const prepared = deps.cop.prepare(cluster, paws.argFields[0] ?? {}, paws.args[1] ?? '', paws.args[2] === 'true');
        return answer(prepared.ok ? { type: returnType(operation), result: PAWS_RESULT.complete } : failed(operation, prepared.message));
      }
      case 'startUpgrade': {
        const started = await deps.cop.start(cluster, paws.args[0] ?? '', paws.args[1] === 'true');
        return answer(started.ok ? { type: returnType(operation), result: PAWS_RESULT.complete } : failed(operation, started.message));
      }
      case 'getUpgradeStage': {
        const { stage, error } = deps.cop.stage(cluster);
        return answer({ type: returnType(operation), result: PAWS_RESULT.complete, ...(error ? { remoteMessages: [error] } : {}), fields: [['upgradeStage', stage]] });
      }
      default:
        // A node that answers has finished its last restart: the reboot resets every connection until then.
        return answer({ type: 'RestartSystemStatusResponse', result: PAWS_RESULT.complete, fields: [['restartSystemStatus', PAWS_RESULT.complete]] });
    }
  };
  app.post(`${PAWS_PATH_PREFIX}:endpoint`, handle);
  app.post(`${PAWS_PATH_PREFIX}:endpoint/`, handle);
};

