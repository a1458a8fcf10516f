import Ajv, { type ValidateFunction } from 'ajv';
import { DomainError } from '../errors';
import { DEFINITIONS } from './definitions';
import {
  INTEGRATION_EVENT_TYPES,
  INTEGRATION_SCHEMAS,
  type IntegrationEvent,
  internalTypesFor,
  publicTypeOf,
  toIntegrationEvent,
  UNPUBLISHED_EVENT_TYPES,
} from './integration-events';
import { leadRefOf } from './fields';
import { eventsAbout, PHONE_PATTERN, randomName, randomPhone, seeded, stored } from './integration.testing';

const KEY = { pseudonymKey: 'test-key' };
const CUSTOMER = { phone: '13812345678', name: '王芳' };
const SAMPLES = eventsAbout(CUSTOMER, seeded(1), 1);

const map = (type: string, data: unknown, position = 42n) => toIntegrationEvent(stored(type, data, position), KEY);
const mapped = (type: keyof typeof SAMPLES): IntegrationEvent => {
  const event = map(type, SAMPLES[type]);
  if (!event) throw new Error(`${type} is not published`);
  return event;
};

const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
const validators = new Map<string, ValidateFunction>(INTEGRATION_EVENT_TYPES.map((t) => [t, ajv.compile(INTEGRATION_SCHEMAS[t])]));
const expectValid = (event: IntegrationEvent) => {
  const validate = validators.get(event.type);
  expect(validate).toBeDefined();
  const ok = validate!(event);
  expect(ok ? [] : validate!.errors).toEqual([]);
};

describe('the integration event envelope', () => {
  it('carries the global position as its id, the public type, the event id, both instants and the correlation', () => {
    expect(mapped('CallLogged')).toEqual({
      id: '42',
      type: 'telesales.call.logged.v1',
      eventId: 'e-42',
      occurredAt: '2026-10-08T09:30:00+08:00',
      recordedAt: '2026-10-08T01:30:01.000Z',
      correlationId: 'corr-42',
      causationId: 'cause-42',
      data: expect.any(Object),
    });
  });

  it('falls back to the recording instant when an old event has no occurredAt, and leaves absent correlation out', () => {
    const event = toIntegrationEvent({ ...stored('AgentHired', SAMPLES.AgentHired, 7n), metadata: {} }, KEY)!;
    expect(event.occurredAt).toBe('2026-10-08T01:30:01.000Z');
    expect(event).not.toHaveProperty('correlationId');
    expect(event).not.toHaveProperty('causationId');
    expectValid(event);
  });
});

