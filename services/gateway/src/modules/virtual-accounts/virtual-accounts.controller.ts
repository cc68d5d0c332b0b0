import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PathParam, RESOURCE_IDS, ValidQuery } from '../../common/params/request-params.js';
import { virtualAccountListQuerySchema, type VirtualAccountListQuery } from './virtual-accounts.dto.js';
import { VirtualAccountsService } from './virtual-accounts.service.js';
import { ApiResult } from '../../common/params/api-result.js';
import { SyncCommands } from '#libs/contracts';

/** Virtual Account Summary (read side); assignment and license mode routes live in cluster-assignment. */
@ApiTags('virtual-accounts')
@ApiBearerAuth()
@Controller('virtual-accounts')
export class VirtualAccountsController {
  constructor(private readonly virtualAccounts: VirtualAccountsService) {}

  @Get()
  @ApiOperation({ summary: 'Virtual Account Summary: name, SA name, access level, clusters#, customers#' })
  @ApiResult(SyncCommands.listVirtualAccounts)
  list(@ValidQuery(virtualAccountListQuerySchema) query: VirtualAccountListQuery) {
    return this.virtualAccounts.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One virtual account' })
  @ApiResult(SyncCommands.getVirtualAccount)
  get(@PathParam('id', RESOURCE_IDS.virtualAccount) id: string) {
    return this.virtualAccounts.get(id);
  }

  @Get(':id/licenses')
  @ApiOperation({ summary: 'Licenses of the virtual account as of the last sync: quantity, in use, available, status, details per subscription' })
  @ApiResult(SyncCommands.listLicenses)
  licenses(@PathParam('id', RESOURCE_IDS.virtualAccount) id: string) {
    return this.virtualAccounts.licenses(id);
  }

  @Get(':id/subscriptions')
  @ApiOperation({ summary: 'Subscriptions of the virtual account as of the last sync' })
  @ApiResult(SyncCommands.listSubscriptions)
  subscriptions(@PathParam('id', RESOURCE_IDS.virtualAccount) id: string) {
    return this.virtualAccounts.subscriptions(id);
  }
}
