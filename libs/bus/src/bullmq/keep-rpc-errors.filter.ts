import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default RPC filter replaces any error with "Internal server error".
 * Job handlers' errors carry the reason a build failed (and BullMQ's
 * UnrecoverableError must keep its class), so they travel unchanged.
 */
@Catch()
export class KeepRpcErrorsFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
