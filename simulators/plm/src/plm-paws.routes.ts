import type { SimulatorControls } from '#simulators/common';
import { PAWS_NAMESPACE, PAWS_RESULT, parsePawsRequest, pawsFault, pawsResponse, SOAP_CONTENT_TYPE, type PawsReturn, type SoapVersion } from '#simulators/uc-apps';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { basicAuthMatches } from './plm.routes.js';
import type { PlmState } from './plm.state.js';
import { PLM_DEPLOYMENT_MODES, type PlmDeploymentMode } from './plm.wire-format.js';

/**
 * PAWS on a standalone PLM: the guide changes "standalone PLM or co-resident PLM" license mode as it does the UC
 * applications' (the mode COP files), so HCM-F reaches PLM's platform the same way: `DeploymentModeService`,
 * `RestartSystemService`, `RestartSystemStatusService` at `/platform-services/services/{service}` with the OS admin
 * credentials [C PAWS reference; that PLM serves PAWS as the VOS platform it runs on: I]. Its own data: the PLM's
 * deployment mode and a restart window during which it resets connections.
 */
export const PLM_PAWS_PREFIX = '/platform-services/services/';

const SERVICES: Record<string, Record<string, string>> = {
  DeploymentModeService: { getDeploymentMode: 'plm.paws.deployment-mode.get', setDeploymentMode: 'plm.paws.deployment-mode.set' },
  RestartSystemService: { restartSystem: 'plm.paws.restart' },
  RestartSystemStatusService: { getRestartSystemStatus: 'plm.paws.restart.status' },
};

const soapOf = (request: FastifyRequest): SoapVersion => (String(request.headers['content-type'] ?? '').includes('soap+xml') ? '1.2' : '1.1');

export const registerPlmPawsRoutes = (app: FastifyInstance, state: PlmState, controls: SimulatorControls, options: { restartMs: number }): void => {
  const handle = async (request: FastifyRequest<{ Params: { endpoint: string } }>, reply: FastifyReply): Promise<unknown> => {
    const plm = state.byHostHeader(request.headers.host ?? '');
    if (!plm) return reply.code(404).send({ code: 'NOT_FOUND', message: 'unknown PLM' });
    const service = SERVICES[request.params.endpoint.split('.')[0] ?? ''];
    const paws = typeof request.body === 'string' ? parsePawsRequest(request.body) : undefined;
    const routeId = (paws?.operation !== undefined ? service?.[paws.operation] : undefined) ?? 'plm.paws.other';
    if (await controls.enter(routeId, plm.address, request, reply)) return reply;
    if (!service) return reply.code(404).send({ code: 'NOT_FOUND', message: `${request.url} is not a PAWS service` });
    if (!basicAuthMatches(request.headers.authorization, plm.osAdmin)) return reply.code(401).header('www-authenticate', 'Basic realm="Cisco Platform Administrative Web Services"').type('text/html').send('<html><body>HTTP Status 401 – Unauthorized</body></html>');
    const fault = (soap: SoapVersion, reason: string) => reply.code(500).type(SOAP_CONTENT_TYPE[soap]).send(pawsFault(soap, true, reason));
    if (!paws) return fault(soapOf(request), 'The request is not a SOAP 1.1 or 1.2 envelope');
    const operation = paws.operation;
    if (operation === undefined || service[operation] === undefined) return fault(paws.soap, `The endpoint reference (EPR) for the Operation not found is ${request.url}`);
    if (paws.namespace !== undefined && paws.namespace !== PAWS_NAMESPACE) return fault(paws.soap, `${operation}: unexpected namespace ${paws.namespace}`);
    const answer = (ret: PawsReturn) => reply.code(200).type(SOAP_CONTENT_TYPE[paws.soap]).send(pawsResponse(paws, operation, ret));
    switch (operation) {
      case 'getDeploymentMode':
        return answer({ type: 'DeploymentModeResponse', result: PAWS_RESULT.complete, fields: [['deploymentMode', plm.deploymentMode]] });
      case 'setDeploymentMode': {
        const wanted = paws.args[0];
        if (!PLM_DEPLOYMENT_MODES.includes(wanted as PlmDeploymentMode)) {
          return answer({ type: 'DeploymentModeResponse', result: PAWS_RESULT.failed, remoteMessages: [{ messageKey: 'error.validation.invalid', messageParams: 'deploymentMode' }], fields: [['deploymentMode', null]] });
        }
        plm.deploymentMode = wanted as PlmDeploymentMode;
        return answer({ type: 'DeploymentModeResponse', result: PAWS_RESULT.complete, fields: [['deploymentMode', null]] });
      }
      case 'restartSystem':
        // No answer on success: the platform goes down before it could send one [C PAWS].
        plm.restarts++;
        plm.restartingUntil = Date.now() + options.restartMs;
        reply.hijack();
        request.raw.socket.destroy();
        return reply;
      default:
        return answer({ type: 'RestartSystemStatusResponse', result: PAWS_RESULT.complete, fields: [['restartSystemStatus', PAWS_RESULT.complete]] });
    }
  };
  app.post(`${PLM_PAWS_PREFIX}:endpoint`, handle);
  app.post(`${PLM_PAWS_PREFIX}:endpoint/`, handle);
};
