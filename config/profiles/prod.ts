import type { ProfileConfig } from "../types";
import { AUTOSCALING, COMPUTE_SWITCHES, DATABASE, DR_REGION, OWN_BASELINE, PCI_LOG_RETENTION_DAYS, QUEUE, WEBHOOK_BODY, ciFor } from "./defaults";
import { withCapacity } from "./services";

/** Protected and redundant: NAT per AZ, two readers, 30-day backups, no Spot. */
export const prod: ProfileConfig = {
  profile: "prod",
  region: "us-east-1",
  protection: true,
  logRetentionDays: PCI_LOG_RETENTION_DAYS,
  // us-west-2 is the disaster-recovery region: backups and the frontend replica live there.
  baseline: { ...OWN_BASELINE, additionalRegions: ["us-west-2"] },
  network: {
    vpcCidr: "10.2.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
    natStrategy: "per-az",
  },
  database: {
    ...DATABASE,
    minCapacityAcu: 2,
    maxCapacityAcu: 32,
    readerCount: 2,
    backupRetentionDays: 30,
    backupWindow: "03:00-04:00",
    maintenanceWindow: "sun:05:00-sun:06:00",
    slowQueryLogMs: 250,
  },
  // Daily, an hour clear of the 03:00-04:00 backup and sun 05:00-06:00 maintenance windows.
  backup: { schedule: "cron(0 7 * * ? *)", retentionDays: 35, restoreTesting: true },
  disasterRecovery: { region: "us-west-2", copyRetentionDays: 35, globalDatabase: false },
  cache: { enabled: true, nodeType: "cache.r7g.large", nodeCount: 3, engineVersion: "7.1" },
  queue: { ...QUEUE, maxReceiveCount: 3, messageRetentionSeconds: 1209600 },
  compute: {
    services: withCapacity({
      "api-gateway": { desiredCount: 3, minCapacity: 3, maxCapacity: 10 },
      "payment-processor": { desiredCount: 3, minCapacity: 2, maxCapacity: 10 },
    }),
    autoscaling: AUTOSCALING,
    fargateSpot: false,
    blueGreen: true,
    xrayTracing: true,
    ...COMPUTE_SWITCHES,
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
    // Replace with your on-call list: the preflight refuses a reserved domain such as example.com.
    notificationEmails: ["payments-oncall@payments.example.com"],
  },
  edge: {
    priceClass: "PriceClass_All",
    wafRateLimit: 2000,
    restrictAlbToCloudFront: true,
    webhookBody: WEBHOOK_BODY,
    frontendReplicaRegion: DR_REGION,
    domain: {
      hostedZone: "payments.example.com",
      appDomain: "app.payments.example.com",
      apiDomain: "api.payments.example.com",
    },
  },
  ci: ciFor(["prod"]),
};
