import { randomUUID } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { LICENSE_MODES, type LicenseMode } from '#libs/contracts';

/**
 * WIRE FORMAT — license mode through the platform's SOAP web services, PAWS (simulators/uc-apps/WIRE-FORMATS.md §7).
 * HCM-F's license manager changes a UC application's license mode this way: set the deployment mode, read it back,
 * restart the publisher, poll until the restart is complete, read the mode again (TN119377). The guide's COP files
 * (`ciscocm.HCSMode_v4.cop.sgn`) are the same change made by hand.
 *
 * Sources: [PAWS] Cisco DevNet "PAWS API Reference" (developer.cisco.com/site/paws, sections Base URL, Web Service
 * Addressing, Authentication, DeploymentModeService, RestartSystemService, RestartSystemStatusService);
 * [TN222630] TechNote "Configure Deployment Mode from HCS to Enterprise Using SOAP API"; [TN119377] TechNote
 * "Configure HCM-F 10.X License and HLM Workflow"; [AXLTK] community pgiralt/axltoolkit `paws_client.py`.
 *
 * - Address: `POST https://{paws_host}/platform-services/services/{service}` [C PAWS "Base URL"]. (Axis2 also
 *   publishes per-binding addresses `…/{service}.{service}HttpsSoap12Endpoint/` [I AXLTK]; the base one is documented.)
 * - Authentication: HTTPS Basic with the platform (OS administrator) credentials; refused → HTTP 401 [C PAWS
 *   "Authentication"].
 * - Envelope: SOAP 1.1 (`text/xml`, `SOAPAction: "urn:<operation>"`) [C PAWS: the getDeploymentMode, restartSystem and
 *   getRestartSystemStatus examples are SOAP 1.1; setDeploymentMode's example is SOAP 1.2, which the same Axis2 endpoint
 *   serves — I]. SOAPAction equal to the WS-Addressing action is Axis2's convention [I].
 * - WS-Addressing headers `wsa:Action` `urn:<operation>`, `wsa:ReplyTo/wsa:Address` anonymous, `wsa:MessageID`
 *   `uuid:…`, namespace `http://www.w3.org/2005/08/addressing` [C PAWS "Web Service Addressing": "all PAWS requests
 *   must include these WSA headers"; TN222630 `wsa:Action urn:setDeploymentMode`].
 * - Operation element in namespace `http://services.api.platform.vos.cisco.com`, arguments `<args0>`… [C PAWS
 *   setDeploymentMode example `<ser:setDeploymentMode><ser:args0>Enterprise</ser:args0>`; TN222630].
 * - Answers: `Envelope/Body/<operation>Response/return` [C PAWS]; its children (any prefix, values may carry
 *   whitespace):
 *   - `DeploymentModeService.getDeploymentMode` → `result` `internal.request.complete`, `deploymentMode` `Enterprise` |
 *     `HCS` | `HCS-LE` [C PAWS]. HCS-LE is not supported on 12.5(1)SU7 / 14(1)SU1 [C PAWS] and not a smartlic mode.
 *   - `DeploymentModeService.setDeploymentMode(args0 = Enterprise | HCS)` → `result`, `deploymentMode` nil [C PAWS].
 *     Whether `getDeploymentMode` reads the new mode before the restart [I]: yes, TN119377 reads it back to verify
 *     before restarting; the mode applies to licensing after the restart (guide, "HCS Managed Services").
 *   - `RestartSystemService.restartSystem` (no arguments): "does not return a response when successful, since the
 *     reboot occurs before the final response can be returned" [C PAWS] — a dropped connection is the success; a
 *     failure answers `result` `internal.request.failed` with `remoteMessages` [C PAWS example].
 *   - `RestartSystemStatusService.getRestartSystemStatus` → `result`, `restartSystemStatus`
 *     `internal.request.processing` (restarting) | `internal.request.complete` (done) [C PAWS].
 *   - `remoteMessages` (xsi:nil when none): `error`, `info`, `warning`, `messageKey`, `messageType`, `messageParams` [C
 *     PAWS "Response RemoteMessages"].
 * - Failures: a SOAP fault (HTTP 500; `faultstring` in 1.1, `Reason/Text` in 1.2) [I: SOAP / Axis2], or a `result`
 *   other than `internal.request.complete` [C PAWS]. A subscriber refuses the license-mode operations with a failed
 *   result whose `messageParams` is `cluster.node.type.secondary` [I: no source; ClusterNodesService's word for a
 *   subscriber, and the guide installs the mode COP files on the publisher only].
 *
 * COP install, where a release has no `setDeploymentMode` (the guide's COP files made through PAWS, HCS-SL01 §"License
 * Mode Change"; [PAWS] PrepareRemoteUpgradeService, StartUpgradeService, UpgradeStageService):
 * - A release without the operation: Axis2's SOAP fault "The endpoint reference (EPR) for the Operation not found is …"
 *   [I: Axis2's wording; PAWS does not document which releases lack it].
 * - `PrepareRemoteUpgradeService.prepareRemoteUpgrade(args0 = UpgradeFile {name, path, password, server,
 *   upgradeLocation = upgradefile.location.remote.sftp | …ftp, upgradeType = "patch", user}, args1 = session id,
 *   args2 = override false)` "downloads and prepares an upgrade or COP file" [C PAWS]. The UpgradeFile children's
 *   namespace (`http://element.services.api.platform.vos.cisco.com/xsd`, the answers' element namespace) [I]; the
 *   answer is `result` only [I]; PAWS has no port field, the platform downloads from port 22 [I].
 * - `StartUpgradeService.startUpgrade(args0 = session id, args1 = override false, args2 = auto-switch false)` "starts the
 *   upgrade or COP file installation previously prepared … returns a response as soon as the upgrade is complete"
 *   [C PAWS args0/args1; I AXLTK args2].
 * - `UpgradeStageService.getUpgradeStage` → `result`, `upgradeStage`: `upgrade.stage.downloading`, `…checksumming`,
 *   `…installing`, `…completed`, `…error` ("indicates failure", with `remoteMessages`), `…cancelled`, `…configuring`,
 *   `…determining.files` [C PAWS]; the stage after a finished download (`upgrade.stage.validated`) [I: the reference's
 *   example is headed "Validated", its list is cut in the copy read].
 * - The same session id across prepare and start [C PAWS: else `error.upgrade.anotheruser`]: smartlic uses the pending
 *   change's id, so an attempt resumed after a crash keeps its session.
 */
