import { specification } from '../testing/given-when-then';
import { DomainError } from '../errors';
import { evolveAppraisal, initialAppraisalState } from './appraisal.state';
import { appealFiled, appealResolved, appraised, archived, as, assistant, at, colleague, feedbackGiven, hr } from './appraisal.testing';
import {
  type ApproveArchiveAccess,
  type ApproveArchiveAccessContext,
  decideApproveArchiveAccess,
  decideRequestArchiveAccess,
  type RequestArchiveAccess,
  type RequestArchiveAccessContext,
} from './archive-access.decide';
import type { ArchiveAccessEvent } from './archive-access.events';
import { type ArchiveAccessState, evolveArchiveAccess, initialArchiveAccessState } from './archive-access.state';
import { decideArchivedRead } from './archived-read';

const archivedAppraisal = [...feedbackGiven, appealFiled(), appealResolved('rejected'), archived].reduce(evolveAppraisal, initialAppraisalState);
const liveAppraisal = feedbackGiven.reduce(evolveAppraisal, initialAppraisalState);
const manager = as('m1', ['manager']);

const givenRequest = specification<ArchiveAccessState, ArchiveAccessEvent, RequestArchiveAccess, RequestArchiveAccessContext>(
  initialArchiveAccessState,
  evolveArchiveAccess,
  decideRequestArchiveAccess,
);
const givenApproval = specification<ArchiveAccessState, ArchiveAccessEvent, ApproveArchiveAccess, ApproveArchiveAccessContext>(
  initialArchiveAccessState,
  evolveArchiveAccess,
  decideApproveArchiveAccess,
);

const request = (reason = 'promotion review') => ({ type: 'RequestArchiveAccess' as const, data: { requestId: 'r1', appraisalId: 'ap1', reason } });
const approve = (validForHours?: number) => ({ type: 'ApproveArchiveAccess' as const, data: { requestId: 'r1', validForHours } });

const requested: ArchiveAccessEvent = {
  type: 'ArchiveAccessRequested',
  data: { requestId: 'r1', appraisalId: 'ap1', reason: 'promotion review', requestedBy: 'm1', requestedAt: '2026-11-02T01:00:00.000Z' },
};
const granted: ArchiveAccessEvent = {
  type: 'ArchiveAccessGranted',
  data: {
    requestId: 'r1',
    appraisalId: 'ap1',
    requestedBy: 'm1',
    grantedBy: 'as1',
    grantedAt: '2026-11-02T02:00:00.000Z',
    validUntil: '2026-11-03T02:00:00.000Z',
  },
};

describe('requesting access to an archived appraisal', () => {
  it('records who asks and why', () => {
    givenRequest([])
      .when(request(), { now: at('2026-11-02T09:00:00+08:00'), actor: manager, appraisal: archivedAppraisal })
      .then([requested]);
  });

  it('needs a reason, an archived appraisal and a new request id', () => {
    const c = { now: at('2026-11-02T09:00:00+08:00'), actor: manager, appraisal: archivedAppraisal };
    givenRequest([]).when(request(' '), c).thenRefused('ARCHIVE.REASON_REQUIRED', 'validation');
    givenRequest([])
      .when(request(), { ...c, appraisal: liveAppraisal })
      .thenRefused('ARCHIVE.NOT_ARCHIVED', 'rule');
    givenRequest([])
      .when(request(), { ...c, appraisal: initialAppraisalState })
      .thenRefused('APPRAISAL.NOT_FOUND', 'not_found');
    givenRequest([requested]).when(request(), c).thenRefused('ARCHIVE.REQUEST_EXISTS', 'conflict');
  });
});

