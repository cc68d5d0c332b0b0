import { Controller, Get, Param, Query } from '@nestjs/common';
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
  @ApiOperation({ summary: 'Cluster Summary: clusters with type, version, smart and virtual account, status' })
  list(@Query(new ZodValidationPipe(clusterListQuerySchema)) query: ClusterListQuery) {
    return this.clusters.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One cluster of the Cluster Summary' })
  get(@Param('id') id: string) {
    return this.clusters.get(id);
  }

  @Get(':id/smart-agent')
  @ApiOperation({ summary: 'Smart agent state of the cluster as app-adapter knows it' })
  smartAgent(@Param('id') id: string) {
    return this.clusters.smartAgent(id);
  }
}
