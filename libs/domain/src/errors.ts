import type { ErrorCode } from './error-codes';

/** How a refusal maps onto the API: the exception filter turns each category into one HTTP status. */
/** `too_many`: a cap on what one caller may hold open at once (429). */
export type ErrorCategory = 'validation' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'rule' | 'too_many' | 'unavailable';

/** A refusal with a stable code (`LEAD.DUPLICATE_PHONE`) that clients may depend on. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly category: ErrorCategory,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (code: ErrorCode, message: string, details?: Record<string, unknown>) => new DomainError(code, 'not_found', message, details);
export const conflict = (code: ErrorCode, message: string, details?: Record<string, unknown>) => new DomainError(code, 'conflict', message, details);
export const ruleBroken = (code: ErrorCode, message: string, details?: Record<string, unknown>) => new DomainError(code, 'rule', message, details);
export const forbidden = (code: ErrorCode, message: string, details?: Record<string, unknown>) => new DomainError(code, 'forbidden', message, details);
export const invalid = (code: ErrorCode, message: string, details?: Record<string, unknown>) => new DomainError(code, 'validation', message, details);
