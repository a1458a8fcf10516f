import { type CallHandler, type ExecutionContext, Global, Injectable, Module, type NestInterceptor } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

/**
 * The one clock the service reads business time from: what a command is decided at, the day
 * "today" means to a query, whether a month has ended, every deadline. Tests pin it
 * (`test/support/clock.ts`), so no test depends on the machine's date. Token lifetimes (`exp`)
 * are wall time and stay with the JWT library.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

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

/** The clock for every module of the service, and the stamp on every request. */
@Global()
@Module({ providers: [Clock, { provide: APP_INTERCEPTOR, useClass: StampRequestTime }], exports: [Clock] })
export class ClockModule {}
