/** Logical stream names; the Subjects namespace prefixes them at run time. */
export const STREAMS = {
  /** Inbound provisioning contract, kept and replayable. */
  provisioning: 'PROVISIONING',
  /** Events between smartlic services. */
  events: 'SMARTLIC_EVENTS',
  /** Messages a consumer gave up on, with the reason in headers. */
  deadLetter: 'SMARTLIC_DLQ',
} as const;
