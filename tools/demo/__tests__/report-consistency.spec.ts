import { reportConsistency } from '../report-consistency.js';

const HLM = [
  'Customer Name,Cluster Name,Application,Version,LM Name,Transport Mode,License Type,License Count,License Mode,Cluster Status',
  'Customer 1,Customer 1 Unified CM,cucm,12.5.1,va-hcs-operational@hcs-sp.example.com,CSSM,HUCM_Foundation,120,HCS,Auto Registered',
  'Customer 1,Customer 1 Unity Connection,cuc,12.5.1,va-hcs-operational@hcs-sp.example.com,CSSM,HCUC_BasicMessaging,80,HCS,Auto Registered',
].join('\r\n');
const INVENTORY = [
  '|LICENSESUMMARYSTART|',
  '|SUMMARY|CUSTLICENSEINFO|va-hcs-operational@hcs-sp.example.com,CSSM|~|~|Customer 1|HUCM|cucm-pub-c1|HUCM_Foundation|120|',
  '|SUMMARY|CUSTLICENSEINFO|va-hcs-operational@hcs-sp.example.com,CSSM|~|~|Customer 1|HCUC|cuc-pub-c1|HCUC_BasicMessaging|80|',
  '|LICENSESUMMARYEND|',
].join('\n');
const FLEX = [
  'Customer ID,Customer Name,Subscription ID,License Model,End Date,Product,License Type,License,Ordered,Consumed,True Forward,Compliance,Note',
  'customer-1,Customer 1,Sub-HCS-1001,Named User,2028-12-31,HUCM,HUCM_Foundation,HCS Cisco UCM Foundation License,5000,120,0,In Compliance,',
  'customer-1,Customer 1,~,~,~,HCUC,HCUC_BasicMessaging,HCS Unity Connection Basic License,0,80,80,Out of Compliance,',
].join('\r\n');
const reports = (overrides: Record<string, string> = {}) => new Map(Object.entries({ 'hlm-csv': HLM, 'service-inventory': INVENTORY, 'flex-usage': FLEX, ...overrides }));

describe('reportConsistency: the demo checks that its three reports tell the same story', () => {
  it('accepts reports whose clusters and license counts agree', () => {
    const sut = reportConsistency(reports(), ['Customer 1 Unified CM', 'Customer 1 Unity Connection']);
    expect(sut.problems).toEqual([]);
    expect(sut.summary).toBe('consistent: 2 clusters with usage, 2 cluster licenses, 200 licenses consumed in HLM, Service Inventory and Flex Usage');
  });

  it('names a registered cluster with usage that the HLM report lacks', () => {
    expect(reportConsistency(reports(), ['Customer 1 Unified CM', 'Customer 2 Unified CM']).problems).toEqual(['HLM report lacks Customer 2 Unified CM']);
  });

  it('flags a Service Inventory or a Flex Usage report that counts other licenses than the HLM report', () => {
    const sut = reportConsistency(reports({ 'service-inventory': INVENTORY.replace('|80|', '|81|'), 'flex-usage': FLEX.replace(',80,80,', ',70,70,') }), []);
    expect(sut.problems).toEqual(['Service Inventory has 2 cluster license lines (201 licenses), HLM 2 (200)', 'Flex Usage consumes 190 licenses, HLM counts 200']);
    expect(sut.summary).toMatch(/^inconsistent reports: /);
  });

  it('counts the PLM rows apart: PLMINF0 License Managers, CUSTLICENSEINF0 lines against the HLM rows whose LM Name is a PLM', () => {
    const plmHlm = 'Customer 4,cucm-customer-4,cucm,11.5.1,plm-hcs.example.com,,HUCM_Foundation,120,HCS,\r\nCustomer 4,cucm-customer-4,cucm,11.5.1,plm-hcs.example.com,,HUCM_Standard,40,HCS,';
    const plmInventory = [
      '|SUMMARY|PLMINF0|plm-hcs.example.com|HUCM|11|HUCM_Foundation|2000|120|1880|VALID|',
      '|SUMMARY|PLMINF0|plm-hcs.example.com|HUCM|11|HUCM_Standard|500|40|460|VALID|',
      '|SUMMARY|CUSTLICENSEINF0|plm-hcs.example.com|~|~|Customer 4|HUCM|cucm-pub-c4|HUCM_Foundation|120|',
      '|SUMMARY|CUSTLICENSEINF0|plm-hcs.example.com|~|~|Customer 4|HUCM|cucm-pub-c4|HUCM_Standard|40|',
    ].join('\n');
    const withPlm = (inventory: string) => reports({ 'hlm-csv': `${HLM}\r\n${plmHlm}`, 'service-inventory': INVENTORY.replace('|LICENSESUMMARYSTART|', `|LICENSESUMMARYSTART|\n${inventory}`) });
    const sut = reportConsistency(withPlm(plmInventory), ['Customer 1 Unified CM', 'cucm-customer-4']);
    expect(sut.problems).toEqual([]);
    expect(sut.plm).toEqual({ licenseManagers: 1, plmInfoLines: 2, clusters: 1, custLicenseLines: 2 });
    expect(sut.summary).toBe('consistent: 2 clusters with usage, 2 cluster licenses, 200 licenses consumed in HLM, Service Inventory and Flex Usage; PLM: 1 clusters on 1 License Manager(s), 2 PLMINF0 and 2 CUSTLICENSEINF0 lines, 160 licenses in HLM and Service Inventory');
    expect(reportConsistency(withPlm(plmInventory.replace('|40|\n', '|41|\n').replace(/\|40\|$/, '|41|')), []).problems).toEqual(['Service Inventory has 2 PLM cluster license lines (161 licenses), HLM 2 (160)']);
  });
});
