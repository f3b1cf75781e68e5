/**
 * What a service's `imageTag` may be: a Docker tag, or an image digest, which pins the exact
 * image whatever happens to tags later. A digest is deployed as `<repository>@sha256:<hex>`.
 */

/** A Docker tag: 1-128 characters of A-Z, a-z, 0-9, '_', '.' and '-', not starting with '.' or '-'. */
export const IMAGE_TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** An OCI content digest as ECR reports it. */
export const IMAGE_DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

export const IMAGE_TAG_ALLOWED =
  "must be an immutable Docker tag (1-128 characters of A-Z, a-z, 0-9, '_', '.' and '-', never latest) or a digest sha256:<64 lowercase hex>";

export function isImageDigest(tag: string): boolean {
  return IMAGE_DIGEST_PATTERN.test(tag);
}

/** Why `tag` cannot be deployed, or undefined when it can. */
export function imageTagProblem(tag: unknown): string | undefined {
  if (typeof tag !== "string" || tag === "latest") return IMAGE_TAG_ALLOWED;
  return IMAGE_TAG_PATTERN.test(tag) || isImageDigest(tag) ? undefined : IMAGE_TAG_ALLOWED;
}

/** The image a task runs: `<repository>:<tag>`, or `<repository>@sha256:<hex>` for a digest. */
export function imageReference(repositoryUrl: string, tag: string): string {
  return isImageDigest(tag) ? `${repositoryUrl}@${tag}` : `${repositoryUrl}:${tag}`;
}

/**
 * Images tagged with this prefix outlive the repositories' count limit (constructs/data/ecr.ts):
 * `npm run release` adds such a tag to every image it releases, so a running image never expires.
 */
export const RELEASED_IMAGE_TAG_PREFIX = "released-";

/** The tag a release adds to the image `digest` it runs in the environment `suffix`. */
export function releasedImageTag(suffix: string, digest: string): string {
  if (!isImageDigest(digest)) throw new Error(`not an image digest: ${digest}`);
  return `${RELEASED_IMAGE_TAG_PREFIX}${suffix}-${digest.slice("sha256:".length)}`;
}
