import { isImageDigest } from "../config/images";
import { Names } from "../config/names";
import { PROFILES } from "../config/profiles";
import type { EnvironmentConfig, ProfileName } from "../config/types";

/** Where an environment's images live: its own repositories, or the owner's with compute.ecrShareFrom. */
export interface ImageRepositories {
  readonly region: string;
  /** The profile whose repositories these are, when shared. */
  readonly owner?: ProfileName;
  readonly repository: (service: string) => string;
}

/** How ECR's image APIs name the image of `tag`: by digest for a digest, else by tag. */
export function ecrImageId(tag: string): { imageDigest: string } | { imageTag: string } {
  return isImageDigest(tag) ? { imageDigest: tag } : { imageTag: tag };
}

export function imageRepositories(config: EnvironmentConfig): ImageRepositories {
  const owner = config.compute.ecrShareFrom;
  const names = owner ? Names.main(owner) : Names.for(config);
  return { region: owner ? PROFILES[owner].region : config.region, owner, repository: (service) => names.repository(service) };
}
