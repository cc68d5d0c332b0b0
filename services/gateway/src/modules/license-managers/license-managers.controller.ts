import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LicenseManagementCommands, LicenseManagerCommands } from '#libs/contracts';
import { RequireRole } from '../../common/auth/roles.js';
import { ApiResult } from '../../common/params/api-result.js';
import { bodySchema, PathParam, RESOURCE_IDS, ValidQuery } from '../../common/params/request-params.js';
import { ZodValidationPipe } from '../../common/pipes/zod-body.pipe.js';
import {
  addLicenseManagerBodySchema,
  customerAssignmentBodySchema,
  licenseManagementClusterQuerySchema,
  licenseManagementCustomerQuerySchema,
  type LicenseManagementClusterQuery,
  type LicenseManagementCustomerQuery,
  plmClustersBodySchema,
  type CustomerAssignmentBody,
  type PlmClustersBody,
  licenseManagerListQuerySchema,
  licenseModeBodySchema,
  updateLicenseManagerBodySchema,
  type AddLicenseManagerBody,
  type LicenseManagerListQuery,
  type LicenseModeBody,
  type UpdateLicenseManagerBody,
} from './license-managers.dto.js';
import { LicenseManagersService } from './license-managers.service.js';

const EXAMPLE = { hostname: 'plm1.hcs-sp.example.com', port: 8443, username: 'osadmin', password: 'os-admin-password' } as const;

/** License Management > License Manager: standalone Prime License Manager instances for 11.x clusters. */
@ApiTags('license-managers')
@ApiBearerAuth()
@Controller('license-managers')
export class LicenseManagersController {
  constructor(private readonly licenseManagers: LicenseManagersService) {}

  @Get()
  @ApiOperation({ summary: 'License Managers (PLM): hostname, OS admin user, version, license mode, customers and clusters (at most 1,000 per PLM)' })
  @ApiResult(LicenseManagerCommands.list)
  list(@ValidQuery(licenseManagerListQuerySchema) query: LicenseManagerListQuery) {
    return this.licenseManagers.list(query);
  }

