import { readFileSync } from 'node:fs';
import { CONSOLE_API_SCHEMA_PATH, renderConsoleApiSchema } from '../console-api.js';

describe("the console's API types", () => {
  it('are those openapi-typescript makes of the gateway document today (run `npm run console:api` after a REST change)', async () => {
    expect(readFileSync(CONSOLE_API_SCHEMA_PATH, 'utf8')).toBe(await renderConsoleApiSchema());
  });
});
