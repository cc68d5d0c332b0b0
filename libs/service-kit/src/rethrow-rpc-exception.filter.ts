import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default RPC filter replaces unknown errors by "Internal server error"; our transports need the
 * original error to tell a poison message (dead letter) from a transient one (redeliver), and to return the
 * catalogue code of a command failure.
 */
@Catch()
export class RethrowRpcExceptionFilter implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
