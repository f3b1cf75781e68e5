import type { ProfileConfig } from "../types";
import { withCapacity } from "./services";

/** Cheap and disposable: one NAT, scale-to-zero database, no cache, no domain. */
export const dev: ProfileConfig = {
  profile: "dev",
  region: "eu-west-1",
  protection: false,
  network: {
    vpcCidr: "10.0.0.0/16",
    availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
    natStrategy: "single",
    flowLogRetentionDays: 30,
  },
  database: {
    engineVersion: "16.6",
    databaseName: "payments",
    masterUsername: "payments_admin",
    minCapacityAcu: 0,
    maxCapacityAcu: 4,
    autoPauseSeconds: 1800,
    readerCount: 0,
    backupRetentionDays: 7,
    backupWindow: "02:00-03:00",
    maintenanceWindow: "sun:04:00-sun:05:00",
    secretRotationDays: 30,
    slowQueryLogMs: 500,
  },
  cache: { enabled: false, nodeType: "cache.t4g.micro", nodeCount: 1, engineVersion: "7.1" },
  queue: {
    processingTimeoutSeconds: 30,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    messageRetentionSeconds: 345600,
  },
  compute: {
    services: withCapacity({
      "api-gateway": { desiredCount: 1, minCapacity: 1, maxCapacity: 3 },
      "payment-processor": { desiredCount: 1, minCapacity: 1, maxCapacity: 3 },
      "fraud-detector": { desiredCount: 1, minCapacity: 1, maxCapacity: 3 },
    }),
    autoscaling: {
      cpuTargetPercent: 50,
      memoryTargetPercent: 80,
      requestsPerTarget: 1000,
      scaleOutCooldownSeconds: 60,
      scaleInCooldownSeconds: 300,
    },
    fargateSpot: true,
    blueGreen: false,
    xrayTracing: false,
    enableExecuteCommand: false,
    logRetentionDays: 30,
    deregistrationDelaySeconds: 30,
  },
  alarms: {
    alb5xxCount: 50,
    target5xxRatePercent: 10,
    p99LatencySeconds: 3,
    dbConnectionsMax: 200,
    dbCpuPercent: 90,
    dbAcuUtilizationPercent: 90,
    queueOldestMessageSeconds: 900,
  },
  edge: {
    priceClass: "PriceClass_100",
    wafRateLimit: 1000,
    restrictAlbToCloudFront: true,
  },
};
