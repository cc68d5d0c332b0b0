import { readFileSync } from 'node:fs';
import { ERROR_CATALOGUE, SMARTLIC_ERROR_CATALOGUE } from '#libs/contracts';
import { renderErrorReference } from '../error-reference.js';

describe('docs/error-codes.md', () => {
  it('is what the error catalogue says today (else run `npm run error-reference` and commit it)', () => {
    expect(readFileSync('docs/error-codes.md', 'utf8')).toBe(renderErrorReference());
  });

  it('lists every catalogue code once, with its recommended action', () => {
    const text = renderErrorReference();
    for (const entry of [...Object.values(ERROR_CATALOGUE), ...Object.values(SMARTLIC_ERROR_CATALOGUE)]) expect(text.split(`| \`${entry.code}\` |`)).toHaveLength(2);
    expect(text).toContain('| `CAA1035` | Invalid admin credentials | Verify the user name and password. | failed (422) |');
  });

  it('gives each code its kind and HTTP status', () => {
    const text = renderErrorReference();
    expect(text).toContain('| not_found | 404 |');
    expect(text).toMatch(/\| `SLMCT1001` \| Virtual Account is not valid \| [^|]+ \| not_found \(404\); invalid \(400\) for a value of the request body \|/);
    expect(text).toMatch(/\| `SLMCT1004` \|[^\n]+\| unavailable \(503\) \|/);
    expect(text).toMatch(/\| `VA_LICENSE_MODE_LOCKED` \|[^\n]+\| conflict \(409\) \| license-mode/);
  });
});
