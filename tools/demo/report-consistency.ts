const csvRows = (text: string): string[][] =>
  text
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(','));

/**
 * The three reports tell the same story: the HLM report has the clusters that report usage, the Service Inventory
 * one CUSTLICENSEINFO line per HLM row, and the Flex Usage report consumes what the HLM report counts.
 */
export const reportConsistency = (texts: Map<string, string>, clustersWithUsage: string[]): { summary: string; problems: string[] } => {
  const problems: string[] = [];
  const hlm = csvRows(texts.get('hlm-csv') ?? '');
  const hlmClusters = new Set(hlm.map((r) => r[1]));
  const hlmCount = hlm.reduce((n, r) => n + Number(r[7] ?? 0), 0);
  const inventory = (texts.get('service-inventory') ?? '').split(/\r?\n/).filter((l) => l.startsWith('|SUMMARY|CUSTLICENSEINFO|'));
  const inventoryCount = inventory.reduce((n, l) => n + Number(l.split('|').at(-2) ?? 0), 0);
  const flex = csvRows(texts.get('flex-usage') ?? '');
  const flexConsumed = flex.reduce((n, r) => n + (Number.isFinite(Number(r[9])) ? Number(r[9]) : 0), 0);
  const missing = clustersWithUsage.filter((c) => !hlmClusters.has(c));
  if (missing.length) problems.push(`HLM report lacks ${missing.join(', ')}`);
  if (inventory.length !== hlm.length || inventoryCount !== hlmCount) problems.push(`Service Inventory has ${inventory.length} cluster license lines (${inventoryCount} licenses), HLM ${hlm.length} (${hlmCount})`);
  if (flexConsumed !== hlmCount) problems.push(`Flex Usage consumes ${flexConsumed} licenses, HLM counts ${hlmCount}`);
  const summary = `consistent: ${hlmClusters.size} clusters with usage, ${hlm.length} cluster licenses, ${hlmCount} licenses consumed in HLM, Service Inventory and Flex Usage`;
  return { summary: problems.length ? `inconsistent reports: ${problems.join('; ')}` : summary, problems };
};
