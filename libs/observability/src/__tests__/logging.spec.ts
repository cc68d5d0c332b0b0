import { Writable } from 'node:stream';
import { pino } from 'pino';
import { context, trace } from '@opentelemetry/api';
import { installInMemoryTracing, loggerOptions, tracer } from '../index.js';

const capture = () => {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, cb) => (lines.push(String(chunk)), cb()) });
  return { logger: pino(loggerOptions('test', 'info'), stream), lines };
};

describe('pino options', () => {
  it('redacts a client secret, passwords and tokens wherever smartlic logs them', () => {
    const { logger, lines } = capture();
    logger.info({ smartAccount: { domain: 'sp.example.com', clientId: 'abc', clientSecret: 'S3CR3T-VALUE' }, clientSecret: 'TOP-SECRET', req: { headers: { authorization: 'Bearer xyz.abc' } }, cluster: { credentials: { admin: { username: 'admin', password: 'p4ss' } } } }, 'saving smart account');
    const line = lines.join('');
    expect(line).not.toMatch(/S3CR3T-VALUE|TOP-SECRET|xyz\.abc|p4ss/);
    expect(line).toContain('[REDACTED]');
    expect(JSON.parse(line).smartAccount.clientId).toBe('abc');
  });

  it('carries the trace and span ids of the active span', () => {
    installInMemoryTracing();
    const { logger, lines } = capture();
    const span = tracer().startSpan('op');
    context.with(trace.setSpan(context.active(), span), () => logger.info('inside'));
    span.end();
    const entry = JSON.parse(lines[0]);
    expect(entry.trace_id).toBe(span.spanContext().traceId);
    expect(entry.span_id).toBe(span.spanContext().spanId);
  });
});
