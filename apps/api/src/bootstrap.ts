import { type INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import type { AppConfig } from './config';
import { validationPipe } from './http/validation';

/** Builds the whole HTTP application; `main` listens with it, the e2e tests drive it directly. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  if (config.devSecret) {
    new Logger('Auth').warn('AUTH_JWT_SECRET is not set: using the development secret. Never do this in production.');
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: process.env.NODE_ENV === 'test' ? ['error', 'warn'] : undefined,
  });
  app.setGlobalPrefix('api');
  app.useBodyParser('json', { limit: '1mb' });
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('The ledger of every call')
      .setDescription('Event-sourced telesales backend: commands write events, queries read projections. Contract: API.md.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json' });
  return app;
}
