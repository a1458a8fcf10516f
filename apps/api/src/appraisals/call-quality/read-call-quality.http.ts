import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { notFound, qualityFigure, type Role } from '@app/domain';
import { Roles } from '../../http/auth';
import { entityIdParam } from '../../http/command-http';
import { ReadYourWrites } from '../../application/read-your-writes';
import { CallQuality, periodParam } from './call-quality-commands';

/** The reviewers, the appraisal team that draws, and the department's heads. */
export const CALL_QUALITY_READERS = ['qa', 'hr', 'payroll', 'manager', 'director'] as const satisfies readonly Role[];

export class CallQualityQuery {
  @ApiPropertyOptional({ description: 'wait until the read models have applied this position (≤ 5 s, else 503)' })
  @IsOptional()
  minPosition?: string;
}

@ApiTags('call-quality')
@ApiBearerAuth()
@Controller('call-quality')
export class ReadCallQualityController {
  constructor(
    private readonly quality: CallQuality,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /** The period's draw (its seed and position, to redo it), each drawn call with its latest score, and the period's quality figure. */
  @Get(':agentId/:period')
  @Roles(...CALL_QUALITY_READERS)
  async read(@Param('agentId', entityIdParam('agentId')) agentId: string, @Param('period', periodParam) period: string, @Query() query: CallQualityQuery) {
    await this.readYourWrites.waitFor(query.minPosition);
    const state = await this.quality.state(agentId);
    const draw = state.draws.get(period);
    if (!draw) throw notFound('CALL_QUALITY.NOT_DRAWN', `no calls of ${agentId} have been drawn for ${period}`, { agentId, period });
    const { scores, ...drawn } = draw;
    const figure = qualityFigure(state, period)!;
    return {
      ...drawn,
      calls: draw.callIds.map((callId) => ({ callId, ...(scores.get(callId) ?? { score: null, comment: null, scoredBy: null, scoredAt: null }) })),
      quality: { ...figure, mean: figure.scored === figure.sampled && figure.sampled > 0 ? Math.round((figure.points / figure.sampled) * 100) / 100 : null },
    };
  }
}
