import { type ExecutionContext, HttpException, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Actor } from '@app/domain';

/**
 * Requests a minute per caller (`@nestjs/throttler`): the token's subject once the auth guard has
 * named it — so one integrator cannot starve the floor whatever addresses it calls from — else the
 * client's address. Over the limit: 429 with `Retry-After`, in API.md's error shape.
 */
@Injectable()
export class CallerThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(req: { actor?: Actor; ip?: string }): Promise<string> {
    return Promise.resolve(req.actor ? `sub:${req.actor.sub}` : `ip:${req.ip ?? 'unknown'}`);
  }

  protected override throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new HttpException({ message: `too many requests: at most ${detail.limit} a minute per caller; retry after ${detail.timeToBlockExpire} s` }, 429);
  }
}
