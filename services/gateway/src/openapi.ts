import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { CoreModule } from '#libs/service-kit';

const documentConfig = () =>
  new DocumentBuilder()
    .setTitle('smartlic REST API')
    .setDescription('Smart-licensing fulfilment for Cisco HCS: smart accounts, virtual accounts, cluster assignment, jobs, reports.')
    .setVersion('1')
    .addBearerAuth()
    .build();

/**
 * OpenAPI document of the API app's routes, served by `host` (the management app) at /api/docs (UI) and
 * /api/docs-json: off the public API port.
 */
export const setUpOpenApi = (host: INestApplication, app: INestApplication): void => {
  const document = SwaggerModule.createDocument(app, documentConfig());
  SwaggerModule.setup('api/docs', host, document, { jsonDocumentUrl: 'api/docs-json' });
};

/**
 * The same document without NATS, Postgres or a listening server: the gateway's modules in Nest's preview mode (their
 * graph is scanned, no provider is created), with the global prefix the running gateway sets. What `npm run
 * console:api` feeds openapi-typescript and `openapi-document.spec.ts` checks.
 */
export const previewOpenApiDocument = async (): Promise<OpenAPIObject> => {
  // Imported here: the service definition pulls every module, which the management app's import of this file does not need.
  const { gatewayService } = await import('./gateway.service-definition.js');
  @Module({ imports: [CoreModule.preview(), ...gatewayService.imports] })
  class GatewayPreviewModule {}
  const app = await NestFactory.create(GatewayPreviewModule, { preview: true, logger: false, abortOnError: false });
  app.setGlobalPrefix('api/v1', { exclude: ['healthz', 'readyz'] });
  try {
    return SwaggerModule.createDocument(app, documentConfig());
  } finally {
    await app.close();
  }
};
