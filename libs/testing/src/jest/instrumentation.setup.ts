// Integration specs start services in jest's process, as a service's main.ts does: OpenTelemetry's instrumentations
// registered before the spec's imports load. jest's module registry bypasses their `require` hook, so the modules
// they patch are handed to them here (e2e/telemetry-process checks the hook itself, in a service process of its
// own), and unpatched after the file: the next spec file of this worker shares `http`.
import http from 'node:http';
import pg from 'pg';
import { disableAutoInstrumentations, instrumentLoadedModules, registerAutoInstrumentations } from '#libs/observability';

registerAutoInstrumentations();
const restore = instrumentLoadedModules({ http, pg });

afterAll(() => {
  restore();
  disableAutoInstrumentations();
});
