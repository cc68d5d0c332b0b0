import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';

/** The built console (vite build's dist/console) next to the gateway's build: dist/services/gateway/src/modules/console → dist/console. */
export const defaultConsoleDir = (): string => fileURLToPath(new URL('../../../../../console/', import.meta.url));

/**
 * Serves the console at /console, same origin as /api/v1 (no CORS, the same bearer token): its files, and index.html
 * for any other path under it (client-side routes such as /console/clusters survive a reload). Hashed assets are
 * cached for a year; index.html never, so a new build is picked up at once.
 */
export const serveConsole = (app: INestApplication, dir = defaultConsoleDir()): boolean => {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  app.use('/console', express.static(dir, { index: false, immutable: true, maxAge: '365d' }));
  app.use('/console', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return true;
};
