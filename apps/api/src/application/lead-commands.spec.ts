import { streams } from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { type CommandExecutor, EventReader } from '@app/application';
import { LeadCommands } from './lead-commands';

/** Reservation streams as given; every other stream is empty. */
const leadsOver = (streams: Record<string, Partial<RecordedEvent>[]> = {}) =>
  new LeadCommands({} as CommandExecutor, new EventReader({ readStream: async (id: string) => streams[id] ?? [] } as unknown as EventStore));

describe("a lead's call, visit and deal ids", () => {
  it.each([
    ['call', 'CALL.ID_TAKEN'],
    ['visit', 'VISIT.ID_TAKEN'],
    ['deal', 'DEAL.ID_TAKEN'],
  ] as const)('a %s id another lead holds is 409 %s', (kind, code) => {
    const claim = leadsOver().idClaim(kind, 'x1', 'L1');
    expect(claim).toMatchObject({ streamId: streams.reservation[kind]('x1'), kind, leadId: 'L1' });
    expect(claim.taken('L2')).toMatchObject({ code, category: 'conflict', message: `${kind} id x1 is already used on lead L2`, details: { leadId: 'L2' } });
  });

  it.each([
    ['call', 'CALL.NOT_FOUND'],
    ['visit', 'VISIT.NOT_FOUND'],
    ['deal', 'DEAL.NOT_FOUND'],
  ] as const)('an unclaimed %s id is 404 %s', async (kind, code) => {
    await expect(leadsOver().leadOf(kind, 'x1')).rejects.toMatchObject({
      code,
      category: 'not_found',
      message: `${kind} x1 does not exist`,
      details: { [`${kind}Id`]: 'x1' },
    });
  });

  it('finds the lead that claimed the id', async () => {
    const leads = leadsOver({ [streams.reservation.visit('v1')]: [{ type: 'IdentifierReserved', data: { kind: 'visit', leadId: 'L7' } }] });
    expect(await leads.leadOf('visit', 'v1')).toBe('L7');
  });
});
