import { withEcrShareFrom } from "./ecr-sharing";
import { ConfigError } from "./errors";
import { withServiceImageTags } from "./image-tags";
import { IMAGE_TAG_ALLOWED, imageTagProblem } from "./images";
import { environmentDomain } from "./names";
import { PROFILES } from "./profiles";
import { PROFILE_NAMES, type EnvironmentConfig, type OwnershipTags, type ProfileConfig, type ProfileName, type StateBackendConfig } from "./types";
import { validateConfig } from "./validate";
import { ACCOUNT_ID_ALLOWED, ACCOUNT_ID_PATTERN } from "./validation/environment";

export type Env = Readonly<Record<string, string | undefined>>;

/** Defaults for the state backend; override with TF_STATE_* (see README, "State"). */
export const STATE_DEFAULTS = {
  bucket: "payment-platform-tfstate",
  region: "us-east-1",
  lockTable: "payment-platform-tflock",
  kmsKey: "alias/payment-platform-tfstate",
} as const;

export interface LoadOptions {
  /** The process environment: ENVIRONMENT and ENVIRONMENT_SUFFIX select the environment. */
  readonly env: Env;
  /** Replace the selected profile (tests and generated configs). */
  readonly profile?: ProfileConfig;
}

/**
 * Resolves and validates the environment to synthesize. ENVIRONMENT (profile) and
 * ENVIRONMENT_SUFFIX (copy) are the only selectors, for every command. Throws ConfigError.
 */
export function loadConfig({ env, profile }: LoadOptions): EnvironmentConfig {
  const selected = profile ?? PROFILES[profileName(env.ENVIRONMENT ?? "dev")];
  const imageTag = imageTagOverride(env.IMAGE_TAG);
  // An empty value (an unset GitHub variable) means unset.
  const suffix = set(env.ENVIRONMENT_SUFFIX) ?? selected.profile;
  const domain = selected.edge.domain;
  return validateConfig({
    ...selected,
    accountId: accountOverride(env.ACCOUNT_ID) ?? selected.accountId,
    suffix,
    edge: domain ? { ...selected.edge, domain: environmentDomain(domain, selected.profile, suffix) } : selected.edge,
    compute: withEcrShareFrom(
      {
        ...selected.compute,
        services: withServiceImageTags(imageTag ? selected.compute.services.map((s) => ({ ...s, imageTag })) : selected.compute.services, env.IMAGE_TAGS),
      },
      env.ECR_SHARE_FROM,
    ),
    state: stateBackend(env),
    ci: {
      ...selected.ci,
      // GitHub Actions sets GITHUB_REPOSITORY in every run; an operator sets it to deploy the ci stack.
      repository: env.GITHUB_REPOSITORY || selected.ci.repository,
      oidcProvider: (env.GITHUB_OIDC_PROVIDER || selected.ci.oidcProvider) as EnvironmentConfig["ci"]["oidcProvider"],
    },
    ownershipTags: ownershipTags(env),
  });
}

function set(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function accountOverride(value: string | undefined): string | undefined {
  const id = set(value);
  if (id !== undefined && !ACCOUNT_ID_PATTERN.test(id)) throw new ConfigError("ACCOUNT_ID", id, ACCOUNT_ID_ALLOWED);
  return id;
}

function profileName(name: string): ProfileName {
  if (!(PROFILE_NAMES as readonly string[]).includes(name)) {
    throw new ConfigError("ENVIRONMENT", name, `must be one of ${PROFILE_NAMES.join(", ")}`);
  }
  return name as ProfileName;
}

/** IMAGE_TAG replaces every service's tag; set but empty is a mistake (an unset CI output), not "no override". */
function imageTagOverride(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value === "") throw new ConfigError("IMAGE_TAG", value, `is empty; unset it to deploy the profile's tags, or set it: ${IMAGE_TAG_ALLOWED.replace(/^must be /, "")}`);
  const problem = imageTagProblem(value);
  if (problem) throw new ConfigError("IMAGE_TAG", value, problem);
  return value;
}

function stateBackend(env: Env): StateBackendConfig {
  const s3 = set(env.TF_STATE_S3_ENDPOINT);
  const dynamodb = set(env.TF_STATE_DYNAMODB_ENDPOINT);
  return {
    bucket: set(env.TF_STATE_BUCKET) ?? STATE_DEFAULTS.bucket,
    region: set(env.TF_STATE_REGION) ?? STATE_DEFAULTS.region,
    lockTable: set(env.TF_STATE_LOCK_TABLE) ?? STATE_DEFAULTS.lockTable,
    kmsKey: set(env.TF_STATE_KMS_KEY) ?? STATE_DEFAULTS.kmsKey,
    useLockfile: flag("TF_STATE_USE_LOCKFILE", env.TF_STATE_USE_LOCKFILE),
    endpoints: { ...(s3 ? { s3 } : {}), ...(dynamodb ? { dynamodb } : {}) },
    usePathStyle: flag("TF_STATE_USE_PATH_STYLE", env.TF_STATE_USE_PATH_STYLE),
  };
}

function flag(variable: string, value: string | undefined): boolean {
  if (value === undefined || value === "" || value === "false") return false;
  if (value === "true") return true;
  throw new ConfigError(variable, value, "must be true or false");
}

/** Where each ownership tag comes from. */
export const TAG_VARIABLES: Readonly<Record<keyof OwnershipTags, string>> = {
  Repository: "REPOSITORY",
  Team: "TEAM",
  PRNumber: "PR_NUMBER",
  Author: "AUTHOR",
};

/** AWS tag values allow letters, digits, white space and _ . : / = + - @, up to 256 characters. */
const TAG_VALUE_MAX = 256;

/**
 * A CI-provided value as a tag value: each run of characters AWS refuses becomes one '-' (none at the ends) (`dependabot[bot]`
 * -> `dependabot-bot`), and it is cut to 256 characters. Ownership tags inform, they never
 * stop a synthesis; a value with nothing left is dropped.
 */
export function sanitizeTagValue(value: string): string | undefined {
  const clean = [...value.normalize("NFC").replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]+/gu, "-").replace(/^-+|-+$/g, "")]
    .slice(0, TAG_VALUE_MAX)
    .join("")
    .trim();
  return /[\p{L}\p{N}]/u.test(clean) ? clean : undefined;
}

function ownershipTags(env: Env): OwnershipTags {
  const tags: Record<string, string> = {};
  for (const [tag, variable] of Object.entries(TAG_VARIABLES)) {
    const value = set(env[variable]);
    const clean = value === undefined ? undefined : sanitizeTagValue(value);
    if (clean !== undefined) tags[tag] = clean;
  }
  return tags;
}
