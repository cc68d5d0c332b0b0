const csvRows = (text: string): string[][] =>
  text
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(','));

const summaryRows = (text: string, section: string): string[][] =>
  text.split(/\r?\n/).filter((l) => l.startsWith(`|SUMMARY|${section}|`)).map((l) => l.split('|'));
const lastCount = (rows: string[][]): number => rows.reduce((n, r) => n + Number(r.at(-2) ?? 0), 0);

/**
 * The three reports tell the same story: the HLM report has the clusters that report usage, the Service Inventory
 * one CUSTLICENSEINFO line per smart HLM row and one CUSTLICENSEINF0 line per PLM HLM row (LM Name a PLM of the
 * PLMINF0 lines), and the Flex Usage report (smart licensing only) consumes what the smart HLM rows count.
 */
export const reportConsistency = (texts: Map<string, string>, clustersWithUsage: string[]): { summary: string; problems: string[]; plm: { licenseManagers: number; plmInfoLines: number; clusters: number; custLicenseLines: number } } => {
  const problems: string[] = [];
  const inventoryText = texts.get('service-inventory') ?? '';
  const plmInfo = summaryRows(inventoryText, 'PLMINF0');
  const plmHosts = new Set(plmInfo.map((r) => r[3]));
  const allHlm = csvRows(texts.get('hlm-csv') ?? '');
  const hlm = allHlm.filter((r) => !plmHosts.has(r[4]));
  const plmHlm = allHlm.filter((r) => plmHosts.has(r[4]));
  const hlmClusters = new Set(allHlm.map((r) => r[1]));
  const hlmCount = hlm.reduce((n, r) => n + Number(r[7] ?? 0), 0);
  const plmHlmCount = plmHlm.reduce((n, r) => n + Number(r[7] ?? 0), 0);
  const inventory = summaryRows(inventoryText, 'CUSTLICENSEINFO');
  const plmInventory = summaryRows(inventoryText, 'CUSTLICENSEINF0');
  const flex = csvRows(texts.get('flex-usage') ?? '');
  const flexConsumed = flex.reduce((n, r) => n + (Number.isFinite(Number(r[9])) ? Number(r[9]) : 0), 0);
  const missing = clustersWithUsage.filter((c) => !hlmClusters.has(c));
  if (missing.length) problems.push(`HLM report lacks ${missing.join(', ')}`);
  if (inventory.length !== hlm.length || lastCount(inventory) !== hlmCount) problems.push(`Service Inventory has ${inventory.length} cluster license lines (${lastCount(inventory)} licenses), HLM ${hlm.length} (${hlmCount})`);
  if (plmInventory.length !== plmHlm.length || lastCount(plmInventory) !== plmHlmCount) problems.push(`Service Inventory has ${plmInventory.length} PLM cluster license lines (${lastCount(plmInventory)} licenses), HLM ${plmHlm.length} (${plmHlmCount})`);
  if (flexConsumed !== hlmCount) problems.push(`Flex Usage consumes ${flexConsumed} licenses, HLM counts ${hlmCount}`);
  const plm = { licenseManagers: plmHosts.size, plmInfoLines: plmInfo.length, clusters: new Set(plmHlm.map((r) => r[1])).size, custLicenseLines: plmInventory.length };
  const smartClusters = new Set(hlm.map((r) => r[1])).size;
  let summary = `consistent: ${smartClusters} clusters with usage, ${hlm.length} cluster licenses, ${hlmCount} licenses consumed in HLM, Service Inventory and Flex Usage`;
  if (plmHosts.size) summary += `; PLM: ${plm.clusters} clusters on ${plm.licenseManagers} License Manager(s), ${plm.plmInfoLines} PLMINF0 and ${plm.custLicenseLines} CUSTLICENSEINF0 lines, ${plmHlmCount} licenses in HLM and Service Inventory`;
  return { summary: problems.length ? `inconsistent reports: ${problems.join('; ')}` : summary, problems, plm };
};
