import { Module } from '@nestjs/common';
import { ClusterAssignmentController } from './cluster-assignment.controller.js';
import { ClusterAssignmentService } from './cluster-assignment.service.js';

@Module({ controllers: [ClusterAssignmentController], providers: [ClusterAssignmentService] })
export class ClusterAssignmentModule {}
