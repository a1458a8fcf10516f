import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { Request } from 'express';
import type { Actor } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { entityIdParam, IsEntityId } from '../../http/command-http';
import { ReadYourWrites } from '../../application/read-your-writes';
import { APPRAISAL_READERS, AppraisalReads } from '../appraisal-access';
import { AppraisalFigures } from '../appraisal-figures';
import { appraisalView } from './appraisal.view';
import { eventsBehind, evidenceView } from './evidence.view';

export class AppraisalReadQuery {
  @ApiPropertyOptional({ description: 'wait until the read models have applied this position (≤ 5 s, else 503)' })
  @IsOptional()
  minPosition?: string;
  @ApiPropertyOptional({ description: 'an archived appraisal: your archive access request, approved by the assistant and not expired' })
  @IsOptional()
  @IsEntityId()
  accessRequestId?: string;
}

/**
 * An appraisal and the evidence behind it, for the agent themself, a supervisor of their team, a
 * manager, a director or hr; once archived, only with `accessRequestId` (the agent excepted), and
 * every read is recorded on the appraisal's stream.
 */
@ApiTags('appraisals')
@ApiBearerAuth()
@Controller('appraisals')
@Roles(...APPRAISAL_READERS)
export class ReadAppraisalController {
  constructor(
    private readonly reads: AppraisalReads,
    private readonly figures: AppraisalFigures,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get(':id')
  async view(@Param('id', entityIdParam('id')) appraisalId: string, @Query() query: AppraisalReadQuery, @CurrentActor() actor: Actor, @Req() req: Request) {
    const { appraisal, events, now } = await this.open(appraisalId, query, actor, req);
    return appraisalView(appraisal, events, now);
  }

  /** Every event behind each figure, from the commission ledger pay is computed from; the appraisal as at finalization beside as of now. */
  @Get(':id/evidence')
  async evidence(@Param('id', entityIdParam('id')) appraisalId: string, @Query() query: AppraisalReadQuery, @CurrentActor() actor: Actor, @Req() req: Request) {
    const { appraisal } = await this.open(appraisalId, query, actor, req);
    const snapshot = await this.figures.snapshot(appraisal);
    const now = snapshot.asOf(snapshot.upTo);
    const then = appraisal.finalized ? snapshot.asOf(BigInt(appraisal.finalized.result.upToPosition)) : null;
    const behind = eventsBehind(then, now);
    const cited = [...appraisal.appeals.values()].flatMap((a) => a.claims.flatMap((c) => c.eventIds));
    const records = await this.figures.records([...Object.values(behind).flat(), ...cited]);
    return evidenceView(appraisal, then, now, behind, new Map(records.map((r) => [r.eventId, r])));
  }

  private async open(appraisalId: string, query: AppraisalReadQuery, actor: Actor, req: Request) {
    await this.readYourWrites.waitFor(query.minPosition);
    return this.reads.open(appraisalId, actor, req, query.accessRequestId);
  }
}
