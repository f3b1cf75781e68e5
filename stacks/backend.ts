import type { S3BackendConfig } from "cdktf";
import type { EnvironmentConfig } from "../config/types";

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

/** Where a stack of an environment keeps its state in the bucket. */
export function stateKey(suffix: string, stack: string): string {
  return `payment/${suffix}/${stack}.tfstate`;
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

/** The S3 backend settings of one stack: payment/<suffix>/<stack>.tfstate. */
export function backendConfig(config: EnvironmentConfig, stack: string, suffix = config.suffix): S3BackendConfig {
  return {
    bucket: config.state.bucket,
    key: stateKey(suffix, stack),
    region: config.state.region,
    encrypt: true,
    // Without kms_key_id, encrypt = true writes SSE-S3 (AES256), overriding the bucket's KMS default.
    kmsKeyId: config.state.kmsKey,
    dynamodbTable: config.state.lockTable,
  };
}
