import { withoutClearSecrets } from '../dead-letter.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('dead-letter copies without clear secrets', () => {
  it('removes every clear password of a JSON payload, names where, and keeps the encrypted ones', () => {
    const payload = { id: 'e1', data: { credentials: { admin: { username: 'a', password: 'pa' }, http: { username: 'h', encryptedPassword: 'x.y.z.w.v' } }, proxy: { host: 'p', password: 'px' } } };
    const { payload: copy, redacted } = withoutClearSecrets(bytes(JSON.stringify(payload)));
    expect(JSON.parse(text(copy))).toEqual({ id: 'e1', data: { credentials: { admin: { username: 'a' }, http: { username: 'h', encryptedPassword: 'x.y.z.w.v' } }, proxy: { host: 'p' } } });
    expect(redacted).toEqual(['data.credentials.admin.password', 'data.proxy.password']);
  });

  it('blanks password values of a payload that is not JSON, even a truncated one', () => {
    const { payload, redacted } = withoutClearSecrets(bytes('{"password": "p\\"1", "x": {"password":"p2"}, "password":"p3'));
    expect(text(payload)).toBe('{"password": "", "x": {"password":""}, "password":""');
    expect(redacted).toEqual(['(unparsed)']);
  });

  it('leaves a payload without passwords as it is (the same bytes)', () => {
    const original = bytes('{"id":"e2","data":{"name":"no secret here"}}');
    expect(withoutClearSecrets(original)).toEqual({ payload: original, redacted: [] });
  });
});
