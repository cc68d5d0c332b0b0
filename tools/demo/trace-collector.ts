import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as the demo shows it. */
export interface CollectedSpan {
  service: string;
  name: string;
}

export interface TraceCollector {
  /** OTLP/HTTP endpoint to give the services as OTEL_EXPORTER_OTLP_ENDPOINT. */
  endpoint: string;
  spansOf(traceId: string): CollectedSpan[];
  close(): Promise<void>;
}

interface OtlpJson {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value?: { stringValue?: string } }[] };
    scopeSpans?: { spans?: { traceId?: string; name?: string }[] }[];
  }[];
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/**
 * A minimal OTLP/HTTP (JSON) receiver on 127.0.0.1 so the demo can show which services one trace went through
 * without a collector; metrics posts are accepted and dropped. Keeps the service and name of every span by trace id
 * (a demo's worth).
 */
export const startTraceCollector = async (): Promise<TraceCollector> => {
  const spans = new Map<string, CollectedSpan[]>();
  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => {
        if (req.url?.startsWith('/v1/traces') && (req.headers['content-type'] ?? '').includes('json')) {
          const doc = JSON.parse(body) as OtlpJson;
          for (const rs of doc.resourceSpans ?? []) {
            const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value?.stringValue ?? 'unknown';
            for (const ss of rs.scopeSpans ?? [])
              for (const span of ss.spans ?? []) {
                if (!span.traceId) continue;
                const list = spans.get(span.traceId) ?? [];
                list.push({ service, name: span.name ?? '' });
                spans.set(span.traceId, list);
              }
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      })
      .catch(() => res.writeHead(400).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spansOf: (traceId) => spans.get(traceId) ?? [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
