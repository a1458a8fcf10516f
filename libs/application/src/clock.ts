import { Global, Injectable, Module } from '@nestjs/common';

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

/** Global, so that every module reads the one instance a test pins. */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
