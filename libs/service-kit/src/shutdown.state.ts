import { Injectable } from '@nestjs/common';

/** Set when SIGTERM arrives, so /readyz fails while in-flight work finishes. */
@Injectable()
export class ShutdownState {
  shuttingDown = false;
}
