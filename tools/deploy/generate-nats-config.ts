// `npm run nats-config`: writes deploy/nats/nats.conf from libs/contracts (users, subject permissions).
import { writeFileSync } from 'node:fs';
import { renderNatsConfig } from './nats-permissions.js';

const target = process.argv[2] ?? 'deploy/nats/nats.conf';
writeFileSync(target, renderNatsConfig());
process.stdout.write(`wrote ${target}\n`);
