import { readFileSync } from 'node:fs';
import { renderEnvReference } from '../env-reference.js';

describe('docs/env-reference.md', () => {
  it('is what the config schemas say today (else run `npm run env-reference` and commit it)', () => {
    expect(readFileSync('docs/env-reference.md', 'utf8')).toBe(renderEnvReference());
  });

  it('documents the shared keys once and the keys each service adds', () => {
    const text = renderEnvReference();
    expect(text.match(/\| `DATABASE_URL` \|/g)).toHaveLength(1);
    const gateway = text.slice(text.indexOf('## gateway'), text.indexOf('## sync'));
    expect(gateway).toContain('| `AUTH_MODE` | enum(oidc\\|local) | `local` |');
    expect(text.slice(text.indexOf('## app-adapter'))).toMatch(/\n\| `CAA_APP_TYPES` \| list \|/);
  });
});
