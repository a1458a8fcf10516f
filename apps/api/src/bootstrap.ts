import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppModule } from './app.module';
import type { AppConfig } from '@app/platform';
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
  // The ecosystem's security headers (no sniffing, no framing, HSTS, a same-origin CSP the docs page fits).
  app.use(helmet());
  // Browsers may call from the configured origins only; without any, no cross-origin call is allowed.
  if (config.edge?.corsOrigins.length) {
    app.enableCors({
      origin: config.edge.corsOrigins,
      methods: ['GET', 'POST'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID'],
      exposedHeaders: ['Retry-After'],
      maxAge: 600,
    });
  }
  app.useBodyParser('json', { limit: '1mb' });
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();
  answerUnparsableRequests(app.getHttpServer() as Server);
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

/**
 * Requests Node refuses before any route sees them (headers over its 16 KiB limit, bytes that are
 * not HTTP) get the error shape of API.md too, where Node would answer with an empty body.
 */
const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'the request headers are larger than the 16 KiB the server takes'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'the request did not arrive in time'],
};

function answerUnparsableRequests(server: Server): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const [statusCode, reason, message] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'Bad Request', 'the request is not well-formed HTTP'];
    const body = JSON.stringify({ statusCode, error: reason, message });
    socket.end(
      `HTTP/1.1 ${statusCode} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
