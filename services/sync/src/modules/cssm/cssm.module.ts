import { Module } from '@nestjs/common';
import { CssmClient } from './cssm.client.js';

/** The CSSM and SSM On-Prem (satellite) client. */
@Module({ providers: [CssmClient], exports: [CssmClient] })
export class CssmModule {}
