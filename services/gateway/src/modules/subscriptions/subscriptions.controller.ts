import { Body, Controller, Delete, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { bodySchema, PathParam, RESOURCE_IDS, ValidQuery } from '../../common/params/request-params.js';
import { ZodValidationPipe } from '../../common/pipes/zod-body.pipe.js';
import { subscriptionListQuerySchema, subscriptionMappingBodySchema, type SubscriptionListQuery, type SubscriptionMappingBody } from './subscriptions.dto.js';
import { SubscriptionsService } from './subscriptions.service.js';
import { ApiResult } from '../../common/params/api-result.js';
import { ReportingCommands } from '#libs/contracts';

@ApiTags('subscriptions')
@ApiBearerAuth()
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get()
  @ApiOperation({ summary: 'Subscription Mapper: subscription id, license details, start and end dates (Flex only), customer, license model; sort by end date, filter those expiring within N days' })
  @ApiResult(ReportingCommands.listSubscriptions)
  list(@ValidQuery(subscriptionListQuerySchema) query: SubscriptionListQuery) {
    return this.subscriptions.list(query);
  }

  @Put(':subscriptionId/mapping')
  @ApiOperation({ summary: 'Map a subscription ID to one customer with a license model (one customer per subscription; perpetual licenses belong to the provider)' })
  @ApiBody({ schema: bodySchema(subscriptionMappingBodySchema, { customerId: 'customer-1', licenseModel: 'Named User' }) })
  @ApiResult(ReportingCommands.mapSubscription)
  map(@PathParam('subscriptionId', RESOURCE_IDS.subscription) subscriptionId: string, @Body(new ZodValidationPipe(subscriptionMappingBodySchema)) body: SubscriptionMappingBody) {
    return this.subscriptions.map(subscriptionId, body);
  }

  @Delete(':subscriptionId/mapping')
  @ApiOperation({ summary: 'Remove the customer mapping of a subscription ID' })
  @ApiResult(ReportingCommands.unmapSubscription)
  unmap(@PathParam('subscriptionId', RESOURCE_IDS.subscription) subscriptionId: string) {
    return this.subscriptions.unmap(subscriptionId);
  }
}
