import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiEventStreamResult } from '../../common/params/api-result.js';
import { LiveEventsPort } from './live-events.port.js';

/** A comment line every 15 s keeps proxies from closing an idle stream and shows a dead one to the browser. */
const HEARTBEAT_MS = 15_000;

@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(private readonly live: LiveEventsPort) {}

  @Get('stream')
  @ApiOperation({ summary: 'Live events of the console (server-sent events, viewer): `job` (a job changed: jobSchema) and `cluster` (a Cluster Summary status changed)' })
  @ApiEventStreamResult()
  stream(@Req() req: Request, @Res() res: Response): void {
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache, no-transform');
    // nginx and similar proxies buffer responses unless told otherwise.
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    res.write(': connected\n\n');
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    const stop = this.live.listen((event) => {
      if (event === 'closed') return res.end();
      res.write(`event: ${event.name}\ndata: ${JSON.stringify(event.data)}\n\n`);
    });
    req.on('close', () => {
      clearInterval(heartbeat);
      stop();
    });
  }
}
