import type { AgentErrorRow } from '#simulators/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { axlFault, axlResponse, childOf, childText, DEFAULT_AXL_VERSION, parseAxlRequest, type AxlContent, type AxlRequest } from './axl-soap.js';
import { basicAuthMatches } from './basic-auth.js';
import type { UcNodeState } from './cluster.store.js';
import { licenseStatusXml, processNodesXml, STATE_MODE_OF_AXL, transportSettingsXml } from './cucm-axl.view.js';
import { enterNode, type UcRouteDeps } from './route-context.js';
import type { AgentOutcome } from './smart-agent.service.js';
import type { TransportSettingsInput } from './transport-settings.js';

/** AXL operation → route id (faults, latency, call counts). */
const AXL_ROUTES: Record<string, string> = {
  doSmartLicenseRegister: 'cucm.axl.register',
  doSmartLicenseReRegister: 'cucm.axl.reregister',
  doSmartLicenseDeRegister: 'cucm.axl.deregister',
  doSmartLicenseRenewRegistration: 'cucm.axl.renewRegistration',
  doSmartLicenseRenewAuthorization: 'cucm.axl.renewAuthorization',
  getSmartLicenseStatus: 'cucm.axl.status',
  getTransportSettings: 'cucm.axl.transport.get',
  doUpdateTransportSettings: 'cucm.axl.transport',
  listProcessNode: 'cucm.axl.processNodes',
};

/** Elements the schema makes mandatory (AXLSoap.xsd minOccurs=1) in the requests the simulator serves. */
const REQUIRED: Record<string, readonly string[]> = {
  doSmartLicenseRegister: ['token', 'force'],
  doSmartLicenseReRegister: ['token'],
  doUpdateTransportSettings: ['transportMode', 'url', 'httpHost', 'httpPort'],
  listProcessNode: ['searchCriteria', 'returnedTags'],
};

const XML = 'text/xml; charset=utf-8';

// Tomcat's page for a failed basic login, as Unified CM answers AXL with bad credentials (HTML, not a SOAP fault).
const UNAUTHORIZED_HTML =
  '<!doctype html><html lang="en"><head><title>HTTP Status 401 – Unauthorized</title></head>' +
  '<body><h1>HTTP Status 401 – Unauthorized</h1><hr class="line" /><p><b>Type</b> Status Report</p>' +
  '<p><b>Description</b> The request has not been applied to the target resource because it lacks valid authentication credentials for that resource.</p></body></html>';

/**
 * The AXL schema versions a Unified CM release offers (DevNet AXL Developer Guide, "Schema Version Requested vs.
 * Version Applied"): three majors back; 12.5(1) keeps 9.x. Smart licensing exists from schema 12.5.
 */
const offeredVersions = (clusterVersion: string): readonly string[] => {
  const major = Number(/\d+/.exec(clusterVersion)?.[0] ?? 0);
  if (major >= 15) return ['1.0', `${major}.0`, '14.0', '12.5', '12.0'];
  if (major === 14) return ['1.0', '14.0', '12.5', '12.0', '11.5', '11.0'];
  return ['1.0', '12.5', '12.0', '11.5', '11.0', '10.5', '10.0', '9.1', '9.0'];
};
const SMART_LICENSING_SINCE = 12.5;

/** `<force>`: the schema's boolean (`t`, `f`, `true`, `false`, `0`, `1`). */
const axlBoolean = (value: string | undefined): boolean | undefined => {
  const v = value?.trim().toLowerCase();
  if (v === 'true' || v === 't' || v === '1') return true;
  if (v === 'false' || v === 'f' || v === '0') return false;
  return undefined;
};

/** One AXL request and what the simulator answered: for tests that check the wire (e.g. against Cisco's schema). */
export interface AxlExchange {
  clusterId: string | undefined;
  operation: string;
  request: string;
  status: number;
  contentType: string;
  response: string;
}

export interface CucmRoutesOptions {
  onAxlExchange?: (exchange: AxlExchange) => void;
}

/**
 * Unified CM: AXL SOAP `POST /axl/` with the admin credentials — the smart-licensing operations of Cisco's AXL schema
 * and `listProcessNode`, with the smart agent rules of smart-agent.service.ts; failures are SOAP faults carrying the
 * guide's mapping-table row of the operation.
 */
