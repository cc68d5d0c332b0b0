#!/usr/bin/env node
// `npm run chaos [-- --short] [--replicas 2] [--nats-cluster 3] [--batch N] [--only <name,...>]`: the services as OS
// processes against the simulators, on a private Postgres and NATS, through kills, restarts, freezes, a backlog and
// malformed input (issue 16.9, 16.10). Progress on stderr; the LAST stdout line is one JSON object. Exit 1 when a
// scenario failed.
import { parseArgs } from 'node:util';
import { chaosScenarios, type ScenarioResult } from './chaos-scenarios.js';
import { ChaosWorld, log, round, type ChaosOptions } from './chaos-world.js';

const USAGE = 'usage: npm run chaos [-- --short] [--replicas 1|2] [--nats-cluster 1|3] [--batch 1000] [--only "kill -9 registration,NATS restart"]';

const main = async (): Promise<number> => {
  const { values } = parseArgs({
    options: {
      short: { type: 'boolean', default: false },
      replicas: { type: 'string', default: '1' },
      'nats-cluster': { type: 'string', default: '1' },
      batch: { type: 'string' },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const short = values.short!;
  const options: ChaosOptions = {
    short,
    replicas: Number(values.replicas),
    natsNodes: Number(values['nats-cluster']),
    batch: Number(values.batch ?? (short ? 150 : 1000)),
    goodEvents: short ? 1_000 : 10_000,
    badEvents: short ? 500 : 5_000,
    backlogBytes: 100 * 1024 * 1024,
    only: values.only?.split(',').map((s) => s.trim()),
  };
  if (![1, 2].includes(options.replicas) || ![1, 3].includes(options.natsNodes) || !(options.batch > 0)) throw new Error(USAGE);
  let scenarios = chaosScenarios(options);
  if (options.only) scenarios = scenarios.filter((s) => options.only!.some((o) => s.name.toLowerCase().includes(o.toLowerCase())));
  const started = Date.now();
  log(`${scenarios.length} scenarios, batches of ${options.batch} clusters, ${options.replicas} process(es) per service, ${options.natsNodes} NATS node(s)`);
  const world = await ChaosWorld.start(options, scenarios.reduce((n, s) => n + s.clusters, 0));
  const abort = () => void world.close().finally(() => process.exit(130));
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  const results: ScenarioResult[] = [];
  try {
    for (const scenario of scenarios) {
      log(`scenario: ${scenario.name}`);
      const restartsBefore = world.sup.restarts;
      const crashesBefore = world.sup.unexpected.length;
      const t0 = Date.now();
      let result: ScenarioResult;
      try {
        const figures = await scenario.run(world);
        result = { name: scenario.name, passed: false, seconds: round((Date.now() - t0) / 1000), restarts: world.sup.restarts - restartsBefore, ...figures, problems: [...figures.problems] };
      } catch (error) {
        result = { name: scenario.name, passed: false, seconds: round((Date.now() - t0) / 1000), restarts: world.sup.restarts - restartsBefore, problems: [(error as Error).message] };
      }
      for (const crash of world.sup.unexpected.slice(crashesBefore)) result.problems.push(`${crash.id} exited on its own (code ${crash.code}, signal ${crash.signal}): ${crash.logTail.split('\n').slice(-3).join(' | ')}`);
      result.passed = result.problems.length === 0;
      results.push(result);
      log(`  ${result.passed ? 'passed' : 'FAILED'} in ${result.seconds} s: ${JSON.stringify(result)}`);
      // A crashed process is started again for the next scenario (its own scenario has failed already).
      if (world.sup.restartCrashed() > 0) await world.sup.allReady(120_000).catch((error: Error) => log(error.message));
    }
  } finally {
    await world.close();
  }
  const passed = results.filter((r) => r.passed).length;
  process.stdout.write(
    `${JSON.stringify({ scenarios: results.length, passed, failed: results.length - passed, seconds: round((Date.now() - started) / 1000), batch: options.batch, replicas: options.replicas, natsNodes: options.natsNodes, results })}\n`,
  );
  return passed === results.length ? 0 : 1;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`smartlic chaos failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