describe('what each stored event becomes', () => {
  const leadRef = leadRefOf('L1', KEY.pseudonymKey);

  it.each([
    ['AgentHired', 'telesales.agent.hired.v1', { agentId: 'a1', role: SAMPLES.AgentHired.role, teamId: 't1', hiredOn: '2026-01-05', planId: 'standard' }],
    ['CompensationPlanPublished', 'telesales.plan.published.v1', SAMPLES.CompensationPlanPublished],
    [
      'LeadRegistered',
      'telesales.lead.registered.v1',
      { leadId: 'L1', leadRef, source: SAMPLES.LeadRegistered.source, providedBy: SAMPLES.LeadRegistered.providedBy },
    ],
    ['LeadAssigned', 'telesales.lead.assigned.v1', { ...SAMPLES.LeadAssigned, leadRef }],
    ['CallLogged', 'telesales.call.logged.v1', { ...SAMPLES.CallLogged, leadRef }],
    ['CallReclassified', 'telesales.call.reclassified.v1', { ...omit(SAMPLES.CallReclassified, 'reason'), leadRef }],
    ['LeadGraded', 'telesales.lead.graded.v1', { ...omit(SAMPLES.LeadGraded, 'reason'), leadRef }],
    ['VisitBooked', 'telesales.visit.booked.v1', { ...omit(SAMPLES.VisitBooked, 'origin', 'transport', 'concerns'), leadRef }],
    ['VisitCompleted', 'telesales.visit.completed.v1', { ...omit(SAMPLES.VisitCompleted, 'notes'), leadRef }],
    ['VisitMissed', 'telesales.visit.missed.v1', { ...omit(SAMPLES.VisitMissed, 'notes'), leadRef }],
    ['DealClosed', 'telesales.deal.closed.v1', { ...SAMPLES.DealClosed, leadRef }],
    ['DealCancelled', 'telesales.deal.cancelled.v1', { ...omit(SAMPLES.DealCancelled, 'reason'), leadRef }],
    ['PayStatementIssued', 'telesales.pay.statement_issued.v1', SAMPLES.PayStatementIssued],
    ['PayMonthClosed', 'telesales.pay.month_closed.v1', SAMPLES.PayMonthClosed],
    ['AppraisalOpened', 'telesales.appraisal.opened.v1', SAMPLES.AppraisalOpened],
    ['AppraisalScored', 'telesales.appraisal.scored.v1', omit(SAMPLES.AppraisalScored, 'comment')],
    ['AppraisalFinalized', 'telesales.appraisal.finalized.v1', SAMPLES.AppraisalFinalized],
    ['AppraisalFeedbackGiven', 'telesales.appraisal.feedback_given.v1', omit(SAMPLES.AppraisalFeedbackGiven, 'improvementPlan')],
    ['AppealFiled', 'telesales.appeal.filed.v1', { ...SAMPLES.AppealFiled, claims: [{ eventIds: ['e3', 'e4'] }] }],
    [
      'AppealResolved',
      'telesales.appeal.resolved.v1',
      { ...omit(SAMPLES.AppealResolved, 'reason'), corrections: [{ command: 'ReclassifyCall', callId: 'c1', outcome: 'appointment_set' }] },
    ],
    ['AppraisalRevised', 'telesales.appraisal.revised.v1', SAMPLES.AppraisalRevised],
    ['AppraisalArchived', 'telesales.appraisal.archived.v1', SAMPLES.AppraisalArchived],
  ] as const)('%s → %s', (type, publicType, data) => {
    const event = mapped(type);
    expect(event.type).toBe(publicType);
    expect(event.data).toEqual(data);
    expect(publicTypeOf(type)).toBe(publicType);
    expectValid(event);
  });

  it.each(['IdentifierReserved', 'IdentifierReleased', 'ArchiveAccessRequested', 'ArchiveAccessGranted', 'ArchivedAppraisalRead'] as const)(
    '%s is not published',
    (type) => {
      expect(map(type, SAMPLES[type])).toBeNull();
      expect(publicTypeOf(type)).toBeUndefined();
      expect(UNPUBLISHED_EVENT_TYPES[type]).toEqual(expect.any(String));
    },
  );

  it('an event type it does not know is not published', () => {
    expect(map('SomethingNew', { phone: CUSTOMER.phone })).toBeNull();
  });

  it('corrections are published: a reclassification, a cancellation, a resolution, a revision and a prior-period line', () => {
    expect(mapped('CallReclassified').data).toMatchObject({ previousOutcome: SAMPLES.CallReclassified.previousOutcome, outcome: 'appointment_set' });
    expect(mapped('DealCancelled').data).toMatchObject({ dealId: 'd1' });
    expect(mapped('AppealResolved').data).toMatchObject({ decision: 'upheld' });
    expect(mapped('AppraisalRevised').data).toMatchObject({ previousScore: 84.8, score: 86 });
    const lines = (mapped('PayStatementIssued').data.statement as { lines: { kind: string; correctsLineId?: string }[] }).lines;
    expect(lines.find((l) => l.kind === 'prior_period_adjustment')?.correctsLineId).toBe('2026-09:a1:deal_commission:d1');
  });

  it('reads a CallLogged stored at schema version 1 (talkSeconds) in the current shape', () => {
    const { durationSeconds, effective, ...rest } = SAMPLES.CallLogged;
    const v1 = { ...stored('CallLogged', { ...rest, talkSeconds: 95 }, 5n) };
    v1.metadata = { ...v1.metadata, schemaVersion: 1 };
    const event = toIntegrationEvent(v1, KEY)!;
    expect(event.data).toMatchObject({ durationSeconds: 95, effective: rest.outcome === 'appointment_set' });
    expect(event.data).not.toHaveProperty('talkSeconds');
    expectValid(event);
    void durationSeconds;
    void effective;
  });
});

