import { ConfigError } from "./errors";
import { PROFILE_NAMES, type ComputeConfig, type ProfileName } from "./types";

/**
 * ECR_SHARE_FROM=<profile>: run that profile's images instead of owning repositories, like
 * compute.ecrShareFrom. Per-pull-request copies set it to their own profile (dev), so they pull
 * from dev's repositories and their destroy never touches them.
 */
export function withEcrShareFrom(compute: ComputeConfig, value: string | undefined): ComputeConfig {
  if (value === undefined || value === "") return compute;
  if (!(PROFILE_NAMES as readonly string[]).includes(value)) {
    throw new ConfigError("ECR_SHARE_FROM", value, `must be one of ${PROFILE_NAMES.join(", ")}`);
  }
  return { ...compute, ecrShareFrom: value as ProfileName };
}
