import { isIP } from 'node:net';

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/**
 * The address a simulator binds: its `--host` flag, else `HOST` (the variable the services read), else its own default.
 * Refuses what is neither an IP address nor a host name, naming where it came from.
 */
export const bindHost = (flag: string | undefined, env: Record<string, string | undefined>, fallback: string): string => {
  const [value, source] = flag !== undefined ? [flag, '--host'] : env.HOST ? [env.HOST, 'HOST'] : [fallback, 'default'];
  const host = value.trim();
  if (isIP(host) === 0 && !HOST_NAME.test(host)) throw new Error(`${source}: must be an IP address or a host name, received ${JSON.stringify(value)}`);
  return host;
};
