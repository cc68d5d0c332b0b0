/**
 * Runs `send` (a nats.js request or JetStream publish, synchronous up to the promise it returns) with V8 capturing no
 * stack frames for the errors created meanwhile.
 *
 * nats.js builds a RequestError and a TimeoutError up front for every request (its "async traces": a later failure
 * shows where the request was made). Capturing their stacks was ~6% of registration's CPU while it relayed events,
 * and nothing reads them: CommandClient and the outbox relay turn every failure into their own errors, named by
 * subject. The connection-wide `noAsyncTraces` option also changes which errors a failed request carries (built at
 * failure rather than up front; an e2e scenario broke on it once); this changes nothing but the stacks nobody reads.
 */
export const withoutRequestStacks = <T>(send: () => T): T => {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return send();
  } finally {
    Error.stackTraceLimit = limit;
  }
};
