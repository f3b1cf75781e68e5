import { ConfigError } from "../errors";
import type { EnvironmentConfig } from "../types";
import { intInRange, isBoolean, matches, numberInRange, oneOf } from "./rules";

/** aurora-postgresql 16.x versions that support Serverless v2 with scale-to-zero. */
export const AURORA_POSTGRES_VERSIONS = ["16.3", "16.4", "16.6", "16.8"] as const;
export const REDIS_ENGINE_VERSIONS = ["7.0", "7.1"] as const;

const WINDOW = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;
const WEEKLY_WINDOW = /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/;
const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

export function validateData(config: EnvironmentConfig): void {
  if (config.suffix.includes("--")) {
    throw new ConfigError("ENVIRONMENT_SUFFIX", config.suffix, "must not contain '--' (Aurora and ElastiCache identifiers forbid consecutive hyphens)");
  }
  const db = config.database;
  oneOf("database.engineVersion", db.engineVersion, AURORA_POSTGRES_VERSIONS);
  matches("database.databaseName", db.databaseName, IDENTIFIER, "must be 1-63 characters of a-z, 0-9 and '_', starting with a letter");
  matches("database.masterUsername", db.masterUsername, IDENTIFIER, "must be 1-63 characters of a-z, 0-9 and '_', starting with a letter");
  if (["admin", "postgres", "rdsadmin"].includes(db.masterUsername)) {
    throw new ConfigError("database.masterUsername", db.masterUsername, "must not be a name RDS reserves (admin, postgres, rdsadmin)");
  }
  numberInRange("database.minCapacityAcu", db.minCapacityAcu, 0, 256, 0.5);
  numberInRange("database.maxCapacityAcu", db.maxCapacityAcu, 1, 256, 0.5);
  if (db.minCapacityAcu > db.maxCapacityAcu) {
    throw new ConfigError("database.minCapacityAcu", db.minCapacityAcu, `must not exceed database.maxCapacityAcu (${db.maxCapacityAcu})`);
  }
  if (db.minCapacityAcu === 0 && db.autoPauseSeconds === undefined) {
    throw new ConfigError("database.autoPauseSeconds", db.autoPauseSeconds, "must be set (300 to 86400) when database.minCapacityAcu is 0");
  }
  if (db.autoPauseSeconds !== undefined) {
    if (db.minCapacityAcu !== 0) {
      throw new ConfigError("database.autoPauseSeconds", db.autoPauseSeconds, "applies only when database.minCapacityAcu is 0; remove it");
    }
    intInRange("database.autoPauseSeconds", db.autoPauseSeconds, 300, 86400);
  }
  intInRange("database.readerCount", db.readerCount, 0, 15);
  intInRange("database.backupRetentionDays", db.backupRetentionDays, 1, 35);
  matches("database.backupWindow", db.backupWindow, WINDOW, "must be hh24:mi-hh24:mi in UTC, such as 02:00-03:00");
  matches("database.maintenanceWindow", db.maintenanceWindow, WEEKLY_WINDOW, "must be ddd:hh24:mi-ddd:hh24:mi in UTC, such as sun:04:00-sun:05:00");
  intInRange("database.secretRotationDays", db.secretRotationDays, 1, 365);
  intInRange("database.slowQueryLogMs", db.slowQueryLogMs, 0, 60000);

  validateBackup(config);

  const cache = config.cache;
  isBoolean("cache.enabled", cache.enabled);
  if (cache.enabled) {
    intInRange("cache.nodeCount", cache.nodeCount, 1, 6);
    matches("cache.nodeType", cache.nodeType, /^cache\.[a-z0-9]+\.[a-z0-9]+$/, "must be an ElastiCache node type such as cache.t4g.small");
    oneOf("cache.engineVersion", cache.engineVersion, REDIS_ENGINE_VERSIONS);
  }

  const queue = config.queue;
  intInRange("queue.processingTimeoutSeconds", queue.processingTimeoutSeconds, 1, 43199);
  intInRange("queue.visibilityTimeoutSeconds", queue.visibilityTimeoutSeconds, queue.processingTimeoutSeconds + 1, 43200);
  intInRange("queue.maxReceiveCount", queue.maxReceiveCount, 1, 1000);
  intInRange("queue.messageRetentionSeconds", queue.messageRetentionSeconds, 60, 1209600);
}

/** cron(minutes hours day-of-month month day-of-week year), the six fields AWS Backup accepts. */
const BACKUP_CRON = /^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

function validateBackup(config: EnvironmentConfig): void {
  const backup = config.backup;
  matches("backup.schedule", backup.schedule, BACKUP_CRON, "must be an AWS Backup cron expression with six fields, such as cron(0 6 * * ? *)");
  intInRange("backup.retentionDays", backup.retentionDays, 1, 36500);
  isBoolean("backup.restoreTesting", backup.restoreTesting);
  const dr = config.disasterRecovery;
  if (!dr) return;
  matches("disasterRecovery.region", dr.region, REGION, "must be an AWS region name such as us-west-2");
  if (dr.region === config.region) {
    throw new ConfigError("disasterRecovery.region", dr.region, `must differ from the primary region (${config.region}): a copy in the same region is no disaster recovery`);
  }
  intInRange("disasterRecovery.copyRetentionDays", dr.copyRetentionDays, 1, 36500);
  isBoolean("disasterRecovery.globalDatabase", dr.globalDatabase);
  if (dr.globalDatabase) {
    throw new ConfigError(
      "disasterRecovery.globalDatabase",
      true,
      `needs a VPC and DB subnet group in ${dr.region}, which the platform does not deploy yet; set it to false and recover from the copied backups (help/disaster-recovery.md)`,
    );
  }
}
