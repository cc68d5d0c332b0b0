import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BaseExceptionFilter, type HttpAdapterHost } from '@nestjs/core';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default RPC filter replaces unknown errors by "Internal server error"; our transports need the
 * original error to tell a poison message (dead letter) from a transient one (redeliver), and to return the
 * catalogue code of a command failure. HTTP errors keep Nest's default handling.
 */
@Catch()
export class RethrowRpcExceptionFilter implements ExceptionFilter {
  private readonly http: BaseExceptionFilter;

  constructor(adapterHost: HttpAdapterHost) {
    this.http = new BaseExceptionFilter(adapterHost.httpAdapter);
  }

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() === 'rpc') return throwError(() => exception);
    return this.http.catch(exception, host);
  }
}
