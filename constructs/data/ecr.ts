import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { Fn, TerraformLocal, type S3BackendConfig } from "cdktf";
import { Construct } from "constructs";
import { RELEASED_IMAGE_TAG_PREFIX } from "../../config/images";
import type { ImageRepository } from "../contracts";
import { policyDocument, type AwsAccount } from "../iam";
import { EncryptionKey } from "../kms-key";
import { remoteStateReader } from "../remote-state";

/** The images the services run: repositories of this environment or shared from another. */
export interface ServiceImages {
  readonly byService: Readonly<Record<string, ImageRepository>>;
  /** Key the images are encrypted with; execution roles may decrypt with it. */
  readonly keyArn: string;
}

/** Actions a task execution role needs to pull an image. */
export const ECR_PULL_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];

/** Outputs of the data stack that another environment reads to share its repositories. */
export const SHARED_ECR_OUTPUTS = { urls: "ecr_repository_urls", arns: "ecr_repository_arns", key: "ecr_key_arn" } as const;

export interface ServiceRepositoriesProps {
  readonly account: AwsAccount;
  /** IAM role name pattern of the execution roles allowed to pull (every environment of the platform). */
  readonly pullerRolePattern: string;
  /** Principal tag naming the service an execution role starts: each repository admits only its own service's roles. */
  readonly pullerServiceTag: string;
  /** Service name -> repository name. */
  readonly repositories: Readonly<Record<string, string>>;
  readonly keyAlias: string;
  /** Let `terraform destroy` delete repositories that still hold images. */
  readonly forceDelete: boolean;
  /** Images kept per repository (released or not); older unreleased ones expire. */
  readonly keepImages?: number;
  /**
   * Released images kept per repository: those `npm run release` tagged `released-...` when it
   * ran them. `keepImages` never expires them, so a running image stays pullable by a service
   * that scales out or replaces a task; beyond this many the oldest released ones expire.
   */
  readonly keepReleasedImages?: number;
  /** Days before a scheduled deletion of the key completes (7 to 30). */
  readonly keyDeletionWindowInDays?: number;
}

/**
 * One ECR repository per service, encrypted with a customer-managed key, immutable tags and
 * scan on push. Consumers only see `ImageRepository`, so repositories shared from another
 * environment can replace this construct without touching the services.
 */
export class ServiceRepositories extends Construct implements ServiceImages {
  readonly key: EncryptionKey;
  readonly keyArn: string;
  readonly byService: Readonly<Record<string, ImageRepository>>;

  constructor(scope: Construct, id: string, props: ServiceRepositoriesProps) {
    super(scope, id);
    // ECR reaches the key through a grant it creates with the caller's IAM rights; no service grant needed.
    this.key = new EncryptionKey(this, "key", {
      account: props.account,
      alias: props.keyAlias,
      description: "Container images in ECR",
      deletionWindowInDays: props.keyDeletionWindowInDays,
    });
    this.keyArn = this.key.arn;
    const lifecyclePolicy = imageLifecycle(props.keepImages ?? 10, props.keepReleasedImages ?? 100);
    // In one account a principal's own identity policy is enough to pull (an account principal
    // in a resource policy only delegates to identity policies), so an Allow here could not
    // narrow anything. What keeps each service's execution roles (any environment's, shared
    // repositories included) to their own service's repository is this Deny: a platform
    // execution role tagged for another service is refused even if its policy grants the pull.
    const pullPolicy = (service: string) =>
      policyDocument({
        Sid: "OnlyThisServicesExecutionRolesPull",
        Effect: "Deny",
        Principal: "*",
        Action: ECR_PULL_ACTIONS,
        Condition: {
          ArnLike: { "aws:PrincipalArn": `arn:${props.account.partition}:iam::${props.account.accountId}:role/${props.pullerRolePattern}` },
          StringNotEquals: { [`aws:PrincipalTag/${props.pullerServiceTag}`]: service },
        },
      });
    const byService: Record<string, ImageRepository> = {};
    for (const [service, name] of Object.entries(props.repositories)) {
      const repo = new EcrRepository(this, service, {
        name,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: this.key.arn }],
        forceDelete: props.forceDelete,
      });
      new EcrRepositoryPolicy(this, `${service}-policy`, { repository: repo.name, policy: pullPolicy(service) });
      new EcrLifecyclePolicy(this, `${service}-lifecycle`, {
        repository: repo.name,
        policy: lifecyclePolicy,
      });
      byService[service] = { url: repo.repositoryUrl, arn: repo.arn };
    }
    this.byService = byService;
  }
}

/**
 * ECR applies rules by priority, and an image that matches a higher-priority rule's tag
 * selection cannot be expired by a lower one: released images answer only to the first rule.
 * The `any` rule must come last; it counts every image but expires only unreleased ones.
 */
export function imageLifecycle(keepImages: number, keepReleasedImages: number): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Keep the last ${keepReleasedImages} released images`,
        selection: { tagStatus: "tagged", tagPrefixList: [RELEASED_IMAGE_TAG_PREFIX], countType: "imageCountMoreThan", countNumber: keepReleasedImages },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `Keep the last ${keepImages} images; older unreleased ones expire`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keepImages },
        action: { type: "expire" },
      },
    ],
  });
}

export interface SharedRepositoriesProps {
  /** The owner environment's data state (the stack that owns repositories). */
  readonly ownerState: S3BackendConfig;
  readonly services: readonly string[];
}

/**
 * Repositories owned by another environment (compute.ecrShareFrom), read from its data
 * state: this environment creates none and pushes nothing, it runs the owner's images.
 */
export class SharedRepositories extends Construct implements ServiceImages {
  readonly keyArn: string;
  readonly byService: Readonly<Record<string, ImageRepository>>;

  constructor(scope: Construct, id: string, props: SharedRepositoriesProps) {
    super(scope, id);
    const owner = remoteStateReader(this, "owner-data", props.ownerState);
    const urls = owner.get(SHARED_ECR_OUTPUTS.urls);
    const arns = owner.get(SHARED_ECR_OUTPUTS.arns);
    this.keyArn = owner.getString(SHARED_ECR_OUTPUTS.key);
    // Locals keep the lookups (and their quoted keys) out of the JSON documents that use them.
    const local = (id: string, expression: string) => new TerraformLocal(this, id, expression).asString;
    this.byService = Object.fromEntries(
      props.services.map((service) => [
        service,
        { url: local(`${service}-url`, Fn.lookup(urls, service)), arn: local(`${service}-arn`, Fn.lookup(arns, service)) },
      ]),
    );
  }
}
