import type { ProfileConfig } from "../types";
import { AUTOSCALING, COMPUTE_SWITCHES, DATABASE, OWN_BASELINE, SHORT_LOG_RETENTION_DAYS, QUEUE, WEBHOOK_BODY, ciFor } from "./defaults";
import { withCapacity } from "./services";

/** Cheap and disposable: one NAT, scale-to-zero database, no cache, no domain. */
export const dev: ProfileConfig = {
  profile: "dev",
  region: "eu-west-1",
  protection: false,
  logRetentionDays: SHORT_LOG_RETENTION_DAYS,
  baseline: OWN_BASELINE,
  network: {
    vpcCidr: "10.0.0.0/16",
    availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
    natStrategy: "single",
  },
  database: {
    ...DATABASE,
    minCapacityAcu: 0,
    maxCapacityAcu: 4,
    autoPauseSeconds: 1800,
    readerCount: 0,
    backupRetentionDays: 7,
  },
  backup: { schedule: "cron(0 6 * * ? *)", retentionDays: 7, restoreTesting: false },
  cache: { enabled: false, nodeType: "cache.t4g.micro", nodeCount: 1, engineVersion: "7.1" },
  queue: QUEUE,
  compute: {
    services: withCapacity({
      "api-gateway": { desiredCount: 1, minCapacity: 1, maxCapacity: 3 },
      "payment-processor": { desiredCount: 1, minCapacity: 1, maxCapacity: 3 },
      "fraud-detector": { desiredCount: 1, minCapacity: 1, maxCapacity: 3 },
    }),
    autoscaling: { ...AUTOSCALING, cpuTargetPercent: 50 },
    fargateSpot: true,
    blueGreen: false,
    xrayTracing: false,
    ...COMPUTE_SWITCHES,
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
    webhookBody: WEBHOOK_BODY,
  },
  ci: ciFor(["dev", "preview"]),
};
