import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';
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
