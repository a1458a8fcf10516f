import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, type ErrorCategory } from '@app/domain';
import { type ApiErrorCode, httpStatusErrorCode } from './http-error-codes';

const STATUS: Record<ErrorCategory, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rule: 422,
  too_many: 429,
  unavailable: 503,
};
const ERROR_NAME: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The one place where a refusal becomes an HTTP answer: `{ statusCode, error, code, message, details? }`. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { statusCode, code, message, details } = this.describe(exception);
    const retryAfter = (details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if ((statusCode === 503 || statusCode === 429) && retryAfter) response.setHeader('Retry-After', String(retryAfter));
    response.status(statusCode).json({ statusCode, error: ERROR_NAME[statusCode] ?? 'Error', code, message, details });
  }

  private describe(exception: unknown): { statusCode: number; code: ApiErrorCode; message: string; details?: unknown } {
    if (exception instanceof DomainError) {
      return { statusCode: STATUS[exception.category], code: exception.code, message: exception.message, details: exception.details };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
      // body-parser's refusals (malformed JSON, too large) arrive here as HttpExceptions.
      return { statusCode: status, code: httpStatusErrorCode(status), message };
    }
    const { status, expose } = (exception ?? {}) as { status?: number; expose?: boolean };
    if (status === 400 || status === 413) {
      return { statusCode: status, code: 'HTTP.BAD_BODY', message: `the request body is not valid JSON: ${(exception as Error).message}` };
    }
    // body-parser's other refusals (http-errors exposed to the client): an unsupported charset or Content-Encoding is a 415.
    if (expose === true && typeof status === 'number' && status >= 400 && status < 500) {
      return { statusCode: status, code: 'HTTP.BAD_BODY', message: `the request body cannot be read: ${(exception as Error).message}` };
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    return { statusCode: 500, code: 'INTERNAL', message: 'internal error; it has been logged' };
  }
}
