import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsString, MaxLength, ValidateNested } from 'class-validator';
import { APPRAISAL_ROLES } from '@app/domain';
import { Roles } from '../../http/auth';
import { entityIdParam, IsEntityId, WriteResultDto } from '../../http/command-http';
import { AppraisalHttp, type Caller, CallerOf } from '../appraisal-http';
import { FileAppealCommand } from './file-appeal.command';

export class AppealClaimDto {
  @ApiProperty({ example: 'these three calls set appointments' }) @IsString() @IsNotEmpty() @MaxLength(2000) text: string;
  @ApiProperty({ type: [String], description: 'the events disputed, e.g. CallLogged event ids from the evidence view' })
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  eventIds: string[];
}

export class FileAppealDto {
  @ApiProperty({ example: 'appeal-1' }) @IsEntityId() appealId: string;
  @ApiProperty({ type: [AppealClaimDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AppealClaimDto)
  claims: AppealClaimDto[];
}

@ApiTags('appraisals')
@ApiBearerAuth()
@Controller('appraisals')
export class FileAppealController {
  constructor(private readonly http: AppraisalHttp) {}

  /** The appraised agent, within 7 working days after feedback; later is a 422 naming the deadline. */
  @Post(':id/appeals')
  @Roles(...APPRAISAL_ROLES.FileAppeal)
  @ApiResponse({ status: 201, type: WriteResultDto })
  file(@Param('id', entityIdParam('id')) appraisalId: string, @Body() body: FileAppealDto, @CallerOf() caller: Caller) {
    const claims = body.claims.map(({ text, eventIds }) => ({ text, eventIds }));
    return this.http.send(caller, 'FileAppeal', FileAppealCommand, { appraisalId, appealId: body.appealId, claims }, { ownId: body.appealId });
  }
}
