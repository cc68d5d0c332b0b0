import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { loadScenarioFile } from '../scenario-loader.js';

const schema = z.object({ cssm: z.object({ smartAccounts: z.array(z.object({ domain: z.string() })) }) });

describe('loadScenarioFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sim-scenario-'));
  });

  it('reads YAML and JSON', async () => {
    await writeFile(join(dir, 'ok.yaml'), 'cssm:\n  smartAccounts:\n    - domain: a.com\n');
    await writeFile(join(dir, 'ok.json'), JSON.stringify({ cssm: { smartAccounts: [{ domain: 'b.com' }] } }));
    expect(await loadScenarioFile(join(dir, 'ok.yaml'), schema)).toEqual({ cssm: { smartAccounts: [{ domain: 'a.com' }] } });
    expect((await loadScenarioFile(join(dir, 'ok.json'), schema)).cssm.smartAccounts[0]!.domain).toBe('b.com');
  });

  it('names the file, the JSON path of the bad value and the rule', async () => {
    await writeFile(join(dir, 'lab.yaml'), 'cssm:\n  smartAccounts:\n    - domain: 42\n');
    await expect(loadScenarioFile(join(dir, 'lab.yaml'), schema)).rejects.toThrow(
      'lab.yaml: cssm.smartAccounts[0].domain: expected string, received number',
    );
  });

  it('names the file when it does not parse', async () => {
    await writeFile(join(dir, 'broken.json'), '{"cssm":');
    await expect(loadScenarioFile(join(dir, 'broken.json'), schema)).rejects.toThrow(/^broken\.json: \(root\): not valid JSON/);
  });
});
