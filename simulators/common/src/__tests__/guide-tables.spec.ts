import { readFileSync } from 'node:fs';
import { AGENT_ERROR_ROWS, GUIDE_ALLOCATION_HIERARCHY, GUIDE_LICENSE_MAPPING } from '../index.js';

// The committed excerpts of the guide (reference/hcs-guide): the simulators' tables are checked against its text,
// not against smartlic's own tables, so that the simulators stay an independent oracle.
const excerpt = (name: string): string =>
  readFileSync(new URL(`../../../../reference/hcs-guide/${name}`, import.meta.url), 'utf8').replace(/\s+/g, ' ');

describe("the simulators' transcription of the guide", () => {
  const mappingTable = excerpt('troubleshooting-chapter.txt').slice(excerpt('troubleshooting-chapter.txt').indexOf('Smart Licensing Error Code and Message Mapping REST API'));

  it.each(AGENT_ERROR_ROWS.map((r) => [r.key, r] as const))('error mapping row %s is the guide\'s row, word for word', (_key, row) => {
    const at = mappingTable.indexOf(row.message);
    expect(at).toBeGreaterThanOrEqual(0);
    // The status and code cells stand right before the message in the row.
    expect(mappingTable.slice(Math.max(0, at - 40), at)).toContain(`${row.httpStatus} ${row.code}`);
  });

  it('has every row of the guide\'s error mapping table', () => {
    const rowsInGuide = mappingTable.match(/\b(400|401|405|500) (INVALID_PARAMETER|METHOD_NOT_ALLOWED|INTERNAL_SERVER_ERROR|NOT_AUTHORIZED)\b/g) ?? [];
    expect(AGENT_ERROR_ROWS).toHaveLength(rowsInGuide.length);
  });

  it.each(GUIDE_LICENSE_MAPPING.map((m) => [m.hcsLicense, m] as const))('Table 1 maps %s as the guide does', (_name, m) => {
    const table = excerpt('license-mapping-table-1.txt');
    const line = table.slice(table.indexOf(m.hcsLicense) + m.hcsLicense.length).split(/HCS |Table 1/)[0]!.toLowerCase();
    for (const license of m.enterpriseLicenses) expect(line).toContain(license.toLowerCase());
  });

  it('the allocation hierarchy is the guide\'s levels, higher to lower-order', () => {
    const section = excerpt('hcs-managed-services.txt');
    const list = section.slice(section.indexOf('higher to lower-order:'), section.indexOf('Following is the HCS license mapping'));
    const levels = [...list.matchAll(/ - (.+?) \(/g)].map((m) => m[1]);
    expect(levels).toEqual([...GUIDE_ALLOCATION_HIERARCHY]);
  });

  it.each(GUIDE_ALLOCATION_HIERARCHY.filter((l) => l !== 'Enterprise'))('the hierarchy level %s is one Unified CM license of Table 1, named after it', (level) => {
    const rows = GUIDE_LICENSE_MAPPING.filter((m) => m.tier === level);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row!.application).toBe('Cisco Unified CM');
    expect(row!.hcsLicense).toBe(`HCS Cisco UCM ${level.replace('HCS ', '')} License`);
    expect(excerpt('license-mapping-table-1.txt')).toContain(row!.hcsLicense);
  });
});
