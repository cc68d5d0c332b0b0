/**
 * What the Cluster Summary tells the operator a cluster needs, from registration's projection. A virtual account
 * removed in CSSM (sync learnt it) still holds its clusters: their registration is gone on CSSM's side, and only an
 * unassign or a reassignment to another VA settles them (both are allowed).
 */
export const clusterAttention = (r: { virtualAccount: string | null; virtualAccountRemoved: boolean; licenseManager?: string | null }): string | null => {
  if (r.virtualAccount && r.virtualAccountRemoved) return `Virtual account ${r.virtualAccount} was removed in CSSM: unassign this cluster, or assign it to another virtual account`;
  // Upgraded (or provisioned) as 12.5 while still licensed through PLM: the guide's upgrade procedure unassigns it first.
  if (r.licenseManager) return `Assigned to License Manager ${r.licenseManager}: unassign it from PLM (License Management > License Management Summary) before it can be registered to a virtual account`;
  return null;
};
