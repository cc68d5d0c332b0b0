/**
 * Subject builders. Events are `smartlic.<service>.v<N>.<entity>.<verb>`, commands `smartlic.cmd.<service>.v<N>.
 * <entity>.<verb>`, broad to narrow; they are never written as literals outside libs/contracts. Commands live under
 * their own root so that NATS permissions can let a service send another's commands without letting it publish that
 * service's events (tools/deploy/nats-permissions.ts). A namespace (NATS_NAMESPACE) prefixes every subject and stream so
 * that test runs, or tenants sharing one NATS, never see each other's messages; in production it is empty.
 */
export const PROVISIONING_ROOT = 'hcs.provisioning.v1';
export const SMARTLIC_ROOT = 'smartlic';

const NAMESPACE_RE = /^[A-Za-z0-9_-]*$/;

export class Subjects {
  constructor(readonly namespace = '') {
    if (!NAMESPACE_RE.test(namespace)) throw new Error(`NATS namespace "${namespace}" may hold only letters, digits, "_" and "-"`);
  }

  /** Prefix a contract subject with the namespace. */
  qualify(subject: string): string {
    return this.namespace ? `${this.namespace}.${subject}` : subject;
  }

  /** Remove the namespace prefix from a received subject. */
  unqualify(subject: string): string {
    return this.namespace && subject.startsWith(`${this.namespace}.`) ? subject.slice(this.namespace.length + 1) : subject;
  }

  /** Stream names carry the namespace too (stream names cannot contain dots). */
  stream(name: string): string {
    return this.namespace ? `${this.namespace}_${name}` : name;
  }

  /** Durable consumer name: `<service>__<purpose>` so ownership shows in `nats consumer ls`. */
  durable(service: string, purpose: string): string {
    return `${service}__${purpose}`.replace(/[.*> ]/g, '_');
  }
}

/** Subjects of the public inbound provisioning contract (stream PROVISIONING). */
export const provisioningSubject = (entity: 'customer' | 'cluster', verb: 'created' | 'updated' | 'deleted'): string =>
  `${PROVISIONING_ROOT}.${entity}.${verb}`;

/** Event subject of a smartlic service: `smartlic.<service>.v1.<entity>.<verb>`. */
export const eventSubject = (service: string, entity: string, verb: string, version = 1): string =>
  `${SMARTLIC_ROOT}.${service}.v${version}.${entity}.${verb}`;

/** Root of every command subject; `smartlic.cmd.<service>.>` holds the commands one service answers. */
export const COMMAND_ROOT = `${SMARTLIC_ROOT}.cmd`;

/**
 * Command subject (request/reply on core NATS, a queue group per service): `smartlic.cmd.<service>.v1.<entity>.<verb>`.
 * Streams list their event subjects one by one (see streams.ts) so that no stream ever captures a command: a
 * stream capturing a request would answer it with a PubAck.
 */
export const commandSubject = (service: string, entity: string, verb: string, version = 1): string =>
  `${COMMAND_ROOT}.${service}.v${version}.${entity}.${verb}`;

/**
 * Inbox prefix of a NATS user: the replies to its requests (commands, JetStream API, publish acks, pull deliveries)
 * arrive under `_INBOX_<user>.>`, the only inbox its permissions let it read, so no user reads another's replies.
 */
export const inboxPrefix = (user: string): string => `_INBOX_${user}`;

/** Dead-letter subject of a durable consumer. */
export const deadLetterSubject = (durable: string): string => `${SMARTLIC_ROOT}.dlq.${durable}`;
