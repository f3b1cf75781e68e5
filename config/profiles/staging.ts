import type { ProfileConfig } from "../types";
import { PLATFORM_SERVICES } from "./services";

/** Production-shaped at lower capacity: blue/green, Redis, tracing, a real domain. */
export const staging: ProfileConfig = {
  profile: "staging",
  region: "us-west-2",
  protection: false,
  network: {
    vpcCidr: "10.1.0.0/16",
    availabilityZones: ["us-west-2a", "us-west-2b", "us-west-2c"],
    natStrategy: "single",
    flowLogRetentionDays: 30,
  },
  database: {
    engineVersion: "16.6",
    databaseName: "payments",
    masterUsername: "payments_admin",
    minCapacityAcu: 0.5,
    maxCapacityAcu: 8,
    readerCount: 1,
    backupRetentionDays: 14,
    backupWindow: "02:00-03:00",
    maintenanceWindow: "sun:04:00-sun:05:00",
    secretRotationDays: 30,
    slowQueryLogMs: 500,
  },
  cache: { enabled: true, nodeType: "cache.t4g.small", nodeCount: 2, engineVersion: "7.1" },
  queue: {
    processingTimeoutSeconds: 30,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    messageRetentionSeconds: 345600,
  },
  compute: {
    services: PLATFORM_SERVICES,
    autoscaling: {
      cpuTargetPercent: 70,
      memoryTargetPercent: 80,
      requestsPerTarget: 1000,
      scaleOutCooldownSeconds: 60,
      scaleInCooldownSeconds: 300,
    },
    fargateSpot: true,
    blueGreen: true,
    xrayTracing: true,
    enableExecuteCommand: false,
    logRetentionDays: 30,
    deregistrationDelaySeconds: 30,
  },
  alarms: {
    alb5xxCount: 20,
    target5xxRatePercent: 5,
    p99LatencySeconds: 2,
    dbConnectionsMax: 400,
    dbCpuPercent: 80,
    dbAcuUtilizationPercent: 85,
    queueOldestMessageSeconds: 600,
  },
  edge: {
    priceClass: "PriceClass_100",
    wafRateLimit: 2000,
    restrictAlbToCloudFront: true,
    domain: {
      hostedZone: "payments.example.com",
      appDomain: "staging.payments.example.com",
      apiDomain: "api.staging.payments.example.com",
    },
  },
};
