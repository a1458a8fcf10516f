import { type EventStore, type EventToAppend, uuidV5 } from '@app/event-store';
import { addDays, type CallOutcome, CALL_OUTCOMES, type Grade, isWeekend } from '@app/domain';
import { seeded } from '../../libs/domain/src/integration/integration.testing';
import { HANDBOOK_PLAN } from './handbook-plan';

export interface MonthShape {
  agents: number;
  specialists?: number;
  /** Working days of calls, from `firstDay`. */
  days: number;
  callsPerAgentPerDay: number;
  leadsPerAgent?: number;
  firstDay?: string;
  seed?: number;
}

const PLAN = HANDBOOK_PLAN;

/**
 * A realistic month of a department, as appends: the plan, the people, then each lead's stream
 * (registration, assignment, calls with the handbook's mix of outcomes, grades, visits, deals and
 * the odd cancellation), in chunks of at most `chunk` events.
 */
export function* generateMonth(shape: MonthShape, chunk = 500): Generator<{ streamId: string; events: EventToAppend[] }> {
  const rnd = seeded(shape.seed ?? 7); // mulberry32: the same shape always makes the same month
  const firstDay = shape.firstDay ?? '2026-10-01';
  const leadsPerAgent = shape.leadsPerAgent ?? 60;
  let n = 0;
  const event = (type: string, data: unknown, occurredAt: string): EventToAppend => {
    const eventId = uuidV5(`generated:${shape.seed ?? 7}:${n++}`);
    return {
      eventId,
      type,
      data,
      metadata: {
        eventId,
        commandId: `gen:${eventId}`,
        actor: { sub: 'generator', roles: ['director'] },
        occurredAt,
        schemaVersion: type === 'CallLogged' ? 2 : 1,
      },
    };
  };
  yield { streamId: 'plan-standard', events: [event('CompensationPlanPublished', PLAN, `${PLAN.effectiveFrom}T00:00:00+08:00`)] };
  const agents = Array.from({ length: shape.agents }, (_, i) => `a${i}`);
  const specialists = Array.from({ length: shape.specialists ?? Math.max(1, Math.round(shape.agents / 10)) }, (_, i) => `s${i}`);
  for (const [id, role] of [...agents.map((a) => [a, 'agent']), ...specialists.map((s) => [s, 'specialist'])]) {
    const hiredOn = rnd() < 0.2 ? addDays(firstDay, -30) : '2025-06-01';
    yield {
      streamId: `agent-${id}`,
      events: [
        event('AgentHired', { agentId: id, name: id, role, teamId: `t${Number(id.slice(1)) % 10}`, hiredOn, planId: 'standard' }, `${hiredOn}T09:00:00+08:00`),
      ],
    };
  }
  const workingDays: string[] = [];
  for (let d = firstDay; workingDays.length < shape.days; d = addDays(d, 1)) if (!isWeekend(d)) workingDays.push(d);
  const outcomes: CallOutcome[] = [...CALL_OUTCOMES];
  const weights = [0.35, 0.1, 0.05, 0.15, 0.17, 0.08, 0.1]; // no_answer … appointment_set
  const pickOutcome = () => {
    let r = rnd();
    for (let i = 0; i < outcomes.length; i++) if ((r -= weights[i]) < 0) return outcomes[i];
    return 'no_answer';
  };
  for (const agent of agents) {
    const leads = Array.from({ length: leadsPerAgent }, (_, i) => `${agent}-L${i}`);
    const streams = new Map<string, EventToAppend[]>();
    for (const [i, leadId] of leads.entries()) {
      const providedBy = i % 7 === 0 ? specialists[i % specialists.length] : null;
      streams.set(leadId, [
        event(
          'LeadRegistered',
          { leadId, phone: `139${String(n).padStart(8, '0')}`, name: null, source: providedBy ? 'specialist' : 'list', providedBy },
          `${firstDay}T08:00:00+08:00`,
        ),
        event('LeadAssigned', { leadId, agentId: agent, previousOwnerId: null, via: 'assignment' }, `${firstDay}T08:05:00+08:00`),
      ]);
    }
    for (const day of workingDays) {
      for (let c = 0; c < shape.callsPerAgentPerDay; c++) {
        const leadId = leads[Math.floor(rnd() * leads.length)];
        const outcome = pickOutcome();
        const minute = 9 * 60 + Math.floor((c / shape.callsPerAgentPerDay) * 9 * 60);
        const startedAt = `${day}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00+08:00`;
        const callId = `${leadId}-${day}-${c}`;
        const list = streams.get(leadId)!;
        list.push(
          event(
            'CallLogged',
            {
              callId,
              leadId,
              agentId: agent,
              startedAt,
              durationSeconds: outcome === 'no_answer' ? 0 : 30 + Math.floor(rnd() * 600),
              outcome,
              effective: outcome === 'appointment_set',
            },
            startedAt,
          ),
        );
        if (outcome === 'interested' || outcome === 'appointment_set') {
          const grade: Grade = outcome === 'appointment_set' ? 'A' : (['B', 'C', 'D'] as const)[Math.floor(rnd() * 3)];
          list.push(event('LeadGraded', { leadId, grade, previousGrade: null, reason: null, gradedBy: agent }, startedAt));
        }
        if (outcome === 'appointment_set' && rnd() < 0.5) {
          const visitId = `${callId}-v`;
          list.push(
            event(
              'VisitBooked',
              {
                visitId,
                leadId,
                agentId: agent,
                scheduledAt: `${addDays(day, 2)}T14:00:00+08:00`,
                partySize: 2,
                origin: null,
                transport: null,
                project: null,
                budgetFen: null,
                concerns: null,
              },
              startedAt,
            ),
          );
          if (rnd() < 0.6) {
            list.push(event('VisitCompleted', { visitId, leadId, agentId: agent, notes: null }, startedAt));
            if (rnd() < 0.2) {
              const dealId = `${callId}-d`;
              const amountFen = 100_000_00 + Math.floor(rnd() * 900_000_00);
              const closer = specialists[Math.floor(rnd() * specialists.length)];
              list.push(
                event(
                  'DealClosed',
                  {
                    dealId,
                    leadId,
                    closedBy: closer,
                    closedByRole: 'specialist',
                    amountFen,
                    commissionBaseFen: amountFen,
                    closedAt: `${addDays(day, 2)}T16:00:00+08:00`,
                    ownerId: agent,
                    providedBy: null,
                  },
                  startedAt,
                ),
              );
              if (rnd() < 0.1)
                list.push(event('DealCancelled', { dealId, leadId, reason: 'refund', cancelledAt: `${addDays(day, 5)}T10:00:00+08:00` }, startedAt));
            }
          } else {
            list.push(event('VisitMissed', { visitId, leadId, agentId: agent, notes: null }, startedAt));
          }
        }
      }
    }
    for (const [leadId, events] of streams) {
      for (let i = 0; i < events.length; i += chunk) yield { streamId: `lead-${leadId}`, events: events.slice(i, i + chunk) };
    }
  }
}

/** Writes the month into a store; answers how many events were appended. */
export async function appendMonth(store: EventStore, shape: MonthShape, onProgress?: (events: number) => void): Promise<number> {
  let total = 0;
  const revisions = new Map<string, bigint>();
  for (const { streamId, events } of generateMonth(shape)) {
    const expected = revisions.get(streamId) ?? 'no_stream';
    const result = await store.append(streamId, events, expected);
    revisions.set(streamId, result.nextRevision);
    total += events.length;
    onProgress?.(total);
  }
  return total;
}
