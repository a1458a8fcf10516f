import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError } from '@app/domain';

function flatten(errors: ValidationError[], parent = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Far deeper than any body of API.md (a plan is 3 levels); see `BoundedValidationPipe`. */
export const MAX_NESTING = 32;
/** Above the largest body of API.md (an appeal: 50 claims of 200 event ids each); see `BoundedValidationPipe`. */
export const MAX_VALUES = 15_000;

/** U+0000, or half of a surrogate pair: neither can be stored (PostgreSQL's jsonb refuses both; UTF-8 has no form for the second). */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what this looks for.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first field of a client's value that no DTO rule should ever see; walks without recursion. */
function unreadable(value: unknown, root: string): { field: string; problem: string } | undefined {
  const pending: [unknown, string, number][] = [[value, root, 0]];
  let values = 1;
  while (pending.length > 0) {
    const [node, field, depth] = pending.pop()!;
    if (typeof node === 'string' && UNSTORABLE.test(node)) {
      return { field, problem: 'must not contain U+0000 or an unpaired surrogate (\\ud800–\\udfff)' };
    }
    if (node === null || typeof node !== 'object') continue;
    if (depth > MAX_NESTING) return { field: root, problem: `must not nest objects or arrays more than ${MAX_NESTING} levels deep` };
    const keys = Object.keys(node);
    values += keys.length;
    if (values > MAX_VALUES) return { field: root, problem: `must not hold more than ${MAX_VALUES} values` };
    for (const key of keys) {
      const path = field === root ? key : `${field}.${key}`;
      if (UNSTORABLE.test(key)) return { field: path, problem: 'a field name must not contain U+0000 or an unpaired surrogate' };
      pending.push([(node as Record<string, unknown>)[key], path, depth + 1]);
    }
  }
  return undefined;
}

/**
 * Refuses, before Nest's pipe sees it, what would break it or the store: a value nested a few
 * thousand levels deep exhausted the stack of the pipe's recursive walk, and text with U+0000 or
 * a lone surrogate passed validation only for PostgreSQL to refuse the event (both answered 500);
 * a body of hundreds of thousands of values kept the event loop busy for seconds before its 400.
 */
class BoundedValidationPipe extends ValidationPipe {
  // `any` as in ValidationPipe: callers get back what the DTO class makes of the value.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<any> {
    // Custom decorators' values (the request itself, for one) are not the client's and are not validated.
    const bad = metadata.type === 'custom' ? undefined : unreadable(value, metadata.data ?? metadata.type);
    if (bad) {
      throw new DomainError('VALIDATION.FAILED', 'validation', `${bad.field}: ${bad.problem}`, { fields: [{ field: bad.field, problems: [bad.problem] }] });
    }
    return super.transform(value, metadata);
  }
}

/** Unknown fields are refused; every bad field is named in `details.fields`. */
export const validationPipe = new BoundedValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => {
    const fields = flatten(errors);
    return new DomainError('VALIDATION.FAILED', 'validation', fields.map((f) => `${f.field}: ${f.problems.join('; ')}`).join(' | '), { fields });
  },
});
