import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { AwsAccount } from "./iam";
import { SecureBucket, type AccessLogTarget } from "./secure-bucket";

export interface AccessLogBucketProps {
  readonly bucketName: string;
  readonly account: AwsAccount;
  /**
   * Buckets that may log here, as S3 ARNs (wildcards allowed, e.g. arn:aws:s3:::payment-*-dev-*).
   * S3 delivers only from buckets of the same account and region.
   */
  readonly sourceBucketArns: readonly string[];
  /** Days the logs are kept; afterwards they expire. */
  readonly expireAfterDays: number;
  readonly forceDestroy: boolean;
  readonly provider?: TerraformProvider;
}

/**
 * Destination of S3 server access logs for one region. S3 log delivery writes as the
 * logging.s3.amazonaws.com service principal, allowed by the bucket policy (ACLs are disabled
 * everywhere), and supports only SSE-S3 default encryption on the destination, so this is the one
 * bucket kind (with ALB logs) that is not KMS-encrypted. It logs nowhere itself: logging a log
 * bucket would log its own deliveries.
 */
export class AccessLogBucket extends Construct {
  readonly bucket: SecureBucket;
  readonly bucketName: string;
  /** What a source bucket's `accessLogs` prop takes. */
  readonly target: AccessLogTarget;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      expireAfterDays: props.expireAfterDays,
      // Log objects are never overwritten; a deleted one stays restorable for a week.
      noncurrentVersionExpiryDays: 7,
      forceDestroy: props.forceDestroy,
      provider: props.provider,
      policyStatements: (arn) => [
        {
          Sid: "S3ServerAccessLogDelivery",
          Effect: "Allow",
          Principal: { Service: "logging.s3.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${arn}/*`,
          Condition: {
            ArnLike: { "aws:SourceArn": props.sourceBucketArns },
            StringEquals: { "aws:SourceAccount": props.account.accountId },
          },
        },
      ],
    });
    this.bucketName = this.bucket.bucket.bucket;
    this.target = { bucketName: this.bucketName };
  }
}
