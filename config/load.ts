import { withEcrShareFrom } from "./ecr-sharing";
import { ConfigError } from "./errors";
import { withServiceImageTags } from "./image-tags";
import { PROFILES } from "./profiles";
import { PROFILE_NAMES, type EnvironmentConfig, type OwnershipTags, type ProfileConfig, type ProfileName } from "./types";
import { validateConfig } from "./validate";

export type Env = Readonly<Record<string, string | undefined>>;

/** Defaults for the state backend; override with TF_STATE_* (see README, "State"). */
export const STATE_DEFAULTS = {
  bucket: "payment-platform-tfstate",
  region: "us-east-1",
  lockTable: "payment-platform-tflock",
  kmsKey: "alias/payment-platform-tfstate",
} as const;

export interface LoadOptions {
  readonly env: Env;
  /** cdktf context (`cdktf synth --context environment=prod`); wins over the environment. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Replace the selected profile (tests and generated configs). */
  readonly profile?: ProfileConfig;
}

/** Resolves and validates the environment to synthesize. Throws ConfigError. */
export function loadConfig({ env, context = {}, profile }: LoadOptions): EnvironmentConfig {
  const selected = profile ?? PROFILES[profileName(String(context.environment ?? env.ENVIRONMENT ?? "dev"))];
  const suffix = String(context.environmentSuffix ?? env.ENVIRONMENT_SUFFIX ?? selected.profile);
  const imageTag = env.IMAGE_TAG;
  return validateConfig({
    ...selected,
    suffix,
    compute: withEcrShareFrom(
      {
        ...selected.compute,
        services: withServiceImageTags(imageTag ? selected.compute.services.map((s) => ({ ...s, imageTag })) : selected.compute.services, env.IMAGE_TAGS),
      },
      env.ECR_SHARE_FROM,
    ),
    state: {
      bucket: env.TF_STATE_BUCKET || STATE_DEFAULTS.bucket,
      region: env.TF_STATE_REGION || STATE_DEFAULTS.region,
      lockTable: env.TF_STATE_LOCK_TABLE || STATE_DEFAULTS.lockTable,
      kmsKey: env.TF_STATE_KMS_KEY || STATE_DEFAULTS.kmsKey,
      useLockfile: flag("TF_STATE_USE_LOCKFILE", env.TF_STATE_USE_LOCKFILE),
    },
    ci: {
      ...selected.ci,
      // GitHub Actions sets GITHUB_REPOSITORY in every run; an operator sets it to deploy the ci stack.
      repository: env.GITHUB_REPOSITORY || selected.ci.repository,
      oidcProvider: (env.GITHUB_OIDC_PROVIDER || selected.ci.oidcProvider) as EnvironmentConfig["ci"]["oidcProvider"],
    },
    ownershipTags: ownershipTags(env),
  });
}

function profileName(name: string): ProfileName {
  if (!(PROFILE_NAMES as readonly string[]).includes(name)) {
    throw new ConfigError("ENVIRONMENT", name, `must be one of ${PROFILE_NAMES.join(", ")}`);
  }
  return name as ProfileName;
}

function flag(variable: string, value: string | undefined): boolean {
  if (value === undefined || value === "" || value === "false") return false;
  if (value === "true") return true;
  throw new ConfigError(variable, value, "must be true or false");
}

function ownershipTags(env: Env): OwnershipTags {
  const tags: Record<string, string> = {};
  const sources: [keyof OwnershipTags, string | undefined][] = [
    ["Repository", env.REPOSITORY],
    ["Team", env.TEAM],
    ["PRNumber", env.PR_NUMBER],
    ["Author", env.AUTHOR],
  ];
  for (const [tag, value] of sources) if (value) tags[tag] = value;
  return tags;
}
