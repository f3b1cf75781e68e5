import { BatchGetImageCommand, PutImageCommand, type ECRClient } from "@aws-sdk/client-ecr";
import { imageReference, releasedImageTag } from "../../config/images";
import { awsErrorName } from "../aws-credentials";
import { ecrImageId, type ImageRepositories } from "../image-repositories";

export class KeepImageError extends Error {}

/**
 * The manifest types ECR stores. Without the list and index types ECR would hand back one
 * platform's manifest of a multi-architecture image, and the new tag would name another image.
 * (The API reference lists only the three single-image types as values; AWS's own
 * amazon-ecr-containerd-resolver requests all of these.)
 */
const STORED_MANIFEST_TYPES = [
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.oci.image.index.v1+json",
];

export interface KeepRequest {
  readonly repositories: ImageRepositories;
  readonly services: readonly string[];
  /** The environment's suffix: the new tag names it. */
  readonly suffix: string;
  /** A tag or a digest, as released. */
  readonly tag: string;
}

/**
 * Adds `released-<suffix>-<digest hex>` to the image each service is about to run, so the
 * repository's lifecycle policy keeps it (constructs/data/ecr.ts) while newer builds push past
 * the count limit. Tags stay immutable: this adds a tag and moves none (PutImage with the
 * image's own manifest and media type, as the ECR guide's retagging does). Idempotent: a second
 * release of the same image to the same environment finds its tag there. One line per service.
 */
export async function keepReleasedImages(ecr: ECRClient, request: KeepRequest): Promise<string[]> {
  const imageId = ecrImageId(request.tag);
  const lines: string[] = [];
  for (const service of request.services) {
    const repositoryName = request.repositories.repository(service);
    const image = imageReference(repositoryName, request.tag);
    const found = await ecr.send(new BatchGetImageCommand({ repositoryName, imageIds: [imageId], acceptedMediaTypes: STORED_MANIFEST_TYPES }));
    const stored = found.images?.[0];
    if (!stored?.imageManifest || !stored.imageId?.imageDigest) {
      const failure = found.failures?.[0];
      const why = failure ? `${failure.failureCode}: ${failure.failureReason}` : "no manifest returned";
      throw new KeepImageError(`${image} cannot be read in ${request.repositories.region} (${why}); push it first (help/release.md)`);
    }
    const keepTag = releasedImageTag(request.suffix, stored.imageId.imageDigest);
    try {
      await ecr.send(new PutImageCommand({ repositoryName, imageManifest: stored.imageManifest, imageManifestMediaType: stored.imageManifestMediaType, imageTag: keepTag }));
      lines.push(`${service}: ${image} tagged ${keepTag}, kept while released`);
    } catch (error) {
      // The same manifest under the same tag: released here before, already kept.
      if (awsErrorName(error) === "ImageAlreadyExistsException") {
        lines.push(`${service}: ${image} already tagged ${keepTag}`);
        continue;
      }
      if (awsErrorName(error) === "AccessDeniedException") {
        throw new KeepImageError(
          `may not tag ${repositoryName} (ecr:PutImage): the caller must be the profile's deploy role as the ci stack defines it now (ENVIRONMENT=<profile> npx cdktf deploy ci, help/bootstrap.md)`,
        );
      }
      throw error;
    }
  }
  return lines;
}
