import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import type { CssmConnection } from './cssm-connection.js';

const proxyUri = (host: string, port: number): string => `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;

/**
 * One undici dispatcher per connection settings: a keep-alive Agent with a connect timeout, or a ProxyAgent that
 * sends every CSSM / satellite call (tokens included) through the configured forward proxy with its credentials.
 */
export class CssmDispatchers {
  private readonly dispatchers = new Map<string, Dispatcher>();

  constructor(private readonly options: { connectTimeoutMs: number; connections: number }) {}

  for(connection: CssmConnection): Dispatcher {
    const key = `${connection.key}|${connection.proxy ? `${connection.proxy.host}:${connection.proxy.port}` : 'direct'}`;
    let dispatcher = this.dispatchers.get(key);
    if (!dispatcher) {
      dispatcher = connection.proxy ? this.proxyAgent(connection.proxy) : new Agent({ connect: { timeout: this.options.connectTimeoutMs }, connections: this.options.connections });
      // Settings changed: the previous dispatcher of the same account is closed.
      const prefix = `${connection.key.split('@')[0]}@`;
      for (const [k, old] of this.dispatchers) {
        if (k.startsWith(prefix)) {
          this.dispatchers.delete(k);
          void old.close().catch(() => undefined);
        }
      }
      this.dispatchers.set(key, dispatcher);
    }
    return dispatcher;
  }

  private proxyAgent(proxy: NonNullable<CssmConnection['proxy']>): ProxyAgent {
    const token = proxy.username ? `Basic ${Buffer.from(`${proxy.username}:${proxy.password ?? ''}`).toString('base64')}` : undefined;
    return new ProxyAgent({
      uri: proxyUri(proxy.host, proxy.port),
      ...(token ? { token } : {}),
      proxyTls: { timeout: this.options.connectTimeoutMs },
      requestTls: { timeout: this.options.connectTimeoutMs },
      connections: this.options.connections,
    });
  }

  async close(): Promise<void> {
    const all = [...this.dispatchers.values()];
    this.dispatchers.clear();
    await Promise.all(all.map((d) => d.close().catch(() => undefined)));
  }
}
