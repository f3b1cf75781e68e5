import type { ProfileConfig } from "../types";
import { withCapacity } from "./services";

/** Protected and redundant: NAT per AZ, two readers, 30-day backups, no Spot. */
export const prod: ProfileConfig = {
  profile: "prod",
  region: "us-east-1",
  protection: true,
  network: {
    vpcCidr: "10.2.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
    natStrategy: "per-az",
    flowLogRetentionDays: 30,
  },
  database: {
    engineVersion: "16.6",
    databaseName: "payments",
    masterUsername: "payments_admin",
    minCapacityAcu: 2,
    maxCapacityAcu: 32,
    readerCount: 2,
    backupRetentionDays: 30,
    backupWindow: "03:00-04:00",
    maintenanceWindow: "sun:05:00-sun:06:00",
    secretRotationDays: 30,
    slowQueryLogMs: 250,
  },
  cache: { enabled: true, nodeType: "cache.r7g.large", nodeCount: 3, engineVersion: "7.1" },
  queue: {
    processingTimeoutSeconds: 30,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 3,
    messageRetentionSeconds: 1209600,
  },
  compute: {
    services: withCapacity({
      "api-gateway": { desiredCount: 3, minCapacity: 3, maxCapacity: 10 },
      "payment-processor": { desiredCount: 3, minCapacity: 2, maxCapacity: 10 },
    }),
    autoscaling: {
      cpuTargetPercent: 70,
      memoryTargetPercent: 80,
      requestsPerTarget: 1000,
      scaleOutCooldownSeconds: 60,
      scaleInCooldownSeconds: 300,
    },
    fargateSpot: false,
    blueGreen: true,
    xrayTracing: true,
    enableExecuteCommand: false,
    logRetentionDays: 30,
    deregistrationDelaySeconds: 60,
  },
  alarms: {
    alb5xxCount: 10,
    target5xxRatePercent: 1,
    p99LatencySeconds: 1,
    dbConnectionsMax: 1000,
    dbCpuPercent: 75,
    dbAcuUtilizationPercent: 80,
    queueOldestMessageSeconds: 300,
  },
  edge: {
    priceClass: "PriceClass_All",
    wafRateLimit: 2000,
    restrictAlbToCloudFront: true,
    domain: {
      hostedZone: "payments.example.com",
      appDomain: "app.payments.example.com",
      apiDomain: "api.payments.example.com",
    },
  },
};
