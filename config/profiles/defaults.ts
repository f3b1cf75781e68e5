import type { AutoscalingConfig, BaselineConfig, CiConfig, DatabaseConfig, QueueConfig, WebhookBodyConfig } from "../types";

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
  steadyStateTimeoutMinutes: 15,
} as const;

/** Logs of unprotected environments: a month is enough to debug; nothing there is audit evidence. */
export const SHORT_LOG_RETENTION_DAYS = 30;
/** PCI DSS 10.5.1: audit log history for at least 12 months. */
export const PCI_LOG_RETENTION_DAYS = 365;

/** A baseline of its own, covering only the profile's region (and us-east-1). */
export const OWN_BASELINE: BaselineConfig = { enabled: true, covers: [], additionalRegions: [] };


/** 16 KB is CloudFront's default WAF body inspection size: larger bodies cost extra inspection fees. */
export const WEBHOOK_BODY: WebhookBodyConfig = { pathPrefix: "/webhook/", maxBytes: 16_384 };

/** The disaster-recovery region PCI DSS planning names for prod. */
export const DR_REGION = "us-west-2";

/**
 * GitHub Actions identities. Replace the repository with yours (or set GITHUB_REPOSITORY when
 * deploying the ci stack); GitHub Actions sets it in every workflow run.
 */
export function ciFor(deployEnvironments: readonly string[]): CiConfig {
  return {
    repository: "example-org/payment-platform",
    deployEnvironments,
    defaultBranch: "main",
    driftWorkflow: ".github/workflows/drift.yml",
    // The deploy job's timeout (120 minutes): a session must outlive the longest apply.
    deploySessionSeconds: 7200,
    permissionsBoundary: true,
    oidcProvider: "create",
  };
}
