import { readFileSync } from 'node:fs';
import { ERROR_CATALOGUE } from '#libs/contracts';
import { renderErrorReference } from '../error-reference.js';

describe('docs/error-codes.md', () => {
  it('is what the error catalogue says today (else run `npm run error-reference` and commit it)', () => {
    expect(readFileSync('docs/error-codes.md', 'utf8')).toBe(renderErrorReference());
  });

  it('lists every catalogue code once, with its recommended action', () => {
    const text = renderErrorReference();
    for (const entry of Object.values(ERROR_CATALOGUE)) expect(text.split(`| \`${entry.code}\` |`)).toHaveLength(2);
    expect(text).toContain('| `CAA1035` | Invalid admin credentials | Verify the user name and password. |');
  });
});
