import type { ErrorCode } from '../error-codes';
import { DomainError } from '../errors';

/** given(events) / when(command) / then(events or error), over any pure decide/evolve pair. */
export function specification<S, E, C, X>(initial: S, evolve: (state: S, event: E) => S, decide: (command: C, state: S, context: X) => E[]) {
  return (given: E[]) => ({
    when: (command: C, context: X) => {
      const run = () => decide(command, given.reduce(evolve, initial), context);
      return {
        then: (expected: E[]) => expect(run()).toEqual(expected),
        thenRefused: (code: ErrorCode, category?: DomainError['category']) => {
          let error: unknown;
          try {
            run();
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe(code);
          if (category) expect((error as DomainError).category).toBe(category);
        },
      };
    },
  });
}
