import {
  PLM_ALL_LICENSE_TYPES,
  PLM_LICENSE_TYPES,
  PLM_MAX_CLUSTERS,
  plmMajor,
  type PlmDeploymentMode,
  type PlmLicenseType,
  type PlmProduct,
} from './plm.wire-format.js';
import type { PlmInstanceScenario, PlmScenarioParsed } from './plm-scenario.schema.js';

export interface PlmCluster {
  name: string;
  product: PlmProduct;
  version: string;
  hostname: string;
  usage: Partial<Record<PlmLicenseType, number>>;
  addedAt: string;
}

export interface PlmLicenseRow {
  licenseType: PlmLicenseType;
  product: PlmProduct;
  installed: number;
  required: number;
  available: number;
  /** [I] VALID while the installed count covers what the clusters use, else INSUFFICIENT. */
  status: 'VALID' | 'INSUFFICIENT';
}

/** Why a cluster cannot be added; the routes turn it into an error answer. */
export type AddClusterRefusal = 'unsupported-version' | 'already-exists' | 'capacity-reached';

/** One PLM: its identity, credentials, deployment mode, installed licenses and registered clusters. */
export class PlmInstance {
  readonly address: string;
  version: string;
  osAdmin: { username: string; password: string };
  deploymentMode: PlmDeploymentMode;
  /** PAWS restartSystem: the PLM resets every connection until then (epoch ms), and how often it restarted. */
  restartingUntil = 0;
  restarts = 0;
  readonly installed = new Map<PlmLicenseType, number>();
  readonly clusters = new Map<string, PlmCluster>();
  /** Usage a cluster reports once added, by cluster name (PLM would read it from the cluster). */
  readonly clusterUsage = new Map<string, Partial<Record<PlmLicenseType, number>>>();

  constructor(s: PlmInstanceScenario) {
    this.address = s.address;
    this.version = s.version;
    this.osAdmin = { ...s.osAdmin };
    this.deploymentMode = s.deploymentMode;
    for (const [type, n] of Object.entries(s.licenses)) if (n !== undefined) this.installed.set(type as PlmLicenseType, n);
    for (const [name, usage] of Object.entries(s.clusterUsage)) this.clusterUsage.set(name, usage as PlmCluster['usage']);
    for (const c of s.clusters) {
      this.clusters.set(c.name, { ...c, product: c.product as PlmProduct, usage: c.usage as PlmCluster['usage'], addedAt: new Date().toISOString() });
    }
  }

  /** [C TN119377] A PLM without any HCS license installed stays in demo mode. */
  get demoMode(): boolean {
    return [...this.installed.values()].every((n) => n === 0);
  }

  installLicense(type: PlmLicenseType, count: number): void {
    this.installed.set(type, (this.installed.get(type) ?? 0) + count);
  }

  /** Force-add replaces a registration of the same name; without force it is refused. */
  addCluster(c: Omit<PlmCluster, 'usage' | 'addedAt'>, force: boolean): PlmCluster | AddClusterRefusal {
    if (!(plmMajor(c.version) <= 11)) return 'unsupported-version';
    const existing = this.clusters.get(c.name);
    if (existing && !force) return 'already-exists';
    if (!existing && this.clusters.size >= PLM_MAX_CLUSTERS) return 'capacity-reached';
    const cluster: PlmCluster = { ...c, usage: { ...(this.clusterUsage.get(c.name) ?? {}) }, addedAt: new Date().toISOString() };
    this.clusters.set(c.name, cluster);
    return cluster;
  }

  removeCluster(name: string): boolean {
    return this.clusters.delete(name);
  }

  /** Sets what a cluster uses (the admin API; a registered cluster is updated at once, as after PLM's sync). */
  setUsage(name: string, usage: PlmCluster['usage']): void {
    this.clusterUsage.set(name, usage);
    const c = this.clusters.get(name);
    if (c) c.usage = { ...usage };
  }

  /** Every license type of every product, with installed, required (sum of the clusters' usage) and available. */
  licenseRows(): PlmLicenseRow[] {
    const required = new Map<PlmLicenseType, number>();
    for (const c of this.clusters.values()) {
      for (const [t, n] of Object.entries(c.usage)) required.set(t as PlmLicenseType, (required.get(t as PlmLicenseType) ?? 0) + (n ?? 0));
    }
    return PLM_ALL_LICENSE_TYPES.map((licenseType) => {
      const installed = this.installed.get(licenseType) ?? 0;
      const req = required.get(licenseType) ?? 0;
      const product = (Object.keys(PLM_LICENSE_TYPES) as PlmProduct[]).find((p) => (PLM_LICENSE_TYPES[p] as readonly string[]).includes(licenseType)) as PlmProduct;
      return { licenseType, product, installed, required: req, available: installed - req, status: installed >= req ? 'VALID' : 'INSUFFICIENT' };
    });
  }

  snapshot(): unknown {
    return {
      address: this.address,
      version: this.version,
      deploymentMode: this.deploymentMode,
      demoMode: this.demoMode,
      osAdminUser: this.osAdmin.username,
      licenses: this.licenseRows(),
      clusters: [...this.clusters.values()],
    };
  }
}

/** Every PLM of the scenario, found by the host part of a request's Host header. */
export class PlmState {
  private readonly byHost = new Map<string, PlmInstance>();

  constructor(scenario?: PlmScenarioParsed) {
    if (scenario) this.seed(scenario);
  }

  seed(scenario: PlmScenarioParsed): void {
    const next = new Map<string, PlmInstance>();
    for (const p of scenario.plms) {
      const key = p.address.toLowerCase();
      if (next.has(key)) throw new Error(`plms: address ${p.address} appears twice`);
      next.set(key, new PlmInstance(p));
    }
    this.byHost.clear();
    for (const [k, v] of next) this.byHost.set(k, v);
  }

  get(address: string): PlmInstance | undefined {
    return this.byHost.get(address.toLowerCase());
  }

  /** `127.30.0.1:8443` or `[::1]:8443` → the PLM at that host; undefined when none. */
  byHostHeader(host: string): PlmInstance | undefined {
    const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
    return this.get(name);
  }

  values(): PlmInstance[] {
    return [...this.byHost.values()];
  }

  snapshot(query: Record<string, string>): unknown {
    const list = query.plm ? this.values().filter((p) => p.address === query.plm) : this.values();
    return { plms: list.map((p) => p.snapshot()) };
  }
}
