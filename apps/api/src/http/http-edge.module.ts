import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuthGuard, JWT_SECRET } from './auth';
import { ErrorFilter } from './error.filter';
import { StampRequestTime } from './request-time';

/** What every request passes through, whatever its context: the auth guard, the request's time, the one error filter. */
@Module({})
export class HttpEdgeModule {
  static forRoot(jwtSecret: string): DynamicModule {
    return {
      module: HttpEdgeModule,
      providers: [
        { provide: JWT_SECRET, useValue: jwtSecret },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: StampRequestTime },
      ],
    };
  }
}
