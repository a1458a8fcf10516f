import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DeliveryState, RegisteredWebhook, WebhookStatus } from '@app/webhooks';

export class ParkingDto {
  @ApiProperty({ description: 'global position of the event that could not be delivered; a re-drive resumes with it' }) position: string;
  @ApiProperty() eventId: string;
  @ApiProperty() attempts: number;
  @ApiProperty() lastError: string;
  @ApiProperty() parkedAt: string;
}

/** A subscriber as its owner and managers see it: never its secret. */
export class WebhookView {
  @ApiProperty() webhookId: string;
  @ApiProperty() ownerId: string;
  @ApiProperty() url: string;
  @ApiProperty({ type: [String] }) types: string[];
  @ApiProperty({ enum: ['active', 'parked', 'deactivated'] }) state: WebhookStatus;
  @ApiProperty() registeredAt: string;
  @ApiProperty({ description: 'deliveries started after this position' }) fromPosition: string;
  @ApiProperty({ description: "the subscriber's checkpoint: every event of its types up to this global position has been delivered (2xx)" }) checkpoint: string;
  @ApiProperty({ description: 'events delivered (2xx) so far' }) delivered: number;
  @ApiProperty({ description: 'consecutive failed attempts at the event after the checkpoint' }) attempts: number;
  @ApiProperty({ nullable: true, type: String, description: 'the last failure, cleared by the next delivery' }) lastError: string | null;
  @ApiProperty({ nullable: true, type: String }) lastAttemptAt: string | null;
  @ApiProperty({ nullable: true, type: String }) lastDeliveredAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'no attempt before this (the backoff)' }) nextAttemptAt: string | null;
  @ApiProperty({ nullable: true, type: ParkingDto }) parked: ParkingDto | null;
  @ApiProperty() redrives: number;
  @ApiPropertyOptional() deactivatedAt?: string;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function webhookView(webhook: RegisteredWebhook, delivery: DeliveryState | undefined): WebhookView {
  // A re-drive the dispatcher has not yet taken up already means: attempts start over.
  const current = delivery && delivery.redrives >= webhook.redrives ? delivery : undefined;
  return {
    webhookId: webhook.webhookId,
    ownerId: webhook.ownerId,
    url: webhook.url,
    types: [...webhook.types],
    state: webhook.status,
    registeredAt: webhook.registeredAt,
    fromPosition: webhook.fromPosition,
    checkpoint: (delivery?.position ?? BigInt(webhook.fromPosition)).toString(),
    delivered: delivery?.delivered ?? 0,
    attempts: current?.attempts ?? 0,
    lastError: delivery?.lastError ?? null,
    lastAttemptAt: iso(delivery?.lastAttemptAt),
    lastDeliveredAt: iso(delivery?.lastDeliveredAt),
    nextAttemptAt: webhook.status === 'active' ? iso(current?.nextAttemptAt) : null,
    parked: webhook.parked ? { ...webhook.parked } : null,
    redrives: webhook.redrives,
    ...(webhook.deactivatedAt ? { deactivatedAt: webhook.deactivatedAt } : {}),
  };
}