describe('leadRef, the pseudonym of a lead', () => {
  it('is the same for the same lead in every event about it, and differs between leads', () => {
    const refs = (['LeadRegistered', 'LeadAssigned', 'CallLogged', 'VisitBooked', 'DealClosed'] as const).map((t) => mapped(t).data.leadRef);
    expect(new Set(refs).size).toBe(1);
    expect(refs[0]).toMatch(/^lr_[0-9a-f]{20}$/);
    expect(leadRefOf('L2', KEY.pseudonymKey)).not.toBe(refs[0]);
  });

  it('depends on the key: without it the id cannot be turned into the reference', () => {
    expect(leadRefOf('L1', 'another-key')).not.toBe(leadRefOf('L1', KEY.pseudonymKey));
  });
});

describe('no customer phone number or name is ever published', () => {
  it('across 2,000 generated events of every type, with the phone written into every free-text field', () => {
    const rnd = seeded(20261008);
    let position = 0n;
    let published = 0;
    let planted = 0;
    for (let n = 0; n < 2000 / Object.keys(DEFINITIONS).length + 1; n++) {
      const customer = { phone: randomPhone(rnd), name: randomName(rnd) };
      const all = eventsAbout(customer, rnd, n);
      for (const [type, data] of Object.entries(all)) {
        // The raw data does carry it: the property is about the mapping.
        if (JSON.stringify(data).includes(customer.phone)) planted += 1;
        const event = toIntegrationEvent(stored(type, data, ++position), KEY);
        if (!event) continue;
        published += 1;
        const json = JSON.stringify(event);
        expect(json).not.toMatch(PHONE_PATTERN);
        expect(json).not.toContain(customer.phone);
        expect(json).not.toContain(customer.phone.slice(3));
        expect(json).not.toContain(customer.name);
        expectValid(event);
      }
    }
    expect(published).toBeGreaterThan(1500);
    expect(planted).toBeGreaterThan(500);
  });

  it('the schemas refuse an undeclared field, so a phone added to an event could not pass unnoticed', () => {
    const event = mapped('LeadRegistered');
    const validate = validators.get(event.type)!;
    expect(validate({ ...event, data: { ...event.data, phone: CUSTOMER.phone } })).toBe(false);
    expect(validate({ ...event, extra: 1 })).toBe(false);
  });
});

describe('the public types and their schemas', () => {
  it('are one table: a schema for every public type, with exactly the fields the mapping writes', () => {
    expect(Object.keys(INTEGRATION_SCHEMAS).sort()).toEqual([...INTEGRATION_EVENT_TYPES].sort());
    for (const [type, definition] of Object.entries(DEFINITIONS)) {
      if (!definition.published) continue;
      const schema = INTEGRATION_SCHEMAS[definition.publicType] as { properties: { data: { properties: object } } };
      expect(Object.keys(schema.properties.data.properties)).toEqual(Object.keys(definition.fields));
      expect(Object.keys(mapped(type as keyof typeof SAMPLES).data)).toEqual(Object.keys(definition.fields));
    }
  });

  it('are named telesales.<subject>.<fact>.v<n>, each once', () => {
    for (const t of INTEGRATION_EVENT_TYPES) expect(t).toMatch(/^telesales\.[a-z_]+\.[a-z_]+\.v\d+$/);
    expect(new Set(INTEGRATION_EVENT_TYPES).size).toBe(INTEGRATION_EVENT_TYPES.length);
  });

  it('every stored event type is either published or listed with the reason it is not', () => {
    const decided = [...INTEGRATION_EVENT_TYPES.map((t) => internalTypesFor([t])[0]), ...Object.keys(UNPUBLISHED_EVENT_TYPES)];
    expect(decided.sort()).toEqual(Object.keys(SAMPLES).sort());
  });
});

describe('internalTypesFor: the store filter behind public types', () => {
  it('names the stored type of each public one', () => {
    expect(internalTypesFor(['telesales.call.logged.v1', 'telesales.call.reclassified.v1'])).toEqual(['CallLogged', 'CallReclassified']);
  });

  it('is every published stored type when none is asked, never a reservation', () => {
    const all = internalTypesFor([]);
    expect(all).toHaveLength(INTEGRATION_EVENT_TYPES.length);
    expect(all).not.toContain('IdentifierReserved');
    expect(all).not.toContain('ArchivedAppraisalRead');
  });

  it('refuses an unknown public type, naming it (a stored type name is not a public one)', () => {
    let error: unknown;
    try {
      internalTypesFor(['telesales.call.logged.v1', 'CallLogged']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'INTEGRATION.UNKNOWN_TYPE', category: 'validation', details: { unknown: ['CallLogged'] } });
  });
});

function omit<T extends object, K extends keyof T>(value: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}
