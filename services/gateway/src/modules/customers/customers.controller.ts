import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ReportingCommands } from '#libs/contracts';
import { CommandClient } from '#libs/messaging';
import { ApiResult } from '../../common/params/api-result.js';
import { ValidQuery } from '../../common/params/request-params.js';

const customerListQuerySchema = z
  .object({
    name: z.string().min(1).max(200).optional().describe('Customers whose name contains this, case-insensitive'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomersController {
  constructor(private readonly commands: CommandClient) {}

  @Get()
  @ApiOperation({ summary: 'Customers (id and name) as provisioning announced them, by name; filter by a part of the name' })
  @ApiResult(ReportingCommands.listCustomers)
  list(@ValidQuery(customerListQuerySchema) query: z.infer<typeof customerListQuerySchema>) {
    return this.commands.request(ReportingCommands.listCustomers, query);
  }
}