export const registerCucmRoutes = (app: FastifyInstance, deps: UcRouteDeps, options: CucmRoutesOptions = {}): void => {
  const axl = async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = typeof request.body === 'string' ? request.body : '';
    const parsed = parseAxlRequest(raw);
    const operation = parsed?.operation ?? 'unknown';
    const version = parsed?.version ?? DEFAULT_AXL_VERSION;
    const answer = (status: number, body: string, contentType = XML): FastifyReply => {
      options.onAxlExchange?.({ clusterId: deps.store.nodeByHost(request.headers.host ?? '')?.cluster.id, operation, request: raw, status, contentType, response: body });
      return reply.code(status).type(contentType).send(body);
    };
    // The guide's rows are the smart agent's answers; AXL reports them as server faults [I: axlcode = the row's HTTP status].
    const rowFault = (row: AgentErrorRow): FastifyReply =>
      answer(500, axlFault({ faultcode: 'soapenv:Server', faultstring: row.message, axlcode: row.httpStatus, request: operation, version }));
    const clientFault = (message: string): FastifyReply => answer(500, axlFault({ faultcode: 'soapenv:Client', faultstring: message, axlcode: -1, request: operation, version }));
    const success = (content: string): FastifyReply => answer(200, axlResponse(version, operation, content));
    const outcome = (result: AgentOutcome<unknown>): FastifyReply => (result.ok ? success('<return>Success</return>') : rowFault(result.error));

    const node = await enterNode(deps, request, reply, { types: ['cucm'], routeId: AXL_ROUTES[operation] ?? 'cucm.axl.other', contentType: XML });
    if (!node) return reply;
    if (!basicAuthMatches(request.headers.authorization, node.cluster.credentials.admin)) {
      reply.header('www-authenticate', 'Basic realm="Cisco AXL API"');
      return answer(401, UNAUTHORIZED_HTML, 'text/html;charset=utf-8');
    }
    const refusal = parsed ? requestRefusal(parsed, request.headers.soapaction, node) : 'Unable to parse the SOAP request';
    if (refusal) return clientFault(refusal);
    const content = parsed!.content;
    const field = (name: string) => childText(content, name) ?? '';

    switch (operation) {
      case 'doSmartLicenseRegister': {
        const force = axlBoolean(childText(content, 'force'));
        if (force === undefined) return clientFault(`Invalid value for force: ${field('force')}`);
        return outcome(await deps.agent.register(node, field('token'), force));
      }
      case 'doSmartLicenseReRegister':
        // A forced registration with the (new) token, whatever the current state.
        return outcome(await deps.agent.register(node, field('token'), true));
      case 'doSmartLicenseDeRegister':
        return outcome(await deps.agent.deregister(node));
      case 'doSmartLicenseRenewRegistration':
        return outcome(await deps.agent.renewId(node));
      case 'doSmartLicenseRenewAuthorization':
        return outcome(await deps.agent.renewAuth(node));
      case 'getSmartLicenseStatus': {
        const details = deps.agent.licenseDetails(node);
        return details.ok ? success(licenseStatusXml(node, details.value)) : rowFault(details.error);
      }
      case 'getTransportSettings':
        return success(transportSettingsXml(deps.agent.transportSettings(node)));
      case 'doUpdateTransportSettings':
        return outcome(deps.agent.setTransportSettings(node, transportInput(content)));
      case 'listProcessNode': {
        const returned = childOf(content, 'returnedTags');
        const tags = new Set(typeof returned === 'object' ? Object.keys(returned) : []);
        return success(processNodesXml(node.cluster.nodes, childText(childOf(content, 'searchCriteria') ?? '', 'name') ?? '%', tags));
      }
      default:
        return clientFault(`Operation ${operation} is not supported by this simulator`);
    }
  };
  app.post('/axl/', axl);
  app.post('/axl', axl);
};

/** Why AXL refuses a request before the smart agent sees it (namespace, version, mandatory elements); undefined if it does not. */
const requestRefusal = (parsed: AxlRequest, soapAction: string | string[] | undefined, node: UcNodeState): string | undefined => {
  if (parsed.version === undefined) return `Unknown namespace ${parsed.namespace ?? '(none)'} for ${parsed.operation}`;
  // DevNet: the SOAPAction version and the namespace version "must indicate the same version".
  const actionVersion = /ver=([\d.]+)/.exec(String(soapAction ?? ''))?.[1];
  if (actionVersion !== undefined && actionVersion !== parsed.version) return `SOAPAction version ${actionVersion} does not match the namespace version ${parsed.version}`;
  if (!offeredVersions(node.cluster.version).includes(parsed.version)) return `AXL schema version ${parsed.version} is not supported by this release`;
  if (parsed.operation.startsWith('doSmartLicense') || /TransportSettings|SmartLicenseStatus/.test(parsed.operation)) {
    if (Number(parsed.version) < SMART_LICENSING_SINCE) return `Operation ${parsed.operation} does not exist in AXL schema ${parsed.version}`;
  }
  const missing = (REQUIRED[parsed.operation] ?? []).find((name) => childOf(parsed.content, name) === undefined);
  return missing ? `Element ${missing} is required in ${parsed.operation}` : undefined;
};

/** doUpdateTransportSettings in the agent's terms; a transport mode outside 0-2 stays as given (the agent refuses it). */
const transportInput = (content: AxlContent): TransportSettingsInput => {
  const mode = childText(content, 'transportMode')?.trim() ?? '';
  const authenticating = axlBoolean(childText(content, 'enableProxyAuthentication')) === true;
  return {
    mode: STATE_MODE_OF_AXL[mode] ?? mode,
    proxyIp: childText(content, 'httpHost'),
    proxyPort: childText(content, 'httpPort'),
    gatewayUrl: childText(content, 'url'),
    ...(authenticating ? { proxyUser: childText(content, 'proxyUserName') ?? '', proxyPassword: childText(content, 'proxyPassword') ?? '' } : {}),
  };
};
