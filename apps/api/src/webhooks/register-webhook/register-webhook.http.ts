import { Body, Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateBy } from 'class-validator';
import type { Request, Response } from 'express';
import { type Actor, DomainError, INTEGRATION_EVENT_TYPES } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, IsEntityId, WriteResultDto } from '../../http/command-http';
import { TargetGuard, TargetRefused, WEBHOOK_CONFIG, type WebhookConfig, Webhooks, WebhookSecrets } from '@app/webhooks';
import { RegisterWebhookCommand } from './register-webhook.command';

export const MIN_SECRET_LENGTH = 16;

/** An absolute http(s) URL. */
const IsHttpUrl = () =>
  ValidateBy({
    name: 'isHttpUrl',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string' || value.length > 2048) return false;
        try {
          const url = new URL(value);
          return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
        } catch {
          return false;
        }
      },
      defaultMessage: () => '$property must be an absolute http:// or https:// URL (at most 2048 characters)',
    },
  });

export class RegisterWebhookDto {
  @ApiProperty({
    example: 'bi-nightly',
    description: "the client's own id for the subscriber; registering it again with the same body answers the first result",
  })
  @IsEntityId()
  webhookId: string;

  @ApiProperty({ example: 'https://bi.example.com/hooks/telesales' })
  @IsHttpUrl()
  url: string;

  @ApiProperty({ example: ['telesales.call.logged.v1'], description: 'public integration event types (see /api/asyncapi.json), at least one', type: [String] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(INTEGRATION_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(INTEGRATION_EVENT_TYPES as string[], { each: true, message: `$property must each be one of ${INTEGRATION_EVENT_TYPES.join(', ')}` })
  types: string[];

  @ApiProperty({
    example: 'whsec-3f9a1c7e5b2d4a60',
    description: `signs every delivery (HMAC-SHA256); at least ${MIN_SECRET_LENGTH} characters; never shown again`,
  })
  @IsString()
  @MinLength(MIN_SECRET_LENGTH)
  @MaxLength(512)
  secret: string;

  @ApiPropertyOptional({ example: '0', description: 'deliver events after this global position; "0" (the default) delivers the whole history' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: '$property must be a position as returned by a command or the event feed' })
  fromPosition?: string;
}

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class RegisterWebhookController {
  constructor(
    private readonly commands: CommandBus,
    private readonly secrets: WebhookSecrets,
    private readonly targets: TargetGuard,
    private readonly webhooks: Webhooks,
    @Inject(WEBHOOK_CONFIG) private readonly config: WebhookConfig,
  ) {}

  /**
   * An integrator registers a subscriber of its own; deliveries start at once (see the README,
   * "Webhooks"). A url on the service's own network (loopback, private, link-local, …) is refused
   * here and again at every delivery.
   */
  @Post()
  @Roles('integrator')
  @ApiResponse({ status: 201, type: WriteResultDto })
  async register(@Body() body: RegisterWebhookDto, @CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { webhookId, url, types } = body;
    await this.targets.check(new URL(url)).catch((error: unknown) => {
      if (!(error instanceof TargetRefused)) throw error;
      throw new DomainError(
        'WEBHOOK.TARGET_FORBIDDEN',
        'rule',
        `a webhook may not call ${error.message}; only receivers on the internet, or in WEBHOOK_ALLOWED_HOSTS`,
        {
          field: 'url',
          addressClass: error.kind,
        },
      );
    });
    await this.withinCap(actor, webhookId);
    const fromPosition = BigInt(body.fromPosition ?? '0').toString();
    // The command's identity sees the secret only as a keyed digest: a retry is recognised, the secret is never stored in clear.
    const identity = { webhookId, url, types: [...types].sort(), fromPosition, secretDigest: this.secrets.digest(webhookId, body.secret) };
    const ctx = commandContext(req, actor, 'RegisterWebhook', identity, { ownId: webhookId });
    const data = { webhookId, url, types, fromPosition, sealedSecret: this.secrets.seal(webhookId, body.secret) };
    return answer(res, await this.commands.execute(new RegisterWebhookCommand(data, ctx)));
  }

  /** One integrator holds at most `WEBHOOK_MAX_PER_INTEGRATOR` webhooks not deactivated (a retry of one of them is not a new one). */
  private async withinCap(actor: Actor, webhookId: string): Promise<void> {
    const held = (await this.webhooks.all()).filter((w) => w.ownerId === actor.sub && w.status !== 'deactivated' && w.webhookId !== webhookId).length;
    if (held >= this.config.maxPerIntegrator) {
      throw new DomainError(
        'WEBHOOK.TOO_MANY',
        'rule',
        `an integrator may hold at most ${this.config.maxPerIntegrator} webhooks that are not deactivated; deactivate one first`,
        { maxWebhooks: this.config.maxPerIntegrator },
      );
    }
  }
}
