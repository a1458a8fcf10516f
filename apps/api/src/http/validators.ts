import { applyDecorators } from '@nestjs/common';
import { IsISO8601, IsString, Matches } from 'class-validator';
import { DomainError } from '@app/domain';

/** An instant with an explicit offset: 2026-10-08T09:30:00+08:00 or …Z. */
export const IsInstant = () =>
  applyDecorators(
    IsISO8601({ strict: true }, { message: '$property must be an ISO-8601 instant' }),
    Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/, {
      message: '$property must carry a time zone offset (Z or ±hh:mm)',
    }),
  );

/** A calendar date, YYYY-MM-DD, that exists. */
export const IsLocalDate = () =>
  applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' }),
    IsISO8601({ strict: true }, { message: '$property must be a real calendar date' }),
  );

/** A 400 for a field whose shape passed but whose content did not (a phone that is no phone). */
export function invalidField(field: string, problem: string): DomainError {
  return new DomainError('VALIDATION.FAILED', 'validation', `${field}: ${problem}`, {
    fields: [{ field, problems: [problem] }],
  });
}

/** A lead category as a plan declares it (A, 意向客户): 1–40 characters, no space at either end, no control characters. */
export const CATEGORY_NAME = /^[^\s\p{Cc}](?:[^\p{Cc}]{0,38}[^\s\p{Cc}])?$/u;
export const IsCategoryName = () =>
  applyDecorators(
    IsString({ message: '$property must be a category name (text)' }),
    Matches(CATEGORY_NAME, { message: '$property must be a category name: 1–40 characters, no space at either end, no control characters' }),
  );
