import { Controller, Get, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../http/auth';
import { buildAsyncApiDocument } from './asyncapi';

/** Public like /api/openapi.json: the schemas are the contract integrators code against. */
@ApiExcludeController()
@Controller()
export class AsyncApiController {
  @Get('asyncapi.json')
  @Public()
  document(@Req() req: Request): Record<string, unknown> {
    return buildAsyncApiDocument({ host: req.get('host'), protocol: req.protocol === 'https' ? 'https' : 'http' });
  }
}
