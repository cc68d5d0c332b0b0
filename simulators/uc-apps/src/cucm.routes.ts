import type { AgentErrorRow } from '#simulators/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { axlFault, axlResponse, parseAxlRequest, type XmlTree } from './axl-soap.js';
import { basicAuthMatches } from './basic-auth.js';
import { agentNodeOf, type UcNodeState } from './cluster.store.js';
import { authorizationStatusText, registrationStatusText } from './license-details.view.js';
import { reportedUsage } from './license-usage.js';
import { enterNode, type UcRouteDeps } from './route-context.js';
import { instanceIdOf, type AgentOutcome } from './smart-agent.service.js';
import type { SmartAgentState } from './smart-agent.state.js';
import { registerSmartAgentRestRoutes } from './smart-agent-rest.routes.js';

/** AXL operation → route id (for faults and call counts). */
const AXL_ROUTES: Record<string, string> = {
  doSmartLicenseRegister: 'cucm.axl.register',
  doSmartLicenseReRegister: 'cucm.axl.reregister',
  doSmartLicenseDeRegister: 'cucm.axl.deregister',
  getSmartLicenseStatus: 'cucm.axl.status',
};

const XML = 'text/xml; charset=utf-8';

// Tomcat's page for a failed basic login, as CUCM answers AXL with bad credentials (HTML, not a SOAP fault).
const UNAUTHORIZED_HTML =
  '<!doctype html><html lang="en"><head><title>HTTP Status 401 – Unauthorized</title></head>' +
  '<body><h1>HTTP Status 401 – Unauthorized</h1><hr class="line" /><p><b>Type</b> Status Report</p>' +
  '<p><b>Description</b> The request has not been applied to the target resource because it lacks valid authentication credentials for that resource.</p></body></html>';

const isTrue = (value: string | undefined): boolean => value?.trim().toLowerCase() === 'true';

/**
 * A mapping-table error as an AXL fault: faultstring = the table's message; axlcode = the table's HTTP status
 * (400 / 405 / 500), so a client can map it back with the same table (WIRE-FORMATS.md).
 */
const sendFault = (reply: FastifyReply, error: AgentErrorRow, operation: string): FastifyReply =>
  reply
    .code(500)
    .type(XML)
    .send(axlFault({ faultcode: error.httpStatus === 500 ? 'soapenv:Server' : 'soapenv:Client', faultstring: error.message, axlcode: error.httpStatus, request: operation }));

const sendAxl = (reply: FastifyReply, operation: string, outcome: AgentOutcome<unknown>, content: () => XmlTree): FastifyReply =>
  outcome.ok ? reply.code(200).type(XML).send(axlResponse(operation, content())) : sendFault(reply, outcome.error, operation);

/** `getSmartLicenseStatusResponse/LicenseDetails` (no `<return>`; Registration/Status is the 2nd child's 1st child). */
const licenseDetailsXml = (node: UcNodeState, agent: Readonly<SmartAgentState>): XmlTree => {
  const cluster = node.cluster;
  const registration = agent.registration;
  const entitlementStatus = authorizationStatusText(agent);
  return {
    LicenseDetails: {
      LicenseMode: cluster.licenseMode,
      Registration: {
        Status: registrationStatusText(agent),
        State: agent.state,
        SmartAccountName: registration?.smartAccount ?? '',
        VirtualAccountName: registration?.virtualAccount ?? '',
        RegistrationDate: registration?.registeredAt ?? '',
        RegistrationExpires: registration?.registrationExpires ?? '',
      },
      Authorization: {
        Status: authorizationStatusText(agent),
        AuthorizationExpires: registration?.authorizationExpires ?? '',
        LastAuthorizationAttempt: registration?.lastRenewAuth ?? '',
      },
      ProductInstanceName: instanceIdOf(node),
      PublisherHostname: agentNodeOf(node).hostname,
      ExportControlFunctionality: registration?.exportControlled ? 'Allowed' : 'Not Allowed',
      TransportMode: agent.transport.mode,
      LicenseStatus: {
        Entitlement: reportedUsage(cluster.usage, cluster.licenseMode).map((u) => ({ Name: u.license, Count: u.count, Status: entitlementStatus })),
      },
    },
  };
};

const RETURN_SUCCESS: XmlTree = { return: 'Success' };

/**
 * Unified CM: AXL SOAP `POST /axl/` (smart-licensing operations, admin basic auth) and the smart-agent REST
 * operations under `/ucmservices/smartlicense/<operation>` (path is our choice, see WIRE-FORMATS.md).
 */
export const registerCucmRoutes = (app: FastifyInstance, deps: UcRouteDeps): void => {
  registerSmartAgentRestRoutes(app, deps, { app: 'cucm', prefix: '/ucmservices/smartlicense', types: ['cucm'] });

  const axl = async (request: FastifyRequest, reply: FastifyReply) => {
    const parsed = typeof request.body === 'string' ? parseAxlRequest(request.body) : undefined;
    const operation = parsed?.operation ?? 'unknown';
    const node = await enterNode(deps, request, reply, { types: ['cucm'], routeId: AXL_ROUTES[operation] ?? 'cucm.axl.other', contentType: XML });
    if (!node) return reply;
    if (!basicAuthMatches(request.headers.authorization, node.cluster.credentials.admin)) {
      return reply.code(401).header('www-authenticate', 'Basic realm="Cisco AXL API"').type('text/html;charset=utf-8').send(UNAUTHORIZED_HTML);
    }
    if (!parsed) {
      return reply.code(500).type(XML).send(axlFault({ faultcode: 'soapenv:Client', faultstring: 'Unable to parse the SOAP request', axlcode: -1, request: operation }));
    }
    const fields = parsed.fields;
    switch (operation) {
      case 'doSmartLicenseRegister':
        return sendAxl(reply, operation, await deps.agent.register(node, fields.token ?? '', isTrue(fields.force)), () => RETURN_SUCCESS);
      case 'doSmartLicenseReRegister':
        // Re-registration is a forced registration with a (new) token.
        return sendAxl(reply, operation, await deps.agent.register(node, fields.token ?? '', true), () => RETURN_SUCCESS);
      case 'doSmartLicenseDeRegister':
        return sendAxl(reply, operation, await deps.agent.deregister(node), () => RETURN_SUCCESS);
      case 'getSmartLicenseStatus': {
        const outcome = deps.agent.licenseDetails(node);
        return sendAxl(reply, operation, outcome, () => (outcome.ok ? licenseDetailsXml(node, outcome.value) : {}));
      }
      default:
        return reply
          .code(500)
          .type(XML)
          .send(axlFault({ faultcode: 'soapenv:Client', faultstring: `Operation ${operation} is not supported by this simulator`, axlcode: -1, request: operation }));
    }
  };
  app.post('/axl/', axl);
  app.post('/axl', axl);
};
