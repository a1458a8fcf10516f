import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/domain';
import { ProjectionRunner } from '@app/projections';
import { invalidField } from '../http/validators';

const WAIT_MS = 5000;

/** API.md "Read-your-writes": a query with `minPosition` waits until the read models have applied it. */
@Injectable()
export class ReadYourWrites {
  constructor(private readonly runner: ProjectionRunner) {}

  async waitFor(minPosition: string | undefined): Promise<void> {
    if (minPosition === undefined || minPosition === '') return;
    if (!/^\d{1,19}$/.test(minPosition)) throw invalidField('minPosition', 'minPosition must be a position as returned by a command');
    if (await this.runner.waitFor(BigInt(minPosition), WAIT_MS)) return;
    throw new DomainError('READ_MODEL.BEHIND', 'unavailable', `the read models have not reached position ${minPosition} within ${WAIT_MS / 1000} s; retry`, {
      minPosition,
      retryAfterSeconds: 1,
    });
  }
}
