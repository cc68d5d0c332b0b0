import { Module } from '@nestjs/common';
import { LicenseMappingHandler } from './license-mapping.handler.js';

@Module({ controllers: [LicenseMappingHandler] })
export class LicenseMappingModule {}
