import type { AutoscalingConfig, DatabaseConfig, QueueConfig } from "../types";

/**
 * Values the profiles share; each profile spreads these and states only what differs, so a
 * reviewer reads the differences, not three copies of the same numbers.
 */

export const AURORA_POSTGRES_VERSION = "16.6";

export const DATABASE: Pick<DatabaseConfig, "engineVersion" | "databaseName" | "masterUsername" | "backupWindow" | "maintenanceWindow" | "secretRotationDays" | "slowQueryLogMs"> = {
  engineVersion: AURORA_POSTGRES_VERSION,
  databaseName: "payments",
  masterUsername: "payments_admin",
  backupWindow: "02:00-03:00",
  maintenanceWindow: "sun:04:00-sun:05:00",
  secretRotationDays: 30,
  slowQueryLogMs: 500,
};

/** Processing takes up to 30 s; a message becomes visible again only after 180 s. */
export const QUEUE: QueueConfig = {
  processingTimeoutSeconds: 30,
  visibilityTimeoutSeconds: 180,
  maxReceiveCount: 5,
  messageRetentionSeconds: 345600,
};

export const AUTOSCALING: AutoscalingConfig = {
  cpuTargetPercent: 70,
  memoryTargetPercent: 80,
  requestsPerTarget: 1000,
  scaleOutCooldownSeconds: 60,
  scaleInCooldownSeconds: 300,
};

export const COMPUTE_SWITCHES = {
  enableExecuteCommand: false,
  logRetentionDays: 30,
  steadyStateTimeoutMinutes: 15,
} as const;

export const FLOW_LOG_RETENTION_DAYS = 30;

