import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { Construct } from "constructs";
import type { AwsAccount } from "../iam";
import { EncryptionKey } from "../kms-key";

/** Where a service's image lives. */
export interface ImageRepository {
  readonly url: string;
  readonly arn: string;
}

export interface ServiceRepositoriesProps {
  readonly account: AwsAccount;
  /** Service name -> repository name. */
  readonly repositories: Readonly<Record<string, string>>;
  readonly keyAlias: string;
  /** Let `terraform destroy` delete repositories that still hold images. */
  readonly forceDelete: boolean;
  /** Images kept per repository; older ones expire. */
  readonly keepImages?: number;
}

/**
 * One ECR repository per service, encrypted with a customer-managed key, immutable tags and
 * scan on push. Consumers only see `ImageRepository`, so repositories shared from another
 * environment can replace this construct without touching the services.
 */
export class ServiceRepositories extends Construct {
  readonly key: EncryptionKey;
  readonly byService: Readonly<Record<string, ImageRepository>>;

  constructor(scope: Construct, id: string, props: ServiceRepositoriesProps) {
    super(scope, id);
    // ECR reaches the key through a grant it creates with the caller's IAM rights; no service grant needed.
    this.key = new EncryptionKey(this, "key", {
      account: props.account,
      alias: props.keyAlias,
      description: "Container images in ECR",
    });
    const keep = props.keepImages ?? 10;
    const byService: Record<string, ImageRepository> = {};
    for (const [service, name] of Object.entries(props.repositories)) {
      const repo = new EcrRepository(this, service, {
        name,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: this.key.arn }],
        forceDelete: props.forceDelete,
      });
      new EcrLifecyclePolicy(this, `${service}-lifecycle`, {
        repository: repo.name,
        policy: JSON.stringify({
          rules: [
            {
              rulePriority: 1,
              description: `Keep the last ${keep} images`,
              selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keep },
              action: { type: "expire" },
            },
          ],
        }),
      });
      byService[service] = { url: repo.repositoryUrl, arn: repo.arn };
    }
    this.byService = byService;
  }
}
