import { DataAwsElbServiceAccount } from "@cdktf/provider-aws/lib/data-aws-elb-service-account";
import { Construct } from "constructs";
import type { AwsAccount } from "../iam";
import { SecureBucket, type AccessLogTarget } from "../secure-bucket";

/** Key prefix the ALB writes under; compute configures the same value on the load balancer. */
export const ALB_LOG_PREFIX = "alb";

export interface AlbLogBucketProps {
  readonly bucketName: string;
  readonly account: AwsAccount;
  readonly expireAfterDays: number;
  readonly noncurrentVersionExpiryDays: number;
  readonly forceDestroy: boolean;
  readonly accessLogs: AccessLogTarget;
}

/**
 * Bucket for ALB access logs. ELB log delivery supports SSE-S3 only, so no KMS key here.
 * Regions opened before August 2022 (us-east-1, us-west-2, eu-west-1 among them) deliver as
 * the regional ELB account; newer ones as the log-delivery service principal. Both may write,
 * and only under <prefix>/AWSLogs/<this account>/, so the bucket works in any region.
 */
export class AlbLogBucket extends Construct {
  readonly bucket: SecureBucket;
  readonly bucketName: string;

  constructor(scope: Construct, id: string, props: AlbLogBucketProps) {
    super(scope, id);
    const elbAccount = new DataAwsElbServiceAccount(this, "elb-account");
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      expireAfterDays: props.expireAfterDays,
      noncurrentVersionExpiryDays: props.noncurrentVersionExpiryDays,
      forceDestroy: props.forceDestroy,
      accessLogs: props.accessLogs,
      policyStatements: (arn) => {
        const logs = `${arn}/${ALB_LOG_PREFIX}/AWSLogs/${props.account.accountId}/*`;
        return [
          {
            Sid: "AlbLogDeliveryService",
            Effect: "Allow",
            Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: logs,
          },
          {
            Sid: "AlbLogDeliveryRegionalAccount",
            Effect: "Allow",
            Principal: { AWS: elbAccount.arn },
            Action: "s3:PutObject",
            Resource: logs,
          },
        ];
      },
    });
    this.bucketName = this.bucket.bucket.bucket;
  }
}
