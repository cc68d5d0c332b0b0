import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from '../../common/pipes/zod-body.pipe.js';
import { virtualAccountListQuerySchema, type VirtualAccountListQuery } from './virtual-accounts.dto.js';
import { VirtualAccountsService } from './virtual-accounts.service.js';

/** Virtual Account Summary (read side); assignment and license mode routes live in cluster-assignment. */
@ApiTags('virtual-accounts')
@ApiBearerAuth()
@Controller('virtual-accounts')
export class VirtualAccountsController {
  constructor(private readonly virtualAccounts: VirtualAccountsService) {}

  @Get()
  @ApiOperation({ summary: 'Virtual Account Summary: name, SA name, access level, clusters#, customers#' })
  list(@Query(new ZodValidationPipe(virtualAccountListQuerySchema)) query: VirtualAccountListQuery) {
    return this.virtualAccounts.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One virtual account' })
  get(@Param('id') id: string) {
    return this.virtualAccounts.get(id);
  }

  @Get(':id/licenses')
  @ApiOperation({ summary: 'Licenses of the virtual account as of the last sync: quantity, in use, available, status, details per subscription' })
  licenses(@Param('id') id: string) {
    return this.virtualAccounts.licenses(id);
  }

  @Get(':id/subscriptions')
  @ApiOperation({ summary: 'Subscriptions of the virtual account as of the last sync' })
  subscriptions(@Param('id') id: string) {
    return this.virtualAccounts.subscriptions(id);
  }
}
