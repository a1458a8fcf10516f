import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { EdgeConfig } from '@app/platform';
import { AuthGuard, DEFAULT_TOKEN_POLICY, JWT_SECRET, TOKEN_POLICY, type TokenPolicy } from './auth';
import { ErrorFilter } from './error.filter';
import { CallerThrottlerGuard } from './rate-limit';
import { StampRequestTime } from './request-time';

/**
 * What every request passes through, whatever its context: the auth guard, then the rate limit
 * per caller it has named, the request's time, the one error filter. Without an edge policy (the
 * tests' own configurations) tokens get the default policy and nothing is rate-limited.
 */
@Module({})
export class HttpEdgeModule {
  static forRoot(jwtSecret: string, edge?: EdgeConfig): DynamicModule {
    const policy: TokenPolicy = edge ? { maxAgeSeconds: edge.maxTokenAgeSeconds, issuer: edge.issuer, audience: edge.audience } : DEFAULT_TOKEN_POLICY;
    const limit = edge?.rateLimitPerMinute ?? 0;
    // Guards run in the order given: the caller is known before their requests are counted.
    const guards: Provider[] = [{ provide: APP_GUARD, useClass: AuthGuard }];
    if (limit > 0) guards.push({ provide: APP_GUARD, useClass: CallerThrottlerGuard });
    return {
      module: HttpEdgeModule,
      imports: limit > 0 ? [ThrottlerModule.forRoot([{ ttl: 60_000, limit }])] : [],
      providers: [
        { provide: JWT_SECRET, useValue: jwtSecret },
        { provide: TOKEN_POLICY, useValue: policy },
        ...guards,
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: StampRequestTime },
      ],
    };
  }
}
