import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { loadScenarioFile } from '#simulators/common';
import { startLab } from '../lab.js';
import { labScenarioSchema } from '../scenario.js';

const LAB_FILE = join(process.cwd(), 'simulators/lab/scenarios/default-lab.yaml');

describe('default lab scenario', () => {
  it('is valid and starts CSSM and uc-apps with the documented content', async () => {
    const scenario = await loadScenarioFile(LAB_FILE, labScenarioSchema);
    const lab = await startLab({ scenario, host: '127.0.0.1', cssmPort: 0, ucPort: 0, plmPort: 0 });
    try {
      const sa = lab.cssm.state.account('cloud', 'hcs-sp.example.com')!;
      expect(sa.vaList.map((v) => v.name)).toEqual(['va-hcs-ordered', 'va-hcs-operational', 'va-customer-1', 'va-customer-2', 'va-customer-3']);
      const licenseTypes = new Set(sa.vaList.flatMap((v) => v.poolList.flatMap((p) => p.details.map((d) => d.licenseType))));
      expect([...licenseTypes].sort()).toEqual(['PERPETUAL', 'TERM']);
      expect(lab.cssm.state.account('onprem', 'HCS Local Account')!.vaList).toHaveLength(2);
      expect(lab.ucApps!.clusters.size).toBe(18);
      // The PLM's clusters are the lab's 11.x clusters (customers 4 and 5).
      const plmClusters = Object.keys(scenario.plm!.plms[0]!.clusterUsage ?? {});
      expect(plmClusters.map((id) => [id, lab.ucApps!.clusters.get(id)?.version])).toEqual([['cucm-customer-4', '11.5.1'], ['cuc-customer-4', '11.5.1'], ['cucm-customer-5', '11.0.1']]);
      expect(lab.plm!.state.values().map((p) => [p.address, p.deploymentMode, p.demoMode])).toEqual([
        ['127.30.0.1', 'HCS', false],
        ['127.30.0.2', 'Enterprise', true],
      ]);

      const token = await request(lab.cssm.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=smartlic-lab-client&client_secret=smartlic-lab-secret',
      });
      expect(token.statusCode).toBe(200);
      await token.body.dump();

      // The two simulators talk: registering customer 1's Unity Connection consumes from va-customer-1.
      const auth = `Basic ${Buffer.from('ccmadmin:lab-admin-pw').toString('base64')}`;
      const register = await request(`${lab.ucApps!.nodeUrl('127.20.1.11')}/vmrest/smartlicense/register`, {
        method: 'PUT',
        headers: { authorization: auth, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ token: 'lab-token-customer-1', force: true }),
      });
      await register.body.dump();
      expect(register.statusCode).toBeLessThan(300);
      const cuc = lab.cssm.state.account('cloud', 'hcs-sp.example.com')!.virtualAccounts.get('va-customer-1')!;
      expect(cuc.instances.size).toBe(1);
      expect(cuc.pools.get('HCS Unity Connection Basic License')!.inUse).toBe(80);
    } finally {
      await lab.close();
    }
  });

  it('names the file, path and rule of a bad value', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lab-'));
    await writeFile(join(dir, 'lab.yaml'), 'cssm:\n  smartAccounts:\n    - domain: 7\n      name: x\n');
    await expect(loadScenarioFile(join(dir, 'lab.yaml'), labScenarioSchema)).rejects.toThrow('lab.yaml: cssm.smartAccounts[0].domain: expected string, received number');
  });
});
