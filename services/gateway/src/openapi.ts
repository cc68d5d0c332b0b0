import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/**
 * OpenAPI document of the API app's routes, served by `host` (the management app) at /api/docs (UI) and
 * /api/docs-json: off the public API port.
 */
export const setUpOpenApi = (host: INestApplication, app: INestApplication): void => {
  const config = new DocumentBuilder()
    .setTitle('smartlic REST API')
    .setDescription('Smart-licensing fulfilment for Cisco HCS: smart accounts, virtual accounts, cluster assignment, jobs, reports.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', host, document, { jsonDocumentUrl: 'api/docs-json' });
};
