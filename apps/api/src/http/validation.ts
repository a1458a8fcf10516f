import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError } from '@app/domain';

function flatten(errors: ValidationError[], parent = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Unknown fields are refused; every bad field is named in `details.fields`. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => {
    const fields = flatten(errors);
    return new DomainError(
      'VALIDATION.FAILED',
      'validation',
      fields.map((f) => `${f.field}: ${f.problems.join('; ')}`).join(' | '),
      { fields },
    );
  },
});
