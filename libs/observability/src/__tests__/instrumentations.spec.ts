import http from 'node:http';
import pg from 'pg';
import { disableAutoInstrumentations, instrumentLoadedModules, registerServiceInstrumentations } from '../instrumentations.js';

const wrapped = (fn: unknown): boolean => (fn as { __wrapped?: boolean }).__wrapped === true;

describe("a service's instrumentations", () => {
  afterEach(() => disableAutoInstrumentations());

  it('patch pg (client spans) only when the traces are exported; the HTTP server always', () => {
    registerServiceInstrumentations({});
    let restore = instrumentLoadedModules({ http, pg });
    expect([wrapped(pg.Client.prototype.query), wrapped(http.Server.prototype.emit)]).toEqual([false, true]);
    restore();
    disableAutoInstrumentations();

    registerServiceInstrumentations({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' });
    restore = instrumentLoadedModules({ http, pg });
    expect([wrapped(pg.Client.prototype.query), wrapped(http.Server.prototype.emit)]).toEqual([true, true]);
    restore();
  });
});
