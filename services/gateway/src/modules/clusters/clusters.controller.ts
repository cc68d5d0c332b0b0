import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from '../../common/pipes/zod-body.pipe.js';
import { clusterListQuerySchema, type ClusterListQuery } from './clusters.dto.js';
import { ClustersService } from './clusters.service.js';

@ApiTags('clusters')
@ApiBearerAuth()
@Controller('clusters')
export class ClustersController {
  constructor(private readonly clusters: ClustersService) {}

  @Get()
  @ApiOperation({ summary: 'Cluster Summary: name, type, version, smart and virtual account, prioritised status, latest job; filter by customer and type, sort, page' })
  list(@Query(new ZodValidationPipe(clusterListQuerySchema)) query: ClusterListQuery) {
    return this.clusters.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One cluster of the Cluster Summary' })
  get(@Param('id') id: string) {
    return this.clusters.get(id);
  }

  @Post(':id/renew-id')
  @HttpCode(202)
  @ApiOperation({ summary: 'Renew ID: renew the registration of an assigned cluster (a Renew ID job)' })
  renewId(@Param('id') id: string) {
    return this.clusters.renewId(id);
  }

  @Post(':id/renew-auth')
  @HttpCode(202)
  @ApiOperation({ summary: 'Renew Authorization of an assigned cluster (a Renew Authorization job)' })
  renewAuth(@Param('id') id: string) {
    return this.clusters.renewAuth(id);
  }

  @Get(':id/smart-agent')
  @ApiOperation({ summary: 'Smart agent state of the cluster as app-adapter knows it' })
  smartAgent(@Param('id') id: string) {
    return this.clusters.smartAgent(id);
  }
}
