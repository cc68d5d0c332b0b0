import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { SERVICE_NODE_FLAGS } from '#libs/service-kit';

const dockerfile = readFileSync('Dockerfile', 'utf8');
const compose = parseYaml(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as { services: Record<string, { environment?: Record<string, string> }> };

describe('Dockerfile', () => {
  it("runs the services with libs/service-kit's SERVICE_NODE_FLAGS as NODE_OPTIONS, which docker-compose leaves alone", () => {
    const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(/^ENV NODE_OPTIONS="([^"]*)"$/m.exec(finalStage)?.[1]).toBe(SERVICE_NODE_FLAGS.join(' '));
    for (const [name, service] of Object.entries(compose.services)) expect([name, service.environment?.NODE_OPTIONS]).toEqual([name, undefined]);
  });
});