export const PAWS_CREDENTIAL = 'platform' as const;
export const PAWS_NAMESPACE = 'http://services.api.platform.vos.cisco.com';
const SOAP11_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const WSA = 'http://www.w3.org/2005/08/addressing';

export const PAWS_RESULT = {
  complete: 'internal.request.complete',
  failed: 'internal.request.failed',
  processing: 'internal.request.processing',
} as const;

/** The operations smartlic calls, each with its PAWS service. */
export const PAWS_OPERATIONS = {
  getDeploymentMode: 'DeploymentModeService',
  setDeploymentMode: 'DeploymentModeService',
  restartSystem: 'RestartSystemService',
  getRestartSystemStatus: 'RestartSystemStatusService',
  prepareRemoteUpgrade: 'PrepareRemoteUpgradeService',
  startUpgrade: 'StartUpgradeService',
  getUpgradeStage: 'UpgradeStageService',
} as const;
export type PawsOperation = keyof typeof PAWS_OPERATIONS;

/** The guide's license mode COP files, per mode they set (HCS-SL01: "Install the cop file on the publisher node"). */
export const LICENSE_MODE_COP_FILES: Readonly<Record<LicenseMode, string>> = {
  HCS: 'ciscocm.HCSMode_v4.cop.sgn',
  Enterprise: 'ciscocm.EnterpriseMode_v4.cop.sgn',
};

/** `upgradeLocation` of a file on an SFTP server [C]. */
export const UPGRADE_LOCATION_SFTP = 'upgradefile.location.remote.sftp';

/** getUpgradeStage values smartlic acts on [C], and the stage after a download [I]. */
export const UPGRADE_STAGE = {
  completed: 'upgrade.stage.completed',
  error: 'upgrade.stage.error',
  cancelled: 'upgrade.stage.cancelled',
} as const;
/** Stages of a download still running: prepareRemoteUpgrade's work is not done [C names]. */
export const UPGRADE_STAGES_DOWNLOADING: ReadonlySet<string> = new Set(['upgrade.stage.downloading', 'upgrade.stage.checksumming', 'upgrade.stage.determining.files']);

/** Axis2's fault for an operation the service lacks [I]: the release has no setDeploymentMode. */
export const isOperationNotFound = (faultMessage: string): boolean => /operation not found/i.test(faultMessage);

/** The `messageParams` of a subscriber's refusal [I]. */
export const PAWS_SUBSCRIBER_PARAM = 'cluster.node.type.secondary';

export const pawsPath = (operation: PawsOperation): string => `/platform-services/services/${PAWS_OPERATIONS[operation]}`;

