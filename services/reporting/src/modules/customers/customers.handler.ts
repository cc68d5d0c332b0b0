import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ReportingCommands } from '#libs/contracts';
import { OnCommand } from '#libs/messaging';
import { CustomersRepository, type CustomerQuery } from './customers.repository.js';

@Controller()
export class CustomersHandler {
  constructor(private readonly customers: CustomersRepository) {}

  @OnCommand(ReportingCommands.listCustomers)
  list(@Payload() request: CustomerQuery) {
    return this.customers.list(request);
  }
}
