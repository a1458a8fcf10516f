import { Controller, Delete, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, entityIdParam, WriteResultDto } from '../../http/command-http';
import { DeactivateWebhookCommand } from './deactivate-webhook.command';

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class DeactivateWebhookController {
  constructor(private readonly commands: CommandBus) {}

  /** Its owner stops a webhook for good (the id stays taken); sending it again answers the first result. */
  @Post(':webhookId/deactivate')
  @Roles('integrator')
  @ApiResponse({ status: 201, type: WriteResultDto })
  async deactivate(
    @Param('webhookId', entityIdParam('webhookId')) webhookId: string,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const ctx = commandContext(req, actor, 'DeactivateWebhook', { webhookId }, { ownId: webhookId });
    return answer(res, await this.commands.execute(new DeactivateWebhookCommand(webhookId, ctx)));
  }

  /** The same as POST …/deactivate, answered 200 with the write result. */
  @Delete(':webhookId')
  @Roles('integrator')
  @HttpCode(200)
  @ApiResponse({ status: 200, type: WriteResultDto })
  async remove(@Param('webhookId', entityIdParam('webhookId')) webhookId: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    const ctx = commandContext(req, actor, 'DeactivateWebhook', { webhookId }, { ownId: webhookId });
    const result = await this.commands.execute(new DeactivateWebhookCommand(webhookId, ctx));
    return { streamId: result.streamId, revision: Number(result.revision), position: result.position.toString() };
  }
}