export const pawsHeaders = (operation: PawsOperation): Record<string, string> => ({ SOAPAction: `"urn:${operation}"` });
export const PAWS_CONTENT_TYPE = 'text/xml; charset=UTF-8';

const ELEMENT_NAMESPACE = 'http://element.services.api.platform.vos.cisco.com/xsd';

/** An argument: text, or a structure of text fields (prepareRemoteUpgrade's UpgradeFile). */
export type PawsArg = string | Readonly<Record<string, string>>;

const escapeXml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

const argXml = (arg: PawsArg): string =>
  typeof arg === 'string' ? escapeXml(arg) : Object.entries(arg).map(([name, value]) => `<el:${name}>${escapeXml(value)}</el:${name}>`).join('');

/** A synchronous PAWS request: WS-Addressing headers with the anonymous reply address, the operation and its args. */
export const pawsEnvelope = (operation: PawsOperation, args: readonly PawsArg[] = [], messageId = `uuid:${randomUUID()}`): string =>
  `<soapenv:Envelope xmlns:soapenv="${SOAP11_ENV}" xmlns:ser="${PAWS_NAMESPACE}" xmlns:el="${ELEMENT_NAMESPACE}">` +
  `<soapenv:Header xmlns:wsa="${WSA}"><wsa:Action>urn:${operation}</wsa:Action>` +
  `<wsa:ReplyTo><wsa:Address>${WSA}/anonymous</wsa:Address></wsa:ReplyTo><wsa:MessageID>${messageId}</wsa:MessageID></soapenv:Header>` +
  `<soapenv:Body><ser:${operation}>${args.map((a, i) => `<ser:args${i}>${argXml(a)}</ser:args${i}>`).join('')}</ser:${operation}></soapenv:Body>` +
  `</soapenv:Envelope>`;

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'remoteMessages' || name === 'messageParams',
});

/** `xsi:nil` elements read as an empty string: optional text. */
const text = z.string().optional();

export const remoteMessageSchema = z
  .object({ error: text, messageKey: text, messageType: text, messageParams: z.array(z.string()).default([]) })
  .loose();
export type RemoteMessage = z.infer<typeof remoteMessageSchema>;

/** Children of `<return>` common to every answer (all restartSystem has). */
export const pawsReturnSchema = z
  .object({
    result: z.string(),
    // `<remoteMessages xsi:nil="true"/>` (no messages) reads as ''.
    remoteMessages: z
      .array(z.unknown())
      .default([])
      .transform((list) => list.filter((m) => typeof m === 'object' && m !== null))
      .pipe(z.array(remoteMessageSchema)),
  })
  .loose();

export const deploymentModeReturnSchema = pawsReturnSchema.extend({ deploymentMode: text });
export const restartStatusReturnSchema = pawsReturnSchema.extend({ restartSystemStatus: text });
export const upgradeStageReturnSchema = pawsReturnSchema.extend({ upgradeStage: text });
export type PawsReturn = z.infer<typeof pawsReturnSchema>;

export type PawsAnswer = { kind: 'return'; value: unknown } | { kind: 'fault'; code: string; message: string };

/** The `<return>` or the SOAP fault of an answer; undefined when it is neither (not SOAP, another operation's answer). */
export const pawsAnswer = (xml: string, operation: PawsOperation): PawsAnswer | undefined => {
  if (XMLValidator.validate(xml) !== true) return undefined;
  const body = (parser.parse(xml) as { Envelope?: { Body?: Record<string, unknown> } }).Envelope?.Body;
  if (typeof body !== 'object' || body === null) return undefined;
  const fault = body.Fault as Record<string, unknown> | undefined;
  if (typeof fault === 'object' && fault !== null) {
    // SOAP 1.1 faultcode/faultstring, SOAP 1.2 Code/Value and Reason/Text.
    const code = fault.faultcode ?? (fault.Code as { Value?: unknown } | undefined)?.Value;
    const message = fault.faultstring ?? (fault.Reason as { Text?: unknown } | undefined)?.Text;
    return { kind: 'fault', code: typeof code === 'string' ? code : '', message: typeof message === 'string' ? message : '' };
  }
  const response = body[`${operation}Response`] as { return?: unknown } | undefined;
  if (typeof response !== 'object' || response === null || response.return === undefined) return undefined;
  return { kind: 'return', value: response.return };
};

export const isLicenseMode = (mode: string | undefined): mode is LicenseMode => (LICENSE_MODES as readonly (string | undefined)[]).includes(mode);
