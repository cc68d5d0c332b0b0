import { Module } from '@nestjs/common';
import { EventsController } from './events.controller.js';
import { LiveEventsPort } from './live-events.port.js';

@Module({ controllers: [EventsController], providers: [LiveEventsPort] })
export class EventsModule {}
