import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { bodySchema, PathParam, RESOURCE_IDS, ValidQuery } from '../../common/params/request-params.js';
import { ZodValidationPipe } from '../../common/pipes/zod-body.pipe.js';
import { clusterFilterBodySchema, clusterListQuerySchema, type ClusterFilterBody, type ClusterListQuery } from './clusters.dto.js';
import { ClustersService } from './clusters.service.js';
import { ApiResult } from '../../common/params/api-result.js';
import { RegistrationCommands, smartAgentStatusSchema } from '#libs/contracts';

@ApiTags('clusters')
@ApiBearerAuth()
@Controller('clusters')
export class ClustersController {
  constructor(private readonly clusters: ClustersService) {}

  @Get()
  @ApiOperation({ summary: 'Cluster Summary: name, type, version, smart and virtual account, prioritised status, smart agent state, latest job; filter by customer, type, VA, status; sort, page' })
  @ApiResult(RegistrationCommands.listClusters)
  list(@ValidQuery(clusterListQuerySchema) query: ClusterListQuery) {
    return this.clusters.list(query);
  }

  @Post('status-refresh')
  @HttpCode(202)
  @ApiOperation({ summary: "Status refresh: read the smart agent state of every cluster the filters select from its application (operator; answered once queued)" })
  @ApiBody({ schema: bodySchema(clusterFilterBodySchema, { customerId: 'customer-1', type: 'cucm' }) })
  @ApiResult(RegistrationCommands.refreshClusterStatuses, 202)
  refreshSelection(@Body(new ZodValidationPipe(clusterFilterBodySchema)) body: ClusterFilterBody) {
    return this.clusters.refreshSelection(body);
  }

  @Get('status-refresh/:id')
  @ApiOperation({ summary: 'A status refresh: clusters queued and skipped, how many were read, which failed and why' })
  @ApiResult(RegistrationCommands.getStatusRefresh)
  statusRefresh(@PathParam('id', RESOURCE_IDS.statusRefresh) id: string) {
    return this.clusters.statusRefresh(id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One cluster of the Cluster Summary' })
  @ApiResult(RegistrationCommands.getCluster)
  get(@PathParam('id', RESOURCE_IDS.cluster) id: string) {
    return this.clusters.get(id);
  }

  @Post(':id/status-refresh')
  @HttpCode(202)
  @ApiOperation({ summary: "Status refresh of one cluster: read its smart agent state from the application now (operator; answered once queued)" })
  @ApiResult(RegistrationCommands.refreshClusterStatus, 202)
  refreshOne(@PathParam('id', RESOURCE_IDS.cluster) id: string) {
    return this.clusters.refreshOne(id);
  }

  @Post(':id/renew-id')
  @HttpCode(202)
  @ApiOperation({ summary: 'Renew ID: renew the registration of an assigned cluster (a Renew ID job)' })
  @ApiResult(RegistrationCommands.renewId, 202)
  renewId(@PathParam('id', RESOURCE_IDS.cluster) id: string) {
    return this.clusters.renewId(id);
  }

  @Post(':id/renew-auth')
  @HttpCode(202)
  @ApiOperation({ summary: 'Renew Authorization of an assigned cluster (a Renew Authorization job)' })
  @ApiResult(RegistrationCommands.renewAuthorization, 202)
  renewAuth(@PathParam('id', RESOURCE_IDS.cluster) id: string) {
    return this.clusters.renewAuth(id);
  }

  @Get(':id/smart-agent')
  @ApiOperation({ summary: 'Smart agent state of the cluster as app-adapter knows it' })
  @ApiResult(smartAgentStatusSchema)
  smartAgent(@PathParam('id', RESOURCE_IDS.cluster) id: string) {
    return this.clusters.smartAgent(id);
  }
}
