import type { FastifyInstance } from 'fastify';

export interface StartedServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  close: () => Promise<void>;
}

/** Listens (127.0.0.1, ephemeral port by default) and returns the URL and a close that also drops hung requests. */
export const startFastify = async (app: FastifyInstance, options: { host?: string; port?: number } = {}): Promise<StartedServer> => {
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const scheme = 'cert' in app.server || app.initialConfig.https ? 'https' : 'http';
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  let closing: Promise<void> | undefined;
  return {
    url: `${scheme}://${urlHost}:${port}`,
    port,
    close: () => {
      closing ??= (async () => {
        const closed = app.close();
        // 'timeout' faults keep requests open forever; drop them so close() returns.
        app.server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
};
