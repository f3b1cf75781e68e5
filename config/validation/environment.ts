import { ConfigError } from "../errors";
import { plannedNames } from "../names";
import type { EnvironmentConfig, OwnershipTags, StateBackendConfig } from "../types";
import { isBoolean, matches } from "./rules";

export const SUFFIX_PATTERN = /^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/;
export const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
/** AWS tag values: letters, digits, spaces and _ . : / = + - @, up to 256 characters. */
const TAG_VALUE_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;

export function validateEnvironment(config: EnvironmentConfig): void {
  matches(
    "ENVIRONMENT_SUFFIX",
    config.suffix,
    SUFFIX_PATTERN,
    "must be 1-32 characters of a-z, 0-9 and '-', starting and ending with a letter or digit (S3 and ALB names allow nothing else)",
  );
  matches("region", config.region, REGION_PATTERN, "must be an AWS region name such as eu-west-1");
  isBoolean("protection", config.protection);
  validateState(config.state);
  validateTags(config.ownershipTags);
}

export function validateNames(config: EnvironmentConfig): void {
  for (const rule of plannedNames(config)) {
    if (rule.name.length <= rule.max) continue;
    const tooLong = `name "${rule.name}" ${rule.name.length} characters long; ${rule.what} allow at most ${rule.max}`;
    // A per-service name: the service name is what its owner can shorten (the suffix is shared).
    const service = /^compute\.services\[(\d+)\]\.name$/.exec(rule.field);
    if (service) {
      const name = config.compute.services[Number(service[1])].name;
      throw new ConfigError(rule.field, name, `makes the ${tooLong} (shorten the service name by ${rule.name.length - rule.max}, or the suffix)`);
    }
    throw new ConfigError("ENVIRONMENT_SUFFIX", config.suffix, `makes the ${rule.field} ${tooLong} (shorten the suffix)`);
  }
}

function validateState(state: StateBackendConfig): void {
  matches(
    "TF_STATE_BUCKET",
    state.bucket,
    /^(?!xn--)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    "must be an S3 bucket name: 3-63 characters of a-z, 0-9, '.' and '-'",
  );
  matches("TF_STATE_REGION", state.region, REGION_PATTERN, "must be an AWS region name such as eu-west-1");
  matches(
    "TF_STATE_LOCK_TABLE",
    state.lockTable,
    /^[A-Za-z0-9_.-]{3,255}$/,
    "must be a DynamoDB table name: 3-255 characters of A-Z, a-z, 0-9, '_', '-' and '.'",
  );
  // Bootstrap creates the key under this alias; aliases under alias/aws/ belong to AWS.
  matches("TF_STATE_KMS_KEY", state.kmsKey, /^alias\/(?!aws\/)[A-Za-z0-9/_-]{1,250}$/, "must be a KMS alias name alias/<name> (not alias/aws/...): bootstrap creates it");
}

const TAG_VARIABLES: Readonly<Record<keyof OwnershipTags, string>> = {
  Repository: "REPOSITORY",
  Team: "TEAM",
  PRNumber: "PR_NUMBER",
  Author: "AUTHOR",
};

function validateTags(tags: OwnershipTags): void {
  for (const [tag, variable] of Object.entries(TAG_VARIABLES) as [keyof OwnershipTags, string][]) {
    const value = tags[tag];
    if (value !== undefined) {
      matches(variable, value, TAG_VALUE_PATTERN, "must be 1-256 characters of letters, digits, spaces and _ . : / = + - @");
    }
  }
}
