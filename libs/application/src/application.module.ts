import { Module } from '@nestjs/common';
import { CommandExecutor } from './command-executor';
import { EventReader } from './event-reader';

/** The glue every command and query shares, one instance for every module that imports it. */
@Module({ providers: [EventReader, CommandExecutor], exports: [EventReader, CommandExecutor] })
export class ApplicationModule {}
