// Integration specs start services in jest's process, as a service's main.ts does: OpenTelemetry's instrumentations
// registered before anything else. jest's module registry bypasses their `require` hook, so the modules they patch
// are handed to them here (e2e/telemetry-process checks the hook itself, in a service process of its own).
import http from 'node:http';
import pg from 'pg';
import { instrumentLoadedModules, registerAutoInstrumentations } from '#libs/observability';

registerAutoInstrumentations();
instrumentLoadedModules({ http, pg });
