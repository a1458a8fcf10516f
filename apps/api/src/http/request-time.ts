import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { Clock } from '@app/application';

const RECEIVED_AT = Symbol('receivedAt');
type Stamped = Request & { [RECEIVED_AT]?: Date };

/** Reads the clock once per request, so every part of one request agrees on its time. */
@Injectable()
export class StampRequestTime implements NestInterceptor {
  constructor(private readonly clock: Clock) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') context.switchToHttp().getRequest<Stamped>()[RECEIVED_AT] = this.clock.now();
    return next.handle();
  }
}

/** The time of the request by the service's clock, read as it reached its route. */
export function receivedAt(request: Request): Date {
  const stamped = (request as Stamped)[RECEIVED_AT];
  if (!stamped) throw new Error('StampRequestTime did not run for this request');
  return stamped;
}
