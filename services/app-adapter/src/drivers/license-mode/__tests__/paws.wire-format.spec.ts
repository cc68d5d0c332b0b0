import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { deploymentModeReturnSchema, isOperationNotFound, LICENSE_MODE_COP_FILES, pawsAnswer, pawsEnvelope, pawsHeaders, pawsPath, pawsReturnSchema, restartStatusReturnSchema, upgradeStageReturnSchema } from '../paws.wire-format.js';

// The DevNet PAWS API Reference's own answer examples, verbatim (whitespace and prefixes included).
const GET_DEPLOYMENT_MODE_RESPONSE =
  '<?xml version="1.0" encoding="UTF-8"?> <soapenv:Envelope xmlns:soapenv= "http://schemas.xmlsoap.org/soap/envelope/" > <soapenv:Header xmlns:wsa= "http://www.w3.org/2005/08/addressing" > <wsa:Action> urn:getDeploymentModeResponse </wsa:Action> <wsa:RelatesTo> uuid:26634481-3273-4a70-b537-ab4b874e4d6b </wsa:RelatesTo> </soapenv:Header> <soapenv:Body> <ns:getDeploymentModeResponse xmlns:ns= "http://services.api.platform.vos.cisco.com" > <ns:return xmlns:ax273= "http://element.services.api.platform.vos.cisco.com/xsd" xmlns:ax274= "http://api.platform.vos.cisco.com/xsd" xmlns:xsi= "http://www.w3.org/2001/XMLSchema-instance" xsi:type= "ax273:DeploymentModeResponse" > <ax273:result> internal.request.complete </ax273:result> <ax273:deploymentMode> Enterprise </ax273:deploymentMode> </ns:return> </ns:getDeploymentModeResponse> </soapenv:Body> </soapenv:Envelope>';
const SET_DEPLOYMENT_MODE_RESPONSE =
  '<?xml version="1.0" encoding="UTF-8"?> <soapenv:Envelope xmlns:soapenv= "http://www.w3.org/2003/05/soap-envelope" > <soapenv:Header xmlns:wsa= "http://www.w3.org/2005/08/addressing" > <wsa:Action> urn:setDeploymentModeResponse </wsa:Action> <wsa:RelatesTo> uuid:d864e7c5-c517-48f2-8957-b26e18806cbd </wsa:RelatesTo> </soapenv:Header> <soapenv:Body> <ns:setDeploymentModeResponse xmlns:ns= "http://services.api.platform.vos.cisco.com" > <ns:return xmlns:ax277= "http://element.services.api.platform.vos.cisco.com/xsd" xmlns:ax278= "http://api.platform.vos.cisco.com/xsd" xmlns:xsi= "http://www.w3.org/2001/XMLSchema-instance" xsi:type= "ax277:DeploymentModeResponse" > <ax277:result> internal.request.complete </ax277:result> <ax277:deploymentMode xsi:nil= "true" /> </ns:return> </ns:setDeploymentModeResponse> </soapenv:Body> </soapenv:Envelope>';
const RESTART_FAILED_RESPONSE =
  '<?xml version="1.0" encoding="UTF-8"?> <soapenv:Envelope xmlns:soapenv= "http://schemas.xmlsoap.org/soap/envelope/" > <soapenv:Header xmlns:wsa= "http://schemas.xmlsoap.org/ws/2004/08/addressing" > <wsa:To> http://server/servlet/WSACallBackHandler </wsa:To> <wsa:MessageID> urn:uuid:131F8296C8AB838D9D1299260560238 </wsa:MessageID> <wsa:Action> urn:restartSystemResponse </wsa:Action> <wsa:RelatesTo> uuid:98335f43-35ea-4a4b-bb6c-1843bf340850 </wsa:RelatesTo> </soapenv:Header> <soapenv:Body> <ns:restartSystemResponse xmlns:ns= "server_url" > <ns:return xmlns:ax263= "server_url/xsd" xmlns:ax264= "server_url/xsd" xmlns:xsi= "http://www.w3.org/2001/XMLSchema-instance" xsi:type= "ax263:RestartSystemResponse" > <ax263:remoteMessages xsi:type= "ax263:RemoteMessage" > <ax264:error> true </ax264:error> <ax264:info> false </ax264:info> <ax264:messageKey> error.file.notdeleted </ax264:messageKey> <ax264:messageType> internal.message.error </ax264:messageType> <ax264:warning> false </ax264:warning> <ax263:messageParams> /var/log/install/gui-restart-result.xml </ax263:messageParams> </ax263:remoteMessages> <ax263:result> internal.request.failed </ax263:result> </ns:return> </ns:restartSystemResponse> </soapenv:Body> </soapenv:Envelope>';