  @Post()
  @RequireRole('admin')
  @ApiOperation({
    summary:
      'Add a standalone License Manager: validated on PLM first (unreachable 503 PLM_UNREACHABLE, refused credentials 422 PLM_CREDENTIALS_REFUSED, demo mode 409 PLM_DEMO_MODE), its deployment mode set to HCS; the password is never returned',
  })
  @ApiBody({ schema: bodySchema(addLicenseManagerBodySchema, EXAMPLE) })
  @ApiResult(LicenseManagerCommands.add, 201, 'Added')
  add(@Body(new ZodValidationPipe(addLicenseManagerBodySchema)) body: AddLicenseManagerBody) {
    return this.licenseManagers.add(body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One License Manager (the OS admin password is never returned)' })
  @ApiResult(LicenseManagerCommands.get)
  get(@PathParam('id', RESOURCE_IDS.licenseManager) id: string) {
    return this.licenseManagers.get(id);
  }

  @Patch(':id')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Edit a License Manager: validated on PLM again before it is stored; an omitted password keeps the stored one' })
  @ApiBody({ schema: bodySchema(updateLicenseManagerBodySchema, { username: 'osadmin', password: 'new-os-admin-password' }) })
  @ApiResult(LicenseManagerCommands.update)
  update(@PathParam('id', RESOURCE_IDS.licenseManager) id: string, @Body(new ZodValidationPipe(updateLicenseManagerBodySchema)) body: UpdateLicenseManagerBody) {
    return this.licenseManagers.update(id, body);
  }

  @Delete(':id')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Delete a License Manager (409 LICENSE_MANAGER_IN_USE while customers or clusters are assigned to it)' })
  @ApiResult(LicenseManagerCommands.delete)
  delete(@PathParam('id', RESOURCE_IDS.licenseManager) id: string) {
    return this.licenseManagers.delete(id);
  }

  @Get(':id/summary')
  @ApiOperation({ summary: "License Management Summary of one License Manager: license types with installed, required and available counts read from PLM, compliance, customers" })
  @ApiResult(LicenseManagementCommands.summary)
  summary(@PathParam('id', RESOURCE_IDS.licenseManager) id: string) {
    return this.licenseManagers.summary(id);
  }

  @Get(':id/license-mode')
  @ApiOperation({ summary: "The License Manager's license mode (HCS or Enterprise), read from PLM" })
  @ApiResult(LicenseManagerCommands.getLicenseMode)
  licenseMode(@PathParam('id', RESOURCE_IDS.licenseManager) id: string) {
    return this.licenseManagers.licenseMode(id);
  }

  @Put(':id/license-mode')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Change the license mode of a standalone License Manager (HCS or Enterprise) and read it back' })
  @ApiBody({ schema: bodySchema(licenseModeBodySchema, { licenseMode: 'Enterprise' }) })
  @ApiResult(LicenseManagerCommands.setLicenseMode)
  setLicenseMode(@PathParam('id', RESOURCE_IDS.licenseManager) id: string, @Body(new ZodValidationPipe(licenseModeBodySchema)) body: LicenseModeBody) {
    return this.licenseManagers.setLicenseMode(id, body.licenseMode);
  }

  @Post(':id/customers')
  @ApiOperation({ summary: 'Assign a customer to the License Manager (409 PLM_CUSTOMER_NOT_ASSIGNED when it is assigned to another one); then assign its 11.x clusters' })
  @ApiBody({ schema: bodySchema(customerAssignmentBodySchema, { customerId: 'customer-1' }) })
  @ApiResult(LicenseManagerCommands.assignCustomer, 201, 'Assigned')
  assignCustomer(@PathParam('id', RESOURCE_IDS.licenseManager) id: string, @Body(new ZodValidationPipe(customerAssignmentBodySchema)) body: CustomerAssignmentBody) {
    return this.licenseManagers.assignCustomer(id, body.customerId);
  }

  @Delete(':id/customers/:customerId')
  @ApiOperation({ summary: 'Unassign a customer from the License Manager (409 LICENSE_MANAGER_IN_USE while its clusters are assigned there)' })
  @ApiResult(LicenseManagerCommands.unassignCustomer)
  unassignCustomer(@PathParam('id', RESOURCE_IDS.licenseManager) id: string, @PathParam('customerId', RESOURCE_IDS.customer) customerId: string) {
    return this.licenseManagers.unassignCustomer(id, customerId);
  }

  @Post(':id/assign')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Assign clusters to PLM: one "Assign Cluster to PLM" job per cluster (Unified CM, Unity Connection, Emergency Responder of 11.x or earlier; a 12.x cluster fails with PLM_CLUSTER_NOT_ELIGIBLE, the 1,001st cluster with PLM_CAPACITY_REACHED)',
  })
  @ApiBody({ schema: bodySchema(plmClustersBodySchema, { clusterIds: ['cluster-1'] }) })
  @ApiResult(LicenseManagerCommands.assignClusters, 202, 'Accepted: the jobs')
  assign(@PathParam('id', RESOURCE_IDS.licenseManager) id: string, @Body(new ZodValidationPipe(plmClustersBodySchema)) body: PlmClustersBody) {
    return this.licenseManagers.assignClusters(id, body.clusterIds);
  }

  @Post(':id/unassign')
  @HttpCode(202)
  @ApiOperation({ summary: 'Unassign clusters from PLM: one "Unassign Cluster from PLM" job per cluster; then they are eligible for smart licensing (auto-registration when enabled)' })
  @ApiBody({ schema: bodySchema(plmClustersBodySchema, { clusterIds: ['cluster-1'] }) })
  @ApiResult(LicenseManagerCommands.unassignClusters, 202, 'Accepted: the jobs')
  unassign(@PathParam('id', RESOURCE_IDS.licenseManager) id: string, @Body(new ZodValidationPipe(plmClustersBodySchema)) body: PlmClustersBody) {
    return this.licenseManagers.unassignClusters(id, body.clusterIds);
  }
}

/** License Management > License Management Summary: clusters and customers licensed through PLM. */
@ApiTags('license-management')
@ApiBearerAuth()
@Controller('license-management')
export class LicenseManagementController {
  constructor(private readonly licenseManagers: LicenseManagersService) {}

  @Get('clusters')
  @ApiOperation({ summary: 'License Management Summary: clusters assigned to a License Manager or of a customer assigned to one, their PLM status and latest PLM job; filters and paging like the Cluster Summary' })
  @ApiResult(LicenseManagementCommands.listClusters)
  clusters(@ValidQuery(licenseManagementClusterQuerySchema) query: LicenseManagementClusterQuery) {
    return this.licenseManagers.managedClusters(query);
  }

  @Get('customers')
  @ApiOperation({ summary: 'License Management Summary per customer: its License Manager and how many of its clusters are assigned there' })
  @ApiResult(LicenseManagementCommands.listCustomers)
  customers(@ValidQuery(licenseManagementCustomerQuerySchema) query: LicenseManagementCustomerQuery) {
    return this.licenseManagers.managedCustomers(query);
  }
}
