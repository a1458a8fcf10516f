import type { ErrorCode } from '@app/domain';

/**
 * Codes of what no handler refused, which only the exception filter gives: Nest's own
 * HttpExceptions (its router's 404 above all), one code per status Nest has an exception class for.
 */
export const HTTP_STATUS_ERROR_CODES = {
  400: 'HTTP.400',
  401: 'HTTP.401',
  403: 'HTTP.403',
  404: 'HTTP.404',
  405: 'HTTP.405',
  406: 'HTTP.406',
  408: 'HTTP.408',
  409: 'HTTP.409',
  410: 'HTTP.410',
  412: 'HTTP.412',
  413: 'HTTP.413',
  415: 'HTTP.415',
  418: 'HTTP.418',
  421: 'HTTP.421',
  422: 'HTTP.422',
  429: 'HTTP.429',
  500: 'HTTP.500',
  501: 'HTTP.501',
  502: 'HTTP.502',
  503: 'HTTP.503',
  504: 'HTTP.504',
  505: 'HTTP.505',
} as const;

/** A body the parser could not read, and the unexpected (logged, never described). */
export const HTTP_ERROR_CODES = ['HTTP.BAD_BODY', 'INTERNAL', ...Object.values(HTTP_STATUS_ERROR_CODES)] as const;
export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[number];

/** Every code an error body may carry. */
export type ApiErrorCode = ErrorCode | HttpErrorCode;

/** A status Nest has no exception class for (nothing here throws one) takes its class's first code. */
export function httpStatusErrorCode(status: number): HttpErrorCode {
  return (HTTP_STATUS_ERROR_CODES as Record<number, HttpErrorCode | undefined>)[status] ?? (status >= 500 ? 'HTTP.500' : 'HTTP.400');
}
