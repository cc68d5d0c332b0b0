/**
 * Node/V8 flags every service process runs with: the image sets them as NODE_OPTIONS (Dockerfile, checked by
 * tools/deploy's dockerfile spec), and whatever starts services itself (tools/dev, the demo, the benches) passes them.
 *
 * --max-semi-space-size=64: V8's young generation grows up to 2 × 64 MB instead of 2 × 16 MB. A service handling a
 * batch of 1,000 provisioning messages, or 200 cluster jobs at once, allocates faster than a 16 MB semi-space
 * turns over: objects still in use at a scavenge are promoted and collected later by the (costlier) old-generation GC.
 * Measured on 2 cores: ingest +6-10% (bench:autoreg), zero-latency assignment +7-10% (bench:assign). The price is up
 * to ~96 MB more resident memory per process, inside the chart's 512 Mi limit.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
