import { type ArgumentsHost, HttpException, Logger, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { DomainError } from '@app/domain';
import { ErrorFilter } from './error.filter';
import { HTTP_ERROR_CODES, HTTP_STATUS_ERROR_CODES } from './http-error-codes';

/** What the filter answers to `exception`: status, headers and body. */
function answer(exception: unknown) {
  const sent = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown };
  const response = {
    status: (status: number) => ((sent.status = status), response),
    json: (body: unknown) => ((sent.body = body), response),
    setHeader: (name: string, value: string) => void (sent.headers[name] = value),
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new ErrorFilter().catch(exception, host);
  return sent;
}

describe('the exception filter', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('answers a refusal with its category status and its code, message and details', () => {
    const sent = answer(new DomainError('STORE.BEHIND', 'unavailable', 'not there yet; retry', { retryAfterSeconds: 1 }));
    expect(sent).toEqual({
      status: 503,
      headers: { 'Retry-After': '1' },
      body: { statusCode: 503, error: 'Service Unavailable', code: 'STORE.BEHIND', message: 'not there yet; retry', details: { retryAfterSeconds: 1 } },
    });
  });

  it("gives Nest's own exceptions the catalogue code of their status", () => {
    expect(answer(new NotFoundException('Cannot GET /api/nowhere')).body).toMatchObject({
      statusCode: 404,
      code: 'HTTP.404',
      message: 'Cannot GET /api/nowhere',
    });
    expect(answer(new PayloadTooLargeException()).body).toMatchObject({ statusCode: 413, code: 'HTTP.413' });
    // The rate limit's 429 has its own code; a status with none (451) stays, the code is its class's first.
    expect(answer(new HttpException('slow down', 429)).body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', code: 'HTTP.429' });
    expect(answer(new HttpException('unavailable for legal reasons', 451)).body).toMatchObject({ statusCode: 451, code: 'HTTP.400' });
  });

  it('names an unreadable body HTTP.BAD_BODY and anything unexpected INTERNAL', () => {
    expect(answer(Object.assign(new Error('Unexpected token'), { status: 400, expose: true })).body).toMatchObject({ statusCode: 400, code: 'HTTP.BAD_BODY' });
    expect(answer(Object.assign(new Error('unsupported charset'), { status: 415, expose: true })).body).toMatchObject({
      statusCode: 415,
      code: 'HTTP.BAD_BODY',
    });
    expect(answer(new Error('boom')).body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'INTERNAL',
      message: 'internal error; it has been logged',
    });
  });

  it('has one code per status, spelt after it, and no code twice', () => {
    for (const [status, code] of Object.entries(HTTP_STATUS_ERROR_CODES)) expect(code).toBe(`HTTP.${status}`);
    expect(new Set(HTTP_ERROR_CODES).size).toBe(HTTP_ERROR_CODES.length);
    expect(HTTP_ERROR_CODES).toEqual(expect.arrayContaining(['HTTP.BAD_BODY', 'INTERNAL', 'HTTP.404']));
  });
});
