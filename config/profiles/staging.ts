import type { ProfileConfig } from "../types";
import { AUTOSCALING, COMPUTE_SWITCHES, DATABASE, OWN_BASELINE, SHORT_LOG_RETENTION_DAYS, QUEUE, WEBHOOK_BODY, ciFor } from "./defaults";
import { PLATFORM_SERVICES } from "./services";

/** Production-shaped at lower capacity: blue/green, Redis, tracing, a real domain. */
export const staging: ProfileConfig = {
  profile: "staging",
  region: "us-west-2",
  protection: false,
  logRetentionDays: SHORT_LOG_RETENTION_DAYS,
  baseline: OWN_BASELINE,
  network: {
    vpcCidr: "10.1.0.0/16",
    availabilityZones: ["us-west-2a", "us-west-2b", "us-west-2c"],
    natStrategy: "single",
  },
  database: {
    ...DATABASE,
    minCapacityAcu: 0.5,
    maxCapacityAcu: 8,
    readerCount: 1,
    backupRetentionDays: 14,
  },
  backup: { schedule: "cron(0 6 * * ? *)", retentionDays: 14, restoreTesting: true },
  cache: { enabled: true, nodeType: "cache.t4g.small", nodeCount: 2, engineVersion: "7.1" },
  queue: QUEUE,
  compute: {
    services: PLATFORM_SERVICES,
    autoscaling: AUTOSCALING,
    fargateSpot: true,
    blueGreen: true,
    xrayTracing: true,
    ...COMPUTE_SWITCHES,
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
    webhookBody: WEBHOOK_BODY,
    domain: {
      hostedZone: "payments.example.com",
      appDomain: "staging.payments.example.com",
      apiDomain: "api.staging.payments.example.com",
    },
  },
  ci: ciFor(["staging"]),
};
