import { baseServiceConfigSchema, loadConfig } from '#libs/config';
import { validatesCommandReplies } from '../reply-validation.js';

// The switch of issue 15's "command replies validated (always in tests and development, by a switch in production)".
const decided = (environment: Record<string, string | undefined>) => validatesCommandReplies(environment, loadConfig(baseServiceConfigSchema, environment).COMMAND_REPLY_VALIDATION);

describe('command reply validation switch', () => {
  it('checks replies by default, in production too', () => {
    expect(decided({})).toBe(true);
    expect(decided({ NODE_ENV: 'production' })).toBe(true);
  });

  it('lets production turn the check off', () => {
    expect(decided({ NODE_ENV: 'production', COMMAND_REPLY_VALIDATION: 'false' })).toBe(false);
    expect(decided({ NODE_ENV: 'production', COMMAND_REPLY_VALIDATION: '0' })).toBe(false);
  });

  it('always checks outside production, whatever the variable says', () => {
    expect(decided({ NODE_ENV: 'test', COMMAND_REPLY_VALIDATION: 'false' })).toBe(true);
    expect(decided({ NODE_ENV: 'development', COMMAND_REPLY_VALIDATION: 'false' })).toBe(true);
    expect(decided({ COMMAND_REPLY_VALIDATION: 'false' })).toBe(true);
  });

  it('refuses a value that is not a boolean, naming the key', () => {
    expect(() => decided({ NODE_ENV: 'production', COMMAND_REPLY_VALIDATION: 'sometimes' })).toThrow(/COMMAND_REPLY_VALIDATION: must be true, false, 1 or 0/);
  });
});