describe('approving access', () => {
  const now = at('2026-11-02T10:00:00+08:00');

  it('is done by the assistant, for 24 hours unless they say otherwise', () => {
    givenApproval([requested]).when(approve(), { now, actor: assistant }).then([granted]);
    givenApproval([requested])
      .when(approve(2), { now, actor: assistant })
      .then([{ type: 'ArchiveAccessGranted', data: { ...granted.data, validUntil: '2026-11-02T04:00:00.000Z' } }]);
  });

  it('is refused to anyone but the assistant, to the requester themself, and twice', () => {
    givenApproval([requested]).when(approve(), { now, actor: hr }).thenRefused('AUTH.ROLE_NOT_ALLOWED', 'forbidden');
    givenApproval([requested])
      .when(approve(), { now, actor: as('m1', ['manager', 'assistant']) })
      .thenRefused('ARCHIVE.OWN_REQUEST', 'forbidden');
    givenApproval([requested, granted]).when(approve(), { now, actor: assistant }).thenRefused('ARCHIVE.ALREADY_GRANTED', 'conflict');
    givenApproval([]).when(approve(), { now, actor: assistant }).thenRefused('ARCHIVE.UNKNOWN_REQUEST', 'not_found');
    givenApproval([requested]).when(approve(0), { now, actor: assistant }).thenRefused('ARCHIVE.INVALID_VALIDITY', 'validation');
    givenApproval([requested])
      .when(approve(24 * 31), { now, actor: assistant })
      .thenRefused('ARCHIVE.INVALID_VALIDITY', 'validation');
  });
});

describe('reading an archived appraisal', () => {
  const grantedAccess = [requested, granted].reduce(evolveArchiveAccess, initialArchiveAccessState);
  const pendingAccess = [requested].reduce(evolveArchiveAccess, initialArchiveAccessState);
  const refusal = (access: ArchiveAccessState | null, reader = manager, now = '2026-11-02T12:00:00+08:00') => {
    try {
      decideArchivedRead(archivedAppraisal, reader, access, at(now));
    } catch (e) {
      return e as DomainError;
    }
    throw new Error('not refused');
  };

  it('lets the appraised agent read their own without a request, and records the read', () => {
    expect(decideArchivedRead(archivedAppraisal, appraised, null, at('2026-11-02T12:00:00+08:00'))).toEqual({
      type: 'ArchivedAppraisalRead',
      data: { appraisalId: 'ap1', readBy: 'a1', requestId: null, readAt: '2026-11-02T04:00:00.000Z' },
    });
  });

  it('lets anyone else read with their own approved request while it lasts, and records the request', () => {
    expect(decideArchivedRead(archivedAppraisal, manager, grantedAccess, at('2026-11-03T09:59:59+08:00'))).toEqual({
      type: 'ArchivedAppraisalRead',
      data: { appraisalId: 'ap1', readBy: 'm1', requestId: 'r1', readAt: '2026-11-03T01:59:59.000Z' },
    });
  });

  it('refuses without a request, or with one not yet approved', () => {
    expect(refusal(null)).toMatchObject({ code: 'ARCHIVE.ACCESS_REQUIRED', category: 'forbidden' });
    expect(refusal(pendingAccess)).toMatchObject({ code: 'ARCHIVE.ACCESS_REQUIRED', category: 'forbidden' });
  });

  it("refuses someone else's request", () => {
    expect(refusal(grantedAccess, colleague)).toMatchObject({ code: 'ARCHIVE.NOT_YOURS', category: 'forbidden' });
  });

  it('refuses an expired approval and names when it ended', () => {
    const expired = refusal(grantedAccess, manager, '2026-11-03T10:00:00+08:00');
    expect(expired).toMatchObject({ code: 'ARCHIVE.ACCESS_EXPIRED', category: 'forbidden', details: { validUntil: '2026-11-03T02:00:00.000Z' } });
    expect(expired.message).toContain('2026-11-03T02:00:00.000Z');
  });

  it('refuses a request for another appraisal', () => {
    const elsewhere = [
      { ...requested, data: { ...requested.data, appraisalId: 'ap9' } },
      { ...granted, data: { ...granted.data, appraisalId: 'ap9' } },
    ].reduce(evolveArchiveAccess, initialArchiveAccessState);
    expect(refusal(elsewhere)).toMatchObject({ code: 'ARCHIVE.OTHER_APPRAISAL', category: 'forbidden' });
  });

  it('is only for archived appraisals', () => {
    expect(() => decideArchivedRead(liveAppraisal, manager, grantedAccess, at('2026-11-02T12:00:00+08:00'))).toThrow(
      expect.objectContaining({ code: 'APPRAISAL.NOT_ARCHIVED' }),
    );
    expect(() => decideArchivedRead(initialAppraisalState, manager, null, at('2026-11-02T12:00:00+08:00'))).toThrow(
      expect.objectContaining({ code: 'APPRAISAL.NOT_FOUND' }),
    );
  });
});
