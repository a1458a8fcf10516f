import { isEffective, type CallOutcome } from './lead/lead.events';

/** Schema version written for each event type today; anything not listed is at version 1. */
export const CURRENT_SCHEMA_VERSION: Readonly<Record<string, number>> = { CallLogged: 2 };

export const schemaVersionOf = (type: string): number => CURRENT_SCHEMA_VERSION[type] ?? 1;

/**
 * CallLogged v1 (the first call-platform import) said `talkSeconds` and left effectiveness to the
 * reader; v2 says `durationSeconds` and records `effective`.
 */
export const domainUpcasters = [
  {
    type: 'CallLogged',
    fromVersion: 1,
    upcast: (data: Record<string, unknown>) => {
      const { talkSeconds, ...rest } = data;
      return {
        ...rest,
        durationSeconds: data.durationSeconds ?? talkSeconds,
        effective: isEffective(data.outcome as CallOutcome),
      };
    },
  },
];
