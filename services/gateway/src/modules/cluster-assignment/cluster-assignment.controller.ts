import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { RequireRole } from '../../common/auth/roles.js';
import { bodySchema, PathParam, RESOURCE_IDS, ValidQuery } from '../../common/params/request-params.js';
import { ZodValidationPipe } from '../../common/pipes/zod-body.pipe.js';
import { clusterSelectionBodySchema, licenseModeBodySchema, type ClusterSelectionBody, type LicenseModeBody } from './cluster-assignment.dto.js';
import { ClusterAssignmentService } from './cluster-assignment.service.js';
import { ApiResult } from '../../common/params/api-result.js';
import { LicenseModeCommands, RegistrationCommands } from '#libs/contracts';

const pageSchema = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), offset: z.coerce.number().int().min(0).default(0) });

/** Edit Virtual Account: license mode, clusters assigned, assign and unassign (guide: "Assign and Unassign a Cluster"). */
@ApiTags('virtual-accounts')
@ApiBearerAuth()
@Controller('virtual-accounts')
export class ClusterAssignmentController {
  constructor(private readonly assignment: ClusterAssignmentService) {}

  @Post(':id/clusters')
  @HttpCode(202)
  @ApiOperation({ summary: 'Assign clusters to the virtual account: one Assign Cluster job per cluster (the VA needs a license mode)' })
  @ApiBody({ schema: bodySchema(clusterSelectionBodySchema, { clusterIds: ['cucm-1', 'cuc-1'] }) })
  @ApiResult(RegistrationCommands.assignClusters, 202)
  assign(@PathParam('id', RESOURCE_IDS.virtualAccount) id: string, @Body(new ZodValidationPipe(clusterSelectionBodySchema)) body: ClusterSelectionBody) {
    return this.assignment.assign(id, body.clusterIds);
  }

  @Post(':id/clusters/unassign')
  @HttpCode(202)
  @ApiOperation({ summary: 'Unassign clusters from the virtual account: one Unassign Cluster job per cluster' })
  @ApiBody({ schema: bodySchema(clusterSelectionBodySchema, { clusterIds: ['cucm-1', 'cuc-1'] }) })
  @ApiResult(RegistrationCommands.unassignClusters, 202)
  unassign(@PathParam('id', RESOURCE_IDS.virtualAccount) id: string, @Body(new ZodValidationPipe(clusterSelectionBodySchema)) body: ClusterSelectionBody) {
    return this.assignment.unassign(id, body.clusterIds);
  }

  @Delete(':id/clusters')
  @HttpCode(202)
  @ApiOperation({ summary: 'Unassign clusters from the virtual account (same as POST .../clusters/unassign)' })
  @ApiBody({ schema: bodySchema(clusterSelectionBodySchema, { clusterIds: ['cucm-1', 'cuc-1'] }) })
  @ApiResult(RegistrationCommands.unassignClusters, 202)
  unassignByDelete(@PathParam('id', RESOURCE_IDS.virtualAccount) id: string, @Body(new ZodValidationPipe(clusterSelectionBodySchema)) body: ClusterSelectionBody) {
    return this.assignment.unassign(id, body.clusterIds);
  }

  @Get(':id/clusters')
  @ApiOperation({ summary: 'Clusters assigned to the virtual account, with status and latest job' })
  @ApiResult(RegistrationCommands.listClusters)
  clusters(@PathParam('id', RESOURCE_IDS.virtualAccount) id: string, @ValidQuery(pageSchema) page: z.infer<typeof pageSchema>) {
    return this.assignment.clusters(id, page.limit, page.offset);
  }

  @Get(':id/assignments')
  @ApiOperation({ summary: 'Edit Virtual Account: clusters#, customers#, license mode, description, access level' })
  @ApiResult(RegistrationCommands.getVirtualAccount)
  summary(@PathParam('id', RESOURCE_IDS.virtualAccount) id: string) {
    return this.assignment.summary(id);
  }

  @Get(':id/license-mode')
  @ApiOperation({ summary: 'License mode of the virtual account, and whether it can change (not while clusters are assigned)' })
  @ApiResult(LicenseModeCommands.getVirtualAccount)
  licenseMode(@PathParam('id', RESOURCE_IDS.virtualAccount) id: string) {
    return this.assignment.licenseMode(id);
  }

  @Put(':id/license-mode')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Set the license mode of the virtual account (admin; refused with 409 while clusters are assigned)' })
  @ApiBody({ schema: bodySchema(licenseModeBodySchema, { mode: 'HCS' }) })
  @ApiResult(LicenseModeCommands.setVirtualAccount)
  setLicenseMode(@PathParam('id', RESOURCE_IDS.virtualAccount) id: string, @Body(new ZodValidationPipe(licenseModeBodySchema)) body: LicenseModeBody) {
    return this.assignment.setLicenseMode(id, body.mode);
  }
}
