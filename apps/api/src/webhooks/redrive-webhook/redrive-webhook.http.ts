import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, entityIdParam, WriteResultDto } from '../../http/command-http';
import { RedriveWebhookCommand } from './redrive-webhook.command';

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class RedriveWebhookController {
  constructor(private readonly commands: CommandBus) {}

  /** Its owner un-parks a parked webhook: deliveries resume with the event that could not be delivered. */
  @Post(':webhookId/redrive')
  @Roles('integrator')
  @ApiResponse({ status: 201, type: WriteResultDto })
  @ApiResponse({ status: 409, description: 'WEBHOOK.NOT_PARKED' })
  async redrive(
    @Param('webhookId', entityIdParam('webhookId')) webhookId: string,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const ctx = commandContext(req, actor, 'RedriveWebhook', { webhookId }, { ownId: webhookId });
    return answer(res, await this.commands.execute(new RedriveWebhookCommand(webhookId, ctx)));
  }
}
