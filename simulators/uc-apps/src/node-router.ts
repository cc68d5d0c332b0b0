import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { isRebooting, type ClusterStore } from './cluster.store.js';

export const ADMIN_PREFIX = '/__admin/';

/** 127.0.0.0/8 and ::1, also IPv4-mapped: the only peers the simulator talks to. */
export const isLoopback = (address: string | undefined): boolean =>
  address !== undefined && (address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.'));

/**
 * Listening on 0.0.0.0 is what lets one port answer for every 127.x.y.z node address (a socket bound to 127.0.0.1
 * only accepts 127.0.0.1), but it also exposes the unauthenticated admin API and the fake clusters to the network:
 * connections from anything but loopback are dropped at once.
 */
export const guardLoopback = (socket: Socket): void => {
  if (!isLoopback(socket.remoteAddress)) socket.destroy();
};

/**
 * Sits in front of fastify: a request whose Host names no node, or a node whose cluster is rebooting, gets its
 * connection reset, as an unreachable or restarting host would. `/__admin/*` is never routed by Host.
 */
export const routeByHost =
  (store: ClusterStore, next: (req: IncomingMessage, res: ServerResponse) => void) =>
  (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url?.startsWith(ADMIN_PREFIX) !== true) {
      const node = store.nodeByHost(req.headers.host ?? '');
      if (!node || isRebooting(node.cluster)) {
        req.socket.destroy();
        return;
      }
    }
    next(req, res);
  };
