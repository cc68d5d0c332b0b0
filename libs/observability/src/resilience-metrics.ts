import { metrics, type Counter, type Histogram, type MeterProvider } from '@opentelemetry/api';

// The runtime policies' metrics (libs/resilience) and the periodic tasks' (libs/service-kit). Circuits are labelled by
// target kind (cssm, ssm-onprem, cucm, cuc, cer, expressway, paws, plm), not by host: app-adapter reaches thousands of nodes,
// and a series per node would outgrow the rest of the metrics; the log line of each state change names the host.

export type CircuitStateName = 'closed' | 'open' | 'half-open' | 'isolated';
export type ScheduledRunOutcome = 'success' | 'error';

interface PolicyInstruments {
  provider: MeterProvider;
  circuitStateChanges: Counter;
  circuitsOpened: Counter;
  retries: Counter;
  scheduledRuns: Counter;
  scheduledRunDuration: Histogram;
}

const RUN_BUCKETS_S = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600];

/** Circuits not closed (open or half-open: not yet proven healthy), per target kind; read by the gauge. */
const openCircuits = new Map<string, Set<string>>();
let instruments: PolicyInstruments | undefined;

// Made again whenever the process's MeterProvider changes (initMetrics after shutdownMetrics in tests): instruments of
// a provider that is gone would record nothing.
const get = (): PolicyInstruments => {
  const provider = metrics.getMeterProvider();
  if (instruments?.provider === provider) return instruments;
  const m = provider.getMeter('smartlic');
  instruments = {
    provider,
    circuitStateChanges: m.createCounter('smartlic.circuit.state_changes', { description: 'Circuit breaker state changes of remote hosts by target kind and new state' }),
    circuitsOpened: m.createCounter('smartlic.circuit.opened', { description: 'Circuits opened (a remote host failed too often and calls to it fail fast) by target kind' }),
    retries: m.createCounter('smartlic.call.retries', { description: 'Calls to remote systems attempted again after a retryable failure, by target kind' }),
    scheduledRuns: m.createCounter('smartlic.scheduled_task.runs', { description: 'Runs of periodic tasks (sync scheduler, status refresh, usage collection, report delivery) by task and outcome' }),
    scheduledRunDuration: m.createHistogram('smartlic.scheduled_task.duration.seconds', {
      description: 'Duration of periodic task runs by task and outcome',
      unit: 's',
      advice: { explicitBucketBoundaries: RUN_BUCKETS_S },
    }),
  };
  m.createObservableGauge('smartlic.circuit.open', { description: 'Remote hosts whose circuit is open or half-open, by target kind' }).addCallback((result) => {
    for (const [targetKind, keys] of openCircuits) result.observe(keys.size, { target_kind: targetKind });
  });
  return instruments;
};

/** A circuit of one remote host (`key`, never a label) changed state. */
export const recordCircuitStateChange = (change: { targetKind: string; key: string; state: CircuitStateName }): void => {
  const i = get();
  i.circuitStateChanges.add(1, { target_kind: change.targetKind, state: change.state });
  let open = openCircuits.get(change.targetKind);
  if (!open) openCircuits.set(change.targetKind, (open = new Set()));
  if (change.state === 'closed') open.delete(change.key);
  else open.add(change.key);
  if (change.state === 'open') i.circuitsOpened.add(1, { target_kind: change.targetKind });
};

/** A circuit that no longer exists (its policy was dropped) stops counting as open. */
export const forgetCircuit = (targetKind: string, key: string): void => {
  openCircuits.get(targetKind)?.delete(key);
};

export const recordCallRetry = (targetKind: string): void => {
  get().retries.add(1, { target_kind: targetKind });
};

/** One run of a periodic task finished. */
export const recordScheduledRun = (run: { task: string; outcome: ScheduledRunOutcome; seconds: number }): void => {
  const i = get();
  i.scheduledRuns.add(1, { task: run.task, outcome: run.outcome });
  i.scheduledRunDuration.record(run.seconds, { task: run.task, outcome: run.outcome });
};
