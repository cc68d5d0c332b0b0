import { Module } from '@nestjs/common';
import { CustomersHandler } from './customers.handler.js';
import { CustomersRepository } from './customers.repository.js';

@Module({ controllers: [CustomersHandler], providers: [CustomersRepository] })
export class CustomersModule {}
