import { createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import { type Command, CommandBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import type { Actor } from '@app/domain';
import type { CommandContext, WriteResult } from '@app/application';
import { answer, commandContext, type WriteResultDto } from '../http/command-http';

/** Who calls and the exchange a command route answers on. */
export interface Caller {
  req: Request;
  res: Response;
  actor: Actor;
}

/** The caller of a route: the request, the response (its status is set by `answer`) and the authenticated actor. */
export const CallerOf = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const http = ctx.switchToHttp();
  const req = http.getRequest<Request & { actor: Actor }>();
  return { req, res: http.getResponse<Response>(), actor: req.actor };
});

/** Sends an appraisal command the way every command route does, decided at the request's time. */
@Injectable()
export class AppraisalHttp {
  constructor(private readonly commands: CommandBus) {}

  async send<D extends object>(
    { req, res, actor }: Caller,
    type: string,
    CommandClass: new (data: D, ctx: CommandContext) => Command<WriteResult>,
    data: D,
    identity: { ownId: string } | { scope: string },
  ): Promise<WriteResultDto> {
    return answer(res, await this.commands.execute(new CommandClass(data, commandContext(req, actor, type, data, identity))));
  }
}
