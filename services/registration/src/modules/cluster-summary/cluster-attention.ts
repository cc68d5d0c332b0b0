/**
 * What the Cluster Summary tells the operator a cluster needs, from registration's projection. A virtual account
 * removed in CSSM (sync learnt it) still holds its clusters: their registration is gone on CSSM's side, and only an
 * unassign or a reassignment to another VA settles them (both are allowed).
 */
export const clusterAttention = (r: { virtual_account: string | null; virtual_account_removed: boolean }): string | null =>
  r.virtual_account && r.virtual_account_removed
    ? `Virtual account ${r.virtual_account} was removed in CSSM: unassign this cluster, or assign it to another virtual account`
    : null;
