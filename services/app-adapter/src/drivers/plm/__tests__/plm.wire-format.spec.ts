import { PLM_ABOUT_PATH as SIM_ABOUT, PLM_DEFAULT_PORT as SIM_PORT, PLM_DEPLOYMENT_MODES as SIM_MODES, PLM_PATHS, PLM_PRODUCTS as SIM_PRODUCTS, plmApiPrefix } from '#simulators/plm';
import { PLM_ABOUT_PATH, PLM_CLIENT_API_VERSIONS, PLM_DEFAULT_PORT, PLM_DEPLOYMENT_MODES, PLM_PRODUCTS, PLM_RESOURCES, plmAddClusterBody, plmApiPath } from '../plm.wire-format.js';

// The two sides of the inferred PLM wire format are written separately (the simulator imports nothing of smartlic):
// this keeps them the same text.
describe('PLM wire format: client and simulator agree', () => {
  it('on the port, the about resource, the modes and the products', () => {
    expect(PLM_DEFAULT_PORT).toBe(SIM_PORT);
    expect(PLM_ABOUT_PATH).toBe(SIM_ABOUT);
    expect([...PLM_DEPLOYMENT_MODES]).toEqual([...SIM_MODES]);
    expect([...PLM_PRODUCTS].sort()).toEqual([...SIM_PRODUCTS].sort());
  });

  it.each(PLM_CLIENT_API_VERSIONS)('on every versioned path of API %s', (v) => {
    expect(plmApiPath(v, PLM_RESOURCES.deploymentMode)).toBe(`${plmApiPrefix(v)}${PLM_PATHS.deploymentMode}`);
    expect(plmApiPath(v, PLM_RESOURCES.licenses)).toBe(`${plmApiPrefix(v)}${PLM_PATHS.licenses}`);
    expect(plmApiPath(v, PLM_RESOURCES.productInstances)).toBe(`${plmApiPrefix(v)}${PLM_PATHS.productInstances}`);
    expect(plmApiPath(v, PLM_RESOURCES.productInstance('cucm a/1'))).toBe(`${plmApiPrefix(v)}${PLM_PATHS.productInstance('cucm a/1')}`);
    expect(plmApiPath(v, PLM_RESOURCES.productInstanceUsage('cucm a/1'))).toBe(`${plmApiPrefix(v)}${PLM_PATHS.productInstanceUsage('cucm a/1')}`);
  });

  it('force-adds, as HCM-F does', () => {
    expect(plmAddClusterBody({ name: 'c', product: 'HUCM', version: '11.5', hostname: 'h' })).toEqual({ name: 'c', product: 'HUCM', version: '11.5', hostname: 'h', force: true });
  });
});
