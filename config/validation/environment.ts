import { ConfigError } from "../errors";
import { plannedNames, suffixLimit } from "../names";
import { isKnownRegion } from "../regions";
import { PROFILE_NAMES, type EnvironmentConfig, type OwnershipTags, type StateBackendConfig } from "../types";
import { isBoolean, matches } from "./rules";

/** Characters a suffix may have; its length limit depends on the profile (suffixLimit). */
export const SUFFIX_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
export const ACCOUNT_ID_ALLOWED = "must be a 12-digit AWS account ID";
/** AWS tag values: letters, digits, spaces and _ . : / = + - @, up to 256 characters. */
const TAG_VALUE_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;
const ENDPOINT_PATTERN = /^https?:\/\/[^\s/?#]+(:\d+)?(\/[^\s]*)?$/;

export function validateEnvironment(config: EnvironmentConfig): void {
  validateSuffix(config);
  if (!isKnownRegion(config.region)) throw new ConfigError("region", config.region, regionAllowed());
  if (config.accountId !== undefined) matches("accountId", config.accountId, ACCOUNT_ID_PATTERN, ACCOUNT_ID_ALLOWED);
  isBoolean("protection", config.protection);
  validateState(config.state);
  validateTags(config.ownershipTags);
}

export function regionAllowed(): string {
  return "must be a known AWS region such as eu-west-1 (config/regions.ts lists them)";
}

function validateSuffix(config: EnvironmentConfig): void {
  const { suffix, profile } = config;
  matches(
    "ENVIRONMENT_SUFFIX",
    suffix,
    SUFFIX_PATTERN,
    "must be a-z, 0-9 and '-', starting and ending with a letter or digit (S3 and ALB names allow nothing else)",
  );
  const other = PROFILE_NAMES.find((p) => p !== profile && p === suffix);
  if (other) {
    throw new ConfigError("ENVIRONMENT_SUFFIX", suffix, `is the name of the ${other} profile; a copy of ${profile} needs a suffix of its own (select ${other} with ENVIRONMENT=${other})`);
  }
  if (suffix === profile) return;
  const limit = suffixLimit(config);
  // A limit below one means a service name alone is too long: validateNames names it.
  if (limit.max >= 1 && suffix.length > limit.max) {
    const { rule } = limit;
    throw new ConfigError(
      "ENVIRONMENT_SUFFIX",
      suffix,
      `is ${suffix.length} characters; a copy of ${profile} takes at most ${limit.max} (its tightest name, the ${rule.what.replace(/s$/, "")} ${rule.name}, allows ${rule.max})`,
    );
  }
}

/** Every generated name within its AWS limit: what validateSuffix leaves is a name the profile itself makes too long. */
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
    // A copy's suffix is checked against every name first (validateSuffix), and a main
    // environment's other names are fixed, so only a new name that outgrows its own limit lands here.
    /* istanbul ignore next */
    throw new ConfigError("ENVIRONMENT_SUFFIX", config.suffix, `makes the ${rule.field} ${tooLong} (shorten the suffix)`);
  }
}

/** S3 bucket naming rules for general purpose buckets. */
function validateStateBucket(bucket: string): void {
  const allowed = "must be an S3 bucket name: 3-63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit, no '..', not an IP address, no reserved prefix (xn--, sthree-, amzn-s3-demo-) or suffix (-s3alias, --ol-s3, .mrap, --x-s3, --table-s3)";
  matches("TF_STATE_BUCKET", bucket, /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, allowed);
  const broken =
    bucket.includes("..") ||
    /^\d{1,3}(\.\d{1,3}){3}$/.test(bucket) ||
    /^(xn--|sthree-|amzn-s3-demo-)/.test(bucket) ||
    /(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(bucket);
  if (broken) throw new ConfigError("TF_STATE_BUCKET", bucket, allowed);
}

function validateState(state: StateBackendConfig): void {
  validateStateBucket(state.bucket);
  if (!isKnownRegion(state.region)) throw new ConfigError("TF_STATE_REGION", state.region, regionAllowed());
  matches(
    "TF_STATE_LOCK_TABLE",
    state.lockTable,
    /^[A-Za-z0-9_.-]{3,255}$/,
    "must be a DynamoDB table name: 3-255 characters of A-Z, a-z, 0-9, '_', '-' and '.'",
  );
  // Bootstrap creates the key under this alias; aliases under alias/aws/ belong to AWS.
  matches("TF_STATE_KMS_KEY", state.kmsKey, /^alias\/(?!aws\/)[A-Za-z0-9/_-]{1,250}$/, "must be a KMS alias name alias/<name> (not alias/aws/...): bootstrap creates it");
  const endpoints: [string, string | undefined][] = [
    ["TF_STATE_S3_ENDPOINT", state.endpoints.s3],
    ["TF_STATE_DYNAMODB_ENDPOINT", state.endpoints.dynamodb],
  ];
  for (const [variable, url] of endpoints) {
    if (url !== undefined) matches(variable, url, ENDPOINT_PATTERN, "must be an http:// or https:// URL such as http://127.0.0.1:4569");
  }
}

const TAG_FIELDS: Readonly<Record<keyof OwnershipTags, string>> = {
  Repository: "ownershipTags.Repository",
  Team: "ownershipTags.Team",
  PRNumber: "ownershipTags.PRNumber",
  Author: "ownershipTags.Author",
};

/** loadConfig sanitizes what CI passes; this catches a config built by hand. */
function validateTags(tags: OwnershipTags): void {
  for (const [tag, field] of Object.entries(TAG_FIELDS) as [keyof OwnershipTags, string][]) {
    const value = tags[tag];
    if (value !== undefined) {
      matches(field, value, TAG_VALUE_PATTERN, "must be 1-256 characters of letters, digits, spaces and _ . : / = + - @");
    }
  }
}
