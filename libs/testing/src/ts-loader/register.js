// `node --import ./libs/testing/src/ts-loader/register.js <file.ts>`: runs a smartlic entry point (a service's main.ts)
// from its TypeScript sources, as a real process, without a build. For specs that need a process of their own
// (signals, exit codes, `require` hooks that jest's module registry bypasses).
import { register } from 'node:module';

register('./hooks.js', import.meta.url);
