import { ConfigError } from "../errors";
import { PROFILES } from "../profiles";
import { PROFILE_NAMES, type EnvironmentConfig, type ProfileName } from "../types";
import { isBoolean, logRetention, oneOf } from "./rules";
import { isKnownRegion } from "../regions";
import { regionAllowed } from "./environment";

/** PCI DSS 10.5.1: twelve months of audit log history. */
export const PROTECTED_MIN_LOG_RETENTION_DAYS = 365;

export function validateLogRetention(config: EnvironmentConfig): void {
  logRetention("logRetentionDays", config.logRetentionDays);
  if (config.protection && config.logRetentionDays < PROTECTED_MIN_LOG_RETENTION_DAYS) {
    throw new ConfigError(
      "logRetentionDays",
      config.logRetentionDays,
      `must be at least ${PROTECTED_MIN_LOG_RETENTION_DAYS} when protection is on (PCI DSS 10.5.1 keeps 12 months of audit logs)`,
    );
  }
}

/**
 * One baseline per account: a profile another profile's baseline covers must not deploy its
 * own (its GuardDuty detector, Config recorder and Security Hub would collide with the owner's),
 * and no profile is covered twice.
 */
export function validateBaseline(config: EnvironmentConfig): void {
  const { baseline, profile } = config;
  isBoolean("baseline.enabled", baseline.enabled);
  if (!Array.isArray(baseline.covers)) throw new ConfigError("baseline.covers", baseline.covers, "must be a list of profile names");
  if (!Array.isArray(baseline.additionalRegions)) {
    throw new ConfigError("baseline.additionalRegions", baseline.additionalRegions, "must be a list of AWS region names");
  }
  const others = PROFILE_NAMES.filter((p) => p !== profile);
  baseline.covers.forEach((covered, i) => {
    const field = `baseline.covers[${i}]`;
    oneOf(field, covered, others);
    if (baseline.covers.indexOf(covered) !== i) throw new ConfigError(field, covered, "is listed twice");
    if (!baseline.enabled) throw new ConfigError(field, covered, "needs baseline.enabled: only the profile that deploys the baseline covers others");
    if (PROFILES[covered as ProfileName].baseline.enabled) {
      throw new ConfigError(field, covered, `deploys its own baseline (its baseline.enabled is true); an account has one baseline, so turn the ${covered} profile's off`);
    }
  });
  for (const other of others) {
    const theirs = PROFILES[other].baseline;
    if (theirs.enabled && theirs.covers.includes(profile) && baseline.enabled) {
      throw new ConfigError("baseline.enabled", true, `must be false: the ${other} profile's baseline covers this account (its baseline.covers lists ${profile})`);
    }
    const twice = baseline.enabled ? baseline.covers.find((p) => theirs.enabled && theirs.covers.includes(p)) : undefined;
    if (twice) throw new ConfigError("baseline.covers", baseline.covers, `lists ${twice}, which the ${other} profile's baseline already covers`);
  }
  baseline.additionalRegions.forEach((region, i) => {
    if (!isKnownRegion(region)) throw new ConfigError(`baseline.additionalRegions[${i}]`, region, regionAllowed());
  });
}
