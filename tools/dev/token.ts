import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { developmentEnv } from './dev-env.js';

/** `npm run token -- --role admin [--subject alice] [--ttl 8h]`: a development bearer token for the gateway. */
const { values } = parseArgs({ options: { role: { type: 'string', default: 'viewer' }, subject: { type: 'string', default: 'developer' }, ttl: { type: 'string', default: '8h' } } });
const roles = values.role!.split(',');
const secret = new TextEncoder().encode(developmentEnv().AUTH_LOCAL_SECRET);
const token = await new SignJWT({ roles }).setProtectedHeader({ alg: 'HS256' }).setSubject(values.subject!).setIssuedAt().setExpirationTime(values.ttl!).sign(secret);
process.stdout.write(`${token}\n`);
