/** Injection tokens of what every service shares. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const NATS_HANDLES = Symbol('NATS_HANDLES');
export const PINO_LOGGER = Symbol('PINO_LOGGER');
export const SERVICE_NAME = Symbol('SERVICE_NAME');
