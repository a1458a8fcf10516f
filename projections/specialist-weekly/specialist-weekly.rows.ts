import { ApiProperty } from '@nestjs/swagger';

/**
 * A row of `GET /api/specialists/weekly`: a specialist's week against the target of new,
 * non-duplicate numbers. One class: the query's return type and, through its decorators, the
 * OpenAPI schema of the row; the query builds plain objects, which a class used as a type takes.
 */
export class SpecialistWeek {
  @ApiProperty() specialistId: string;
  @ApiProperty({ pattern: '^\\d{4}-W\\d{2}$', example: '2026-W41', description: "ISO week in the specialist's plan time zone" }) week: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'new, non-duplicate numbers registered that week' }) registered: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) target: number;
  @ApiProperty({ description: 'registered ≥ target' }) met: boolean;
}
