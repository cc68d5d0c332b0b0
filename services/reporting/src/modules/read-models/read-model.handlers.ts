import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { CaaEvents, JobEvents, RegistrationEvents, SyncEvents, type ClusterStatusChanged, type Envelope, type InventoryCluster, type InventoryCustomer, type Job, type LicenseSnapshot, type LicenseUsageReport, type SmartAccountUpserted, type Subscription, type VirtualAccountEvent } from '#libs/contracts';
import { JetStreamContext, OnEvent } from '#libs/messaging';
import { ReadModelService } from './read-model.service.js';

/** Registration's inventory and cluster statuses (customers, clusters, assignments). */
@Controller()
export class RegistrationEventsHandler {
  constructor(private readonly readModels: ReadModelService) {}

  @OnEvent(RegistrationEvents.customerUpserted)
  customerUpserted(@Payload() e: Envelope<InventoryCustomer>, @Ctx() ctx: JetStreamContext) {
    return this.readModels.customerUpserted(e, ctx.consumer);
  }

  @OnEvent(RegistrationEvents.customerRemoved)
  customerRemoved(@Payload() e: Envelope<InventoryCustomer>, @Ctx() ctx: JetStreamContext) {
    return this.readModels.customerRemoved(e, ctx.consumer);
  }

  @OnEvent(RegistrationEvents.clusterUpserted)
  clusterUpserted(@Payload() e: Envelope<InventoryCluster>, @Ctx() ctx: JetStreamContext) {
    return this.readModels.clusterUpserted(e, ctx.consumer);
  }

  @OnEvent(RegistrationEvents.clusterRemoved)
  clusterRemoved(@Payload() e: Envelope<InventoryCluster>, @Ctx() ctx: JetStreamContext) {
    return this.readModels.clusterRemoved(e, ctx.consumer);
  }

  @OnEvent(RegistrationEvents.clusterStatusChanged)
  clusterStatusChanged(@Payload() e: Envelope<ClusterStatusChanged>, @Ctx() ctx: JetStreamContext) {
    return this.readModels.clusterStatusChanged(e, ctx.consumer);
  }
}

/** License usage per cluster, as app-adapter collects it. */
@Controller()
export class UsageEventsHandler {
  constructor(private readonly readModels: ReadModelService) {}

  @OnEvent(CaaEvents.licenseUsageReported)
  licenseUsageReported(@Payload() e: Envelope<LicenseUsageReport>, @Ctx() ctx: JetStreamContext) {
    return this.readModels.licenseUsageReported(e, ctx.consumer);
  }
}

/** Jobs of every service, for the unified jobs view. */
@Controller()
export class JobEventsHandler {
  constructor(private readonly readModels: ReadModelService) {}

  @OnEvent(JobEvents.updated)
  jobUpdated(@Payload() e: Envelope<Job>, @Ctx() ctx: JetStreamContext) {
    return this.readModels.jobUpdated(e, ctx.consumer);
  }
}

/** Smart accounts, virtual accounts, licenses and subscriptions, as sync brings them from CSSM and satellites. */
@Controller()
export class SyncEventsHandler {
  constructor(private readonly readModels: ReadModelService) {}

  @OnEvent(SyncEvents.smartAccountUpserted)
  smartAccountUpserted(@Payload() e: Envelope<SmartAccountUpserted>, @Ctx() ctx: JetStreamContext) {
    return this.readModels.smartAccountUpserted(e, ctx.consumer);
  }

  @OnEvent(SyncEvents.smartAccountRemoved)
  smartAccountRemoved(@Payload() e: Envelope<{ id: string }>, @Ctx() ctx: JetStreamContext) {
    return this.readModels.smartAccountRemoved(e, ctx.consumer);
  }

  @OnEvent(SyncEvents.virtualAccountUpserted)
  virtualAccountUpserted(@Payload() e: Envelope<VirtualAccountEvent>, @Ctx() ctx: JetStreamContext) {
    return this.readModels.virtualAccountUpserted(e, ctx.consumer);
  }

  @OnEvent(SyncEvents.virtualAccountRemoved)
  virtualAccountRemoved(@Payload() e: Envelope<VirtualAccountEvent>, @Ctx() ctx: JetStreamContext) {
    return this.readModels.virtualAccountRemoved(e, ctx.consumer);
  }

  @OnEvent(SyncEvents.subscriptionUpserted)
  subscriptionUpserted(@Payload() e: Envelope<Subscription>, @Ctx() ctx: JetStreamContext) {
    return this.readModels.subscriptionUpserted(e, ctx.consumer);
  }

  @OnEvent(SyncEvents.subscriptionRemoved)
  subscriptionRemoved(@Payload() e: Envelope<Pick<Subscription, 'subscriptionId' | 'smartAccountId' | 'virtualAccount' | 'license'>>, @Ctx() ctx: JetStreamContext) {
    return this.readModels.subscriptionRemoved(e, ctx.consumer);
  }

  @OnEvent(SyncEvents.licenseSnapshotUpdated)
  licenseSnapshotUpdated(@Payload() e: Envelope<LicenseSnapshot>, @Ctx() ctx: JetStreamContext) {
    return this.readModels.licenseSnapshotUpdated(e, ctx.consumer);
  }
}
