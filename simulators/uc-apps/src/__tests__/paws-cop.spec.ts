import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { startSftpFileServer, type SftpFileServer } from '#simulators/common';
import { PAWS_PATH_PREFIX, startUcAppsSimulator, type UcAppsSimulator } from '../index.js';
import { startCssm } from './fixtures/cssm.fixture.js';
import { failureOf, httpClient, type HttpAnswer } from './fixtures/http.fixture.js';
import { ADDR, PLATFORM, scenario } from './fixtures/scenario.fixture.js';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const PAWS = 'http://services.api.platform.vos.cisco.com';
const ELEMENT = 'http://element.services.api.platform.vos.cisco.com/xsd';
const SERVICE_OF = {
  getDeploymentMode: 'DeploymentModeService',
  setDeploymentMode: 'DeploymentModeService',
  restartSystem: 'RestartSystemService',
  prepareRemoteUpgrade: 'PrepareRemoteUpgradeService',
  startUpgrade: 'StartUpgradeService',
  getUpgradeStage: 'UpgradeStageService',
} as const;
type Operation = keyof typeof SERVICE_OF;
type Arg = string | Record<string, string>;

const argXml = (arg: Arg) => (typeof arg === 'string' ? arg : Object.entries(arg).map(([k, v]) => `<el:${k}>${v}</el:${k}>`).join(''));
const envelope = (operation: Operation, args: Arg[] = []) =>
  `<soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:ser="${PAWS}" xmlns:el="${ELEMENT}">` +
  `<soapenv:Header xmlns:wsa="http://www.w3.org/2005/08/addressing"><wsa:Action>urn:${operation}</wsa:Action>` +
  `<wsa:ReplyTo><wsa:Address>http://www.w3.org/2005/08/addressing/anonymous</wsa:Address></wsa:ReplyTo></soapenv:Header>` +
  `<soapenv:Body><ser:${operation}>${args.map((a, i) => `<ser:args${i}>${argXml(a)}</ser:args${i}>`).join('')}</ser:${operation}></soapenv:Body></soapenv:Envelope>`;

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true });
const answerOf = (res: HttpAnswer, operation: Operation) => {
  expect(XMLValidator.validate(res.text)).toBe(true);
  const body = parser.parse(res.text).Envelope.Body;
  return { ret: body[`${operation}Response`]?.return, fault: body.Fault };
};
const waitUntil = async (condition: () => Promise<boolean>): Promise<void> => {
  for (;;) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

const COP_USER = { user: 'copadmin', password: 'cop-secret' };
const HCS_COP = 'ciscocm.HCSMode_v4.cop.sgn';

describe('PAWS COP install (PrepareRemoteUpgradeService, StartUpgradeService, UpgradeStageService) from a real SFTP server', () => {
  let stub: Awaited<ReturnType<typeof startCssm>>;
  let sftp: SftpFileServer;
  let sut: UcAppsSimulator;
  const http = httpClient();

  beforeEach(async () => {
    stub = await startCssm({});
    sftp = await startSftpFileServer({ ...COP_USER, files: { [`/cop/${HCS_COP}`]: 'signed COP bytes', '/cop/ciscocm.EnterpriseMode_v4.cop.sgn': 'signed COP bytes', '/cop/readme.txt': 'not a COP' } });
    sut = await startUcAppsSimulator({ scenario: scenario(), cssmUrl: stub.url, rebootMs: 300, copSftpPort: sftp.port, copInstallMs: 100 });
  });
  afterEach(async () => {
    await sut.close();
    await sftp.close();
    await stub.close();
  });
  afterAll(() => http.close());

  const paws = (address: string, operation: Operation, args: Arg[] = []) =>
    http.call(`${sut.nodeUrl(address)}${PAWS_PATH_PREFIX}${SERVICE_OF[operation]}`, {
      method: 'POST',
      auth: PLATFORM,
      headers: { 'content-type': 'text/xml; charset=UTF-8', soapaction: `"urn:${operation}"` },
      body: envelope(operation, args),
    });
  const ret = async (address: string, operation: Operation, args: Arg[] = []) => answerOf(await paws(address, operation, args), operation).ret;
  const upgradeFile = (name: string, extra: Record<string, string> = {}) => ({
    name,
    path: '/cop',
    password: COP_USER.password,
    server: '127.0.0.1',
    upgradeLocation: 'upgradefile.location.remote.sftp',
    upgradeType: 'patch',
    user: COP_USER.user,
    ...extra,
  });
  const stageOf = async (address: string) => ret(address, 'getUpgradeStage');
  const untilStage = (address: string, stage: string) => waitUntil(async () => (await stageOf(address)).upgradeStage === stage);

  it("with noSetDeploymentMode, setDeploymentMode is an 'Operation not found' fault; the mode COP file downloaded over SFTP and installed sets the mode the restart applies", async () => {
    expect((await http.call(`${sut.url}/__admin/clusters/cuc-1/conditions`, { method: 'PUT', body: { noSetDeploymentMode: true } })).status).toBe(200);
    const set = await paws(ADDR.cucPub, 'setDeploymentMode', ['HCS']);
    expect(set.status).toBe(500);
    expect(answerOf(set, 'setDeploymentMode').fault).toMatchObject({ faultcode: 'soapenv:Client', faultstring: expect.stringContaining('Operation not found') });

    expect(await ret(ADDR.cucPub, 'prepareRemoteUpgrade', [upgradeFile(HCS_COP), 'session-1', 'false'])).toEqual({ result: 'internal.request.complete' });
    await untilStage(ADDR.cucPub, 'upgrade.stage.validated');
    expect(sftp.downloads).toEqual([`/cop/${HCS_COP}`]);
    // Downloaded, not installed: the mode is unchanged.
    expect((await ret(ADDR.cucPub, 'getDeploymentMode')).deploymentMode).toBe('Enterprise');

    // Another session is refused while this one holds the upgrade.
    expect(await ret(ADDR.cucPub, 'startUpgrade', ['session-2', 'false', 'false'])).toMatchObject({ result: 'internal.request.failed', remoteMessages: { messageKey: 'error.upgrade.anotheruser' } });
    expect(await ret(ADDR.cucPub, 'startUpgrade', ['session-1', 'false', 'false'])).toEqual({ result: 'internal.request.complete' });
    expect((await stageOf(ADDR.cucPub)).upgradeStage).toBe('upgrade.stage.completed');
    expect((await ret(ADDR.cucPub, 'getDeploymentMode')).deploymentMode).toBe('HCS');
    expect(sut.clusters.get('cuc-1')!.licenseMode).toBe('Enterprise');

    await failureOf(paws(ADDR.cucPub, 'restartSystem'));
    await waitUntil(async () => (await failureOf(paws(ADDR.cucPub, 'getDeploymentMode'))) === 'NO_FAILURE');
    expect(sut.clusters.get('cuc-1')!.licenseMode).toBe('HCS');
    expect(['paws.upgrade.prepare', 'paws.upgrade.start', 'paws.deployment-mode.set'].map((r) => sut.calls.count(r, 'cuc-1'))).toEqual([1, 2, 1]);
  });

  it('wrong SFTP credentials, a missing file or a file that is no mode COP end in the error stage with a remote message; nothing changes', async () => {
    const failedWith = async (file: Record<string, string>, messageKey: string) => {
      expect((await ret(ADDR.cucmPub, 'prepareRemoteUpgrade', [file, 's', 'true'])).result).toBe('internal.request.complete');
      await untilStage(ADDR.cucmPub, 'upgrade.stage.error');
      expect(await stageOf(ADDR.cucmPub)).toMatchObject({ result: 'internal.request.complete', upgradeStage: 'upgrade.stage.error', remoteMessages: { error: 'true', messageKey } });
      expect((await ret(ADDR.cucmPub, 'startUpgrade', ['s', 'false', 'false'])).result).toBe('internal.request.failed');
    };
    await failedWith(upgradeFile('ciscocm.EnterpriseMode_v4.cop.sgn', { password: 'wrong' }), 'error.upgrade.download.authentication');
    expect(sftp.refusedLogins).toBeGreaterThan(0);
    await failedWith(upgradeFile('ciscocm.EnterpriseMode_v4_typo.cop.sgn'), 'error.upgrade.file.notfound');
    await failedWith(upgradeFile('readme.txt'), 'error.upgrade.invalid');
    expect(await ret(ADDR.cucmPub, 'prepareRemoteUpgrade', [upgradeFile(HCS_COP, { upgradeLocation: 'upgradefile.location.remote.ftp' }), 's', 'false'])).toMatchObject({
      result: 'internal.request.failed',
      remoteMessages: { messageKey: 'error.upgrade.location.unsupported' },
    });
    expect((await ret(ADDR.cucmPub, 'getDeploymentMode')).deploymentMode).toBe('HCS');
    expect(sftp.downloads).toEqual(['/cop/readme.txt']);
  });

  it('a subscriber refuses the upgrade operations; before any prepare the stage is nil', async () => {
    expect(await ret(ADDR.cerSub, 'prepareRemoteUpgrade', [upgradeFile(HCS_COP), 's', 'false'])).toMatchObject({ result: 'internal.request.failed', remoteMessages: { messageParams: 'cluster.node.type.secondary' } });
    expect(await stageOf(ADDR.cerPub)).toEqual({ result: 'internal.request.complete', upgradeStage: '' });
    expect(sftp.downloads).toEqual([]);
  });
});