const RESTART_STATUS_RESPONSE =
  '<?xml version="1.0" encoding="UTF-8"?> <soapenv:Envelope xmlns:soapenv= "http://schemas.xmlsoap.org/soap/envelope/" > <soapenv:Body> <ns:getRestartSystemStatusResponse xmlns:ns= "server_url" > <ns:return xmlns:ax267= "server_url/xsd" xmlns:xsi= "http://www.w3.org/2001/XMLSchema-instance" xsi:type= "ax267:RestartSystemStatusResponse" > <ax267:result> internal.request.complete </ax267:result> <ax267:restartSystemStatus> internal.request.processing </ax267:restartSystemStatus> </ns:return> </ns:getRestartSystemStatusResponse> </soapenv:Body> </soapenv:Envelope>';

const returnOf = (xml: string, operation: Parameters<typeof pawsAnswer>[1]) => {
  const answer = pawsAnswer(xml, operation);
  if (answer?.kind !== 'return') throw new Error(`no return: ${JSON.stringify(answer)}`);
  return answer.value;
};

describe('PAWS wire format', () => {
  it("reads the reference's getDeploymentMode and setDeploymentMode (SOAP 1.2) answers", () => {
    expect(deploymentModeReturnSchema.parse(returnOf(GET_DEPLOYMENT_MODE_RESPONSE, 'getDeploymentMode'))).toMatchObject({ result: 'internal.request.complete', deploymentMode: 'Enterprise', remoteMessages: [] });
    expect(deploymentModeReturnSchema.parse(returnOf(SET_DEPLOYMENT_MODE_RESPONSE, 'setDeploymentMode'))).toMatchObject({ result: 'internal.request.complete', deploymentMode: '' });
  });

  it("reads the reference's failed restartSystem with its remote message, and getRestartSystemStatus", () => {
    expect(pawsReturnSchema.parse(returnOf(RESTART_FAILED_RESPONSE, 'restartSystem'))).toMatchObject({
      result: 'internal.request.failed',
      remoteMessages: [{ error: 'true', messageKey: 'error.file.notdeleted', messageParams: ['/var/log/install/gui-restart-result.xml'] }],
    });
    expect(restartStatusReturnSchema.parse(returnOf(RESTART_STATUS_RESPONSE, 'getRestartSystemStatus'))).toMatchObject({ restartSystemStatus: 'internal.request.processing' });
  });

  it('reads SOAP 1.1 and 1.2 faults; anything else, or another operation\'s answer, is no answer', () => {
    const fault11 = '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>boom</faultstring></s:Fault></s:Body></s:Envelope>';
    const fault12 =
      '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code><s:Reason><s:Text xml:lang="en-US">boom</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>';
    expect(pawsAnswer(fault11, 'getDeploymentMode')).toEqual({ kind: 'fault', code: 's:Server', message: 'boom' });
    expect(pawsAnswer(fault12, 'getDeploymentMode')).toEqual({ kind: 'fault', code: 's:Receiver', message: 'boom' });
    expect(pawsAnswer('<html><body>HTTP Status 401</body></html>', 'getDeploymentMode')).toBeUndefined();
    expect(pawsAnswer('{"licenseMode":"HCS"}', 'getDeploymentMode')).toBeUndefined();
    expect(pawsAnswer(GET_DEPLOYMENT_MODE_RESPONSE, 'setDeploymentMode')).toBeUndefined();
  });

  it('writes a well-formed SOAP 1.1 request with the WS-Addressing headers and args0, to the service base URL', () => {
    const xml = pawsEnvelope('setDeploymentMode', ['HCS<&>'], 'uuid:1');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ removeNSPrefix: true, parseTagValue: false }).parse(xml);
    expect(doc.Envelope.Header).toEqual({ Action: 'urn:setDeploymentMode', ReplyTo: { Address: 'http://www.w3.org/2005/08/addressing/anonymous' }, MessageID: 'uuid:1' });
    expect(doc.Envelope.Body).toEqual({ setDeploymentMode: { args0: 'HCS<&>' } });
    expect(xml).toContain('xmlns:ser="http://services.api.platform.vos.cisco.com"');
    expect(pawsPath('setDeploymentMode')).toBe('/platform-services/services/DeploymentModeService');
    expect(pawsPath('getRestartSystemStatus')).toBe('/platform-services/services/RestartSystemStatusService');
    expect(pawsHeaders('restartSystem')).toEqual({ SOAPAction: '"urn:restartSystem"' });
  });

  it("writes prepareRemoteUpgrade's UpgradeFile as args0's children (escaped), reads getUpgradeStage with its remote message, and knows Axis2's missing-operation fault", () => {
    const file = { name: LICENSE_MODE_COP_FILES.HCS, path: '/cop', password: 'p<&>w', server: 'sftp.example.com', upgradeLocation: 'upgradefile.location.remote.sftp', upgradeType: 'patch', user: 'copadmin' };
    const xml = pawsEnvelope('prepareRemoteUpgrade', [file, 'session-1', 'false'], 'uuid:2');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true }).parse(xml);
    expect(doc.Envelope.Body).toEqual({ prepareRemoteUpgrade: { args0: { ...file }, args1: 'session-1', args2: 'false' } });
    expect(xml).toContain('<el:name>ciscocm.HCSMode_v4.cop.sgn</el:name>');
    expect(pawsPath('prepareRemoteUpgrade')).toBe('/platform-services/services/PrepareRemoteUpgradeService');
    expect(pawsPath('startUpgrade')).toBe('/platform-services/services/StartUpgradeService');
    expect(pawsPath('getUpgradeStage')).toBe('/platform-services/services/UpgradeStageService');
    expect(LICENSE_MODE_COP_FILES.Enterprise).toBe('ciscocm.EnterpriseMode_v4.cop.sgn');

    const stage =
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ns:getUpgradeStageResponse xmlns:ns="http://services.api.platform.vos.cisco.com">' +
      '<ns:return xmlns:ax1="x" xmlns:ax2="y"><ax1:remoteMessages><ax2:error>true</ax2:error><ax2:messageKey>error.upgrade.file.notfound</ax2:messageKey><ax1:messageParams>/cop/x</ax1:messageParams></ax1:remoteMessages>' +
      '<ax1:result>internal.request.complete</ax1:result><ax1:upgradeStage> upgrade.stage.error </ax1:upgradeStage></ns:return></ns:getUpgradeStageResponse></soapenv:Body></soapenv:Envelope>';
    expect(upgradeStageReturnSchema.parse(returnOf(stage, 'getUpgradeStage'))).toMatchObject({
      upgradeStage: 'upgrade.stage.error',
      remoteMessages: [{ messageKey: 'error.upgrade.file.notfound', messageParams: ['/cop/x'] }],
    });
    expect(isOperationNotFound('The endpoint reference (EPR) for the Operation not found is /platform-services/services/DeploymentModeService and the WSA Action = urn:setDeploymentMode')).toBe(true);
    expect(isOperationNotFound('Platform service unavailable')).toBe(false);
  });
});
