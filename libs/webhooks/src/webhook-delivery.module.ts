import { type DynamicModule, Inject, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ApplicationModule, Clock } from '@app/application';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { READ_MODELS, type ReadModelDb } from '@app/projections';
import { DeliveryStates } from './delivery/delivery-state';
import { TargetGuard } from './delivery/target-guard';
import { WebhookDispatcher } from './delivery/webhook-dispatcher';
import { loadWebhookConfig, type WebhookConfig } from './webhook-config';
import { WebhookSecrets } from './webhook-secrets';
import { Webhooks } from './webhooks';

export interface WebhookDeliveryOptions {
  /** Deliver in this process: where the projections run (RUN_PROJECTIONS, or the worker). */
  deliver: boolean;
  /** AUTH_JWT_SECRET, from which the secret-sealing key is derived when WEBHOOK_SECRET_KEY is unset. */
  jwtSecret: string;
  /** The key of the `leadRef` pseudonyms, as the event feed uses it. */
  pseudonymKey: string;
  /** The knobs; read from the environment when absent. */
  config?: WebhookConfig;
}

const DELIVER = Symbol('WEBHOOKS_DELIVER');
/** The delivery knobs, for the routes that enforce them (the cap on webhooks per integrator). */
export const WEBHOOK_CONFIG = Symbol('WEBHOOK_CONFIG');
const DERIVED_KEY = Symbol('WEBHOOKS_DERIVED_KEY');

/** Webhook subscribers' streams and sealed secrets, and the dispatcher that delivers to them; the API adds their routes. */
@Module({})
export class WebhookDeliveryModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly dispatcher: WebhookDispatcher,
    @Inject(DELIVER) private readonly deliverHere: boolean,
    @Inject(DERIVED_KEY) private readonly derivedKey: boolean,
  ) {}

  static forRoot(options: WebhookDeliveryOptions): DynamicModule {
    const config = options.config ?? loadWebhookConfig(options.jwtSecret);
    return {
      module: WebhookDeliveryModule,
      imports: [ApplicationModule],
      providers: [
        Webhooks,
        { provide: DELIVER, useValue: options.deliver },
        { provide: WEBHOOK_CONFIG, useValue: config },
        { provide: DERIVED_KEY, useValue: config.derivedSecretKey },
        { provide: WebhookSecrets, useValue: new WebhookSecrets(config.secretKey) },
        { provide: TargetGuard, useValue: new TargetGuard(config.allowedHosts) },
        { provide: DeliveryStates, inject: [READ_MODELS], useFactory: (db: ReadModelDb) => new DeliveryStates(db) },
        {
          provide: WebhookDispatcher,
          inject: [EVENT_STORE, READ_MODELS, DeliveryStates, Webhooks, WebhookSecrets, Clock, TargetGuard],
          useFactory: (
            store: EventStore,
            db: ReadModelDb,
            deliveries: DeliveryStates,
            webhooks: Webhooks,
            secrets: WebhookSecrets,
            clock: Clock,
            guard: TargetGuard,
          ) =>
            new WebhookDispatcher({
              store,
              db,
              deliveries,
              webhooks,
              secrets,
              config,
              clock,
              guard,
              pseudonymKey: options.pseudonymKey,
              log: new Logger('Webhooks'),
            }),
        },
      ],
      exports: [Webhooks, WebhookSecrets, DeliveryStates, TargetGuard, WEBHOOK_CONFIG],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.derivedKey && process.env.NODE_ENV === 'production') {
      new Logger('Webhooks').warn(
        "WEBHOOK_SECRET_KEY is not set: subscribers' secrets are sealed with a key derived from AUTH_JWT_SECRET, so changing that secret breaks every webhook",
      );
    }
    if (this.deliverHere) this.dispatcher.start();
  }

  /** Before the databases close (their modules close them at application shutdown). */
  async onModuleDestroy(): Promise<void> {
    await this.dispatcher.stop();
  }
}
