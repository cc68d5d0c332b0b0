import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../../common/auth/roles.js';
import { bodySchema } from '../../common/params/request-params.js';
import { ZodValidationPipe } from '../../common/pipes/zod-body.pipe.js';
import { transportModeBodySchema, type TransportModeBody } from './transport-mode.dto.js';
import { TransportModeService } from './transport-mode.service.js';
import { ApiResult } from '../../common/params/api-result.js';
import { SyncCommands } from '#libs/contracts';

/** Smart Licensing > Transport Mode: Direct or Proxy, authentication gateway and CSSM server, followed by the smart accounts without a transport of their own. */
@ApiTags('transport-mode')
@ApiBearerAuth()
@Controller('transport-mode')
export class TransportModeController {
  constructor(private readonly transportMode: TransportModeService) {}

  @Get()
  @ApiOperation({ summary: 'The global transport mode, authentication gateway and CSSM server' })
  @ApiResult(SyncCommands.getTransportMode)
  get() {
    return this.transportMode.get();
  }

  @Put()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Set the global transport mode: the smart accounts configured without a transport of their own follow it (refused while they have clusters assigned)' })
  @ApiBody({ schema: bodySchema(transportModeBodySchema, { transportMode: 'Direct' }) })
  @ApiResult(SyncCommands.setTransportMode)
  set(@Body(new ZodValidationPipe(transportModeBodySchema)) body: TransportModeBody) {
    return this.transportMode.set(body);
  }
}
