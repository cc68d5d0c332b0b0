/** Compiles a route glob (`cssm.*`, `*`, `agent.register`) into a matcher; `*` matches any run of characters. */
export const routeGlobMatcher = (glob: string): ((routeId: string) => boolean) => {
  if (glob === '*') return () => true;
  if (!glob.includes('*')) return (routeId) => routeId === glob;
  const re = new RegExp(`^${glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return (routeId) => re.test(routeId);
};
