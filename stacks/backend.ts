import type { S3BackendConfig } from "cdktf";
import type { EnvironmentConfig, ProfileName } from "../config/types";

/**
 * Stack names and where each keeps its state. Kept free of provider imports so operator
 * scripts can check their arguments without loading the app.
 */
export const STACK_NAMES = ["network", "data", "compute", "edge"] as const;
export type StackName = (typeof STACK_NAMES)[number];
/** The per-account security baseline: S3 state like the platform stacks, deployed once per account. */
export const BASELINE_STACK = "baseline";
/** Every stack whose state lives in the S3 backend. */
export type StateStackName = StackName | typeof BASELINE_STACK;

/** An environment as the state layout sees it: a profile and one of its copies. */
export interface EnvironmentRef {
  readonly profile: ProfileName;
  readonly suffix: string;
}

/**
 * Every state key of a profile's environments starts with this prefix: the CI roles of the
 * profile may read (plan) and write (deploy) nothing else in the bucket.
 */
export function profileStatePrefix(profile: string): string {
  return `payment/${profile}/`;
}

/** The ci stack's state: outside payment/, so no CI role can rewrite the state of its own identity. */
export function ciStateKey(profile: string): string {
  return `ci/${profile}.tfstate`;
}

/** A profile's main environment (suffix = profile name): the owner of shared ECR, a peer. */
export function mainEnvironment(profile: ProfileName): EnvironmentRef {
  return { profile, suffix: profile };
}

/** payment/<profile>/<suffix>/: every state object of one environment, and nothing else. */
export function statePrefix(environment: EnvironmentRef): string {
  return `payment/${environment.profile}/${environment.suffix}/`;
}

/** Where a stack of an environment keeps its state in the bucket. */
export function stateKey(environment: EnvironmentRef, stack: string): string {
  return `${statePrefix(environment)}${stack}.tfstate`;
}

/**
 * The S3 backend settings of one stack, payment/<profile>/<suffix>/<stack>.tfstate, of this
 * environment or (peering, shared ECR) of another one in the same bucket.
 */
export function backendConfig(config: EnvironmentConfig, stack: string, environment: EnvironmentRef = config): S3BackendConfig {
  const { state } = config;
  return {
    bucket: state.bucket,
    key: stateKey(environment, stack),
    region: state.region,
    encrypt: true,
    // Without kms_key_id, encrypt = true writes SSE-S3 (AES256), overriding the bucket's KMS default.
    kmsKeyId: state.kmsKey,
    dynamodbTable: state.lockTable,
    ...endpointSettings(config),
  };
}

/** Endpoint overrides for an S3-compatible store (TF_STATE_S3_ENDPOINT, ...); none on AWS. */
function endpointSettings({ state }: EnvironmentConfig): Partial<S3BackendConfig> {
  const { endpoints } = state;
  if (!endpoints.s3 && !endpoints.dynamodb) return state.usePathStyle ? { usePathStyle: true } : {};
  return {
    endpoints: { ...(endpoints.s3 ? { s3: endpoints.s3 } : {}), ...(endpoints.dynamodb ? { dynamodb: endpoints.dynamodb } : {}) },
    ...(state.usePathStyle ? { usePathStyle: true } : {}),
    // An S3-compatible store has no STS or instance metadata to ask for the account.
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: true,
  };
}
