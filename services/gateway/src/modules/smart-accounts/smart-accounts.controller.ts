import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../../common/auth/roles.js';
import { bodySchema, PathParam, RESOURCE_IDS, ValidQuery } from '../../common/params/request-params.js';
import { ZodValidationPipe } from '../../common/pipes/zod-body.pipe.js';
import {
  createSmartAccountBodySchema,
  pageQuerySchema,
  updateSmartAccountBodySchema,
  type CreateSmartAccountBody,
  type PageQuery,
  type UpdateSmartAccountBody,
} from './smart-accounts.dto.js';
import { SmartAccountsService } from './smart-accounts.service.js';
import { ApiResult } from '../../common/params/api-result.js';
import { SyncCommands } from '#libs/contracts';

const EXAMPLE = { name: 'HCS SP', domain: 'hcs-sp.example.com', clientId: 'hcmf-client', transportMode: 'Direct' } as const;

/** Smart Account Summary and Configure Smart Account Access (HCM-F `/smartAccountConfig`, `/smartAccounts`). */
@ApiTags('smart-accounts')
@ApiBearerAuth()
@Controller('smart-accounts')
export class SmartAccountsController {
  constructor(private readonly smartAccounts: SmartAccountsService) {}

  @Get()
  @ApiOperation({ summary: 'Smart Account Summary: name, domain, type (CSSM or Satellite), status, VA#, last sync, alerts' })
  @ApiResult(SyncCommands.listSmartAccounts)
  list(@ValidQuery(pageQuerySchema) page: PageQuery) {
    return this.smartAccounts.list(page);
  }

  @Post()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Configure Smart Account Access (add): credentials, transport mode, operational licenses; starts a sync job' })
  @ApiBody({ schema: bodySchema(createSmartAccountBodySchema, { ...EXAMPLE, clientSecret: 'client-secret' }) })
  @ApiResult(SyncCommands.createSmartAccount, 201)
  create(@Body(new ZodValidationPipe(createSmartAccountBodySchema)) body: CreateSmartAccountBody) {
    return this.smartAccounts.create(body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One smart account (the client secret and proxy password are never returned)' })
  @ApiResult(SyncCommands.getSmartAccount)
  get(@PathParam('id', RESOURCE_IDS.smartAccount) id: string) {
    return this.smartAccounts.get(id);
  }

  @Put(':id')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Edit a smart account; transport changes are refused (409) while clusters are assigned to its VAs; starts a sync job' })
  @ApiBody({ schema: bodySchema(updateSmartAccountBodySchema, EXAMPLE) })
  @ApiResult(SyncCommands.updateSmartAccount)
  update(@PathParam('id', RESOURCE_IDS.smartAccount) id: string, @Body(new ZodValidationPipe(updateSmartAccountBodySchema)) body: UpdateSmartAccountBody) {
    return this.smartAccounts.update(id, body);
  }

  @Delete(':id')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Remove a smart account from smartlic (refused while clusters are assigned)' })
  @ApiResult(SyncCommands.deleteSmartAccount)
  delete(@PathParam('id', RESOURCE_IDS.smartAccount) id: string) {
    return this.smartAccounts.delete(id);
  }

  @Post(':id/sync')
  @HttpCode(202)
  @ApiOperation({ summary: 'Smart Account Sync on demand: returns the job (the running one if a sync is in progress)' })
  @ApiResult(SyncCommands.syncSmartAccount, 202)
  sync(@PathParam('id', RESOURCE_IDS.smartAccount) id: string) {
    return this.smartAccounts.sync(id);
  }

  @Get(':id/sync-jobs')
  @ApiOperation({ summary: 'Smart Account Sync jobs of the account, newest first: status, counts, duration, CSSM error and recommended action' })
  @ApiResult(SyncCommands.listSyncJobs)
  syncJobs(@PathParam('id', RESOURCE_IDS.smartAccount) id: string, @ValidQuery(pageQuerySchema) page: PageQuery) {
    return this.smartAccounts.syncJobs(id, page);
  }

  @Get(':id/virtual-accounts')
  @ApiOperation({ summary: 'Virtual accounts of the smart account' })
  @ApiResult(SyncCommands.listVirtualAccounts)
  virtualAccounts(@PathParam('id', RESOURCE_IDS.smartAccount) id: string, @ValidQuery(pageQuerySchema) page: PageQuery) {
    return this.smartAccounts.virtualAccounts(id, page);
  }
}
