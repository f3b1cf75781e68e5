import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { AwsAccount, PolicyStatement } from "../iam";
import { EncryptionKey } from "../kms-key";
import { SecureBucket, type AccessLogTarget } from "../secure-bucket";

export interface FrontendBucketProps {
  readonly account: AwsAccount;
  readonly bucketName: string;
  readonly keyAlias: string;
  /** The only distribution allowed to read objects and decrypt them. */
  readonly distributionArn: string;
  /** Empty the bucket on destroy (false keeps a non-empty bucket, blocking destroy). */
  readonly forceDestroy: boolean;
  /** Days an overwritten build stays restorable. */
  readonly noncurrentVersionExpiryDays?: number;
  /** Another region's provider, for the disaster-recovery replica; the stack's default otherwise. */
  readonly provider?: TerraformProvider;
  readonly accessLogs: AccessLogTarget;
}

/** Only this distribution, through its origin access control. */
function sourceIsDistribution(distributionArn: string): PolicyStatement["Condition"] {
  return { StringEquals: { "AWS:SourceArn": distributionArn } };
}

/**
 * The private bucket holding the React build, encrypted with its own key. Neither the
 * bucket nor the key is readable by anyone but the account and one CloudFront distribution.
 */
export class FrontendBucket extends Construct {
  readonly key: EncryptionKey;
  readonly bucket: SecureBucket;
  readonly bucketName: string;
  readonly regionalDomainName: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: FrontendBucketProps) {
    super(scope, id);
    const condition = sourceIsDistribution(props.distributionArn);
    this.key = new EncryptionKey(this, "key", {
      account: props.account,
      alias: props.keyAlias,
      description: `Frontend objects in ${props.bucketName}`,
      // Reads only: uploads come from deployers, whose IAM policies the root statement governs.
      grants: [{ service: "cloudfront.amazonaws.com", actions: ["kms:Decrypt"], condition }],
      provider: props.provider,
    });
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      kmsKeyArn: this.key.arn,
      noncurrentVersionExpiryDays: props.noncurrentVersionExpiryDays ?? 90,
      forceDestroy: props.forceDestroy,
      provider: props.provider,
      accessLogs: props.accessLogs,
      // No s3:ListBucket: a missing key answers 403, so the list of keys stays private.
      policyStatements: (bucketArn) => [
        {
          Sid: "AllowCloudFrontRead",
          Effect: "Allow",
          Principal: { Service: "cloudfront.amazonaws.com" },
          Action: "s3:GetObject",
          Resource: `${bucketArn}/*`,
          Condition: condition,
        },
      ],
    });
    this.bucketName = this.bucket.bucket.bucket;
    this.regionalDomainName = this.bucket.bucket.bucketRegionalDomainName;
    this.arn = this.bucket.bucket.arn;
  }
}
